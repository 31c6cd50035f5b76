"""BER-TLV parser: known encodings, every malformation typed, and random bytes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bms_kiosk.hardware import tlv
from bms_kiosk.hardware.card_errors import MalformedCardError


def test_multibyte_tags_and_long_lengths() -> None:
    body = tlv.encode(0x5F37, bytes(300)) + tlv.encode(0x42, b"CA")
    cert = tlv.encode(0x7F21, body)
    assert cert[:3] == bytes.fromhex("7F2182") and int.from_bytes(cert[3:5], "big") == len(body)
    [obj] = tlv.parse(cert)
    assert obj.tag == 0x7F21 and obj.constructed
    assert [c.tag for c in obj.children] == [0x5F37, 0x42]
    assert obj.find(0x5F37) is not None and obj.find(0x5F37).value == bytes(300)  # type: ignore[union-attr]
    assert not obj.find(0x5F37).constructed  # type: ignore[union-attr]


def test_long_form_81() -> None:
    [obj] = tlv.parse(bytes.fromhex("5F3781") + bytes((0x90,)) + bytes(0x90))
    assert len(obj.value) == 0x90


def test_nested_and_padding() -> None:
    data = b"\x00\xff" + tlv.encode(0x65, tlv.encode(0x80, b"MARTIN") + tlv.encode(0xC1, b"2")) + b"\x00"
    [obj] = tlv.parse(data)
    assert obj.find(0x80).value == b"MARTIN"  # type: ignore[union-attr]
    assert obj.find_all(0xC1)[0].value == b"2"


@pytest.mark.parametrize("bad", [
    "65", "6505800354", "5F", "7FA1", "7FA1A1A101", "6580", "658401000000" , "5F3782FF", "8002AA",
    "6503800354",
])
def test_malformed(bad: str) -> None:
    with pytest.raises(MalformedCardError):
        tlv.parse(bytes.fromhex(bad))


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_parse_or_malformed(data: bytes) -> None:
    try:
        objs = tlv.parse(data)
    except MalformedCardError:
        return
    for o in objs:
        assert isinstance(o, tlv.Tlv)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0x80, 0x93, 0xC0, 0x5F37, 0x9F7F]), st.binary(max_size=300)),
                max_size=5))
def test_encode_parse_round_trip(items: list[tuple[int, bytes]]) -> None:
    data = tlv.encode(0x65, b"".join(tlv.encode(t, v) for t, v in items))
    [obj] = tlv.parse(data)
    assert [(c.tag, c.value) for c in obj.children] == items
