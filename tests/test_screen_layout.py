"""Every screen and overlay of every service, rendered at 1920×1080 in every style: all text fits.

One tour of the real kiosk (bms_kiosk.render_screens: embedded reference backend over HTTP on
loopback, simulated cards, the demo file printer) per style, shared by the tests of this module.
A view whose text does not fit is saved to build/screens/tour-STYLE/ (look at it); the whole set is
``python -m bms_kiosk.render_screens docs/screens``.
"""

from __future__ import annotations

import pytest

from bms_kiosk.screens.base import Screen
from bms_kiosk.render_screens import STYLES, Tour, build_tour_kiosk, run_tour, save
from tests.support.kiosk import SCREENS_DIR


@pytest.fixture(scope="module", params=sorted(STYLES))
def tour(request):
    from PySide6.QtWidgets import QApplication

    folder = SCREENS_DIR / f"tour-{request.param}"
    folder.mkdir(parents=True, exist_ok=True)
    kiosk = build_tour_kiosk(request.param)
    try:
        yield run_tour(kiosk, Tour(kiosk, keep_images=False, on_shot=lambda shot: _keep_bad(kiosk, shot, folder)))
    finally:
        kiosk.shutdown()
        QApplication.processEvents()


# SPEC: the OC notice at login, before the menu, offers "Plus tard" (to the menu) / "Sélectionner".
BEFORE_MENU = {"oc_notice"}


def _keep_bad(kiosk, shot, folder) -> None:
    if shot.problems:
        shot.image = kiosk.window.grab().toImage()
        save(shot, folder, (1920, 1080))


def test_every_state_is_rendered(tour) -> None:
    shown = {shot.screen for shot in tour.shots}
    assert set(tour.journey.moves) - {"maintenance"} <= shown


def test_every_text_fits(tour) -> None:
    problems = [f"{shot.name}: {problem}" for shot in tour.shots for problem in shot.problems]
    assert problems == []


def test_footer_and_header_buttons_keep_their_places(tour) -> None:
    """AIDE at one place on every screen, RETOUR's left edge and the action's right edge too, ACCUEIL."""
    places: dict[str, set] = {"help": set(), "back": set(), "primary": set(), "home": set()}
    for shot in tour.shots:
        for role, (x, y, width, height) in shot.buttons.items():
            edge = {"help": (x, y, width, height), "back": (x, y, height), "primary": (x + width, y, height),
                    "home": (x + width, y, height)}[role]
            places[role].add(edge)
    assert {role: len(seen) for role, seen in places.items()} == {"help": 1, "back": 1, "primary": 1, "home": 1}, places


def test_every_step_a_person_reads_has_its_buttons(tour) -> None:
    """SPEC: AIDE on every screen with buttons; ACCUEIL on every step of a service that is not busy;
    RETOUR exactly where the step declares where it goes back to."""
    journey, missing = tour.journey, []
    for name, screen in tour.window.screens.items():
        if name in ("maintenance", "tech_code"):
            continue
        has = {role for role in ("home", "back", "help", "primary")
               if getattr(screen, f"{role}_button", None) is not None}
        step = journey.steps.get(name)
        if (has or name in ("card_error", "locked")) and "help" not in has:
            missing.append(f"{name}: no AIDE")
        if "help" in has and screen.help_text == Screen.help_text:
            missing.append(f"{name}: AIDE says nothing of this screen")
        if step is not None and not step.busy and has and "home" not in has and name not in BEFORE_MENU:
            missing.append(f"{name}: no ACCUEIL")
        if step is not None and bool(step.back_targets) != ("back" in has):
            missing.append(f"{name}: RETOUR {'missing' if step.back_targets else 'goes nowhere'}")
    assert missing == [], "\n".join(missing)
