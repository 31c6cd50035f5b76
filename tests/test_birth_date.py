"""Dates de naissance lunaires (issue 17 item 14): people born abroad whose exact date is unknown.

A carte Vitale may carry a birth date whose day or month is 00, or whose day is past the month's
end (31/02). The card is read, the date is kept as written (``BirthDate``, not
``datetime.date``), shown and printed as written, travels through the API as written, and sorts
without failing. Only a field that is not eight digits is a malformed card.
"""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from bms_client.models import AttestationData, BeneficiaryRights, BirthDate, BirthDateError, french_date
from bms_kiosk.hardware.card_errors import MalformedCardError
from bms_kiosk.hardware.virtual_card import (CardFile, InProcessConnection, VirtualVitale, as_image,
                                             shipped_cards)
from bms_kiosk.hardware.vitale import read_vitale
from bms_kiosk.services.documents import build_attestation_pdf

LUNAR_CARD = "naissance_lunaire"
LUNAR_PEOPLE = [("Karim BENALI", "00/00/1985"), ("Aicha BENALI", "31/02/1987"), ("Yasmine BENALI", "00/05/2012")]

two = st.integers(0, 99)
# What a card may hold: any eight digits, with the lunar cases drawn often (hypothesis' integers
# already favour the bounds 0 and 99; 31/02, 30/02, 31/04 are drawn explicitly).
lunar_dates = st.one_of(
    st.builds(BirthDate, st.integers(1900, 2030), two, two),
    st.builds(BirthDate, st.integers(1900, 2030), st.sampled_from([0, 2, 4, 6, 9, 11]),
              st.sampled_from([0, 29, 30, 31])),
    st.dates().map(BirthDate.of),
)
not_eight_digits = st.one_of(
    st.text(st.characters(codec="latin-1", exclude_categories=["Cc"]), max_size=12).filter(
        lambda t: not (len(t.strip()) == 8 and t.strip().isascii() and t.strip().isdigit()) and t.strip()),
    st.integers(0, 10**7 - 1).map(str),  # too short
    st.integers(10**8, 10**10).map(str),  # too long
)


def read_card(*naissances: str):
    people = tuple({"nom": "BENALI", "prenom": f"P{i}", "naissance": n, "nir": nir, "qualite": q}
                   for i, (n, nir, q) in enumerate(zip(naissances, ("185209935012375", "287209921604548"),
                                                       ("assure", "conjoint"))))
    card = CardFile(description="test", atr=bytes.fromhex("3B75130000430 9EA9000".replace(" ", "")),
                    beneficiaries=people, valid_from="20210315", code_regime="01", caisse_code="751")
    return read_vitale(InProcessConnection(VirtualVitale(as_image(card))))


def test_the_lunar_card_reads_and_keeps_its_dates_as_written() -> None:
    card = read_vitale(InProcessConnection(VirtualVitale(as_image(str(shipped_cards()[LUNAR_CARD])))))
    assert [(b.display_name, b.birth_text) for b in card.beneficiaries] == LUNAR_PEOPLE
    assert [b.date_naissance.lunar for b in card.beneficiaries] == [True, True, True]
    assert [b.date_naissance.card_text for b in card.beneficiaries] == ["19850000", "19870231", "20120500"]


def test_birth_date_forms() -> None:
    d = BirthDate.from_card("19850000")
    assert (d.year, d.month, d.day) == (1985, 0, 0)
    assert (str(d), d.card_text, d.wire) == ("00/00/1985", "19850000", "1985-00-00")
    assert BirthDate.parse("1987-02-31") == BirthDate(1987, 2, 31) and BirthDate.parse("19870231") == BirthDate(1987, 2, 31)
    assert BirthDate(1987, 2, 31).as_date() is None and BirthDate(1987, 2, 28).as_date() == date(1987, 2, 28)
    assert BirthDate(2012, 5, 0).lunar and not BirthDate(2012, 5, 20).lunar
    for bad in ("1985O231", "1985-0-231", "19850231 ", "", "1985-02-3a", "1985/02/31", "1975093²"):
        with pytest.raises(BirthDateError):
            BirthDate.parse(bad)
    assert issubclass(BirthDateError, ValueError)


def test_one_french_form_for_every_date_shown() -> None:
    """Dates, moments, the API's strings and a lunaire date de naissance: 'jj/mm/aaaa', zeros kept."""
    assert french_date(date(2026, 3, 7)) == "07/03/2026"
    assert french_date(datetime(2026, 3, 7, 23, 59)) == "07/03/2026"
    assert french_date("2026-03-07T23:59:00+01:00") == "07/03/2026"  # a moment: its day, as written
    assert french_date("1985-00-00") == "00/00/1985" == str(BirthDate.parse("19850000"))
    assert french_date(BirthDate(987, 2, 31)) == "31/02/0987"
    with pytest.raises(BirthDateError):
        french_date("07/03/2026")  # already shown: not an API date


@settings(max_examples=150, deadline=None)
@given(lunar_dates)
def test_every_eight_digit_date_round_trips(d: BirthDate) -> None:
    assert BirthDate.from_card(d.card_text) == d and BirthDate.parse(d.wire) == d
    dd, mm, yyyy = str(d).split("/")
    assert (int(dd), int(mm), int(yyyy)) == (d.day, d.month, d.year) and len(str(d)) == 10
    if d.as_date() is not None:
        assert d.as_date() == date(d.year, d.month, d.day) and not d.lunar


@settings(max_examples=60, deadline=None)
@given(st.lists(lunar_dates, min_size=2, max_size=20))
def test_sorting_mixed_dates_never_fails(dates: list[BirthDate]) -> None:
    ordered = sorted(dates)
    assert [(d.year, d.month, d.day) for d in ordered] == sorted((d.year, d.month, d.day) for d in dates)
    assert max(dates) == ordered[-1] and len(set(dates)) == len({d.card_text for d in dates})


@settings(max_examples=60, deadline=None)
@given(lunar_dates, lunar_dates)
def test_any_date_on_a_card_reads_as_written(a: BirthDate, b: BirthDate) -> None:
    card = read_card(a.card_text, b.card_text)
    assert [p.birth_text for p in card.beneficiaries] == [str(a), str(b)]


@settings(max_examples=60, deadline=None)
@given(not_eight_digits)
def test_a_field_that_is_not_eight_digits_is_a_malformed_card(text: str) -> None:
    with pytest.raises(MalformedCardError) as caught:
        read_card(text)
    assert "date de naissance" in str(caught.value)


def test_a_lunar_date_is_printed_as_written() -> None:
    people = tuple(BeneficiaryRights("BENALI", prenom, BirthDate.from_card(n), nir, 1, date(2026, 1, 1), None)
                   for prenom, n, nir in (("KARIM", "19850000", "185209935012375"),
                                          ("AICHA", "19870231", "287209921604548")))
    data = AttestationData(people[0].nir, "Karim BENALI", "CPAM de Paris", "751", "01", people, False,
                           date(2026, 11, 26), "BMS-TEST")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(build_attestation_pdf(data))).pages)
    assert "00/00/1985" in text and "31/02/1987" in text


@pytest.mark.parametrize("backend_store", ["sqlite", "postgres"], indirect=True)
def test_the_backend_gives_the_dates_as_written(backend_server) -> None:
    """Over HTTP, on both stores: the reference server keeps and returns 1985-00-00; the client reads
    it as a BirthDate."""
    card = read_vitale(InProcessConnection(VirtualVitale(as_image(str(shipped_cards()[LUNAR_CARD])))))
    client = backend_server.client()
    info = client.open_session([b.nir for b in card.beneficiaries], "1234")
    assert [p["date_naissance"] for p in info.beneficiaries] == ["1985-00-00", "1987-02-31", "2012-05-00"]
    assert [e.rights.date_naissance for e in client.rights()] == [b.date_naissance for b in card.beneficiaries]
    att = client.attestation()
    assert [str(b.date_naissance) for b in att.beneficiaries] == [d for _, d in LUNAR_PEOPLE]
    client.close_session()
