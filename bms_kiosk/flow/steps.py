"""What a service declares to the journey core: its steps, their moves, its screens, its document.

Read as a navigation map (Electrum's wizard) whose entries also say what pibooth's states say
(enter / exit hooks, guarded or not). Nothing here imports Qt widgets: a step names a screen
*factory*, called by the window only, so the flow is tested without widgets.

A step's handler is the object that owns it: the service's flow (one instance per journey) for
its own steps, the shared print step for the document's states. ``accept(handler, value)`` is
called when the person confirms on the step's screen (the screen's ``answered`` signal).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping

from bms_kiosk.flow.states import PrintRole, print_state

if TYPE_CHECKING:
    from bms_kiosk.flow.session import Session


@dataclass(frozen=True)
class BackBy:
    """RETOUR that depends on the visit: ``choose(session)`` picks one of ``targets``."""

    targets: tuple[str, ...]
    choose: Callable[["Session"], str]


@dataclass(frozen=True)
class Step:
    name: str
    screen: Callable[["ServiceSpec"], Any]  # builds the view (window side only)
    moves: tuple[str, ...] = ()  # where the step's own logic may go (next, results)
    back: "str | BackBy | None" = None  # RETOUR: a state, a choice among states, or None (no RETOUR)
    accept: Callable[[Any, Any], None] | None = None  # (handler, value): the person confirmed
    enter: Callable[[Any], None] | None = None  # (handler)
    exit: Callable[[Any], None] | None = None  # (handler)
    guarded: bool = True  # the inactivity guard watches it
    busy: bool = False  # waiting on a task: no ACCUEIL, no TERMINER
    # a screen the person reads once (print failed): it never leaves while they may be reading; after
    # error_return_delay without a touch, the inactivity warning and its countdown, then "end"
    leaves_after_delay: bool = False
    role: PrintRole | None = None  # one of the shared print step's states

    def back_target(self, session: "Session") -> str | None:
        return self.back.choose(session) if isinstance(self.back, BackBy) else self.back

    @property
    def back_targets(self) -> tuple[str, ...]:
        if isinstance(self.back, BackBy):
            return self.back.targets
        return (self.back,) if self.back else ()


@dataclass(frozen=True)
class Document:
    """A service that prints declares its document; the shared print step does the rest."""

    prefix: str  # its print states are "{prefix}_preview", "{prefix}_printing", …
    job_title: str  # generic, never a person's name (print queue, PDF metadata)
    headline: str  # beside the preview: "Voici votre …"
    preview_hint: str  # under it: "Vérifiez-la, puis touchez IMPRIMER."
    printing_hint: str
    printed_title: str
    printed_hint: str
    not_printed: str  # the end of the "print failed" message
    preview_help: str
    back: "str | BackBy"  # RETOUR from the preview

    def state(self, role: PrintRole) -> str:
        return print_state(self.prefix, role)


@dataclass(frozen=True)
class ServiceSpec:
    key: str  # stable id: counters, health, menu order ties
    label: str  # the menu's line: "Mon …"
    summary: str  # what it gives, one short line under the label
    title: str  # header band, in capitals
    order: int  # place in the menu
    flow: Callable[[Any], Any]  # flow class: flow(context) with start()
    steps: tuple[Step, ...]
    entries: tuple[str, ...]  # the states start() may go to from the menu
    document: Document | None = None
    # Backend outcomes this service shows on its outcome screen: error code or not_eligible reason →
    # words (a UserMessage, or a function of the settings giving one; see texts.service_outcome).
    outcomes: Mapping[str, Any] = field(default_factory=dict)
    eligible: Callable[["Session"], bool] = lambda session: True
    # Offered but not for this person now: why, in words (the menu greys it with the reason); "" when usable
    refused: Callable[["Session"], str] = lambda session: ""
    # A step before the menu, right after login: ``at_login(flow, login_info)`` returns True when the
    # service goes to one of ``login_entries`` (it then leads the person to the menu itself).
    at_login: Callable[[Any, Any], bool] | None = None
    login_entries: tuple[str, ...] = ()
    takes_payments: bool = False  # card payments: the kiosk keeps and replays a payment outbox

    @property
    def prints(self) -> bool:
        return self.document is not None

    def all_steps(self) -> tuple[Step, ...]:
        if self.document is None:
            return self.steps
        from bms_kiosk.flow.printing import print_steps

        return self.steps + print_steps(self.document)


# --- screen factories every service may use (Qt is imported when the window builds them)
WAIT = QT_TRANSLATE_NOOP("screens", "Merci de patienter.")


def progress_screen(name: str, headline: str, hint: str = WAIT) -> Callable[[ServiceSpec], Any]:
    """A step waiting on a task: the headline, a busy bar, the hint, under the service's title."""
    def build(spec: ServiceSpec) -> Any:
        from bms_kiosk.screens.document import ProgressScreen

        return ProgressScreen(name, headline, hint, spec.title)
    return build


def outcome_screen(name: str) -> Callable[[ServiceSpec], Any]:
    """The service's outcome words (flow: journey.outcome_or_fail); ACCUEIL, RETOUR, TERMINER."""
    def build(spec: ServiceSpec) -> Any:
        from bms_kiosk.screens.message import outcome_screen as screen

        return screen(name, spec.title)
    return build


def choice_screen(name: str, question: str, help_text: str) -> Callable[[ServiceSpec], Any]:
    """One choice among rows (the flow shows (text, value) rows); CONFIRMER answers the value."""
    def build(spec: ServiceSpec) -> Any:
        from bms_kiosk.screens.choice_step import ChoiceScreen

        return ChoiceScreen(name, spec.title, question, help_text)
    return build


def own_screen(module: str, cls: str) -> Callable[[ServiceSpec], Any]:
    """A service's own screen: class ``cls`` of ``module``, built with the service's title."""
    def build(spec: ServiceSpec) -> Any:
        from importlib import import_module

        return getattr(import_module(module), cls)(spec.title)
    return build
