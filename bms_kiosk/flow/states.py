"""The names of the journey core's states, said once. Services name theirs in their own modules."""

from __future__ import annotations

from enum import StrEnum


class Core(StrEnum):
    ATTRACT = "attract"
    READING = "reading"
    CARD_ERROR = "card_error"
    AUTH = "auth"
    AUTH_SMS = "auth_sms"  # the code received by SMS
    LOCKED = "locked"
    MENU = "menu"
    UNAVAILABLE = "unavailable"
    END = "end"
    READER_MISSING = "reader_missing"
    OUT_OF_SERVICE = "out_of_service"
    TECH_CODE = "tech_code"
    MAINTENANCE = "maintenance"


class Report(StrEnum):
    """What a service tells supervision through ``Journey.reported(report, value)``: never personal."""

    PAYMENT = "payment"  # value: the card payment's outcome (accepted, failed, unknown, error)
    PAYMENT_TERMINAL = "payment_terminal"  # value: "1" the terminal answered, "0" it could not be reached


class PrintRole(StrEnum):
    """The shared print step's states, one set per printing service: ``{prefix}_{role}``."""

    PREVIEW = "preview"
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "print_failed"


def print_state(prefix: str, role: PrintRole) -> str:
    return f"{prefix}_{role.value}"


# Card-less homes and technicians' screens: entering one wipes the session.
WIPING = frozenset({Core.ATTRACT, Core.END, Core.READER_MISSING, Core.UNAVAILABLE, Core.OUT_OF_SERVICE,
                    Core.TECH_CODE, Core.MAINTENANCE})
TECHNICIAN = (Core.TECH_CODE, Core.MAINTENANCE)
# Screens that refuse a card inserted meanwhile: leaving one for the attract screen, a card still in
# is read as if just inserted.
CARD_REFUSED = frozenset({Core.OUT_OF_SERVICE, *TECHNICIAN})
# Card-less home screens where the technician's gesture opens the code keypad.
GESTURE_STATES = (Core.ATTRACT, Core.OUT_OF_SERVICE, Core.READER_MISSING)


class UnknownStateError(LookupError):
    """A screen, a counter or a move named a state nobody declared."""
