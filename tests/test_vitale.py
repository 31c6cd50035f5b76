"""Vitale decoding over the in-process simulated card: structure, private tags, faults, fuzzing."""

from __future__ import annotations

import copy
import logging
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bms_kiosk.hardware import tlv
from bms_kiosk.hardware.card_errors import (ApduError, CardError, CardRemovedError, MalformedCardError,
                                            NotVitaleError)
from bms_kiosk.hardware.virtual_card import (CardFile, CardImage, InProcessConnection, VirtualVitale,
                                             as_image, build_image, load_card, shipped_cards)
from bms_kiosk.hardware.vitale import AID_VITALE, POINTER_FILE_ID, ReadStats, is_vitale_atr, read_vitale
from bms_client.models import BirthDate, Qualite, VitaleCard

ERRORS = {"cle_nir_fausse": MalformedCardError, "tlv_tronque": MalformedCardError,
          "autre_atr": NotVitaleError, "date_mal_formee": MalformedCardError}


def read(card: "CardFile | CardImage | str", **kw: object) -> VitaleCard:
    return read_vitale(InProcessConnection(VirtualVitale(as_image(card))), **kw)  # type: ignore[arg-type]


def person(**over: object) -> dict[str, object]:
    base: dict[str, object] = {"nom": "DURAND", "prenom": "SOPHIE", "naissance": "19750930",
                               "nir": "275096938301276", "rang": 1, "qualite": "assure"}
    base.update(over)
    return {k: v for k, v in base.items() if v is not None}


def card_of(*people: dict[str, object], atr: str = "3B7513000043 09EA9000") -> CardFile:
    return CardFile(description="test", atr=bytes.fromhex(atr.replace(" ", "")), beneficiaries=people,
                    valid_from="20210315", code_regime="01", caisse_code="751")


@pytest.mark.parametrize("name", sorted(shipped_cards()))
def test_shipped_cards_in_process(name: str) -> None:
    path = shipped_cards()[name]
    if name in ERRORS:
        with pytest.raises(ERRORS[name]):
            read(str(path))
        return
    card = read(str(path))
    spec = load_card(path)
    assert [b.nir for b in card.beneficiaries] == [p["nir"] for p in spec.beneficiaries]
    assert card.assure.qualite is Qualite.ASSURE


def test_famille4_details_and_apdu_count() -> None:
    stats = ReadStats()
    card = read(str(shipped_cards()["famille4"]), stats=stats)
    assert [b.display_name for b in card.beneficiaries] == ["Paul MARTIN", "Claire MARTIN", "Lea MARTIN", "Hugo MARTIN"]
    assert [b.qualite for b in card.beneficiaries] == [Qualite.ASSURE, Qualite.CONJOINT, Qualite.ENFANT, Qualite.ENFANT]
    assert card.beneficiaries[2].date_naissance == BirthDate(2012, 5, 20)
    assert (card.valid_from, card.code_regime, card.caisse_code) == (date(2021, 3, 15), "01", "751")
    assert stats.files == 2 and stats.apdus == 13


def test_dix_neuf_and_jumeaux_and_accents() -> None:
    assert len(read(str(shipped_cards()["dix_neuf"])).beneficiaries) == 19
    twins = read(str(shipped_cards()["jumeaux"])).beneficiaries
    assert [b.rang for b in twins] == [1, 1, 2]
    longs = read(str(shipped_cards()["noms_longs"])).beneficiaries
    assert longs[0].nom == "DE LA FONTAINE-SAINT-ÉTIENNE D'ARGENSON" and longs[2].prenom == "ÉLOÏSE"
    assert longs[1].nir == "160012A00400574"  # Corsica 2A


def test_without_private_tags_first_block_is_assure() -> None:
    card = read(str(shipped_cards()["sans_tags_prives"]))
    assert [(b.qualite, b.rang) for b in card.beneficiaries] == [(Qualite.ASSURE, 1), (Qualite.AUTRE, 1)]
    assert card.code_regime == "" and card.caisse_code == ""


def test_assure_comes_first_whatever_the_order() -> None:
    child = person(prenom="NOE", naissance="20140303", nir="114033523806289", qualite="enfant")
    card = read(card_of(child, person()))
    assert card.assure.prenom == "SOPHIE" and card.beneficiaries[1].prenom == "NOE"


def test_file_ids_come_from_the_pointer_file() -> None:
    image = build_image(card_of(person()))
    files = image.apps[AID_VITALE]
    moved = {POINTER_FILE_ID: files[POINTER_FILE_ID]}
    pointer = files[POINTER_FILE_ID]
    for old, new in ((0x2004, 0x3104), (0x2006, 0x3106)):
        moved[new] = files[old]
        pointer = pointer.replace(old.to_bytes(2, "big") + b"", new.to_bytes(2, "big"))
    moved[POINTER_FILE_ID] = pointer
    image.apps[AID_VITALE] = moved
    assert read(image).assure.prenom == "SOPHIE"


def test_vitale_atrs() -> None:
    for xx in "43 44 45 47 48 49 4B 4C".split():
        assert is_vitale_atr(bytes.fromhex(f"3B75130000{xx}09EA9000"))
    assert not is_vitale_atr(bytes.fromhex("3B7513000046 09EA9000".replace(" ", "")))
    assert is_vitale_atr(bytes.fromhex("3F65250052 0904 9000".replace(" ", "")))
    assert read(card_of(person(), atr="3F65250052 09 04 90 00")).assure.nom == "DURAND"
    with pytest.raises(NotVitaleError):
        read(card_of(person(), atr="3B 75 13 00 00 46 09 EA 90 00"))


def test_no_vitale_application() -> None:
    image = build_image(card_of(person()))
    image.apps[b"\xA0\x00\x00\x00\x01"] = image.apps.pop(AID_VITALE)
    with pytest.raises(NotVitaleError):
        read(image)


@pytest.mark.parametrize("over, error", [
    ({"nom": None}, MalformedCardError),
    ({"prenom": "  "}, MalformedCardError),
    ({"naissance": None}, MalformedCardError),
    ({"naissance": "1975093"}, MalformedCardError),
    ({"naissance": "1975O930"}, MalformedCardError),  # a letter O
    ({"naissance": "1975-09-30"}, MalformedCardError),  # the API's form is not the card's
    ({"naissance": "197509300"}, MalformedCardError),
    ({"naissance": "1975093²"}, MalformedCardError),  # "²" is a digit to Python, not to the card
    ({"nir": None}, MalformedCardError),
    ({"nir": "275096938301277"}, MalformedCardError),
    ({"nir": "1600129900400574"}, MalformedCardError),
    ({"nom": "DU\x07RAND"}, MalformedCardError),
    ({"nom": "DU\x85RAND"}, MalformedCardError),
    ({"rang": "x"}, MalformedCardError),
])
def test_bad_fields(over: dict[str, object], error: type) -> None:
    with pytest.raises(error):
        read(card_of(person(**over)))


def test_zero_beneficiaries() -> None:
    with pytest.raises(MalformedCardError):
        read(card_of())


def test_unknown_qualite_code_is_autre() -> None:
    image = build_image(card_of(person()))
    files = image.apps[AID_VITALE]
    files[0x2004] = files[0x2004].replace(tlv.encode(0xC0, b"0"), tlv.encode(0xC0, b"7"))
    assert read(image).assure.qualite is Qualite.AUTRE


def test_apdu_status_words_handled() -> None:
    vv = VirtualVitale(as_image(str(shipped_cards()["seul"])))
    assert vv.process(bytes.fromhex("00A4040006D25000000256")) == b"\x6A\x82"
    assert vv.process(bytes.fromhex("0020000000"))[-2:] == b"\x6D\x00"
    assert vv.process(bytes.fromhex("80B0000000"))[-2:] == b"\x6E\x00"
    assert vv.process(bytes.fromhex("00B0000000"))[-2:] == b"\x69\x86"
    assert vv.process(bytes.fromhex("00A404000BD250000002564954414C45"))[-2:] == b"\x61\x0f"
    assert vv.process(bytes.fromhex("00A40000022001")) == b"\x90\x00"
    short = vv.process(bytes.fromhex("00B0000000"))
    assert short[0] == 0x6C
    assert vv.process(bytes.fromhex("00B07F0000")) == b"\x6B\x00"


def test_pulled_mid_read_in_process() -> None:
    conn = InProcessConnection(VirtualVitale(as_image(str(shipped_cards()["famille4"]))), pull_after_apdus=5)
    with pytest.raises(CardRemovedError):
        read_vitale(conn)


def test_trace_is_loud_and_names_no_one(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        read(str(shipped_cards()["famille4"]), trace=True)
    text = caplog.text
    assert "TRACE APDU ACTIVE" in text
    assert "MARTIN" not in text and "184037511203367" not in text
    assert "4d415254494e" not in text.replace(" ", "").lower()  # "MARTIN" in hex


def test_no_trace_by_default(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        read(str(shipped_cards()["famille4"]))
    assert "APDU >" not in caplog.text and "184037511203367" not in caplog.text


# --- properties: any card image gives a VitaleCard or one of our errors, nothing else ---------

# the fuzzers mutate a lunar-dated card too (00/00/1985 is a real person's date, not a fault)
BASE_IMAGES = [build_image(load_card(shipped_cards()[n]))
               for n in ("famille4", "seul", "noms_longs", "naissance_lunaire")]
FIDS = [POINTER_FILE_ID, 0x2004, 0x2006]


def read_or_card_error(image: CardImage) -> None:
    try:
        result = read(image)
    except CardError:
        return
    assert isinstance(result, VitaleCard) and result.beneficiaries


mutation = st.tuples(st.sampled_from(["flip", "truncate", "set_byte", "insert", "delete"]),
                     st.integers(min_value=0, max_value=4000), st.integers(min_value=0, max_value=255))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(BASE_IMAGES) - 1), st.sampled_from(FIDS), st.lists(mutation, min_size=1, max_size=4))
def test_mutated_images(which: int, fid: int, mutations: list[tuple[str, int, int]]) -> None:
    image = copy.deepcopy(BASE_IMAGES[which])
    data = bytearray(image.apps[AID_VITALE][fid])
    for kind, pos, value in mutations:
        if not data:
            break
        i = pos % len(data)
        if kind == "flip":
            data[i] ^= 1 << (value % 8)
        elif kind == "truncate":
            del data[i:]
        elif kind == "set_byte":  # lengths and tags alike
            data[i] = value
        elif kind == "insert":
            data[i:i] = bytes((value,))
        else:
            del data[i]
    image.apps[AID_VITALE][fid] = bytes(data)
    read_or_card_error(image)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(FIDS), st.binary(max_size=1200))
def test_random_file_contents(fid: int, data: bytes) -> None:
    image = copy.deepcopy(BASE_IMAGES[0])
    image.apps[AID_VITALE][fid] = data
    read_or_card_error(image)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0x80, 0x81, 0x82, 0x90, 0x93, 0xC0, 0xC1, 0x5F37]),
                          st.binary(max_size=20)), max_size=8),
       st.binary(max_size=16))
def test_random_beneficiary_blocks(fields: list[tuple[int, bytes]], atr_tail: bytes) -> None:
    image = copy.deepcopy(BASE_IMAGES[1])
    image.apps[AID_VITALE][0x2004] = tlv.encode(0x65, b"".join(tlv.encode(t, v) for t, v in fields))
    read_or_card_error(image)
    image.atr = image.atr[:5] + atr_tail
    read_or_card_error(image)



class EndOfFileCard:
    """A card that answers a too-long READ BINARY with the bytes left and 6282, and gives its
    FCI in small GET RESPONSE pieces: the other end-of-file and 61xx paths of the reader."""

    def __init__(self, image: CardImage) -> None:
        self.inner = InProcessConnection(VirtualVitale(image))

    def atr(self) -> bytes:
        return self.inner.atr()

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        if apdu[1] == 0xC0 and apdu[4] > 4:
            data, sw = self.inner.transmit(apdu[:4] + b"\x04")
            return data, sw
        data, sw = self.inner.transmit(apdu)
        if sw >> 8 == 0x6C:
            data, _ = self.inner.transmit(apdu[:4] + bytes((sw & 0xFF,)))
            return data, 0x6282
        return data, sw


def test_end_of_file_6282_and_chained_get_response() -> None:
    image = as_image(str(shipped_cards()["dix_neuf"]))
    card = read_vitale(EndOfFileCard(image))
    assert len(card.beneficiaries) == 19


def test_exact_multiple_of_256_ends_on_6b00() -> None:
    image = build_image(card_of(person()))
    files = image.apps[AID_VITALE]
    pad = (-len(files[0x2004])) % 256
    files[0x2004] += tlv.encode(0x5F37, bytes(pad - 4)) if pad > 4 else b""
    if len(files[0x2004]) % 256:
        files[0x2004] += b"\x00" * ((-len(files[0x2004])) % 256)
    assert len(files[0x2004]) % 256 == 0
    assert read(image).assure.nir == "275096938301276"
