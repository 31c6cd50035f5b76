"""The journey of a visit, as one QStateMachine, testable without widgets.

attract → reading → auth → menu → service sub-flow → end → attract, with the global rules of
SPEC.md: card removed → wipe → attract; inactivity → warning → wipe → end; reader missing →
reader_missing; backend unreachable or an unexpected error → unavailable, which goes home by
itself. The legal moves are the MOVES table; the screens follow ``state_entered`` and the
view signals, and the journey never touches a widget. Every blocking call (HTTP, CUPS) runs on
the TaskRunner's threads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtStateMachine import QState, QStateMachine

from bms_kiosk.config import Config
from bms_kiosk.flow.card_bridge import CardBridge
from bms_kiosk.flow.inactivity import InactivityGuard
from bms_kiosk.flow.session import Session
from bms_kiosk.flow.tasks import TaskRunner
from bms_kiosk.hardware.card_errors import CardError, CardRemovedError
from bms_kiosk.hardware.card_events import ReaderState, ReaderStatus
from bms_kiosk.screens import texts
from bms_kiosk.screens.texts import UserMessage, card_error_message
from bms_kiosk.services.models import AttestationData, VitaleCard

log = logging.getLogger(__name__)

ALL = "all"

# state → states it may go to by an intent of the person or a result of a task.
# Card removal, reader loss and failures are global (see __init__).
MOVES: dict[str, tuple[str, ...]] = {
    "attract": ("reading", "auth", "card_error"),
    "reading": ("auth", "card_error", "attract"),
    "card_error": ("end",),
    "auth": ("menu", "locked", "end"),
    "locked": ("end",),
    "menu": ("att_choice", "end"),
    "att_choice": ("menu", "att_option", "att_loading", "end"),
    "att_option": ("att_choice", "menu", "att_loading", "end"),
    "att_loading": ("att_preview", "att_outcome", "end"),
    "att_preview": ("att_choice", "att_option", "menu", "att_printing", "end"),
    "att_printing": ("att_printed", "att_print_failed"),
    "att_printed": ("menu", "end"),
    "att_print_failed": ("menu", "end"),
    "att_outcome": ("menu", "att_choice", "end"),
    "unavailable": ("end", "attract"),
    "end": ("attract",),
    "reader_missing": ("attract",),
}
# Out of service (automatic or technician's mode) and the technician's screens: card-less, reached
# from the card-less home screens only, so a session in progress is never shown to a technician.
TECHNICIAN = ("tech_code", "maintenance")
MOVES["attract"] += ("out_of_service", *TECHNICIAN[:1])
MOVES["reader_missing"] += TECHNICIAN[:1]
MOVES.update({
    "out_of_service": ("attract", "tech_code"),
    "tech_code": ("attract", "maintenance"),
    "maintenance": ("attract",),
})
# States in which a person is using the terminal: the inactivity guard watches them.
GUARDED = {"card_error", "auth", "locked", "menu", "att_choice", "att_option", "att_preview",
           "att_printed", "att_print_failed", "att_outcome"}
# States that are home for a card-less terminal, and where the session is wiped on entry.
WIPING = {"attract", "end", "reader_missing", "unavailable", "out_of_service", *TECHNICIAN}
# States that leave by themselves after error_return_delay.
SELF_CLOSING = {"unavailable": "home", "locked": "end", "att_print_failed": "end"}


# One argument-less signal per state: "go to X" is X's signal. (A QSignalTransition subclass
# filtering one Signal(str) on its argument was tried: PySide6 6.12 loses a reference to
# True/False in every overridden eventTest call and the interpreter aborts after a few
# hundred visits.)
_Gotos = type("_Gotos", (QObject,), {name: Signal() for name in MOVES})


@dataclass
class Services:
    """What the journey calls, all blocking, all run off the GUI thread."""

    backend_factory: Callable[[], Any]  # → a BackendClient for one visit
    printer: Any  # hardware.printer.Printer
    build_attestation_pdf: Callable[[AttestationData], bytes]


class Journey(QObject):
    state_entered = Signal(str)
    card_shown = Signal(object)  # VitaleCard
    message_shown = Signal(str, object)  # screen name, UserMessage
    auth_feedback = Signal(str)  # wrong code, SMS sent…
    sms_sent = Signal(str)  # masked mobile
    menu_shown = Signal(str)  # the person's display name
    people_shown = Signal(object)  # list[Beneficiary]
    options_asked = Signal(object)  # list[(nir, "NOM Prénom")]
    document_shown = Signal(bytes)
    busy = Signal(bool)
    session_wiped = Signal()

    def __init__(self, config: Config, bridge: CardBridge, services: Services | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.services = services
        self.session = Session()
        self.history: list[str] = []
        self.card_present = False
        self.reader_ready = True
        # Set by the health monitor or the technician (maintenance/): what the attract screen refuses.
        self.out_of_service: UserMessage | None = None
        self.refused_services: frozenset[str] = frozenset()
        self.tasks = TaskRunner(self)
        self.backend: Any = None
        self.guard = InactivityGuard(config.inactivity_delay, config.inactivity_answer_delay,
                                     config.inactivity_max_extensions, self)
        self.guard.expired.connect(self._on_inactivity_expired)
        self._leave_timer = QTimer(self, singleShot=True, interval=int(config.error_return_delay * 1000))
        self._leave_timer.timeout.connect(self._leave_by_itself)
        # The printer adapter enforces its own time limit while it follows a job, but a libcups
        # call can block with none: the person is never left on "Impression en cours…".
        self._print_limit = QTimer(self, singleShot=True, interval=int((config.print_timeout_delay + 30) * 1000))
        self._print_limit.timeout.connect(self._on_print_stuck)

        bridge.card_inserted.connect(self._on_card_inserted)
        bridge.card_read.connect(self._on_card_read)
        bridge.card_failed.connect(self._on_card_failed)
        bridge.card_removed.connect(self._on_card_removed)
        bridge.reader_status.connect(self._on_reader_status)

        m = self.machine = QStateMachine(self)
        s = self.states = {name: QState(m) for name in MOVES}
        for name, state in s.items():
            state.setObjectName(name)
            state.entered.connect(lambda n=name: self._entered(n))
        m.setInitialState(s["attract"])
        self._gotos = _Gotos(self)
        for source, targets in MOVES.items():
            extra = []
            if source != "reader_missing" and source not in TECHNICIAN:
                extra.append("reader_missing")
                if source not in ("attract", "out_of_service"):
                    s[source].addTransition(bridge.card_removed, s["attract"])
            if source not in ("unavailable", "reader_missing"):
                extra.append("unavailable")
            for target in (*targets, *extra):
                s[source].addTransition(getattr(self._gotos, target), s[target])
        s["attract"].addTransition(bridge.card_inserted, s["reading"])

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
        if here is None or (target not in MOVES.get(here, ()) and target not in ("unavailable", "reader_missing")):
            log.info("ignored move %s → %s", here, target)
            return False
        getattr(self._gotos, target).emit()
        return True

    def fail(self, where: str) -> None:
        """An unexpected error: the person sees "service momentanément indisponible"."""
        log.error("unexpected error in %s: going to the unavailable screen", where)
        self._unavailable(UserMessage(texts.UNAVAILABLE, texts.UNAVAILABLE_HINT))

    def _unavailable(self, message: UserMessage) -> None:
        self.message_shown.emit("unavailable", message)
        self.go("unavailable")

    def finish(self) -> None:
        """The person is done: wipe and ask for the card."""
        self.go("end")

    def home(self) -> None:
        """ACCUEIL: back to the services menu."""
        self.go("menu")

    def back(self) -> None:
        """RETOUR: the previous step."""
        here = self.state
        if here == "att_choice":
            self.go("menu")
        elif here == "att_option":
            self.go("att_choice")
        elif here == "att_preview":
            self.go("att_option" if self.session.data.get("options") else "att_choice")
        elif here == "att_outcome":
            self.go("att_choice")

    # --- state entries
    def _entered(self, name: str) -> None:
        self.history.append(name)
        log.info("state %s", name)
        if name in GUARDED:
            self.guard.arm()
        else:
            self.guard.disarm()
        if name in WIPING:
            self._wipe()
        if name in SELF_CLOSING:
            self._leave_timer.start()
        else:
            self._leave_timer.stop()
        if name == "att_printing":
            self._print_limit.start()
        else:
            self._print_limit.stop()
        self.busy.emit(False)
        self.state_entered.emit(name)
        if name == "end" and not self.card_present:
            QTimer.singleShot(0, lambda: self.go("attract"))
        if name == "attract" and not self.reader_ready:
            QTimer.singleShot(0, lambda: self.go("reader_missing"))
        elif name == "attract" and self.out_of_service is not None:
            QTimer.singleShot(0, lambda: self.go("out_of_service"))

    def set_availability(self, block: UserMessage | None, refused: frozenset[str] = frozenset()) -> None:
        """Out of service (``block``: what the screen says) or services refused; applied at home only."""
        self.refused_services = refused
        changed = block != self.out_of_service
        self.out_of_service = block
        if block is not None and changed:
            self.message_shown.emit("out_of_service", block)
        if block is not None and self.state == "attract":
            self.go("out_of_service")
        elif block is None and self.state == "out_of_service":
            self.go("attract")

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
        where = SELF_CLOSING.get(self.state or "")
        if where == "home" and not self.card_present:
            self.go("attract")
        else:
            self.go("end")

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
        self.go("auth")

    def _on_card_failed(self, error: CardError) -> None:
        log.warning("card read failed: %s", type(error).__name__)
        if isinstance(error, CardRemovedError):
            self.card_present = False
            self.go("attract")
            return
        self.card_present = True
        self.message_shown.emit("card_error", card_error_message(error))
        self.go("card_error")

    def _on_card_removed(self) -> None:
        self.card_present = False

    def _on_reader_status(self, status: ReaderStatus) -> None:
        ready = status.state is ReaderState.READY
        log.info("reader status %s (%d reader(s))", status.state.value, len(status.readers))
        self.reader_ready = ready
        if ready:
            if self.state == "reader_missing":
                self.go("attract")
        else:
            self.card_present = False
            self.go("reader_missing")

    def _on_inactivity_expired(self) -> None:
        log.info("inactivity: session ended")
        self.go("end")

    # --- background work
    def _run(self, fn: Callable[[], Any], on_ok: Callable[[Any], None],
             on_error: Callable[[Exception], None] | None = None) -> None:
        self.busy.emit(True)
        self.tasks.run(fn, on_ok, on_error or self._on_backend_error)

    def _on_backend_error(self, error: Exception) -> None:
        from bms_kiosk.services.backend_errors import BackendError, SessionExpiredError

        if isinstance(error, SessionExpiredError):
            self._unavailable(UserMessage("Votre session a expiré", error.message_fr))
            return
        if isinstance(error, BackendError):
            log.warning("backend error: %s", type(error).__name__)
        else:
            log.error("unexpected error in a task", exc_info=error)
        self._unavailable(UserMessage(texts.UNAVAILABLE, texts.UNAVAILABLE_HINT))

    # --- authentication
    def _card_nirs(self) -> list[str]:
        card = self.session.card
        return [p.nir for p in card.beneficiaries] if card else []

    def _client(self) -> Any:
        if self.backend is None:
            assert self.services is not None
            self.backend = self.services.backend_factory()
        return self.backend

    def submit_code(self, code: str) -> None:
        if self.state != "auth" or self.tasks.running:
            return
        client, nirs = self._client(), self._card_nirs()
        by_sms = bool(self.session.data.get("sms"))
        call = (lambda: client.open_session_sms(nirs, code)) if by_sms else (lambda: client.open_session(nirs, code))
        self._run(lambda: (call(), client.rights()), self._on_logged_in, self._on_auth_error)

    def request_sms(self) -> None:
        if self.state != "auth" or self.tasks.running:
            return
        client, nirs = self._client(), self._card_nirs()
        self._run(lambda: client.request_sms_code(nirs), self._on_sms_sent, self._on_auth_error)

    def _on_sms_sent(self, masked_mobile: str) -> None:
        self.busy.emit(False)
        self.session.data["sms"] = True
        self.sms_sent.emit(masked_mobile)

    def _on_auth_error(self, error: Exception) -> None:
        from bms_kiosk.services.backend_errors import AccountLockedError, TooManyRequestsError, WrongCodeError

        self.busy.emit(False)
        if isinstance(error, WrongCodeError):
            log.info("wrong code, %d attempt(s) left", error.attempts_left)
            self.auth_feedback.emit(error.message_fr)
        elif isinstance(error, TooManyRequestsError):  # an SMS asked again too soon
            self.auth_feedback.emit(error.message_fr)
        elif isinstance(error, AccountLockedError):
            log.info("account locked for the kiosk")
            self.message_shown.emit("locked", UserMessage("Accès bloqué", error.message_fr))
            self.go("locked")
        else:
            self._on_backend_error(error)

    def _on_logged_in(self, result: tuple[Any, list[Any]]) -> None:
        info, rights = result
        self.session.data["rights"] = {entry.rights.nir: entry for entry in rights}
        log.info("authenticated: %d beneficiaire(s) with rights data", len(rights))
        self._show_menu()
        self.go("menu")

    def _show_menu(self) -> None:
        card = self.session.card
        self.menu_shown.emit(card.assure.display_name if card else "")

    # --- attestation de droits
    def choose_service(self, service: str) -> None:
        if self.state != "menu":
            return
        if service in self.refused_services:
            log.info("service %s refused: out of service", service)
            return
        if service == "attestation" and self.session.card is not None:
            self.session.data.pop("choice", None)
            self.session.data.pop("options", None)
            self.people_shown.emit(list(self.session.card.beneficiaries))
            self.go("att_choice")

    def confirm_beneficiary(self, choice: str) -> None:
        """choice: ALL or one person's NIR."""
        if self.state != "att_choice" or self.session.card is None:
            return
        self.session.data["choice"] = choice
        rights = self.session.data.get("rights", {})
        people = [p for p in self.session.card.beneficiaries if choice in (ALL, p.nir)]
        with_tm = [(p.nir, f"{p.nom} {p.prenom.title()}") for p in people
                   if (entry := rights.get(p.nir)) is not None and entry.rights.exoneration_tm]
        self.session.data["options"] = with_tm
        if with_tm:
            self.options_asked.emit(with_tm)
            self.go("att_option")
        else:
            self._load_attestation({})

    def confirm_options(self, answers: dict[str, bool]) -> None:
        if self.state != "att_option":
            return
        self._load_attestation(answers)

    def _load_attestation(self, answers: dict[str, bool]) -> None:
        if not self.go("att_loading"):
            return
        client = self._client()
        choice = self.session.data.get("choice", ALL)
        nir = None if choice == ALL else choice
        include = any(answers.values())
        builder = self.services.build_attestation_pdf  # type: ignore[union-attr]

        def work() -> tuple[AttestationData, bytes]:
            data = client.attestation(nir, include)
            # One mention per person: keep it only for those who answered OUI.
            people = tuple(replace(b, exoneration_tm=b.exoneration_tm and answers.get(b.nir, False))
                           for b in data.beneficiaries)
            data = replace(data, beneficiaries=people, include_exoneration=include,
                           terminal_id=self.config.terminal_id)
            return data, builder(data)

        self._run(work, self._on_attestation, self._on_attestation_error)

    def _on_attestation(self, result: tuple[AttestationData, bytes]) -> None:
        data, pdf = result
        self.session.data["pdf"] = pdf
        log.info("attestation built: %d beneficiaire(s), %d bytes", len(data.beneficiaries), len(pdf))
        self.document_shown.emit(pdf)
        self.go("att_preview")

    def _on_attestation_error(self, error: Exception) -> None:
        from bms_kiosk.services.backend_errors import (
            AddressUnknownError,
            AttestationRejectedError,
            NoOpenRightsError,
        )

        titles = {NoOpenRightsError: "Aucun droit ouvert",
                  AddressUnknownError: "Adresse inconnue",
                  AttestationRejectedError: "Informations à mettre à jour"}
        for kind, title in titles.items():
            if isinstance(error, kind):
                log.info("attestation outcome: %s", kind.__name__)
                self.message_shown.emit("att_outcome", UserMessage(title, error.message_fr))
                self.go("att_outcome")
                return
        self._on_backend_error(error)

    def print_document(self) -> None:
        """IMPRIMER: a second tap finds the journey already in att_printing and does nothing."""
        pdf = self.session.data.get("pdf")
        if self.state != "att_preview" or pdf is None or not self.go("att_printing"):
            return
        from bms_kiosk.services.documents import ATTESTATION_JOB_TITLE

        printer = self.services.printer  # type: ignore[union-attr]
        self._run(lambda: printer.print_pdf(pdf, ATTESTATION_JOB_TITLE), self._on_printed, self._on_print_error)

    def _on_print_stuck(self) -> None:
        from bms_kiosk.hardware.printer_errors import PrintTimeoutError

        log.error("print task still running past its limit: reported as not printed")
        self.tasks.new_generation()  # its late result must not reach this visit's screens
        self._on_print_error(PrintTimeoutError(0, "unknown"))

    def _on_printed(self, result: Any) -> None:
        log.info("attestation printed (job %s)", getattr(result, "job_id", "?"))
        self.go("att_printed")

    def _on_print_error(self, error: Exception) -> None:
        from bms_kiosk.screens.texts import printer_error_message

        log.warning("print failed: %s", type(error).__name__)
        self.message_shown.emit("att_print_failed", printer_error_message(error))
        self.go("att_print_failed")
