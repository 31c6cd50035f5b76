"""The PC/SC adapter: the only module that imports pyscard (``smartcard``).

``PcscConnection`` is a ``CardConnection`` over one PC/SC card handle. ``PcscCardSource`` is a
``CardSource``: a watcher thread of our own (pyscard's CardMonitor dies silently and misses a
card present at start) that blocks in ``SCardGetStatusChange`` with a short timeout, reads each
inserted card on that same thread, and recreates its PC/SC context after any error (contexts
go stale after a pcscd restart or a reader unplug). Nothing PC/SC is cached across an error.

The low-level ``smartcard.scard`` API is used: it returns PC/SC codes instead of raising, so
every failure maps to one of our typed errors in ``error_for_code``.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any, Callable

from smartcard import scard
from smartcard.Exceptions import SmartcardException
from smartcard.pcsc.PCSCExceptions import BaseSCardException

from bms_kiosk.hardware.card_errors import (CardCommunicationError, CardError, CardRemovedError,
                                            NoReaderError, PcscUnavailableError, UnexpectedCardError)
from bms_kiosk.hardware.card_events import (CardEvent, CardInserted, CardRead, CardReadFailed,
                                            CardRemoved, ReaderState, ReaderStatus)
from bms_kiosk.hardware.vitale import read_vitale
from bms_client.models import VitaleCard

log = logging.getLogger(__name__)

_REMOVED = {scard.SCARD_W_REMOVED_CARD, scard.SCARD_E_NO_SMARTCARD}
_SERVICE = {scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED, scard.SCARD_E_INVALID_HANDLE,
            scard.SCARD_F_COMM_ERROR if hasattr(scard, "SCARD_F_COMM_ERROR") else 0x80100013}
_NO_READER = {scard.SCARD_E_UNKNOWN_READER, scard.SCARD_E_READER_UNAVAILABLE,
              scard.SCARD_E_NO_READERS_AVAILABLE}
# A card pulled during a command gives "not transacted" before pcscd notices it is gone.
_MAYBE_REMOVED = {scard.SCARD_E_NOT_TRANSACTED, scard.SCARD_W_UNRESPONSIVE_CARD,
                  scard.SCARD_W_UNPOWERED_CARD, scard.SCARD_W_RESET_CARD}
_REMOVAL_CONFIRM_MS = 1500


def _code(value: int) -> int:
    return value & 0xFFFFFFFF


def error_for_code(code: int) -> CardError:
    code = _code(code)
    if code in {_code(c) for c in _REMOVED}:
        return CardRemovedError(f"carte retirée (0x{code:08X})")
    if code in {_code(c) for c in _SERVICE}:
        return PcscUnavailableError(f"service PC/SC indisponible (0x{code:08X})")
    if code in {_code(c) for c in _NO_READER}:
        return NoReaderError(f"lecteur absent (0x{code:08X})")
    return CardCommunicationError(code)


def error_for_exception(exc: BaseException) -> CardError:
    """pyscard's exceptions (high-level API) → ours. EstablishContextException is not a
    SmartcardException subclass: both families carry ``hresult``."""
    code = getattr(exc, "hresult", None)
    if isinstance(code, int) and code != -1:
        return error_for_code(code)
    return CardCommunicationError(0)


def establish_context() -> Any:
    hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hr != scard.SCARD_S_SUCCESS:
        # Whatever the code, no context means no usable service.
        raise PcscUnavailableError(f"contexte PC/SC impossible (0x{_code(hr):08X})")
    return ctx


def release_context(ctx: Any) -> None:
    try:
        scard.SCardReleaseContext(ctx)
    except (SmartcardException, BaseSCardException, SystemError, ValueError):
        pass


def list_readers(ctx: Any) -> list[str]:
    hr, readers = scard.SCardListReaders(ctx, [])
    if _code(hr) in (_code(scard.SCARD_E_NO_READERS_AVAILABLE),):
        return []
    if hr != scard.SCARD_S_SUCCESS:
        raise error_for_code(hr)
    return list(readers)


@dataclass(frozen=True)
class ReaderSnapshot:
    name: str
    card_present: bool
    atr: bytes = b""


def snapshot_readers() -> list[ReaderSnapshot]:
    """Every reader and the ATR of the card in it: a status query, no connect (diagnostics).

    Raises PcscUnavailableError when pcscd cannot be reached, another CardError otherwise."""
    ctx = establish_context()
    try:
        snapshots = []
        for name in list_readers(ctx):
            hr, states = scard.SCardGetStatusChange(ctx, 0, [(name, scard.SCARD_STATE_UNAWARE)])
            if hr != scard.SCARD_S_SUCCESS or not states:
                snapshots.append(ReaderSnapshot(name, False))
                continue
            _name, event_state, atr = states[0]
            present = bool(event_state & scard.SCARD_STATE_PRESENT)
            snapshots.append(ReaderSnapshot(name, present, bytes(atr) if present else b""))
        return snapshots
    finally:
        release_context(ctx)


class PcscConnection:
    """``CardConnection`` over one card in one reader; ``close()`` before pcscd stops."""

    def __init__(self, ctx: Any, reader: str, own_context: bool = False) -> None:
        self.reader = reader
        self._ctx = ctx
        self._own_context = own_context
        hr, self._card, self._protocol = scard.SCardConnect(
            ctx, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        if hr != scard.SCARD_S_SUCCESS:
            self._card = None
            if own_context:
                release_context(ctx)
            raise error_for_code(hr)

    @classmethod
    def open(cls, reader_name_prefix: str = "") -> "PcscConnection":
        """A connection with its own context to the first matching reader (tools, tests)."""
        ctx = establish_context()
        try:
            readers = [r for r in list_readers(ctx) if r.startswith(reader_name_prefix)]
        except CardError:
            release_context(ctx)
            raise
        if not readers:
            release_context(ctx)
            raise NoReaderError(reader_name_prefix or "aucun lecteur")
        return cls(ctx, readers[0], own_context=True)

    def __enter__(self) -> "PcscConnection":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fail(self, hr: int) -> CardError:
        if _code(hr) in {_code(c) for c in _MAYBE_REMOVED} and self._card_gone():
            return CardRemovedError(f"carte retirée pendant la lecture (0x{_code(hr):08X})")
        return error_for_code(hr)

    def _card_gone(self) -> bool:
        """Waits briefly for pcscd to see the card leave (it polls the reader every ~0.4 s)."""
        states = [(self.reader, scard.SCARD_STATE_PRESENT)]
        hr, new = scard.SCardGetStatusChange(self._ctx, _REMOVAL_CONFIRM_MS, states)
        if hr != scard.SCARD_S_SUCCESS:
            return _code(hr) != _code(scard.SCARD_E_TIMEOUT)
        return not new[0][1] & scard.SCARD_STATE_PRESENT

    def atr(self) -> bytes:
        if self._card is None:
            raise CardRemovedError("connexion fermée")
        hr, _reader, _state, _protocol, atr = scard.SCardStatus(self._card)
        if hr != scard.SCARD_S_SUCCESS:
            raise self._fail(hr)
        return bytes(atr)

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        if self._card is None:
            raise CardRemovedError("connexion fermée")
        hr, response = scard.SCardTransmit(self._card, self._protocol, list(apdu))
        if hr != scard.SCARD_S_SUCCESS:
            raise self._fail(hr)
        if len(response) < 2:
            # pyscard reports pcscd's "not transacted" (card pulled mid-command) as success
            # with an empty response.
            raise self._fail(scard.SCARD_E_NOT_TRANSACTED)
        return bytes(response[:-2]), (response[-2] << 8) | response[-1]

    def close(self) -> None:
        card, self._card = self._card, None
        if card is not None:
            try:
                scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
            except (SmartcardException, BaseSCardException, SystemError, ValueError):
                pass
        if self._own_context and self._ctx is not None:
            release_context(self._ctx)
            self._ctx = None


class PcscCardSource:
    """``CardSource`` over PC/SC: see the module docstring."""

    def __init__(self, reader_name_prefix: str = "", poll_delay: float = 0.25,
                 reader_fn: Callable[..., VitaleCard] = read_vitale) -> None:
        self.reader_name_prefix = reader_name_prefix
        self.poll_delay = poll_delay
        self.reader_fn = reader_fn
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._on_event: Callable[[CardEvent], None] | None = None
        # Watcher-thread state.
        self._status: ReaderStatus | None = None
        self._card_reader: str | None = None  # reader holding the card we reported
        self._card_atr = b""
        self._again = threading.Event()  # read_again() asked: the watcher reads the card in once more
        self._card_events = -1  # pcscd's event counter when that card was seen
        self._known_reader: str | None = None
        self._known = 0  # last state pcscd gave for _known_reader (GetStatusChange blocks on it)

    @classmethod
    def from_config(cls, config: Any) -> "PcscCardSource":
        """From the settings ``reader_name``, ``reader_poll_delay`` and ``apdu_trace``."""
        trace = bool(config.apdu_trace)
        return cls(reader_name_prefix=config.reader_name, poll_delay=config.reader_poll_delay,
                   reader_fn=lambda conn: read_vitale(conn, trace=trace))

    def start(self, on_event: Callable[[CardEvent], None]) -> None:
        if self._thread is not None:
            raise RuntimeError("source déjà démarrée")
        self._on_event = on_event
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True, name="pcsc-card-source")
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=max(5.0, 4 * self.poll_delay))
            self._thread = None

    def read_again(self) -> None:
        """See ``CardSource``: done by the watcher at its next poll (within ``poll_delay``)."""
        self._again.set()

    def _emit(self, event: CardEvent) -> None:
        assert self._on_event is not None
        try:
            self._on_event(event)
        except Exception:  # a broken listener must not kill the watcher
            log.exception("écouteur d'événements carte en erreur")

    def _set_status(self, state: ReaderState, readers: tuple[str, ...] = ()) -> None:
        status = ReaderStatus(state, readers)
        if status != self._status:
            self._status = status
            log.info("lecteur : %s %s", state.value, ", ".join(readers))
            self._emit(status)

    def _card_gone(self) -> None:
        if self._card_reader is not None:
            reader, self._card_reader = self._card_reader, None
            self._emit(CardRemoved(reader))

    def _run(self) -> None:
        ctx: Any = None
        try:
            while not self._stop.is_set():
                if ctx is None:
                    self._known_reader = None
                    try:
                        ctx = establish_context()
                    except CardError:
                        self._down()
                        continue
                try:
                    self._poll_once(ctx)
                except PcscUnavailableError:
                    release_context(ctx)
                    ctx = None
                    self._down()
                except Exception as exc:  # unplugged reader, stale context, anything: start afresh
                    if not isinstance(exc, CardError):
                        log.exception("erreur inattendue de la surveillance du lecteur")
                    log.info("contexte PC/SC recréé après %s", type(exc).__name__)
                    release_context(ctx)
                    ctx = None
                    self._stop.wait(self.poll_delay)
        finally:
            if ctx is not None:
                release_context(ctx)
            self._card_gone()

    def _down(self) -> None:
        self._card_gone()
        self._set_status(ReaderState.SERVICE_DOWN)
        self._stop.wait(self.poll_delay)

    def _poll_once(self, ctx: Any) -> None:
        readers = list_readers(ctx)
        matching = [r for r in readers if r.startswith(self.reader_name_prefix)]
        if not matching:
            self._card_gone()
            self._set_status(ReaderState.NO_READER, tuple(readers))
            self._stop.wait(self.poll_delay)
            return
        reader = matching[0]
        if self._card_reader not in (None, reader):
            self._card_gone()
        self._set_status(ReaderState.READY, tuple(readers))
        if reader != self._known_reader:
            self._known_reader, self._known = reader, scard.SCARD_STATE_UNAWARE
        if self._again.is_set():
            self._again.clear()
            if self._card_reader == reader:  # still in, as far as we know (pulled: the read says so)
                self._emit(CardInserted(reader, self._card_atr))
                self._read(ctx, reader)
                return
        hr, states = scard.SCardGetStatusChange(ctx, int(self.poll_delay * 1000), [(reader, self._known)])
        if _code(hr) == _code(scard.SCARD_E_TIMEOUT):
            return
        if hr != scard.SCARD_S_SUCCESS:
            raise error_for_code(hr)
        _name, event_state, atr = states[0]
        self._known = event_state & ~scard.SCARD_STATE_CHANGED
        present = bool(event_state & scard.SCARD_STATE_PRESENT)
        events = (event_state >> 16) & 0xFFFF
        if self._card_reader is not None and (not present or events != self._card_events):
            self._card_gone()  # gone, or out and back in between two polls
        if present and self._card_reader is None:
            self._card_reader, self._card_events, self._card_atr = reader, events, bytes(atr)
            self._emit(CardInserted(reader, bytes(atr)))
            self._read(ctx, reader)
        elif not present and event_state & scard.SCARD_STATE_UNKNOWN:
            raise NoReaderError(reader)

    def _read(self, ctx: Any, reader: str) -> None:
        conn: PcscConnection | None = None
        try:
            conn = PcscConnection(ctx, reader)
            card = self.reader_fn(conn)
        except CardError as exc:
            log.info("lecture de carte en échec : %s", type(exc).__name__)
            self._emit(CardReadFailed(exc))
            if isinstance(exc, PcscUnavailableError):
                raise
            return
        except Exception:
            # Still report a failed read, or the kiosk would wait on this card forever.
            log.exception("erreur inattendue pendant la lecture de carte")
            self._emit(CardReadFailed(UnexpectedCardError("lecture")))
            return
        finally:
            if conn is not None:
                conn.close()
        self._emit(CardRead(card))
