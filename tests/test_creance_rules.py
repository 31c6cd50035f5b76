"""The créance's kiosk-side rules (Qt-free): reference, amount pad, amount checks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bms_kiosk.settings import Config
from bms_kiosk.kiosk_services.creance import words
from bms_kiosk.kiosk_services.creance.amounts import AmountProblem, check_amount, is_reference, type_key

D = Decimal


def typed(keys: list[str]) -> str:
    text = ""
    for key in keys:
        text = type_key(text, key)
    return text


def test_reference_is_16_digits_and_a_capital_letter():
    assert is_reference("1234567890123456A")
    for bad in ("1234567890123456", "1234567890123456a", "123456789012345AA", "12345678901234567A"):
        assert not is_reference(bad)


@pytest.mark.parametrize("keys, text", [
    (list("2550"), "255"),  # three digits before the mark at most
    (["2", "5", ",", "5", "0", "1"], "25,50"),  # two decimals at most
    ([",", "5"], "0,5"),
    (["2", ",", ","], "2,"),
    (["2", "5", "⌫"], "2"),
    (["2", "5", "EFFACER"], ""),
])
def test_amount_pad(keys, text):
    assert typed(keys) == text


@pytest.mark.parametrize("text, owed, problem", [
    ("", D("30"), AmountProblem.EMPTY),
    ("0,", D("30"), AmountProblem.OUT_OF_RANGE),
    ("15,99", D("30"), AmountProblem.OUT_OF_RANGE),
    ("16", D("30"), None),
    ("50", D("60"), None),
    ("50,01", D("60"), AmountProblem.OUT_OF_RANGE),
    ("25,51", D("25.50"), AmountProblem.ABOVE_OWED),
    ("25,50", D("25.50"), None),
])
def test_amount_rules(text, owed, problem):
    assert check_amount(text, owed, D("16"), D("50")).problem == problem


def test_thresholds_come_from_the_settings():
    config = Config({"payment_min": "10", "payment_max": "40"})
    assert words.amount_rule(config) == "Vous pouvez payer entre 10€ et 40€ par paiement"
    assert check_amount("12", D("30"), config.payment_min, config.payment_max).problem is None
    assert words.amount_problem(AmountProblem.OUT_OF_RANGE, config, D("30")).startswith("Vous pouvez payer entre 10€")
