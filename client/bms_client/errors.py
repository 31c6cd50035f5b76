"""Typed errors of the téléservices client, each with the French text shown to the person.

One hierarchy (DESIGN.md "Errors"): every failure of a backend call is a ``BackendError``;
the flow catches the subclasses it handles and shows ``message_fr``. Qt-free.
"""

from __future__ import annotations

from bms_client import messages


class BackendError(Exception):
    """Base of every backend failure; ``message_fr`` is what the person reads."""

    default_message_fr = messages.UNAVAILABLE

    def __init__(self, message_fr: str | None = None, *, code: str = "", status: int | None = None) -> None:
        self.message_fr = message_fr or self.default_message_fr
        self.code = code
        self.status = status
        super().__init__(self.message_fr)


class BackendUnreachableError(BackendError):
    """No connection to the API (refused, DNS, TLS, reset)."""


class BackendTimeoutError(BackendError):
    """The API did not answer within the client's timeout."""


class BackendProtocolError(BackendError):
    """A 5xx, or an answer that is not the API's (garbage, wrong JSON)."""


class TerminalUnauthorisedError(BackendError):
    """The terminal's credential is missing, unknown or revoked."""

    default_message_fr = messages.TERMINAL_UNAUTHORISED


class SessionExpiredError(BackendError):
    """No session, or the person's session has expired: authenticate again."""

    default_message_fr = messages.SESSION_EXPIRED


class WrongCodeError(BackendError):
    """Wrong code de sécurité or SMS code; ``attempts_left`` before the account is locked."""

    def __init__(self, attempts_left: int, message_fr: str | None = None, **kw) -> None:
        self.attempts_left = attempts_left
        super().__init__(message_fr or messages.wrong_code(attempts_left), **kw)


class AccountLockedError(BackendError):
    """Too many wrong codes: the account is locked for the kiosk."""

    default_message_fr = messages.ACCOUNT_LOCKED


class NotEligibleError(BackendError):
    """The service is not offered; ``reason`` is a stable code (see docs/backend.md)."""

    def __init__(self, reason: str, message_fr: str | None = None, **kw) -> None:
        self.reason = reason
        super().__init__(message_fr or messages.NOT_ELIGIBLE, **kw)


class InvalidFieldError(BackendError):
    """A value refused by the API; ``field`` names it (e.g. ``reference``, ``amount``)."""

    def __init__(self, field: str, message_fr: str | None = None, **kw) -> None:
        self.field = field
        super().__init__(message_fr or messages.INVALID_FIELD.format(field=field), **kw)


class NoOpenRightsError(BackendError):
    default_message_fr = messages.NO_OPEN_RIGHTS


class AddressUnknownError(BackendError):
    default_message_fr = messages.ADDRESS_UNKNOWN


class AttestationRejectedError(BackendError):
    default_message_fr = messages.ATTESTATION_REJECTED


class TooManyRequestsError(BackendError):
    """The API refuses for now (e.g. an SMS code was sent a moment ago); ``message_fr`` says why,
    ``retry_after`` (seconds, when the API says) when to ask again."""
    default_message_fr = "Trop de demandes. Merci de patienter un instant avant de réessayer."

    def __init__(self, message_fr: str | None = None, *, retry_after: int | None = None, **kw) -> None:
        self.retry_after = retry_after
        super().__init__(message_fr, **kw)


class ConflictError(BackendError):
    """The request conflicts with the stored state (e.g. an idempotency key reused for another body)."""


# error code in the API's answer → class (the others become BackendProtocolError)
CODE_TO_CLASS: dict[str, type[BackendError]] = {
    "terminal_unauthorised": TerminalUnauthorisedError,
    "session_invalid": SessionExpiredError,
    "wrong_code": WrongCodeError,
    "account_locked": AccountLockedError,
    "not_eligible": NotEligibleError,
    "invalid_field": InvalidFieldError,
    "no_open_rights": NoOpenRightsError,
    "address_unknown": AddressUnknownError,
    "attestation_rejected": AttestationRejectedError,
    "conflict": ConflictError,
    "too_many_requests": TooManyRequestsError,
}
