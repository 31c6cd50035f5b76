"""Amounts in French words ("1 234,50 €"): shared by the screens and the documents, without reportlab."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def format_amount(amount: str | Decimal) -> str:
    """'25.00' → '25,00 €'; thousands separated by a non-breaking space."""
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError("amount: expected a decimal string such as '25.00'") from None
    whole, cents = f"{value:,.2f}".split(".")
    nbsp = "\u00a0"
    return whole.replace(",", nbsp) + "," + cents + nbsp + "€"
