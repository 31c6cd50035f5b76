"""The journey of a visit, as one QStateMachine, testable without widgets. It names no service.

attract → reading → auth → menu → service sub-flow → end → attract. The core owns the states
every visit shares (``states.Core``) and the global rules of SPEC.md, applied to every step
without a service saying so: card removed → wipe → attract; inactivity → warning → wipe → end;
reader missing → reader_missing; backend unreachable or an unexpected error → unavailable, which
goes home by itself; ACCUEIL → menu; RETOUR → the step's declared ``back``; AIDE (window).

Each service (``kiosk_services``) declares its steps (``flow.steps``); the core merges them into
the one machine and hands the steps' intents to the service's flow object. The screens follow
``state_entered`` and ``view_shown``; the journey never touches a widget. Every blocking call
(HTTP, CUPS) runs on the TaskRunner's threads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtStateMachine import QState, QStateMachine

from bms_kiosk.settings import Config
from bms_kiosk.flow.card_bridge import CardBridge
from bms_kiosk.flow.inactivity import InactivityGuard
from bms_kiosk.flow.printing import PrintStep
from bms_kiosk.flow.session import Session
from bms_kiosk.flow.states import CARD_REFUSED, TECHNICIAN, WIPING, Core, PrintRole, UnknownStateError
from bms_kiosk.flow.steps import ServiceSpec, Step
from bms_kiosk.flow.tasks import TaskRunner
from bms_kiosk.hardware.card_errors import CardError, CardRemovedError
from bms_kiosk.hardware.card_events import ReaderState, ReaderStatus
from bms_kiosk.screens import texts
from bms_kiosk.screens.texts import UserMessage, card_error_message
from bms_client.models import VitaleCard

log = logging.getLogger(__name__)

# The core's own moves: state → states it may go to by an intent of the person or a task's result.
# Card removal, reader loss and failures are global (see _global_targets).
CORE_MOVES: dict[str, tuple[str, ...]] = {
    Core.ATTRACT: (Core.READING, Core.AUTH, Core.CARD_ERROR, Core.OUT_OF_SERVICE, Core.TECH_CODE),
    Core.READING: (Core.AUTH, Core.CARD_ERROR, Core.ATTRACT),
    Core.CARD_ERROR: (Core.END,),
    Core.AUTH: (Core.MENU, Core.LOCKED, Core.END, Core.AUTH_SMS),
    Core.AUTH_SMS: (Core.MENU, Core.LOCKED, Core.END, Core.AUTH),
    Core.LOCKED: (Core.END,),
    Core.MENU: (Core.END,),
    Core.UNAVAILABLE: (Core.END, Core.ATTRACT),
    Core.END: (Core.ATTRACT,),
    # Card-less, reached from the card-less home screens only: a session in progress is never
    # shown to a technician.
    Core.READER_MISSING: (Core.ATTRACT, Core.TECH_CODE),
    Core.OUT_OF_SERVICE: (Core.ATTRACT, Core.TECH_CODE),
    Core.TECH_CODE: (Core.ATTRACT, Core.MAINTENANCE),
    Core.MAINTENANCE: (Core.ATTRACT,),
}
# States in which a person is using the terminal: the inactivity guard watches them.
CORE_GUARDED = frozenset({Core.CARD_ERROR, Core.AUTH, Core.AUTH_SMS, Core.LOCKED, Core.MENU})
# Screens a person reads once (as a service step's ``leaves_after_delay``): they never leave while the
# person may still be reading; after error_return_delay without a touch the inactivity warning
# ("Êtes-vous toujours là ?", its countdown, CONTINUER) comes, then "end". With no card in, nobody
# is there: "unavailable" goes back to the card-less home after error_return_delay.
CORE_READ_ONCE = frozenset({Core.LOCKED, Core.UNAVAILABLE})
HISTORY_LENGTH = 1000  # states kept in Journey.history (tests and the failsafe read the last ones)
# RETOUR on the core's own screens
CORE_BACK = {Core.AUTH_SMS: Core.AUTH}


@dataclass
class Services:
    """What the journey calls, all blocking, all run off the GUI thread."""

    backend_factory: Callable[[], Any]  # → a BackendClient for one visit
    printer: Any  # hardware.printer.Printer


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: str
    summary: str
    refused: str = ""  # why it cannot be used now (greyed, not hidden); "" when offered


@dataclass(frozen=True)
class MenuView:
    display_name: str
    entries: tuple[MenuEntry, ...]


def default_catalogue() -> tuple[ServiceSpec, ...]:
    from bms_kiosk.kiosk_services import REGISTERED

    return REGISTERED


class Journey(QObject):
    state_entered = Signal(str)
    card_shown = Signal(object)  # VitaleCard
    message_shown = Signal(str, object)  # screen name, UserMessage
    view_shown = Signal(str, object)  # a service step's screen name, its view model
    auth_feedback = Signal(str)  # on the code screen shown (code de sécurité or SMS): wrong code, SMS refused…
    sms_sent = Signal(str)  # masked mobile
    sms_code_sent = Signal(object, bool)  # bms_client SmsCodeSent, True when it replaces an earlier code
    sms_refused = Signal(str)  # no SMS can be sent to this person (no mobile on file): why
    menu_shown = Signal(object)  # MenuView
    busy = Signal(bool)
    session_wiped = Signal()
    reported = Signal(str, str)  # states.Report, its value: a service's outcome for supervision (metrics)

    def __init__(self, config: Config, bridge: CardBridge, services: Services | None = None,
                 catalogue: Iterable[ServiceSpec] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.services = services
        self.session = Session()
        self.history: list[str] = []  # the states entered: the last HISTORY_LENGTH, up to twice that
        self.card_present = False
        self.reader_ready = True
        # Set by the health monitor or the technician (maintenance/): what the attract screen refuses.
        self.out_of_service: UserMessage | None = None
        self.refused_services: dict[str, str] = {}  # service key → why (menu)
        self.tasks = TaskRunner(self)
        self.backend: Any = None
        self.catalogue: tuple[ServiceSpec, ...] = tuple(sorted(
            default_catalogue() if catalogue is None else catalogue, key=lambda s: (s.order, s.key)))
        self._merge_services()

        self.bridge = bridge
        self.guard = InactivityGuard(config.inactivity_delay, config.inactivity_answer_delay,
                                     config.inactivity_max_extensions, self)
        self.guard.expired.connect(self._on_inactivity_expired)
        self._leave_timer = QTimer(self, singleShot=True, interval=int(config.error_return_delay * 1000))
        self._leave_timer.timeout.connect(self._leave_by_itself)
        # The printer adapter enforces its own time limit while it follows a job, but a libcups
        # call can block with none: the person is never left on "Impression en cours…".
        self._print_limit = QTimer(self, singleShot=True, interval=int((config.print_timeout_delay + 30) * 1000))
        self._print_limit.timeout.connect(self._on_print_stuck)
        self._step: Step | None = None

        bridge.card_inserted.connect(self._on_card_inserted)
        bridge.card_read.connect(self._on_card_read)
        bridge.card_failed.connect(self._on_card_failed)
        bridge.card_removed.connect(self._on_card_removed)
        bridge.reader_status.connect(self._on_reader_status)

        m = self.machine = QStateMachine(self)
        s = self.states = {name: QState(m) for name in self.moves}
        for name, state in s.items():
            state.setObjectName(name)
            state.entered.connect(lambda n=name: self._entered(n))
        m.setInitialState(s[Core.ATTRACT])
        # One argument-less signal per state: "go to X" is X's signal. (A QSignalTransition subclass
        # filtering one Signal(str) on its argument was tried: PySide6 6.12 loses a reference to
        # True/False in every overridden eventTest call and the interpreter aborts after a few
        # hundred visits.)
        gotos = type("_Gotos", (QObject,), {name: Signal() for name in self.moves})
        self._gotos = gotos(self)
        for source, targets in self.moves.items():
            if source not in (Core.ATTRACT, Core.OUT_OF_SERVICE) and source not in TECHNICIAN \
                    and source != Core.READER_MISSING:
                s[source].addTransition(bridge.card_removed, s[Core.ATTRACT])
            for target in (*targets, *self._global_targets(source)):
                s[source].addTransition(getattr(self._gotos, target), s[target])
        s[Core.ATTRACT].addTransition(bridge.card_inserted, s[Core.READING])

    # --- merging the services' declarations
    def _merge_services(self) -> None:
        self.steps: dict[str, Step] = {}
        self.step_service: dict[str, ServiceSpec] = {}
        self.handlers: dict[str, Any] = {}
        self.flows: dict[str, Any] = {}
        self.printing: dict[str, PrintStep] = {}
        moves = {str(name): tuple(map(str, targets)) for name, targets in CORE_MOVES.items()}
        for spec in self.catalogue:
            if spec.key in self.flows:
                raise ValueError(f"service {spec.key!r} registered twice")
            flow = self.flows[spec.key] = spec.flow(self)
            printer = None
            if spec.document is not None:
                printer = self.printing[spec.key] = PrintStep(self, spec.document)
            moves[Core.MENU] += tuple(map(str, spec.entries))
            moves[Core.AUTH] += tuple(map(str, spec.login_entries))
            moves[Core.AUTH_SMS] += tuple(map(str, spec.login_entries))
            for step in spec.all_steps():
                if step.name in moves:
                    raise ValueError(f"state {step.name!r} declared twice")
                self.steps[str(step.name)] = step
                self.step_service[str(step.name)] = spec
                self.handlers[str(step.name)] = printer if step.role is not None else flow
                targets = list(map(str, (*step.moves, *step.back_targets)))
                if not step.busy:  # ACCUEIL and TERMINER
                    targets += [str(Core.MENU), str(Core.END)]
                moves[str(step.name)] = tuple(dict.fromkeys(targets))
        for name, targets in moves.items():
            for target in targets:
                if target not in moves:
                    raise UnknownStateError(f"{name} moves to {target!r}, which nobody declares")
        self.moves = moves

    @staticmethod
    def _global_targets(source: str) -> tuple[str, ...]:
        extra: list[str] = []
        if source != Core.READER_MISSING and source not in TECHNICIAN:
            extra.append(Core.READER_MISSING)
        if source not in (Core.UNAVAILABLE, Core.READER_MISSING):
            extra.append(Core.UNAVAILABLE)
        return tuple(map(str, extra))

    @property
    def printing_services(self) -> frozenset[str]:
        return frozenset(spec.key for spec in self.catalogue if spec.prints)

    def is_guarded(self, name: str) -> bool:
        step = self.steps.get(name)
        return step.guarded if step is not None else name in CORE_GUARDED

    # --- public API
    def start(self) -> None:
        self.machine.start()

    def stop(self) -> None:
        self.machine.stop()
        self.guard.disarm()
        self._wipe()

    @property
    def state(self) -> str | None:
        active = [n for n, st in self.states.items() if st.active()]
        return active[0] if active else None

    def go(self, target: str) -> bool:
        """Move if the table allows it from here; an intent that is not (a second tap) is ignored."""
        here = self.state
        if target not in self.moves:
            raise UnknownStateError(f"no state {target!r}")
        target = str(target)
        if here is None or (target not in self.moves.get(here, ()) and target not in self._global_targets(here)):
            log.info("ignored move %s → %s", here, target)
            return False
        getattr(self._gotos, target).emit()
        return True

    def fail(self, where: str) -> None:
        """An unexpected error: the person sees "service momentanément indisponible"."""
        log.error("unexpected error in %s: going to the unavailable screen", where)
        self._unavailable(texts.unavailable_message())

    def _unavailable(self, message: UserMessage) -> None:
        self.message_shown.emit(Core.UNAVAILABLE, message)
        self.go(Core.UNAVAILABLE)

    def finish(self) -> None:
        """The person is done (TERMINER): wipe and ask for the card."""
        self.go(Core.END)

    def home(self) -> None:
        """ACCUEIL: back to the services menu."""
        self.go(Core.MENU)

    def back(self) -> None:
        """RETOUR: the step's declared ``back``."""
        step = self.steps.get(self.state or "")
        target = step.back_target(self.session) if step is not None else CORE_BACK.get(self.state or "")
        if target:
            self.go(target)

    def answer(self, value: Any = None) -> None:
        """The person confirmed on the current step's screen: the step's ``accept``."""
        here = self.state or ""
        step = self.steps.get(here)
        if step is None or step.accept is None:
            return
        step.accept(self.handlers[here], value)

    def show(self, state: str, model: Any) -> None:
        """A service gives its step's screen what to show."""
        if state not in self.moves:
            raise UnknownStateError(f"no state {state!r}")
        self.view_shown.emit(state, model)

    # --- for services (flow context)
    def client(self) -> Any:
        if self.backend is None:
            assert self.services is not None
            self.backend = self.services.backend_factory()
        return self.backend

    def run(self, fn: Callable[[], Any], on_ok: Callable[[Any], None],
            on_error: Callable[[Exception], None] | None = None) -> None:
        self.busy.emit(True)
        self.tasks.run(fn, on_ok, on_error or self.on_backend_error)

    def outcome_or_fail(self, error: Exception, outcome_state: str) -> None:
        """An error of a service's backend call: its declared outcome screen, else "indisponible"."""
        spec = self.step_service.get(outcome_state)
        message = texts.service_outcome(error, spec.outcomes, self.config) if spec is not None else None
        if message is None:
            self.on_backend_error(error)
            return
        log.info("%s outcome: %s", spec.key, texts.outcome_key(error))  # type: ignore[union-attr]
        self.message_shown.emit(outcome_state, message)
        self.go(outcome_state)

    def show_document(self, service_key: str, pdf: bytes, lines: Sequence[str] = ()) -> None:
        self.printing[service_key].show(pdf, tuple(lines))

    # --- state entries
    def _entered(self, name: str) -> None:
        name = str(name)
        self.history.append(name)
        if len(self.history) >= 2 * HISTORY_LENGTH:  # a terminal runs for months
            del self.history[:-HISTORY_LENGTH]
        log.info("state %s", name)
        previous, self._step = self._step, self.steps.get(name)
        if previous is not None and previous.exit is not None:
            previous.exit(self.handlers[previous.name])
        read_once = name in CORE_READ_ONCE or (self._step is not None and self._step.leaves_after_delay)
        nobody = name == Core.UNAVAILABLE and not self.card_present
        if read_once and not nobody:
            self.guard.arm(self.config.error_return_delay)
        elif self.is_guarded(name):
            self.guard.arm()
        else:
            self.guard.disarm()
        if name in WIPING:
            self._wipe()
        if nobody:
            self._leave_timer.start()
        else:
            self._leave_timer.stop()
        if self._step is not None and self._step.role is PrintRole.PRINTING:
            self._print_limit.start()
        else:
            self._print_limit.stop()
        self.busy.emit(False)
        self.state_entered.emit(name)
        if self._step is not None and self._step.enter is not None:
            self._step.enter(self.handlers[name])
        if name == Core.END and not self.card_present:
            QTimer.singleShot(0, lambda: self.go(Core.ATTRACT))
        if name == Core.ATTRACT and not self.reader_ready:
            QTimer.singleShot(0, lambda: self.go(Core.READER_MISSING))
        elif name == Core.ATTRACT and self.out_of_service is not None:
            QTimer.singleShot(0, lambda: self.go(Core.OUT_OF_SERVICE))
        elif name == Core.ATTRACT and self.card_present and set(self.history[-2:-1]) & CARD_REFUSED:
            # a card went in while the terminal was out of service or the technician's (refused then):
            # back in service, it is read as if just inserted, not left under "Insérez votre carte"
            log.info("back in service with a card in: read again")
            self.bridge.read_again()

    def set_availability(self, block: UserMessage | None, refused: dict[str, str] | None = None) -> None:
        """Out of service (``block``: what the screen says) or services refused (key → why); applied at home."""
        self.refused_services = dict(refused or {})
        changed = block != self.out_of_service
        self.out_of_service = block
        if block is not None and changed:
            self.message_shown.emit(Core.OUT_OF_SERVICE, block)
        if block is not None and self.state == Core.ATTRACT:
            self.go(Core.OUT_OF_SERVICE)
        elif block is None and self.state == Core.OUT_OF_SERVICE:
            self.go(Core.ATTRACT)

    def _wipe(self) -> None:
        if self.session.active:
            log.info("session wiped")
        self.tasks.new_generation()
        backend, self.backend = self.backend, None
        if backend is not None and getattr(backend, "has_session", False):
            self.tasks.run_detached(backend.close_session)
        self.session.wipe()
        self.session_wiped.emit()

    def _leave_by_itself(self) -> None:
        """"unavailable" with no card in: back to the card-less home (a card now in: ask for it)."""
        self.go(Core.END if self.card_present else Core.ATTRACT)

    # --- card events
    def _on_card_inserted(self, _event: object) -> None:
        self.card_present = True

    def _on_card_read(self, card: VitaleCard) -> None:
        self.card_present = True
        if self.state not in (Core.ATTRACT, Core.READING):
            return
        self.session.card = card
        log.info("card read: %d beneficiaire(s)", len(card.beneficiaries))
        self.card_shown.emit(card)
        self.go(Core.AUTH)

    def _on_card_failed(self, error: CardError) -> None:
        log.warning("card read failed: %s", type(error).__name__)
        if isinstance(error, CardRemovedError):
            self.card_present = False
            self.go(Core.ATTRACT)
            return
        self.card_present = True
        self.message_shown.emit(Core.CARD_ERROR, card_error_message(error))
        self.go(Core.CARD_ERROR)

    def _on_card_removed(self) -> None:
        self.card_present = False

    def _on_reader_status(self, status: ReaderStatus) -> None:
        ready = status.state is ReaderState.READY
        log.info("reader status %s (%d reader(s))", status.state.value, len(status.readers))
        self.reader_ready = ready
        if ready:
            if self.state == Core.READER_MISSING:
                self.go(Core.ATTRACT)
        else:
            self.card_present = False
            self.go(Core.READER_MISSING)

    def _on_inactivity_expired(self) -> None:
        log.info("inactivity: session ended")
        self.go(Core.END)

    # --- background work
    def on_backend_error(self, error: Exception) -> None:
        from bms_client.errors import BackendError

        if isinstance(error, BackendError):
            log.warning("backend error: %s", type(error).__name__)
        else:
            log.error("unexpected error in a task", exc_info=error)
        self._unavailable(texts.unavailable_message(error))

    def _on_print_stuck(self) -> None:
        from bms_kiosk.hardware.printer_errors import PrintTimeoutError

        step = self.steps.get(self.state or "")
        if step is None or step.role is not PrintRole.PRINTING:
            return
        log.error("print task still running past its limit: reported as not printed")
        self.tasks.new_generation()  # its late result must not reach this visit's screens
        self.handlers[step.name].on_error(PrintTimeoutError(0, "unknown"))

    # --- authentication
    def _card_nirs(self) -> list[str]:
        card = self.session.card
        return [p.nir for p in card.beneficiaries] if card else []

    def submit_code(self, code: str) -> None:
        """The code de sécurité (on "auth") or the code received by SMS (on "auth_sms")."""
        if self.state not in (Core.AUTH, Core.AUTH_SMS) or self.tasks.running:
            return
        client, nirs = self.client(), self._card_nirs()
        by_sms = self.state == Core.AUTH_SMS
        call = (lambda: client.open_session_sms(nirs, code)) if by_sms else (lambda: client.open_session(nirs, code))
        self.run(lambda: (call(), client.rights()), self._on_logged_in, self._on_auth_error)

    def request_sms(self) -> None:
        """"Recevoir un code par SMS" (on "auth"), or "Renvoyer le code" (on "auth_sms")."""
        if self.state not in (Core.AUTH, Core.AUTH_SMS) or self.tasks.running:
            return
        client, nirs = self.client(), self._card_nirs()
        self.run(lambda: client.send_sms_code(nirs), self._on_sms_sent, self._on_auth_error)

    def _on_sms_sent(self, sent: Any) -> None:
        self.busy.emit(False)
        again = self.state == Core.AUTH_SMS
        log.info("SMS code sent%s", " again" if again else "")
        self.sms_sent.emit(sent.masked_mobile)
        self.sms_code_sent.emit(sent, again)
        if not again:
            self.go(Core.AUTH_SMS)

    def _on_auth_error(self, error: Exception) -> None:
        from bms_client.errors import AccountLockedError, NotEligibleError, TooManyRequestsError, WrongCodeError

        self.busy.emit(False)
        if isinstance(error, WrongCodeError):
            log.info("wrong code, %d attempt(s) left", error.attempts_left)
            self.auth_feedback.emit(texts.wrong_code_text(error.attempts_left))
        elif isinstance(error, TooManyRequestsError):  # an SMS asked again too soon
            self.auth_feedback.emit(texts.sms_too_soon_text(error.retry_after))
        elif isinstance(error, NotEligibleError) and error.reason == texts.NO_MOBILE_REASON:
            log.info("no SMS: no mobile on file")
            self.sms_refused.emit(texts.NO_MOBILE)
        elif isinstance(error, AccountLockedError):
            log.info("account locked for the kiosk")
            self.message_shown.emit(Core.LOCKED, texts.ACCOUNT_LOCKED)
            self.go(Core.LOCKED)
        else:
            self.on_backend_error(error)

    def _on_logged_in(self, result: tuple[Any, list[Any]]) -> None:
        info, rights = result
        self.session.data["rights"] = {entry.rights.nir: entry for entry in rights}
        log.info("authenticated: %d beneficiaire(s) with rights data", len(rights))
        # A service may show a step before the menu (its at_login); the first that does leads on.
        taken = next((spec for spec in self.catalogue
                      if spec.at_login is not None and spec.at_login(self.flows[spec.key], info)), None)
        self._show_menu()
        if taken is None:
            self.go(Core.MENU)

    # --- the menu
    def menu_entries(self) -> tuple[MenuEntry, ...]:
        """The services this person is eligible for, in the catalogue's order; refused ones say why."""
        return tuple(MenuEntry(spec.key, spec.label, spec.summary,
                               self.refused_services.get(spec.key, "") or spec.refused(self.session))
                     for spec in self.catalogue if spec.eligible(self.session))

    def _show_menu(self) -> None:
        card = self.session.card
        self.menu_shown.emit(MenuView(card.assure.display_name if card else "", self.menu_entries()))

    def choose_service(self, key: str) -> None:
        if self.state != Core.MENU or self.session.card is None:
            return
        entry = next((e for e in self.menu_entries() if e.key == key), None)
        if entry is None:
            log.info("service %s not offered to this person", key)
            return
        if entry.refused:
            why = "out of service" if key in self.refused_services else "not for this person"
            log.info("service %s refused: %s", key, why)
            return
        self.flows[key].start()
