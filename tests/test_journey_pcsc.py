"""The journey driven by the real PC/SC stack: pcscd + vpcd + our simulated cartes Vitale."""

from __future__ import annotations

import pytest

from bms_kiosk.hardware.pcsc import PcscCardSource
from tests.support.kiosk import save_screen

pytestmark = pytest.mark.pcsc

WAIT = 8000  # ms; pcscd polls card presence every 400 ms


def history_after(kiosk, start: int) -> list[str]:
    return kiosk.journey.history[start:]


@pytest.fixture
def pcsc_kiosk(make_kiosk, card_robot, pcscd, qtbot):
    kiosk = make_kiosk(PcscCardSource(poll_delay=0.1))
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract" and kiosk.journey.reader_ready, timeout=WAIT)
    return kiosk


def test_family_card_read_then_pulled(pcsc_kiosk, card_robot, qtbot):
    kiosk = pcsc_kiosk
    start = len(kiosk.journey.history)
    card_robot.insert("famille4")
    qtbot.waitUntil(lambda: kiosk.journey.state == "auth", timeout=WAIT)
    assert history_after(kiosk, start) == ["reading", "auth"]
    card = kiosk.journey.session.card
    assert [(p.display_name, p.birth_text) for p in card.beneficiaries] == [
        ("Paul MARTIN", "12/03/1984"), ("Claire MARTIN", "02/07/1986"),
        ("Lea MARTIN", "20/05/2012"), ("Hugo MARTIN", "08/11/2015")]
    assert "Bonjour Paul MARTIN." in kiosk.window.current.visible_texts()

    card_robot.pull()
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=WAIT)
    assert kiosk.journey.session.card is None and not kiosk.journey.session.active
    assert "Bonjour Paul MARTIN." not in kiosk.window.screens["auth"].visible_texts()


@pytest.mark.parametrize("card, title", [
    ("autre_atr", "Cette carte n'est pas une carte Vitale"),
    ("cle_nir_fausse", "Votre carte Vitale ne peut pas être lue"),
    ("tlv_tronque", "Votre carte Vitale ne peut pas être lue"),
    ("date_mal_formee", "Votre carte Vitale ne peut pas être lue"),
])
def test_bad_cards_show_their_message(pcsc_kiosk, card_robot, qtbot, card, title):
    kiosk = pcsc_kiosk
    start = len(kiosk.journey.history)
    card_robot.insert(card)
    qtbot.waitUntil(lambda: kiosk.journey.state == "card_error", timeout=WAIT)
    assert history_after(kiosk, start) == ["reading", "card_error"]
    screen = kiosk.window.current
    assert screen.name == "card_error"
    assert title in screen.visible_texts()
    assert kiosk.journey.session.card is None
    save_screen(kiosk, f"card_error-{card}")
    card_robot.pull()
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=WAIT)


def test_card_pulled_during_the_read_keeps_nothing(pcsc_kiosk, card_robot, qtbot):
    kiosk = pcsc_kiosk
    start = len(kiosk.journey.history)
    card_robot.insert("dix_neuf", pull_after_apdus=6)
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract" and len(kiosk.journey.history) > start + 1,
                    timeout=WAIT)
    assert "auth" not in history_after(kiosk, start)
    assert history_after(kiosk, start)[-1] == "attract"
    assert not kiosk.journey.session.active


def test_pcscd_restart_shows_reader_missing_then_ready(pcsc_kiosk, card_robot, pcscd, qtbot):
    kiosk = pcsc_kiosk
    start = len(kiosk.journey.history)
    pcscd.stop()
    qtbot.waitUntil(lambda: kiosk.journey.state == "reader_missing", timeout=WAIT)
    assert "Le lecteur de carte est momentanément indisponible" in kiosk.window.current.visible_texts()
    save_screen(kiosk, "reader_missing")
    pcscd.start()
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=WAIT)
    assert history_after(kiosk, start) == ["reader_missing", "attract"]
    card_robot.insert("seul")
    qtbot.waitUntil(lambda: kiosk.journey.state == "auth", timeout=WAIT)
    assert "Bonjour Sophie DURAND." in kiosk.window.current.visible_texts()


def test_card_already_in_the_reader_at_start(make_kiosk, card_robot, qtbot):
    card_robot.insert("jumeaux", wait=True)
    kiosk = make_kiosk(PcscCardSource(poll_delay=0.1))
    qtbot.waitUntil(lambda: kiosk.journey.state == "auth", timeout=WAIT)
    people = kiosk.journey.session.card.beneficiaries
    assert [(p.display_name, p.birth_text, p.rang) for p in people[1:]] == [
        ("Louis PETIT", "07/06/2019", 1), ("Louise PETIT", "07/06/2019", 2)]
