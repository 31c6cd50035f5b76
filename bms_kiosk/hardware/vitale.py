"""Reading a carte Vitale 2 into a ``VitaleCard``, over any ``CardConnection``.

Sequence (SPEC.md, "The carte Vitale"): check the ATR; SELECT the VITALE application by AID;
SELECT the pointer file 2001; READ BINARY in 256-byte chunks until a short chunk; then for each
data file the pointer file lists, SELECT it by the id given there and read it the same way.

Pointer file (BER-TLV)::

    E0
      A0
        82  entry number (2) | 2 bytes | application AID
        80  file name (8 ASCII) | entry number (2) | file id (2)      (also accepted directly in E0)

Data files (BER-TLV), public tags:

    65  one beneficiary: 80 nom, 81 prénom, 82 date de naissance (ASCII YYYYMMDD, kept as
        written: a "date lunaire" with 00 or a day past the month's end is valid, BirthDate),
        90 nationalité, 93 NIR (ASCII, 13 + 2-digit key)
    66  the card: 80 start of validity (ASCII YYYYMMDD)
    7F21 certificate, 5F37 signature: ignored

Private tags (ours, context-specific class ``C0``–``DF``, which no public source uses), all
ASCII:

    in 65:  C0 qualité: "0" assuré, "2" conjoint, "6" enfant, "9" autre ayant droit
            C1 rang de naissance: "1".."9"
    in 66:  C0 code régime (e.g. "01"), C1 code caisse (e.g. "751")

Unknown tags are ignored. Without private tags the first ``65`` block is the assuré and the
others are ayants droit, rang 1. An unknown qualité code reads as "autre ayant droit".
Text is ISO 8859-1; control characters are a malformed card.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from bms_client.models import Beneficiary, BirthDate, BirthDateError, Qualite, VitaleCard, valid_nir
from bms_kiosk.hardware import tlv
from bms_kiosk.hardware.apdu import SW_OK, ApduChannel, CardConnection, command
from bms_kiosk.hardware.card_errors import ApduError, MalformedCardError, NotVitaleError

log = logging.getLogger(__name__)

AID_VITALE = bytes.fromhex("D250000002564954414C45")
AID_MF_VITALE = bytes.fromhex("D2500000024D465F564954414C45")
POINTER_FILE_ID = 0x2001

VITALE2_ATR_VERSIONS = frozenset((0x43, 0x44, 0x45, 0x47, 0x48, 0x49, 0x4B, 0x4C))

TAG_POINTERS, TAG_APP_LIST, TAG_APP, TAG_FILE = 0xE0, 0xA0, 0x82, 0x80
TAG_BENEFICIARY, TAG_CARD = 0x65, 0x66
TAG_NOM, TAG_PRENOM, TAG_NAISSANCE, TAG_NATIONALITE, TAG_NIR = 0x80, 0x81, 0x82, 0x90, 0x93
TAG_VALID_FROM = 0x80
TAG_QUALITE, TAG_RANG = 0xC0, 0xC1  # private, in 65
TAG_REGIME, TAG_CAISSE = 0xC0, 0xC1  # private, in 66

QUALITE_CODES = {"0": Qualite.ASSURE, "2": Qualite.CONJOINT, "6": Qualite.ENFANT, "9": Qualite.AUTRE}
QUALITE_TO_CODE = {q: c for c, q in QUALITE_CODES.items()}

_CHUNK = 256
_MAX_FILE_SIZE = 32 * 1024  # a real Vitale data file is a few KiB; more is a broken card
_MAX_FILES = 32


@dataclass
class ReadStats:
    """Filled by ``read_vitale`` for the benchmark and diagnostics."""

    apdus: int = 0
    files: int = 0


def is_vitale_atr(atr: bytes) -> bool:
    if len(atr) == 10 and atr[:5] == bytes.fromhex("3B75130000") and atr[6:] == bytes.fromhex("09EA9000"):
        return atr[5] in VITALE2_ATR_VERSIONS
    return (len(atr) == 9 and atr[:4] == bytes.fromhex("3F652500") and atr[5] == 0x09
            and atr[7:] == b"\x90\x00")


def read_vitale(conn: CardConnection, *, trace: bool = False, stats: ReadStats | None = None) -> VitaleCard:
    """Read and decode the card; raise a ``CardError`` subclass on anything wrong."""
    if trace:
        log.warning("TRACE APDU ACTIVE : les commandes envoyées à la carte sont journalisées "
                    "(diagnostic uniquement, jamais en service)")
    channel = ApduChannel(conn, trace=trace)
    try:
        atr = channel.atr()
        if not is_vitale_atr(atr):
            raise NotVitaleError("atr", atr)
        data, sw = channel.transmit(command(0x00, 0xA4, 0x04, 0x00, AID_VITALE))
        if sw in (0x6A82, 0x6A86, 0x6D00, 0x6E00):
            raise NotVitaleError("no_vitale_application", atr)
        _check(sw, data)
        pointers = _read_file(channel, POINTER_FILE_ID)
        file_ids = _data_file_ids(pointers)
        blocks: list[tlv.Tlv] = []
        for fid in file_ids:
            blocks.extend(tlv.parse(_read_file(channel, fid)))
        card = _decode(blocks, atr)
    finally:
        if stats is not None:
            stats.apdus = channel.count
    if stats is not None:
        stats.files = len(file_ids)
    log.info("carte Vitale lue : %d bénéficiaire(s), assuré %s, %d APDU",
             len(card.beneficiaries), card.assure.__repr__(), channel.count)
    return card


def _check(sw: int, data: bytes) -> None:
    if sw != SW_OK:
        raise ApduError(sw, data)


def _read_file(channel: ApduChannel, fid: int) -> bytes:
    data, sw = channel.transmit(command(0x00, 0xA4, 0x00, 0x00, fid.to_bytes(2, "big")))
    _check(sw, data)
    content = b""
    while True:
        if len(content) >= _MAX_FILE_SIZE:
            raise MalformedCardError("fichier trop long")
        offset = len(content)
        if offset > 0x7FFF:  # READ BINARY's offset is 15 bits
            raise MalformedCardError("fichier trop long")
        chunk, sw = channel.transmit(command(0x00, 0xB0, offset >> 8, offset & 0xFF, le=0))
        if sw in (0x6B00, 0x6282) or (sw == SW_OK and not chunk):
            content += chunk if sw == 0x6282 else b""
            return content
        _check(sw, chunk)
        content += chunk
        if len(chunk) < _CHUNK:
            return content


def _data_file_ids(pointer_file: bytes) -> list[int]:
    roots = [t for t in tlv.parse(pointer_file) if t.tag == TAG_POINTERS]
    if not roots:
        raise MalformedCardError("fichier pointeur sans E0")
    vitale_entries: set[int] = set()
    files: list[tuple[int, int]] = []  # (entry number, file id)
    containers = [roots[0]] + roots[0].find_all(TAG_APP_LIST)
    for container in containers:
        for item in container.children:
            if item.tag == TAG_APP and item.value[4:] == AID_VITALE and len(item.value) >= 4:
                vitale_entries.add(int.from_bytes(item.value[:2], "big"))
            elif item.tag == TAG_FILE:
                if len(item.value) != 12:
                    raise MalformedCardError("entrée 80 du fichier pointeur mal formée")
                files.append((int.from_bytes(item.value[8:10], "big"), int.from_bytes(item.value[10:12], "big")))
    # Files of other applications (MF_VITALE) are not ours to select from VITALE.
    ids = [fid for entry, fid in files if not vitale_entries or entry in vitale_entries]
    if not ids:
        raise MalformedCardError("fichier pointeur sans fichier de données")
    if len(ids) > _MAX_FILES:
        raise MalformedCardError("fichier pointeur : trop de fichiers")
    return ids


def _text(obj: tlv.Tlv | None, what: str, required: bool = True) -> str:
    if obj is None:
        if required:
            raise MalformedCardError(f"{what} absent")
        return ""
    text = obj.value.decode("latin-1")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text):
        raise MalformedCardError(f"{what} : caractère de contrôle")
    text = text.strip()
    if required and not text:
        raise MalformedCardError(f"{what} vide")
    return text


def _date(text: str, what: str) -> date:
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        raise MalformedCardError(f"{what} : format de date")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise MalformedCardError(f"{what} : date impossible") from None


def _birth(text: str) -> BirthDate:
    """Kept as written: a date de naissance lunaire (00, 31/02) is a real person's (BirthDate)."""
    try:
        return BirthDate.from_card(text)
    except BirthDateError:
        raise MalformedCardError("date de naissance : format de date") from None


def _nir(text: str) -> str:
    nir = valid_nir(text)
    if nir is None:
        raise MalformedCardError("NIR invalide")
    return nir


def _beneficiary(block: tlv.Tlv, index: int) -> Beneficiary:
    qualite_code = _text(block.find(TAG_QUALITE), "qualité", required=False)
    if qualite_code:
        qualite = QUALITE_CODES.get(qualite_code, Qualite.AUTRE)
    else:
        qualite = Qualite.ASSURE if index == 0 else Qualite.AUTRE
    rang_text = _text(block.find(TAG_RANG), "rang", required=False)
    if rang_text and not (rang_text.isascii() and rang_text.isdigit() and 1 <= int(rang_text) <= 9):
        raise MalformedCardError("rang invalide")
    return Beneficiary(
        nom=_text(block.find(TAG_NOM), "nom"),
        prenom=_text(block.find(TAG_PRENOM), "prénom"),
        date_naissance=_birth(_text(block.find(TAG_NAISSANCE), "date de naissance")),
        nir=_nir(_text(block.find(TAG_NIR), "NIR")),
        rang=int(rang_text) if rang_text else 1,
        qualite=qualite,
        nationalite=_text(block.find(TAG_NATIONALITE), "nationalité", required=False),
    )


def _decode(blocks: list[tlv.Tlv], atr: bytes) -> VitaleCard:
    people = [_beneficiary(b, i) for i, b in enumerate(x for x in blocks if x.tag == TAG_BENEFICIARY)]
    if not people:
        raise MalformedCardError("aucun bénéficiaire")
    # The assuré comes first whatever the order on the card: VitaleCard.assure relies on it.
    people.sort(key=lambda p: p.qualite is not Qualite.ASSURE)
    card_block = next((b for b in blocks if b.tag == TAG_CARD), None)
    valid_from: date | None = None
    regime = caisse = ""
    if card_block is not None:
        start = _text(card_block.find(TAG_VALID_FROM), "début de validité", required=False)
        valid_from = _date(start, "début de validité") if start else None
        regime = _text(card_block.find(TAG_REGIME), "code régime", required=False)
        caisse = _text(card_block.find(TAG_CAISSE), "code caisse", required=False)
    return VitaleCard(beneficiaries=tuple(people), atr=bytes(atr), valid_from=valid_from,
                      code_regime=regime, caisse_code=caisse)
