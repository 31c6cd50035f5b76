"""The journey of a visit, as one QStateMachine, testable without widgets.

attract → reading → card_read (auth and services come here) → end → attract, with the global
rules of SPEC.md: card removed → wipe → attract; inactivity → warning → wipe → end; reader
missing → reader_missing; an unexpected error → unavailable, which goes home by itself.
Screens follow ``state_entered``; the journey never touches a widget.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtStateMachine import QState, QStateMachine

from bms_kiosk.config import Config
from bms_kiosk.flow.card_bridge import CardBridge
from bms_kiosk.flow.inactivity import InactivityGuard
from bms_kiosk.flow.session import Session
from bms_kiosk.hardware.card_errors import CardError, CardRemovedError
from bms_kiosk.hardware.card_events import ReaderState, ReaderStatus
from bms_kiosk.screens.texts import card_error_message
from bms_kiosk.services.models import VitaleCard

log = logging.getLogger(__name__)

# States in which a person is using the terminal: the inactivity guard watches them.
GUARDED = {"card_read", "card_error"}


class Journey(QObject):
    state_entered = Signal(str)
    card_shown = Signal(object)  # VitaleCard, for the card_read screen
    error_shown = Signal(object)  # UserMessage, for the card_error / unavailable screens
    session_wiped = Signal()

    # internal triggers of transitions
    _read_ok = Signal()
    _read_failed = Signal()
    _read_aborted = Signal()
    _reader_down = Signal()
    _reader_up = Signal()
    _failed = Signal()
    _go_home = Signal()
    _finish = Signal()

    def __init__(self, config: Config, bridge: CardBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.session = Session()
        self.history: list[str] = []
        self.card_present = False
        self.reader_ready = True
        self.guard = InactivityGuard(config.inactivity_delay, config.inactivity_answer_delay,
                                     config.inactivity_max_extensions, self)
        self.guard.expired.connect(self._on_inactivity_expired)
        self._home_timer = QTimer(self, singleShot=True, interval=int(config.error_return_delay * 1000))
        self._home_timer.timeout.connect(self._leave_unavailable)

        bridge.card_inserted.connect(self._on_card_inserted)
        bridge.card_read.connect(self._on_card_read)
        bridge.card_failed.connect(self._on_card_failed)
        bridge.card_removed.connect(self._on_card_removed)
        bridge.reader_status.connect(self._on_reader_status)

        m = self.machine = QStateMachine(self)
        s = self.states = {name: QState(m) for name in (
            "attract", "reader_missing", "reading", "card_error", "card_read", "unavailable", "end")}
        for name, state in s.items():
            state.setObjectName(name)
            state.entered.connect(lambda n=name: self._entered(n))
        m.setInitialState(s["attract"])

        s["attract"].addTransition(bridge.card_inserted, s["reading"])
        s["attract"].addTransition(self._read_ok, s["card_read"])  # an insert seen only as its read
        s["attract"].addTransition(self._read_failed, s["card_error"])
        s["reading"].addTransition(self._read_ok, s["card_read"])
        s["reading"].addTransition(self._read_failed, s["card_error"])
        s["reading"].addTransition(self._read_aborted, s["attract"])
        s["reader_missing"].addTransition(self._reader_up, s["attract"])
        s["unavailable"].addTransition(self._go_home, s["attract"])
        s["unavailable"].addTransition(self._finish, s["end"])
        s["end"].addTransition(self._go_home, s["attract"])
        for name in ("reading", "card_error", "card_read", "unavailable", "end"):
            s[name].addTransition(bridge.card_removed, s["attract"])
        for name in ("card_error", "card_read"):
            s[name].addTransition(self._finish, s["end"])
        for name in ("attract", "reading", "card_error", "card_read", "unavailable", "end"):
            s[name].addTransition(self._reader_down, s["reader_missing"])
            if name != "unavailable":
                s[name].addTransition(self._failed, s["unavailable"])

    # --- public API
    def start(self) -> None:
        self.machine.start()

    def stop(self) -> None:
        self.machine.stop()
        self.guard.disarm()
        self.session.wipe()

    @property
    def state(self) -> str | None:
        active = [n for n, st in self.states.items() if st.active()]
        return active[0] if active else None

    def fail(self, where: str) -> None:
        """An unexpected error: the person sees "service momentanément indisponible"."""
        log.error("unexpected error in %s: going to the unavailable screen", where)
        self._failed.emit()

    def finish(self) -> None:
        """The person is done: wipe and ask for the card."""
        self._finish.emit()

    # --- state entries
    def _entered(self, name: str) -> None:
        self.history.append(name)
        log.info("state %s", name)
        if name in GUARDED:
            self.guard.arm()
        else:
            self.guard.disarm()
        if name in ("attract", "end", "reader_missing", "unavailable"):
            self._wipe()
        if name == "unavailable":
            self._home_timer.start()
        else:
            self._home_timer.stop()
        self.state_entered.emit(name)
        if name == "end" and not self.card_present:
            QTimer.singleShot(0, self._go_home.emit)
        if name == "attract" and not self.reader_ready:
            QTimer.singleShot(0, self._reader_down.emit)

    def _wipe(self) -> None:
        if self.session.active:
            log.info("session wiped")
        self.session.wipe()
        self.session_wiped.emit()

    # --- card events
    def _on_card_inserted(self, _event: object) -> None:
        self.card_present = True

    def _on_card_read(self, card: VitaleCard) -> None:
        self.card_present = True
        if self.state not in ("attract", "reading"):
            return
        self.session.card = card
        log.info("card read: %d beneficiaire(s)", len(card.beneficiaries))
        self.card_shown.emit(card)
        self._read_ok.emit()

    def _on_card_failed(self, error: CardError) -> None:
        log.warning("card read failed: %s", type(error).__name__)
        if isinstance(error, CardRemovedError):
            self.card_present = False
            self._read_aborted.emit()
            return
        self.card_present = True
        self.error_shown.emit(card_error_message(error))
        self._read_failed.emit()

    def _on_card_removed(self) -> None:
        self.card_present = False

    def _on_reader_status(self, status: ReaderStatus) -> None:
        ready = status.state is ReaderState.READY
        log.info("reader status %s (%d reader(s))", status.state.value, len(status.readers))
        self.reader_ready = ready
        if ready:
            self._reader_up.emit()
        else:
            self.card_present = False
            self._reader_down.emit()

    def _on_inactivity_expired(self) -> None:
        log.info("inactivity: session ended")
        self._finish.emit()

    def _leave_unavailable(self) -> None:
        if self.card_present:
            self._finish.emit()
        else:
            self._go_home.emit()
