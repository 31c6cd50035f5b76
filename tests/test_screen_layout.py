"""Every screen and overlay of every service, rendered at 1920×1080 in every style: all text fits.

One tour of the real kiosk (bms_kiosk.render_screens: embedded reference backend over HTTP on
loopback, simulated cards, the demo file printer) per style, shared by the tests of this module.
A view whose text does not fit is saved to build/screens/tour-STYLE/ (look at it); the whole set is
``python -m bms_kiosk.render_screens docs/screens``.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from bms_kiosk.screens.base import Screen
from bms_kiosk.render_screens import STYLES, Tour, build_tour_kiosk, close_tour_kiosk, run_tour, save
from tests.support.kiosk import SCREENS_DIR


@pytest.fixture(scope="module", params=sorted(STYLES))
def tour(request, tmp_path_factory):
    folder = SCREENS_DIR / f"tour-{request.param}"
    folder.mkdir(parents=True, exist_ok=True)
    kiosk = build_tour_kiosk(request.param, tmp_path_factory.mktemp("tour"))  # the paper stays in pytest's tmp
    try:
        yield run_tour(kiosk, Tour(kiosk, keep_images=False, on_shot=lambda shot: _keep_bad(kiosk, shot, folder)))
    finally:
        close_tour_kiosk(kiosk)
        QApplication.processEvents()


# SPEC: the OC notice at login, before the menu, offers "Plus tard" (to the menu) / "Sélectionner".
BEFORE_MENU = {"oc_notice"}


def _keep_bad(kiosk, shot, folder) -> None:
    if shot.problems:
        shot.image = kiosk.window.grab().toImage()
        save(shot, folder, (1920, 1080))


def test_every_state_is_rendered(tour) -> None:
    shown = {shot.screen for shot in tour.shots}
    assert set(tour.journey.moves) <= shown


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


def _tap(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_back_on_the_menu_no_row_stays_highlighted(tour, qtbot) -> None:
    window = tour.window
    tour.login("seul")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    row = window.menu.choices.buttons()[0]
    _tap(qtbot, row)
    tour.wait("att_choice")
    _tap(qtbot, window.current.home_button)
    tour.wait("menu")
    assert window.isActiveWindow()
    assert [b for b in window.menu.choices.buttons() if b.hasFocus() or b.isDown()] == []
    tour.pull()


def test_nineteen_people_by_pages(tour, qtbot) -> None:
    """At least 6 rows at once; PAGE SUIVANTE (no drag) leads to the 20th row, which can be chosen."""
    tour.login("dix_neuf")
    tour.service("attestation", "att_choice")
    screen = tour.screen("att_choice")
    rows = screen.choices.buttons()
    tour.settle()
    assert len(rows) == 20 and sum(r.isVisible() for r in rows) >= 6
    assert screen.choices.page_label.text() == f"Page 1 / {screen.choices.page_count}"
    while not rows[-1].isVisible():
        _tap(qtbot, screen.choices.next_button)
        tour.settle()
    assert screen.choices.page_label.text() == f"Page {screen.choices.page_count} / {screen.choices.page_count}"
    assert not screen.choices.next_button.isEnabled()
    _tap(qtbot, rows[-1])
    assert screen.selected() == screen.choices.values[-1]
    _tap(qtbot, screen.choices.previous_button)
    tour.settle()
    assert rows[-1].isHidden() and screen.primary_button.isEnabled()  # the choice stays made
    tour.home()
    tour.pull()


def test_keypads_say_what_their_erasing_keys_do(tour) -> None:
    for keys in (tour.window.auth.keys, tour.screen("cr_reference").digit_keys):
        assert keys["EFFACER"].text().split() == ["TOUT", "EFFACER"]
        assert keys["⌫"].text().split()[0] == "⌫" and len(keys["⌫"].text().split()) == 2


def test_each_preview_says_what_its_document_says_in_large_type(tour) -> None:
    """Beside the page: who is covered, from when to when, the options; the amounts (issue 17 item 11)."""
    said = {shot.name: "\n".join(shot.texts) for shot in tour.shots}
    attestation = said["att_preview"]
    for person in ("Paul MARTIN", "Claire MARTIN", "Lea MARTIN", "Hugo MARTIN"):
        assert person in attestation
    assert "Droits ouverts du " in attestation and "Exonération du ticket modérateur : Lea MARTIN" in attestation
    assert "Pour : Sophie DURAND" in said["ij_preview"] and "Total versé : " in said["ij_preview"]
    assert "total imposable" in said["rf_preview"]
    assert "Montant payé : 25,50\u00a0€" in said["cr_preview"] and "Autorisation n° " in said["cr_preview"]
    summary = tour.screen("att_preview").summary
    assert summary.font().pixelSize() >= 32  # the page itself is in 8 px type at this size
