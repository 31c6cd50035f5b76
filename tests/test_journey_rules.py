"""Global rules of the journey (inactivity, help, failsafe), with the in-process simulated card.

The card path itself is covered through real pcscd in test_journey_pcsc.py; here the card only
gets the person to a screen, and the rules are what is tested.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from bms_kiosk.hardware.virtual_card import SimulatedCardSource, shipped_cards
from tests.support.kiosk import save_screen


@pytest.fixture
def sim():
    return SimulatedCardSource()


@pytest.fixture
def kiosk(make_kiosk, sim, qtbot):
    k = make_kiosk(sim)
    qtbot.waitUntil(lambda: k.journey.state == "attract", timeout=3000)
    return k


def read_card(kiosk, sim, qtbot, name="famille4"):
    sim.insert(shipped_cards()[name])
    qtbot.waitUntil(lambda: kiosk.journey.state == "auth", timeout=3000)


def fast_clock(kiosk):
    """The person's slowness is the physical world: shrink the guard's delays, keep its logic."""
    kiosk.journey.guard.set_second(2)  # a second of the person's time lasts 2 ms


def test_inactivity_warning_can_be_extended_ten_times_then_ends(kiosk, sim, qtbot):
    read_card(kiosk, sim, qtbot)
    fast_clock(kiosk)
    guard = kiosk.journey.guard
    assert guard.answer_delay >= 20 and guard.max_extensions >= 10
    overlay = kiosk.window.inactivity
    for n in range(guard.max_extensions):
        qtbot.waitUntil(overlay.isVisible, timeout=3000)
        assert overlay.button.isVisible() and overlay.button.text() == "Continuer"
        assert "votre session se terminera dans" in overlay.text.text()
        qtbot.mouseClick(overlay.button, Qt.MouseButton.LeftButton)
        assert not overlay.isVisible()
        assert kiosk.journey.state == "auth"
    qtbot.waitUntil(overlay.isVisible, timeout=3000)
    assert not overlay.button.isVisible()
    assert "Vous ne pouvez plus prolonger" in overlay.text.text()
    qtbot.waitUntil(lambda: kiosk.journey.state == "end", timeout=3000)
    assert not kiosk.journey.session.active
    assert kiosk.window.auth.greeting.text() == ""
    assert "Retirez votre carte Vitale" in kiosk.window.current.visible_texts()
    sim.pull()
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=3000)


def test_inactivity_countdown_gives_at_least_twenty_seconds(kiosk, sim, qtbot):
    read_card(kiosk, sim, qtbot)
    seen = []
    kiosk.journey.guard.warn.connect(seen.append)
    kiosk.journey.guard.set_second(1)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen[0] >= 20
    save_screen(kiosk, "inactivity_warning")


def test_a_touch_postpones_the_warning(kiosk, sim, qtbot):
    read_card(kiosk, sim, qtbot)
    guard = kiosk.journey.guard
    assert guard.armed
    # the delay before the warning: about 1 s, so that a loaded machine's slow touches still come in time
    guard.set_second(round(1000 / guard.idle_delay))
    for _ in range(8):  # a touch every 150 ms for 1.2 s, longer than the delay: the warning's signal never comes
        with qtbot.assertNotEmitted(guard.warn, wait=150):
            qtbot.mouseClick(kiosk.window.auth.greeting, Qt.MouseButton.LeftButton)
    assert not guard.warning
    with qtbot.waitSignal(guard.warn, timeout=5000):  # left alone, it comes: the guard was watching
        pass


def test_no_inactivity_on_the_attract_screen(kiosk):
    assert not kiosk.journey.guard.armed


def test_help_opens_and_closes(kiosk, sim, qtbot):
    read_card(kiosk, sim, qtbot)
    screen = kiosk.window.current
    qtbot.mouseClick(screen.help_button, Qt.MouseButton.LeftButton)
    assert kiosk.window.help.isVisible()
    assert kiosk.window.help.headline.text() == "AIDE"
    assert "code de sécurité" in kiosk.window.help.text.text()
    save_screen(kiosk, "help")
    qtbot.mouseClick(kiosk.window.help.button, Qt.MouseButton.LeftButton)
    assert not kiosk.window.help.isVisible()


def test_unexpected_error_shows_unavailable_then_goes_home_by_itself(kiosk, sim, qtbot):
    read_card(kiosk, sim, qtbot)
    kiosk.journey.fail("test")
    assert kiosk.journey.state == "unavailable"
    assert "Service momentanément indisponible" in kiosk.window.current.visible_texts()
    assert not kiosk.journey.session.active
    save_screen(kiosk, "unavailable")
    # the card is still in: the inactivity warning, then "Retirez votre carte", then attract once pulled
    kiosk.journey.guard.set_second(5)
    qtbot.waitUntil(kiosk.window.inactivity.isVisible, timeout=3000)
    qtbot.waitUntil(lambda: kiosk.journey.state == "end", timeout=3000)
    sim.pull()
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=3000)


def test_excepthook_failsafe_reaches_unavailable(kiosk, qtbot):
    import sys

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert kiosk.journey.state == "unavailable"


def test_window_refuses_to_close(kiosk):
    assert kiosk.window.close() is False
    assert kiosk.window.isVisible()


def test_every_screen_rendered_at_1920x1080(kiosk, sim, qtbot):
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.primaryScreen().size().toTuple() == (1920, 1080)
    assert kiosk.window.size().toTuple() == (1920, 1080)
    expected = {
        "attract": "Insérez votre carte Vitale",
        "reading": "Lecture de votre carte Vitale en cours…",
        "reader_missing": "Le lecteur de carte est momentanément indisponible",
        "unavailable": "Service momentanément indisponible",
        "end": "Retirez votre carte Vitale",
    }
    for name, text in expected.items():
        kiosk.window.stack.setCurrentWidget(kiosk.window.screens[name])
        assert text in kiosk.window.current.visible_texts()
        save_screen(kiosk, name)
    read_card(kiosk, sim, qtbot, "noms_longs")
    assert "Bonjour Marie-Hélène DE LA FONTAINE-SAINT-ÉTIENNE D'ARGENSON." in kiosk.window.current.visible_texts()
    save_screen(kiosk, "auth")


def test_demo_simulator_inserts_cards_and_shows_the_sms(kiosk, sim, qtbot):
    """The demo's side window: a card button plays the hand, the phone label plays the phone."""
    from bms_kiosk.demo import SimulatorControl

    control = SimulatorControl(sim, kiosk.window)
    control.watch_sms(kiosk)
    buttons = {b.text(): b for b in control.findChildren(QPushButton)}
    buttons["F2  seul"].click()
    qtbot.waitUntil(lambda: kiosk.journey.state == "auth", timeout=5000)
    kiosk.window.auth.sms_button.click()
    qtbot.waitUntil(lambda: "code" in control.phone.text(), timeout=5000)
    code = control.phone.text().rsplit(" ", 1)[1]
    assert code.isdigit()
    qtbot.waitUntil(lambda: kiosk.journey.state == "auth_sms", timeout=5000)
    kiosk.window.sms.type_code(code)
    kiosk.window.sms.primary_button.click()
    qtbot.waitUntil(lambda: kiosk.journey.state == "menu", timeout=5000)
    buttons["F12  Retirer la carte"].click()
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=5000)
    control.close()


def test_the_journey_keeps_a_bounded_history_of_its_states(kiosk, sim, qtbot, monkeypatch):
    """A terminal runs for months: the states it went through are not all kept (issue 13)."""
    from bms_kiosk.flow import journey as journey_module

    monkeypatch.setattr(journey_module, "HISTORY_LENGTH", 3, raising=False)
    for _ in range(3):  # attract → reading → auth → attract: 3 states a visit
        read_card(kiosk, sim, qtbot)
        sim.pull()
        qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=3000)
    history = kiosk.journey.history
    assert 3 <= len(history) < 6
    assert history[-3:] == ["reading", "auth", "attract"], history  # the latest are kept
