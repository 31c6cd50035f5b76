"""Ma complémentaire santé and Mes messages, end to end on the real stack (pcscd + vpcd, reference backend).

Seed (docs/backend.md): MARTIN PAUL (``famille4``) has an open overlap for Paul and Claire (MGD / HES);
BERNARD KARIM (``famille6``) an overlap with a CSS; ROUSSEAU (``dix_neuf``) 5 people concerned; PETIT JULIE
(``jumeaux``) a partner regime. The 7-day processing is the backend's clock advanced (``clock.advance``).
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from bms_kiosk import i18n
from bms_kiosk.i18n import Language, fill
from bms_kiosk.kiosk_services import messages, oc
from tests.support.kiosk import save_screen
from tests.test_attestation_journey import ALL_NIRS, click, printer, visit  # noqa: F401 (fixtures)

OC_LABEL, MSG_LABEL = "Ma complémentaire santé", "Mes messages"
MARTIN_PAUL = "184037511203367"  # famille4's assuré


def menu_labels(visit) -> list[str]:
    return [b.text() for b in visit.window.screens["menu"].choices.buttons()]


def open_service(visit, label: str, state: str) -> None:
    (button,) = [b for b in visit.window.screens["menu"].choices.buttons() if b.text() == label]
    click(visit.qtbot, button)
    visit.wait(state)


def requests(visit) -> list[tuple]:
    with sqlite3.connect(visit.backend.db_path) as db:
        return db.execute("SELECT choices, requested_at FROM oc_requests").fetchall()


@pytest.mark.pcsc
def test_famille4_chooses_its_complementaire(visit, caplog):
    # at login, before the menu: the notice; PLUS TARD never blocks the services
    visit.login("famille4", to="oc_notice")
    texts = visit.texts()
    assert oc.NOTICE in texts and oc.LATER in texts and oc.SELECT in texts
    save_screen(visit.kiosk, "oc_notice")
    click(visit.qtbot, visit.window.screens["oc_notice"].later_button)
    visit.wait("menu")
    assert OC_LABEL in menu_labels(visit) and MSG_LABEL in menu_labels(visit)
    visit.leave()
    # asked again at the next login
    visit.login("famille4", to="oc_notice")
    click(visit.qtbot, visit.window.screens["oc_notice"].primary_button)
    visit.wait("oc_choice")
    screen = visit.window.screens["oc_choice"]
    texts = visit.texts()
    assert oc.QUESTION in texts and any("ne sera plus visible dans votre compte ameli sous 7 jours" in t for t in texts)
    people = [(row.person.name, row.person.birth) for row in screen.people]
    assert people == [("Paul MARTIN", "12/03/1984"), ("Claire MARTIN", "02/07/1986")]
    for row in screen.people:  # two big cards side by side: name, N° adhérent*, Contrat du
        assert len(row.cards) == 2
        for button in row.cards.values():
            lines = button.text().split("\n")
            assert lines[1].startswith("N° adhérent* : ") and lines[2].startswith("Contrat du ")
        first, second = row.cards.values()
        assert first.geometry().top() == second.geometry().top() and first.geometry().right() < second.geometry().left()
    save_screen(visit.kiosk, "oc_choice")
    # one choice per person, all in one go: VALIDER waits for both
    assert not screen.primary_button.isEnabled()
    paul, claire = screen.people
    click(visit.qtbot, list(paul.cards.values())[1])
    assert not screen.primary_button.isEnabled()
    click(visit.qtbot, list(claire.cards.values())[0])
    assert screen.primary_button.isEnabled()
    save_screen(visit.kiosk, "oc_choice-chosen")
    chosen = {paul.person.nir: list(paul.cards)[1], claire.person.nir: list(claire.cards)[0]}
    click(visit.qtbot, screen.primary_button)
    visit.wait("oc_confirm")
    assert oc.CONFIRM_TITLE in visit.texts()
    assert any(list(paul.person.ocs)[1].name in t for t in visit.texts())
    save_screen(visit.kiosk, "oc_confirm")
    # RETOUR keeps the choice; the same choice keeps the same idempotency key
    key = visit.journey.session.data[oc.CHOICES][0]
    click(visit.qtbot, visit.window.screens["oc_confirm"].back_button)
    visit.wait("oc_choice")
    click(visit.qtbot, screen.primary_button)
    visit.wait("oc_confirm")
    assert visit.journey.session.data[oc.CHOICES][0] == key
    # a double tap sends once
    confirm = visit.window.screens["oc_confirm"].primary_button
    confirm.click()
    confirm.click()
    visit.wait("oc_sent")
    assert visit.qtbot.waitUntil(lambda: not visit.journey.tasks.running, timeout=10000) is None
    texts = " ".join(visit.texts())
    assert oc.SENT_TITLE in texts
    assert "DEMANDE EN COURS — Demande faite le " in texts and "traitée sous 7 jours" in texts
    save_screen(visit.kiosk, "oc_sent")
    (request,) = requests(visit)
    assert json.loads(request[0]) == chosen
    click(visit.qtbot, visit.window.screens["oc_sent"].home_button)
    visit.wait("menu")
    visit.leave()
    # later logins: the status, then the services
    visit.login("famille4", to="oc_status")
    texts = visit.texts()
    assert "DEMANDE EN COURS" in texts and "traitée sous 7 jours" in " ".join(texts)
    save_screen(visit.kiosk, "oc_status")
    click(visit.qtbot, visit.window.screens["oc_status"].primary_button)
    visit.wait("menu")
    open_service(visit, OC_LABEL, "oc_status")  # the menu entry shows it too
    visit.leave()
    # 7 days later (server clock): processed, the notification among the messages, newest first
    visit.backend.clock.advance(days=7)
    visit.login("famille4")
    assert OC_LABEL not in menu_labels(visit)
    open_service(visit, MSG_LABEL, "msg_list")
    rows = visit.window.screens["msg_list"].buttons
    assert rows and "Notification" in rows[0].text() and "Transmission vers votre complémentaire" in rows[0].text()
    save_screen(visit.kiosk, "msg_list")
    click(visit.qtbot, rows[0])
    visit.wait("msg_open")
    assert any("est de nouveau active" in t for t in visit.texts())
    save_screen(visit.kiosk, "msg_open")
    click(visit.qtbot, visit.window.screens["msg_open"].back_button)
    visit.wait("msg_list")
    visit.leave()
    assert visit.window.screens["msg_list"].buttons == [] and visit.window.screens["oc_choice"].people == []
    # past the retention months, the notification is gone
    visit.backend.clock.advance(days=200)
    visit.login("famille4")
    open_service(visit, MSG_LABEL, "msg_list")
    assert visit.window.screens["msg_list"].buttons == [] and messages.EMPTY in visit.texts()
    save_screen(visit.kiosk, "msg_list-empty")
    visit.leave()
    for nir in ALL_NIRS:
        assert nir not in caplog.text


@pytest.mark.pcsc
@pytest.mark.parametrize("card, words", [
    ("famille6", "Une Complémentaire santé solidaire (ou une CMU-C, une ACS) fait partie des contrats en conflit"),
    ("dix_neuf", "5 personnes ou plus de votre foyer sont concernées"),
    ("jumeaux", "Vous relevez d'un régime partenaire de l'Assurance Maladie"),
])
def test_not_offered_says_why_and_what_to_do(visit, card, words):
    visit.login(card)  # no notice: straight to the services
    assert OC_LABEL in menu_labels(visit)
    open_service(visit, OC_LABEL, "oc_outcome")
    texts = " ".join(visit.texts())
    assert "Choix non proposé sur la borne" in texts and words in texts
    assert "Adressez-vous à l'accueil de votre caisse d'assurance maladie (CPAM)" in texts
    save_screen(visit.kiosk, f"oc_outcome-{card}")
    click(visit.qtbot, visit.window.screens["oc_outcome"].home_button)
    visit.wait("menu")
    visit.leave()


@pytest.mark.pcsc
def test_no_overlap_no_entry_and_no_message(visit):
    visit.login("seul")
    assert OC_LABEL not in menu_labels(visit)
    open_service(visit, MSG_LABEL, "msg_list")
    assert messages.EMPTY in visit.texts()
    visit.leave()


@pytest.mark.pcsc
def test_hundreds_of_messages_are_shown_a_page_at_a_time(visit):
    # every créance payment leaves an acknowledgement kept 6 months: one who pays often has hundreds;
    # the kiosk asks for the newest ones and, on a tap, the older ones, never the whole list
    visit.backend.add_messages(MARTIN_PAUL, 45)
    visit.login("famille4")
    open_service(visit, MSG_LABEL, "msg_list")
    screen = visit.window.screens["msg_list"]

    def page(first: int, last: int, titles: list[str], newer: bool, older: bool) -> None:
        assert [b.accessibleName() for b in screen.buttons] == titles
        assert (screen.newer_button is not None, screen.older_button is not None) == (newer, older)
        assert screen.hint.text() == fill(messages.PAGE_HINT, first=first, last=last, total=45)

    page(1, 20, [f"Message {n}" for n in range(44, 24, -1)], newer=False, older=True)
    save_screen(visit.kiosk, "msg_list-paged")
    screen.rows.show_item(screen.older_button)  # the person turns the screen's pages to the last one
    save_screen(visit.kiosk, "msg_list-older")
    click(visit.qtbot, screen.older_button)
    visit.wait("msg_list")
    page(21, 40, [f"Message {n}" for n in range(24, 4, -1)], newer=True, older=True)
    assert screen.rows.page == 0  # a new list starts at its first screen
    screen.rows.show_item(screen.older_button)
    click(visit.qtbot, screen.older_button)
    visit.wait("msg_list")
    page(41, 45, [f"Message {n}" for n in range(4, -1, -1)], newer=True, older=False)
    click(visit.qtbot, screen.buttons[2])  # opened, and RETOUR comes back to the same page
    visit.wait("msg_open")
    assert "Texte du message 2." in visit.texts()
    click(visit.qtbot, visit.window.screens["msg_open"].back_button)
    visit.wait("msg_list")
    page(41, 45, [f"Message {n}" for n in range(4, -1, -1)], newer=True, older=False)
    click(visit.qtbot, screen.newer_button)
    visit.wait("msg_list")
    page(21, 40, [f"Message {n}" for n in range(24, 4, -1)], newer=True, older=True)
    i18n.set_language(Language.EN)
    try:
        screen.rows.show_item(screen.older_button)
        visit.qtbot.wait(50)
        assert {"Older messages", "Messages 21 to 40 of 45. Tap a message to read it."} <= set(visit.texts())
        assert screen.newer_button.text() == "Newer messages"  # on the screen's first page
        save_screen(visit.kiosk, "en-msg_list-paged")
    finally:
        i18n.set_language(i18n.DEFAULT)
    visit.leave()
    assert screen.buttons == [] and screen.newer_button is None and screen.older_button is None
