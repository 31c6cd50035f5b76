"""The journey as a person lives it (issue 17 items 2, 3, 4, 5, 7, 9), on the real stack.

Real pcscd + vpcd with our simulated cards, the reference backend over HTTP on loopback, a private
cupsd with the cups-pdf printer. One backend and one kiosk for the module (each test uses its own
cards, so that lockouts and SMS limits of one do not reach another); every test starts and ends on
the attract screen with no card in. Each test asserts the sequence of states the visit went
through, never a sleep.
"""

from __future__ import annotations

import subprocess
from typing import Iterator

import pytest
import requests
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from bms_client import messages
from bms_kiosk.app import Backend, build_kiosk
from bms_kiosk.hardware.cups_printer import CupsPrinter
from bms_kiosk.hardware.pcsc import PcscCardSource
from bms_kiosk.settings import Config
from tests.support.backend import BackendHandle
from tests.support.kiosk import save_screen
from tests.support.pcsc import CardRobot

pytestmark = pytest.mark.pcsc
WAIT = 10000
CODE = "1234"
FAST_SECOND_MS = 5  # the guard's second, shortened: the physical world's clock, not its logic


@pytest.fixture(scope="module")
def stack(tmp_path_factory, qapp, _pcscd_session, cupsd) -> Iterator[tuple]:
    _pcscd_session.start()
    backend = BackendHandle(tmp_path_factory.mktemp("person") / "backend.sqlite3")
    cupsd.enable(cupsd.pdf_queue)
    printer = CupsPrinter(cupsd.pdf_queue, server=cupsd.socket, timeout=30)
    own = tmp_path_factory.mktemp("kiosk")  # never the machine's /var/lib or /var/log/bms-kiosk
    # error_return_delay at its minimum: the old self-closing screens would leave after it
    config = Config({"hide_cursor": False, "payment_outbox_dir": str(own / "payment-outbox"),
                     "audit_log_path": str(own / "audit.jsonl"), "backend_read_timeout": 3.0,
                     "backend_connect_timeout": 1.0, "error_return_delay": 3.0})
    kiosk = build_kiosk(config, PcscCardSource(poll_delay=0.1), backend=Backend(backend.url, backend.terminal_key),
                        printer=printer)
    kiosk.start()
    try:
        yield kiosk, backend, printer
    finally:
        kiosk.shutdown()
        backend.stop()
        # the window's deleteLater, now: a window left alive is re-polished by every later kiosk
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class Person:
    """A person at the terminal: insert, type, tap; what the screen says; the states gone through."""

    def __init__(self, kiosk, backend, printer, robot, qtbot, cupsd) -> None:
        self.kiosk, self.backend, self.printer, self.robot, self.qtbot = kiosk, backend, printer, robot, qtbot
        self.cupsd = cupsd
        self.journey, self.window = kiosk.journey, kiosk.window
        self.start = len(self.journey.history)

    def states(self) -> list[str]:
        return self.journey.history[self.start:]

    def wait(self, state: str, timeout: int = WAIT) -> None:
        self.qtbot.waitUntil(lambda: self.journey.state == state, timeout=timeout)

    def texts(self) -> list[str]:
        return self.window.current.visible_texts()

    def tap(self, button) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def insert(self, card: str) -> None:
        self.robot.insert(card)
        self.wait("auth")

    def type_code(self, code: str, screen=None) -> None:
        screen = screen or self.window.current
        self.qtbot.waitUntil(lambda: screen.keypad.enabled, timeout=WAIT)
        screen.type_code(code)
        self.tap(screen.primary_button)

    def sms_code(self) -> str:
        nir = self.journey.session.card.assure.nir
        return requests.get(f"{self.backend.url}/v1/admin/sms-outbox", params={"nir": nir}, timeout=5).json()["code"]

    def jobs(self) -> set[int]:
        """Every job the private cupsd ever took (an independent fact: nothing printed, or one more)."""
        return set(self.cupsd.connection().getJobs(which_jobs="all"))

    def fast_guard(self, second_ms: int = FAST_SECOND_MS) -> None:
        self.journey.guard.set_second(second_ms)


@pytest.fixture
def person(stack, qtbot, _pcscd_session, cupsd) -> Iterator[Person]:
    kiosk, backend, printer = stack
    robot = CardRobot(_pcscd_session)
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract" and kiosk.journey.reader_ready, timeout=WAIT)
    kiosk.journey.services.printer = printer
    someone = Person(kiosk, backend, printer, robot, qtbot, cupsd)
    try:
        yield someone
    finally:
        kiosk.journey.guard.set_second(1000)
        robot.pull_all()
        qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=WAIT)
        assert kiosk.journey.session.card is None and kiosk.journey.session.data == {}


# --- item 2: no mobile on file
def test_no_mobile_keeps_the_code_screen(person):
    person.insert("droits_fermes")  # LEROY JEAN: no mobile on file
    auth = person.window.screens["auth"]
    person.tap(auth.sms_button)
    person.qtbot.waitUntil(lambda: auth.message.text() == messages.NO_MOBILE, timeout=WAIT)
    assert person.journey.state == "auth" and person.journey.session.card is not None
    assert auth.keypad.enabled and not auth.sms_button.isVisible()  # nothing to send: no second try
    save_screen(person.kiosk, "auth-no_mobile")
    person.type_code(CODE)
    person.wait("menu")
    assert person.states() == ["reading", "auth", "menu"]


# --- item 3: the SMS code screen
def test_sms_code_screen_resend_and_back(person):
    person.insert("sans_tags_prives")
    person.tap(person.window.screens["auth"].sms_button)
    person.wait("auth_sms")
    sms = person.window.screens["auth_sms"]
    texts = person.texts()
    length = person.backend.config.sms_code_length
    assert "SAISISSEZ LE CODE REÇU PAR SMS :" in texts
    assert not any("compte ameli" in t for t in texts)  # not the code de sécurité's words
    assert sms.keypad.digits_label.text() == " ".join("_" * length)
    assert any("** **" in t and "SMS" in t for t in texts)
    save_screen(person.kiosk, "auth_sms")
    # CONFIRMER once the code has its length, not before
    sms.type_code("1" * (length - 1))
    assert not sms.primary_button.isEnabled()
    sms.type_code("1")
    assert sms.primary_button.isEnabled()
    sms.keypad.reset()
    first = person.sms_code()
    # asked again at once: the backend refuses, the screen says when, nothing else moves
    person.tap(sms.resend_button)
    person.qtbot.waitUntil(lambda: "Vous pourrez demander un nouveau code dans" in sms.message.text(), timeout=WAIT)
    assert messages.SMS_TOO_SOON in sms.message.text() and person.journey.state == "auth_sms"
    save_screen(person.kiosk, "auth_sms-too_soon")
    # after the backend's delay, a new code is sent and the first one no longer opens
    person.backend.clock.advance(seconds=person.backend.config.sms_resend_delay)
    person.tap(sms.resend_button)
    person.qtbot.waitUntil(lambda: "nouveau code" in sms.message.text() and "envoyé" in sms.message.text()
                           and "pourrez" not in sms.message.text(), timeout=WAIT)
    second = person.sms_code()
    # the way back to the code de sécurité
    person.tap(sms.back_button)
    person.wait("auth")
    assert "SAISISSEZ VOTRE CODE DE SÉCURITÉ :" in person.texts()
    person.type_code(CODE)
    person.wait("menu")
    assert person.states() == ["reading", "auth", "auth_sms", "auth", "menu"]
    assert first.isdigit() and second.isdigit() and len(second) == length


def test_sms_code_opens_the_session(person):
    person.insert("vitale_photo")
    person.tap(person.window.screens["auth"].sms_button)
    person.wait("auth_sms")
    person.type_code(person.sms_code())
    person.wait("menu")
    assert person.states() == ["reading", "auth", "auth_sms", "menu"]


# --- item 4: tries, in words
def test_tries_in_words_and_a_warning_before_the_last(person):
    person.insert("noms_longs")
    auth = person.window.screens["auth"]
    person.type_code("0000")
    person.qtbot.waitUntil(lambda: auth.message.isVisible() and auth.keypad.enabled, timeout=WAIT)
    assert auth.message.text() == "Code incorrect. Il vous reste 2 essais."
    person.type_code("0000")
    person.qtbot.waitUntil(lambda: "1 essai" in auth.message.text() and auth.keypad.enabled, timeout=WAIT)
    text = auth.message.text()
    assert text.startswith("Code incorrect. Il vous reste 1 essai.") and "essai(s)" not in text
    assert messages.LAST_TRY in text and "bloqué" in text
    save_screen(person.kiosk, "auth-last_try")
    person.type_code(CODE)  # the right code still opens, and resets the count
    person.wait("menu")
    assert person.states() == ["reading", "auth", "menu"]


# --- item 5: no open rights, not offered
def test_people_without_open_rights_are_not_offered(person):
    person.insert("droits_partiels")
    person.type_code(CODE)
    person.wait("menu")
    person.tap(person.window.menu.choices.buttons()[0])
    person.wait("att_choice")
    choice = person.window.screens["att_choice"]
    rows = [b.text() for b in choice.choices.buttons()]
    assert rows == ["L'ensemble des bénéficiaires", "Thomas GARNIER 04/09/1976", "Elodie GARNIER 22/11/1978"]
    note = choice.not_covered.text()
    assert choice.not_covered.isVisible() and "Maxime GARNIER" in note and "droits ouverts" in note
    save_screen(person.kiosk, "att_choice-not_covered")
    person.tap(choice.choices.buttons()[0])
    person.tap(choice.primary_button)
    person.wait("att_preview")
    preview = person.window.screens["att_preview"]
    assert any("Maxime GARNIER" in t and "ne figure pas" in t for t in preview.visible_texts())
    pdf = subprocess.run(["pdftotext", "-layout", "-", "-"], input=person.journey.session.data["document"],
                         capture_output=True, check=True).stdout.decode()
    assert "THOMAS" in pdf and "ELODIE" in pdf and "MAXIME" not in pdf
    save_screen(person.kiosk, "att_preview-not_covered")
    assert person.states() == ["reading", "auth", "menu", "att_choice", "att_loading", "att_preview"]


def test_nobody_with_open_rights_the_service_is_not_offered(person):
    person.insert("droits_fermes")
    person.type_code(CODE)
    person.wait("menu")
    entries = {spec.key: button for spec, button in zip(person.journey.catalogue, person.window.menu.choices.buttons())}
    assert not entries["attestation"].isEnabled()
    assert "Aucun droit ouvert" in entries["attestation"].accessibleDescription()
    assert any(t.startswith("Aucun droit ouvert") for t in person.texts())
    person.journey.choose_service("attestation")  # even a tap that got through
    assert person.journey.state == "menu"
    save_screen(person.kiosk, "menu-no_open_rights")


# --- item 9: address unknown, in the kiosk's words
def test_address_unknown_says_what_to_do(person):
    jobs = person.jobs()
    person.insert("adresse_inconnue")
    person.type_code(CODE)
    person.wait("menu")
    person.tap(person.window.menu.choices.buttons()[0])
    person.wait("att_choice")
    person.tap(person.window.screens["att_choice"].choices.buttons()[0])
    person.tap(person.window.screens["att_choice"].primary_button)
    person.wait("att_outcome")
    text = " ".join(person.texts())
    assert "en cours de composition" not in text and "nous préciser" not in text  # the web's words
    assert "accueil" in text and "compte ameli" in text
    save_screen(person.kiosk, "att_outcome-adresse_inconnue")
    assert person.jobs() == jobs  # nothing printed
    assert person.states() == ["reading", "auth", "menu", "att_choice", "att_loading", "att_outcome"]


# --- item 7: screens a person reads do not leave unannounced
def warned_then(person, state: str) -> None:
    """On ``state``: the inactivity warning comes (the screen has not left), CONTINUER keeps it, then it ends."""
    overlay = person.window.inactivity
    person.qtbot.waitUntil(overlay.isVisible, timeout=WAIT)
    assert person.journey.state == state and overlay.headline.text() == "Êtes-vous toujours là ?"
    person.tap(overlay.button)
    assert person.journey.state == state and not overlay.isVisible()
    person.qtbot.waitUntil(overlay.isVisible, timeout=WAIT)  # asked again, and nobody answers
    person.wait("end")


def test_locked_screen_warns_before_it_ends(person):
    person.insert("famille6")
    for _ in range(person.kiosk.config.auth_max_attempts):
        person.type_code("0000")
    person.wait("locked")
    person.fast_guard()
    assert any("accueil" in t for t in person.texts())
    warned_then(person, "locked")
    assert person.states()[-2:] == ["locked", "end"]
    assert person.states().count("auth") == 1


def test_unavailable_screen_warns_before_it_ends(person):
    person.insert("rejet")
    person.backend.stop()
    try:
        person.type_code(CODE)
        person.wait("unavailable")
        person.fast_guard()
        assert "Service momentanément indisponible" in person.texts()
        assert person.journey.session.card is None  # wiped at once, whatever the person does next
        warned_then(person, "unavailable")
    finally:
        person.backend.start()
    assert person.states() == ["reading", "auth", "unavailable", "end"]


def test_print_failed_waits_and_retries_on_cupsd(person):
    queue = person.cupsd.make_fault_queue("media-empty-error", 4)
    person.journey.services.printer = CupsPrinter(queue, server=person.cupsd.socket, timeout=20)
    person.insert("seul")
    person.type_code(CODE)
    person.wait("menu")
    person.tap(person.window.menu.choices.buttons()[0])
    person.wait("att_choice")
    person.tap(person.window.screens["att_choice"].choices.buttons()[1])
    person.tap(person.window.screens["att_choice"].primary_button)
    person.wait("att_preview")
    person.tap(person.window.screens["att_preview"].primary_button)
    person.wait("att_print_failed", timeout=30000)
    person.fast_guard()
    overlay = person.window.inactivity
    person.qtbot.waitUntil(overlay.isVisible, timeout=WAIT)  # it warns, it does not leave
    assert person.journey.state == "att_print_failed"
    person.fast_guard(1000)
    person.tap(overlay.button)
    person.journey.services.printer = person.printer  # the paper is back
    jobs = person.jobs()
    person.tap(person.window.screens["att_print_failed"].primary_button)  # RÉESSAYER
    person.wait("att_printed")
    person.qtbot.waitUntil(lambda: len(person.jobs() - jobs) == 1, timeout=WAIT)
    assert person.states()[-5:] == ["att_preview", "att_printing", "att_print_failed", "att_printing",
                                    "att_printed"]
