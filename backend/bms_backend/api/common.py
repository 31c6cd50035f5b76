"""What every router shares: the error type, the request bodies, patterns and small helpers."""

from __future__ import annotations

import hashlib
import json
import re
from calendar import monthrange
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

API_VERSION = "1.0.0"
REFERENCE_RE = re.compile(r"^[0-9]{16}[A-Z]$")
AMOUNT_RE = re.compile(r"^[0-9]{1,6}(\.[0-9]{1,2})?$")
NIR_PATTERN = r"^[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{8}$"
MERCHANT_ID = "CPAM-DEMO-0751"
MAX_BODY_BYTES = 64 * 1024
OPEN_PATHS = ("/v1/health", "/v1/admin/", "/docs", "/openapi.json", "/redoc", "/metrics")
SAFE_ID = re.compile(r"[^A-Za-z0-9-]")


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        self.status, self.code, self.message, self.extra = status, code, message, extra


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "invalid_field", message, field=field)


def not_eligible(reason: str, message: str, status: int = 409) -> ApiError:
    return ApiError(status, "not_eligible", message, reason=reason)


def cents_text(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y, m = d.year + y, m + 1
    return date(y, m, min(d.day, monthrange(y, m)[1]))


def body_hash(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()
REFERENCE_PATTERN = r"^[0-9]{16}[A-Z]$"
AMOUNT_PATTERN = r"^[0-9]{1,6}(\.[0-9]{1,2})?$"
Nir = Annotated[str, Field(pattern=NIR_PATTERN, min_length=15, max_length=15)]
Reference = Annotated[str, Field(pattern=REFERENCE_PATTERN, min_length=17, max_length=17)]


class CardBody(BaseModel):
    card_nirs: list[Nir] = Field(min_length=1, max_length=20,
                                 description="NIR of the assuré first, then the beneficiaries read on the card")


class CodeBody(CardBody):
    code: str = Field(min_length=1, max_length=32, description="code de sécurité")


class SmsVerifyBody(CardBody):
    sms_code: str = Field(min_length=1, max_length=32)


class AttestationBody(BaseModel):
    beneficiary_nir: Nir | None = Field(default=None,
                                        description="one person on the card; null: l'ensemble des bénéficiaires")
    include_exoneration: bool = False


class PaymentBody(BaseModel):
    reference: Reference
    lines: list[Reference] = Field(default_factory=list, max_length=50,
                             description="selected references (the reference itself is always included)")
    amount: str = Field(pattern=AMOUNT_PATTERN, max_length=9, description="decimal euros, at most 2 decimals, e.g. \"25.50\"")


class PaymentResultBody(BaseModel):
    status: Literal["accepted", "failed"]
    authorisation_number: str = Field(default="", max_length=32)
    card_last4: str = Field(default="", max_length=4)


class OcChoice(BaseModel):
    beneficiary_nir: Nir
    oc_id: str = Field(max_length=32)


class OcChoicesBody(BaseModel):
    choices: list[OcChoice] = Field(min_length=1, max_length=20)
