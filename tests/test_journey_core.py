"""The journey core: services merged from their declarations, names said once, unknown names refused.

Tables and rules without widgets where possible; the window with the in-process simulated card.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bms_kiosk.settings import Config
from bms_kiosk.flow.card_bridge import CardBridge
from bms_kiosk.flow.journey import Journey
from bms_kiosk.flow.session import Session
from bms_kiosk.flow.states import Core, PrintRole, UnknownStateError
from bms_kiosk.flow.steps import BackBy, Document, ServiceSpec, Step
from bms_kiosk.hardware.virtual_card import SimulatedCardSource
from bms_kiosk.kiosk_services import REGISTERED

ROOT = Path(__file__).resolve().parent.parent


class ToyFlow:
    def __init__(self, ctx) -> None:
        self.ctx = ctx

    def start(self) -> None:
        self.ctx.go("toy_first")


def toy(key: str = "toy", steps: tuple[Step, ...] | None = None, document: Document | None = None) -> ServiceSpec:
    steps = steps or (
        Step("toy_first", lambda spec: None, moves=("toy_second",), back=Core.MENU),
        Step("toy_second", lambda spec: None, back=BackBy(("toy_first", Core.MENU),
                                                           lambda s: "toy_first" if s.data else Core.MENU)),
        Step("toy_wait", lambda spec: None, guarded=False, busy=True, moves=("toy_first",)),
    )
    return ServiceSpec(key=key, label="Jouet", summary="Pour les tests.", title="JOUET", order=1, flow=ToyFlow,
                       steps=steps, entries=("toy_first",), document=document)


def journey_of(qtbot, *catalogue: ServiceSpec) -> Journey:
    return Journey(Config({}), CardBridge(), None, catalogue)


def test_a_declared_service_gets_the_global_rules(qtbot):
    journey = journey_of(qtbot, toy())
    moves = journey.moves
    assert "toy_first" in moves[Core.MENU]
    # ACCUEIL and TERMINER from every step that is not waiting on a task; RETOUR's targets too
    assert set(moves["toy_first"]) == {"toy_second", Core.MENU, Core.END}
    assert set(moves["toy_second"]) == {"toy_first", Core.MENU, Core.END}
    assert set(moves["toy_wait"]) == {"toy_first"}
    assert journey.is_guarded("toy_first") and not journey.is_guarded("toy_wait")
    assert journey.printing_services == frozenset()
    step = journey.steps["toy_second"]
    assert step.back_target(Session()) == Core.MENU
    assert step.back_target(Session(data={"x": 1})) == "toy_first"


def test_a_printing_service_gets_the_shared_print_step(qtbot):
    doc = Document(prefix="toy", job_title="jouet", headline="h", preview_hint="p", printing_hint="i",
                   printed_title="t", printed_hint="r", not_printed="n", preview_help="a", back="toy_first")
    journey = journey_of(qtbot, toy(document=doc))
    assert journey.printing_services == {"toy"}
    names = {role: doc.state(role) for role in PrintRole}
    assert set(journey.moves[names[PrintRole.PREVIEW]]) == {names[PrintRole.PRINTING], "toy_first", Core.MENU,
                                                            Core.END}
    assert set(journey.moves[names[PrintRole.PRINTING]]) == {names[PrintRole.PRINTED], names[PrintRole.FAILED]}
    assert names[PrintRole.PRINTING] in journey.moves[names[PrintRole.FAILED]]  # RÉESSAYER


def test_a_service_may_declare_a_step_at_login(qtbot):
    from dataclasses import replace

    spec = replace(toy(), at_login=lambda flow, info: False, login_entries=("toy_wait",))
    journey = journey_of(qtbot, spec)
    assert "toy_wait" in journey.moves[Core.AUTH] and "toy_wait" not in journey.moves[Core.MENU]
    assert "toy_wait" not in journey_of(qtbot, toy()).moves[Core.AUTH]


def test_a_state_declared_twice_or_a_move_to_nowhere_is_refused(qtbot):
    with pytest.raises(ValueError):
        journey_of(qtbot, toy(), toy(key="other"))
    with pytest.raises(UnknownStateError):
        journey_of(qtbot, toy(steps=(Step("toy_first", lambda spec: None, moves=("nowhere",)),)))


def test_the_core_names_no_service():
    core = "\n".join((ROOT / "bms_kiosk" / path).read_text(encoding="utf-8")
                     for path in ("flow/journey.py", "flow/states.py", "flow/steps.py", "flow/printing.py",
                                  "window.py", "maintenance/health.py", "maintenance/counters.py",
                                  "maintenance/controller.py", "maintenance/integration.py",
                                  "maintenance/metrics.py"))
    for spec in REGISTERED:
        names = {spec.key, *(step.name for step in spec.all_steps())}
        for name in names:
            assert not re.search(rf"\b{re.escape(name)}\b", core), name
    assert "attestation" not in core.lower()


@pytest.fixture
def kiosk(make_kiosk, qtbot):
    k = make_kiosk(SimulatedCardSource())
    qtbot.waitUntil(lambda: k.journey.state == Core.ATTRACT, timeout=3000)
    return k


def test_unknown_states_are_refused_loudly(kiosk):
    with pytest.raises(UnknownStateError):
        kiosk.window.show_state("nowhere")
    with pytest.raises(UnknownStateError):
        kiosk.journey.go("nowhere")
    with pytest.raises(UnknownStateError):
        kiosk.journey.show("nowhere", None)
    with pytest.raises(UnknownStateError):
        kiosk.maintenance.technician.counters.on_state("nowhere")


def test_every_declared_step_has_its_screen(kiosk):
    for name in kiosk.journey.moves:
        assert kiosk.window.screen(name).objectName() == name


def test_the_print_step_screens_of_every_service_rendered(kiosk):
    """Printing, printed, failed (with RÉESSAYER and TERMINER) for each service that prints."""
    from bms_kiosk.hardware.printer_errors import PrinterNotReadyError
    from tests.support.kiosk import save_screen

    window = kiosk.window
    for spec in kiosk.journey.catalogue:
        if spec.document is None:
            continue
        kiosk.journey.printing[spec.key].on_error(PrinterNotReadyError(("media-empty-error",), "papier"))
        assert kiosk.journey.state == Core.ATTRACT  # no move from here: only the words were set
        for role in (PrintRole.PRINTING, PrintRole.PRINTED, PrintRole.FAILED):
            screen = window.screen(spec.document.state(role))
            window.stack.setCurrentWidget(screen)
            texts = screen.visible_texts()
            assert spec.title in texts
            if role is PrintRole.FAILED:
                assert "RÉESSAYER >" in texts and "TERMINER" in texts
                assert any(t.startswith("L'imprimante n'a plus de papier. ") and spec.document.not_printed in t
                           for t in texts)
            save_screen(kiosk, spec.document.state(role))
