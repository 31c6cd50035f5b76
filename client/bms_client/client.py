"""The téléservices client shared by every channel (kiosk, web, app, agents' tools). Qt-free.

A ``requests.Session`` with connect/read timeouts; urllib3 ``Retry`` for GET only; POSTs that
carry an idempotency key (payment order, OC choice) and the payment result (applied once by the
server) are retried by hand with the *same* key; TLS verification on by default. Every failure
is a ``BackendError`` subclass (errors.py) carrying the French text to show.

Each call has one overall deadline (``call_deadline``, retries included): a server that answers
one byte at a time cannot hold a call past it. TLS and proxies come from the arguments only,
never from the environment (``REQUESTS_CA_BUNDLE``, ``HTTP_PROXY``, .netrc): the terminal key
goes nowhere the configuration does not name.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ProtocolError
from urllib3.util.retry import Retry

from bms_client.errors import (
    CODE_TO_CLASS,
    BackendError,
    BackendProtocolError,
    BackendTimeoutError,
    BackendUnreachableError,
    InvalidFieldError,
    NotEligibleError,
    SessionExpiredError,
    TooManyRequestsError,
    WrongCodeError,
)
from bms_client.models import (MESSAGES_PER_PAGE, AttestationData, BeneficiaryRights, BirthDate,
                               PaymentReceipt)

log = logging.getLogger(__name__)

API = "/v1"

# thread id → the connection its call is using, so that the deadline timer can cut it; threads
# whose call is past its deadline (urllib3's own retries then fail at once)
_IN_USE: dict[int, HTTPConnection] = {}
_PAST_DEADLINE: set[int] = set()


class _Tracked:
    def request(self, *args: Any, **kw: Any) -> Any:
        me = threading.get_ident()
        if me in _PAST_DEADLINE:
            raise ConnectionAbortedError("deadline of the call passed")
        _IN_USE[me] = self  # type: ignore[assignment]
        return super().request(*args, **kw)  # type: ignore[misc]


class _TrackedHTTPConnection(_Tracked, HTTPConnection):
    pass


class _TrackedHTTPSConnection(_Tracked, HTTPSConnection):
    pass


class _TrackedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _TrackedHTTPConnection


class _TrackedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _TrackedHTTPSConnection


class _DeadlineAdapter(HTTPAdapter):
    """An adapter whose connections can be cut from another thread when a call's deadline passes."""

    def init_poolmanager(self, *args: Any, **kw: Any) -> None:
        super().init_poolmanager(*args, **kw)
        self.poolmanager.pool_classes_by_scheme = {"http": _TrackedHTTPPool, "https": _TrackedHTTPSPool}


def _cut(thread_id: int) -> None:
    _PAST_DEADLINE.add(thread_id)
    conn = _IN_USE.get(thread_id)
    sock = getattr(conn, "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)  # the blocked recv returns at once
        except OSError:
            pass


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _rights(item: Mapping[str, Any]) -> BeneficiaryRights:
    return BeneficiaryRights(
        nom=item["nom"], prenom=item["prenom"], date_naissance=BirthDate.parse(item["date_naissance"]),
        nir=item["nir"], rang=int(item["rang"]), rights_from=_date(item.get("rights_from")),
        rights_to=_date(item.get("rights_to")), medecin_traitant=item.get("medecin_traitant", ""),
        exoneration_tm=bool(item.get("exoneration_tm")), exoneration_label=item.get("exoneration_label", ""),
        css=bool(item.get("css")))


@dataclass(frozen=True)
class SessionInfo:
    assure_nom: str
    assure_prenom: str
    expires_at: str
    beneficiaries: tuple[dict[str, Any], ...]  # nir, nom, prenom, date_naissance, rang
    oc_overlap: bool

    def __repr__(self) -> str:
        return f"SessionInfo({len(self.beneficiaries)} bénéficiaire(s), oc_overlap={self.oc_overlap})"


@dataclass(frozen=True)
class SmsCodeSent:
    masked_mobile: str  # "06 ** ** ** 78"
    validity_seconds: int
    code_length: int  # digits of the code (the server's sms_code_length)


@dataclass(frozen=True)
class RightsEntry:
    """One person's rights (the shared model) plus what the account knows."""

    rights: BeneficiaryRights
    code_regime: str
    caisse_code: str
    caisse_name: str
    address_known: bool
    status: str  # "ok" or "rejected" (informations à mettre à jour)


@dataclass(frozen=True)
class CreanceLine:
    reference: str
    issued_on: date
    caisse: str
    initial_amount: str  # decimal euros "30.00"
    remaining_amount: str


@dataclass(frozen=True)
class Creance:
    line: CreanceLine
    balance_total: str
    payment_min: str
    payment_max: str
    others: tuple[CreanceLine, ...]


@dataclass(frozen=True)
class PaymentOrder:
    payment_id: str
    idempotency_key: str
    amount: str
    reference: str
    lines: tuple[str, ...]
    spread: tuple[tuple[str, str], ...]  # (reference, amount), oldest avis first
    transaction_ref: str
    merchant_id: str
    status: str  # "pending" until the result is recorded


@dataclass(frozen=True)
class PaymentResult:
    status: str  # "accepted" or "failed"
    message_fr: str
    receipt: PaymentReceipt | None  # None when failed


@dataclass(frozen=True)
class Message:
    id: int
    kind: str  # "message" or "notification"
    title: str
    body: str
    created_at: str
    expires_at: str


@dataclass(frozen=True)
class MessagePage:
    """``items``: the messages from ``offset`` (0: the newest) of the ``total`` not yet expired."""
    items: tuple[Message, ...]
    total: int
    offset: int

    @property
    def more(self) -> bool:
        return self.offset + len(self.items) < self.total


def _line(item: Mapping[str, Any]) -> CreanceLine:
    return CreanceLine(item["reference"], date.fromisoformat(item["issued_on"]), item["caisse"],
                       item["initial_amount"], item["remaining_amount"])


class BackendClient:
    """Calls of the /v1 API; keeps the person's session token until ``close_session``."""

    def __init__(self, base_url: str, terminal_key: str, connect_timeout: float = 3.0, read_timeout: float = 10.0,
                 retries: int = 2, ca_bundle: str | None = None, client_cert: str | None = None,
                 terminal_id: str = "", call_deadline: float = 20.0, proxy: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.call_deadline = call_deadline
        self.retries = retries
        # (reference, lines, amount) → idempotency key of the order not yet settled: one tap, one order
        self._open_orders: dict[tuple[str, tuple[str, ...], str], str] = {}
        self.terminal_id = terminal_id
        self._token: str | None = None
        self.http = requests.Session()
        self.http.trust_env = False
        self.http.proxies = {"http": proxy, "https": proxy} if proxy else {}
        self.http.headers["X-Terminal-Key"] = terminal_key
        self.http.headers["User-Agent"] = "bms-kiosk-client/1"
        self.http.verify = ca_bundle if ca_bundle else True
        if client_cert:
            self.http.cert = client_cert
        retry = Retry(total=retries, connect=retries, read=retries, status=retries, other=0,
                      allowed_methods=frozenset({"GET", "HEAD"}), status_forcelist=(502, 503, 504),
                      backoff_factor=0.1, raise_on_status=False, respect_retry_after_header=False)
        adapter = _DeadlineAdapter(max_retries=retry)
        self.http.mount("http://", adapter)
        self.http.mount("https://", adapter)

    @classmethod
    def from_config(cls, config: Mapping[str, Any], base_url: str | None = None,
                    terminal_key: str | None = None) -> "BackendClient":
        return cls(base_url or config["backend_url"], terminal_key or config["backend_terminal_key"],
                   connect_timeout=config["backend_connect_timeout"], read_timeout=config["backend_read_timeout"],
                   retries=config["backend_retries"], ca_bundle=config["backend_ca_bundle"] or None,
                   client_cert=config["backend_client_cert"] or None, terminal_id=config["terminal_id"],
                   call_deadline=config["backend_call_delay"], proxy=config["backend_proxy"] or None)

    @property
    def has_session(self) -> bool:
        return self._token is not None

    def close(self) -> None:
        self.http.close()

    # --- transport
    def _send(self, method: str, path: str, *, json: Any = None, params: Any = None,
              headers: Mapping[str, str] | None = None, session: bool = True,
              deadline: float | None = None) -> requests.Response:
        hdrs = dict(headers or {})
        if session:
            if self._token is None:
                raise SessionExpiredError(code="session_invalid")
            hdrs["X-Session-Token"] = self._token
        deadline = deadline if deadline is not None else time.monotonic() + self.call_deadline
        left = deadline - time.monotonic()
        if left <= 0:
            raise BackendTimeoutError(code="deadline")
        me = threading.get_ident()
        timer = threading.Timer(left, _cut, (me,))
        timer.daemon = True
        timer.start()
        try:
            return self.http.request(method, self.base_url + path, json=json, params=params, headers=hdrs,
                                     timeout=(min(self.timeout[0], left), min(self.timeout[1], left)))
        except requests.exceptions.RequestException as exc:
            if time.monotonic() >= deadline:
                raise BackendTimeoutError(code="deadline") from exc
            raise self._transport_error(exc) from exc
        finally:
            timer.cancel()
            timer.join()  # a cut already under way ends before the marks are cleared
            _IN_USE.pop(me, None)
            _PAST_DEADLINE.discard(me)

    @staticmethod
    def _transport_error(exc: requests.exceptions.RequestException) -> BackendError:
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return BackendUnreachableError(code="connect_timeout")
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return BackendTimeoutError(code="read_timeout")
        if isinstance(exc, requests.exceptions.SSLError):
            return BackendUnreachableError(code="tls")
        if isinstance(exc, requests.exceptions.ConnectionError):
            if _is_protocol_garbage(exc):
                return BackendProtocolError(code="garbage")
            if "timed out" in str(exc).lower():
                return BackendTimeoutError(code="read_timeout")
            return BackendUnreachableError(code="unreachable")
        return BackendProtocolError(code="request")

    def _call(self, method: str, path: str, *, retry_safe: bool = False, **kw: Any) -> Any:
        """One call; ``retry_safe`` POSTs (same idempotency key) are retried on transport failures."""
        attempts = 1 + (self.retries if retry_safe else 0)
        deadline = time.monotonic() + self.call_deadline
        for attempt in range(attempts):
            try:
                response = self._send(method, path, deadline=deadline, **kw)
                break
            except (BackendUnreachableError, BackendTimeoutError) as exc:
                if attempt + 1 >= attempts or exc.code == "deadline":
                    raise
                time.sleep(0.1 * (2 ** attempt))
        return self._decode(response)

    def _decode(self, response: requests.Response) -> Any:
        status = response.status_code
        if status == 204:
            return None
        try:
            data = response.json()
        except ValueError:
            raise BackendProtocolError(code="garbage", status=status) from None
        if 200 <= status < 300:
            if not isinstance(data, dict):
                raise BackendProtocolError(code="garbage", status=status)
            return data
        detail = data.get("detail") if isinstance(data, dict) else None
        if status >= 500 or not isinstance(detail, dict) or detail.get("code") not in CODE_TO_CLASS:
            raise BackendProtocolError(code="http_%d" % status, status=status)
        code, message = detail["code"], detail.get("message") or None
        if code == "session_invalid":
            self._token = None
        cls = CODE_TO_CLASS[code]
        if cls is WrongCodeError:
            raise WrongCodeError(int(detail.get("attempts_left", 0)), message, code=code, status=status)
        if cls is NotEligibleError:
            raise NotEligibleError(str(detail.get("reason", "")), message, code=code, status=status)
        if cls is InvalidFieldError:
            raise InvalidFieldError(str(detail.get("field", "")), message, code=code, status=status)
        if cls is TooManyRequestsError:
            after = detail.get("retry_after")
            raise TooManyRequestsError(message, retry_after=int(after) if isinstance(after, (int, float)) else None,
                                       code=code, status=status)
        raise cls(message, code=code, status=status)

    def _wrap(self, fn, *args: Any) -> Any:
        try:
            return fn(*args)
        except (KeyError, TypeError, ValueError) as exc:  # the answer lacks what the contract promises
            raise BackendProtocolError(code="schema") from exc

    # --- service
    def health(self) -> dict[str, Any]:
        return self._call("GET", API + "/health", session=False)

    # --- sessions
    def _opened(self, data: dict[str, Any]) -> SessionInfo:
        def build() -> SessionInfo:
            info = SessionInfo(data["assure"].get("nom", ""), data["assure"].get("prenom", ""), data["expires_at"],
                               tuple(data["beneficiaries"]), bool(data["oc_overlap"]))
            self._token = data["token"]
            self._open_orders.clear()  # a new visit: no tap of the last one is repeated
            return info
        return self._wrap(build)

    def open_session(self, card_nirs: Iterable[str], code: str) -> SessionInfo:
        """Open the person's session with the card's NIRs (assuré first) and the code de sécurité.

        Raises WrongCodeError(attempts_left) (an unknown card too), AccountLockedError.
        """
        data = self._call("POST", API + "/sessions", json={"card_nirs": list(card_nirs), "code": code},
                          session=False)
        return self._opened(data)

    def request_sms_code(self, card_nirs: Iterable[str]) -> str:
        """Send a one-time code to the mobile on file; returns it masked, "06 ** ** ** 78"."""
        return self.send_sms_code(card_nirs).masked_mobile

    def send_sms_code(self, card_nirs: Iterable[str]) -> SmsCodeSent:
        """Send a one-time code to the mobile on file: where (masked), how long it is valid, its length.

        Raises NotEligibleError("no_mobile"), TooManyRequestsError(retry_after) when one was sent
        less than ``sms_resend_delay`` ago, AccountLockedError.
        """
        data = self._call("POST", API + "/sessions/sms", json={"card_nirs": list(card_nirs)}, session=False)
        return self._wrap(lambda: SmsCodeSent(str(data["masked_mobile"]), int(data["validity_seconds"]),
                                              int(data["code_length"])))

    def open_session_sms(self, card_nirs: Iterable[str], sms_code: str) -> SessionInfo:
        data = self._call("POST", API + "/sessions/sms/verify",
                          json={"card_nirs": list(card_nirs), "sms_code": sms_code}, session=False)
        return self._opened(data)

    def close_session(self) -> None:
        """End the person's session on the server (best effort) and forget the token."""
        if self._token is None:
            return
        try:
            self._call("DELETE", API + "/sessions/current")
        except BackendError:
            pass
        finally:
            self._token = None
            self._open_orders.clear()

    # --- droits
    def rights(self) -> list[RightsEntry]:
        data = self._call("GET", API + "/rights")
        return self._wrap(lambda: [RightsEntry(_rights(b), b["code_regime"], b["caisse_code"], b["caisse_name"],
                                               bool(b["address_known"]), b["status"])
                                   for b in data["beneficiaries"]])

    def attestation(self, beneficiary_nir: str | None = None, include_exoneration: bool = False) -> AttestationData:
        """Attestation de droits for everyone (None) or one person on the card.

        Raises NoOpenRightsError, AddressUnknownError, AttestationRejectedError,
        InvalidFieldError("beneficiary") for a person not on the card.
        """
        # POST (no NIR in URLs, hence in logs); without side effect, so retried like a GET
        data = self._call("POST", API + "/attestations/droits", retry_safe=True,
                          json={"beneficiary_nir": beneficiary_nir, "include_exoneration": include_exoneration})
        return self._wrap(lambda: AttestationData(
            assure_nir=data["assure_nir"], assure_name=data["assure_name"], caisse_name=data["caisse_name"],
            caisse_code=data["caisse_code"], code_regime=data["code_regime"],
            beneficiaries=tuple(_rights(b) for b in data["beneficiaries"]),
            include_exoneration=bool(data["include_exoneration"]), issued_on=date.fromisoformat(data["issued_on"]),
            terminal_id=data.get("terminal_id") or self.terminal_id,
            code_organisme=str(data.get("code_organisme", ""))))

    def attestation_ij(self) -> dict[str, Any]:
        """Attestation de paiement d'indemnités journalières: periods, total (NotEligibleError("no_ij"))."""
        return self._call("GET", API + "/attestations/ij")

    def releve_fiscal(self) -> dict[str, Any]:
        """Relevé fiscal: year, total_imposable, available_until (NotEligibleError("releve_expired"))."""
        return self._call("GET", API + "/releve-fiscal")

    # --- créances
    def creance_lookup(self, reference: str) -> Creance:
        """The créance of an avis reference (16 digits + 1 capital letter) and the other unpaid ones.

        Raises InvalidFieldError("reference"), NotEligibleError(reason) with reason
        "reference_not_open", "service_not_eligible" or "remaining_below_minimum".
        """
        data = self._call("GET", API + "/creances/" + requests.utils.quote(reference, safe=""))
        return self._wrap(lambda: Creance(_line(data), data["balance_total"], data["payment_min"],
                                          data["payment_max"], tuple(_line(o) for o in data["others"])))

    def pay_creance(self, reference: str, lines: Iterable[str], amount: str,
                    idempotency_key: str | None = None) -> PaymentOrder:
        """Record a payment order (before the card payment). Give the same ``idempotency_key`` to
        retry an order whose answer was lost: it is recorded once. Amount: decimal string "25.50".
        """
        lines = tuple(lines)
        order = (reference, lines, str(amount))
        key = idempotency_key or self._open_orders.get(order) or str(uuid.uuid4())
        self._open_orders[order] = key
        data = self._call("POST", API + "/creances/payments", retry_safe=True,
                          json={"reference": reference, "lines": list(lines), "amount": str(amount)},
                          headers={"Idempotency-Key": key})
        return self._wrap(lambda: self._order(data, key))

    @staticmethod
    def _order(data: dict[str, Any], key: str) -> PaymentOrder:
        return PaymentOrder(data["payment_id"], key, data["amount"], data["reference"], tuple(data["lines"]),
                            tuple((s["reference"], s["amount"]) for s in data["spread"]), data["transaction_ref"],
                            data["merchant_id"], data["status"])

    def payment_result(self, payment_id: str, accepted: bool, authorisation_number: str = "",
                       card_last4: str = "") -> PaymentResult:
        """Record the card terminal's outcome; applied once by the server (safe to repeat)."""
        body = {"status": "accepted" if accepted else "failed", "authorisation_number": authorisation_number,
                "card_last4": card_last4}
        data = self._call("POST", f"{API}/creances/payments/{requests.utils.quote(payment_id, safe='')}/result",
                          retry_safe=True, json=body, session=False)
        self._open_orders.clear()  # settled: the next tap is a new order
        return self._wrap(lambda: self._result(data))

    def payment_status(self, payment_id: str) -> PaymentResult:
        data = self._call("GET", f"{API}/creances/payments/{requests.utils.quote(payment_id, safe='')}",
                          session=False)
        return self._wrap(lambda: self._result(data))

    def _result(self, data: dict[str, Any]) -> PaymentResult:
        receipt = None
        if data["status"] == "accepted":
            receipt = PaymentReceipt(amount=data["amount"], transaction_ref=data["transaction_ref"],
                                     merchant_id=data["merchant_id"],
                                     authorisation_number=data["authorisation_number"],
                                     masked_card=data["masked_card"], paid_at=data["paid_at"],
                                     avis_references=tuple(data["lines"]), terminal_id=self.terminal_id)
        return PaymentResult(data["status"], data.get("message", ""), receipt)

    # --- OC
    def oc_overlaps(self) -> dict[str, Any]:
        """status "none" | "open" | "excluded" (exclusion.reason) | "pending" (request.requested_at)."""
        return self._call("GET", API + "/oc/overlaps")

    def choose_oc(self, choices: Mapping[str, str], idempotency_key: str | None = None) -> dict[str, Any]:
        """One OC id per beneficiary concerned ({nir: oc_id}), all in one go; recorded once per key."""
        key = idempotency_key or str(uuid.uuid4())
        body = {"choices": [{"beneficiary_nir": n, "oc_id": o} for n, o in choices.items()]}
        return self._call("POST", API + "/oc/choices", retry_safe=True, json=body,
                          headers={"Idempotency-Key": key})

    # --- messages
    def messages(self, offset: int = 0, limit: int = MESSAGES_PER_PAGE) -> MessagePage:
        """A page of the account's messages, newest first."""
        data = self._call("GET", API + "/messages", params={"offset": offset, "limit": limit})
        return self._wrap(lambda: MessagePage(tuple(Message(int(m["id"]), m["kind"], m["title"], m["body"],
                                                            m["created_at"], m["expires_at"])
                                                    for m in data["messages"]), int(data["total"]), offset))


def _is_protocol_garbage(exc: BaseException) -> bool:
    """A ConnectionError whose cause is an unparseable status line (not a refused connection)."""
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, ProtocolError) or type(e).__name__ in ("BadStatusLine", "LineTooLong"):
            text = repr(e)
            if "BadStatusLine" in text or "LineTooLong" in text or "InvalidHeader" in text:
                return True
        for attr in ("reason", "__cause__", "__context__"):
            stack.append(getattr(e, attr, None))
        stack.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
    return False
