"""Speech through a headset and the keypad (issue 18 items 1, 2, 5, 7), on the real stack.

Whole visits are driven with the keypad's keys only (QTest.keyClick on the window, no touch):
real pcscd + vpcd with the simulated cards, the reference backend on loopback, the private cupsd.
What the terminal says is recorded from the speaker (``said``) and compared with the screens'
texts; with no headset, nothing of the card is ever in it, and a code's digits never are.
Each visit is done in French and in English (EN chosen on the header's switch, by the keys): in
English every screen said is the English screen, and nothing said is French.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from bms_kiosk import i18n
from bms_kiosk.i18n import Language
from bms_kiosk.speech import words
from bms_kiosk.speech.engine import EngineState
from bms_kiosk.speech.reading import PAD_KEYS
from bms_kiosk.speech.reading import button_name
from tests.support.kiosk import save_screen
from bms_kiosk.app import Backend
from bms_kiosk.hardware.pcsc import PcscCardSource
from tests.test_attestation_journey import ALL_NIRS, CODE, WAIT, Visit, printer  # noqa: F401 (fixture)
from tests.test_technician import tech_kiosk  # noqa: F401 (fixture)
from tests.test_accessibility import FRENCH, _data, _words_in

OWN_NAMES = ("Français",)  # a language's name on the switch is said in that language (WCAG 3.1.2)

LANGUAGES = pytest.mark.parametrize("language", [Language.FR, Language.EN], ids=["fr", "en"])

pytestmark = pytest.mark.pcsc
K = Qt.Key


class Ear:
    """Everything the speaker hands to the engine, in order."""

    def __init__(self, kiosk) -> None:
        self.lines: list[str] = []
        kiosk.access.speaker.said.connect(self.lines.append)

    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def start(make_kiosk, card_robot, pcscd, backend_server, cupsd, printer, qtbot):
    """``start(language=FR, **settings)``: the kiosk on the real stack, speech recorded (engine "none"
    unless said); the visit is switched to ``language`` by the keys on the code screen."""

    def make(language=Language.FR, **settings):
        settings = {"speech_engine": "none", **settings}
        backend = Backend(backend_server.url, backend_server.terminal_key)
        kiosk = make_kiosk(PcscCardSource(poll_delay=0.1), backend=backend, printer=printer,
                           backend_read_timeout=3.0, backend_connect_timeout=1.0, **settings)
        qtbot.waitUntil(lambda: kiosk.journey.state == "attract" and kiosk.journey.reader_ready, timeout=WAIT)
        visit = Visit(kiosk, card_robot, qtbot, backend_server, cupsd)
        visit.ear = Ear(kiosk)
        visit.language = language
        return visit

    return make


def key(visit, k, n: int = 1) -> None:
    for _ in range(n):
        QTest.keyClick(visit.window, k)


def settle(visit) -> None:
    access = visit.kiosk.access
    visit.qtbot.waitUntil(lambda: not access._settle.isActive(), timeout=WAIT)


def words_of(text: str) -> str:
    return " ".join(text.split())


def focus_on(visit, button, limit: int = 60) -> None:
    """Down until the focus is on ``button`` (the keypad's reading order), then no further."""
    nav = visit.kiosk.access.navigator
    for _ in range(limit):
        if nav.current is button:
            return
        key(visit, K.Key_Down)
    raise AssertionError(f"focus never reached {button.text()!r}")


def press(visit, button) -> None:
    focus_on(visit, button)
    ring = visit.kiosk.access.navigator.ring  # the large focus, drawn around the control
    centre = button.mapTo(visit.window, button.rect().center())
    assert ring.isVisible() and ring.geometry().contains(centre)
    assert ring.width() >= button.width() and ring.height() >= button.height()
    key(visit, K.Key_Return)


def enter(visit, state: str) -> None:
    visit.wait(state)
    settle(visit)


def pad_keys(visit) -> set[str]:
    """The texts of the screen's own keypad keys (typed from the physical keys, not read out)."""
    return {words_of(b.text()) for b in visit.window.current.findChildren(QPushButton) if b.objectName() in PAD_KEYS}


def choose_language(visit) -> None:
    """EN on the header's switch, by the keys (the code screen, the visit's first with a header);
    then the screen is said again, in English."""
    if visit.language is Language.FR:
        return
    focus_on(visit, visit.window.current.display_toggles.languages[visit.language])
    before = len(visit.ear.lines)
    key(visit, K.Key_Return)
    settle(visit)
    assert i18n.current_language() is visit.language
    visit.english_from = before
    assert_screen_said(visit, skip=pad_keys(visit), since=before)


def assert_nothing_french_said(visit) -> None:
    """In English, nothing said since the switch is French (the person's data and proper names aside)."""
    if visit.language is Language.FR:
        return
    data = _data(visit.kiosk) + list(OWN_NAMES)
    french = [line for line in visit.ear.lines[visit.english_from:] if _words_in(line, FRENCH, data)]
    assert not french, "\n".join(french)


def assert_screen_said(visit, skip=(), since: int = 0) -> None:
    """Every text the screen shows was said, in its words; without a headset, but those holding a
    value of the card (the test's own list: they must not be said at all)."""
    said = words_of("\n".join(visit.ear.lines[since:]))
    private = [] if visit.kiosk.access.speaker.headset else [v.lower() for v in visit.private]
    toggles = visit.window.current.findChildren(QPushButton, "headerToggle")  # FR EN Aa ◐: said by name
    for toggle in toggles:
        if toggle.isVisibleTo(visit.window.current):
            assert button_name(toggle).lower() in said.lower(), (visit.journey.state, button_name(toggle))
    skip = set(skip) | {words_of(t.text()).strip() for t in toggles}
    for text in visit.window.current.visible_texts():
        text = words_of(text).strip("<>?› ").strip()
        if not text or text in skip or all(c in "●_ " for c in text):
            continue
        if any(value in text.lower() for value in private):
            continue
        assert text.lower() in said.lower(), (visit.journey.state, text)


def log_in_by_keys(visit, card: str) -> list[str]:
    """The card goes in (the person's hand), the code from the digit keys, then OK; what typing said."""
    visit.private = card_values(card)
    visit.robot.insert(card)
    enter(visit, "auth")
    assert_screen_said(visit, skip=pad_keys(visit))
    choose_language(visit)
    before = len(visit.ear.lines)
    for digit in CODE:
        QTest.keyClick(visit.window, digit)
    settle(visit)
    typed = visit.ear.lines[before:]
    enabled = f"{button_name(visit.window.auth.primary_button)}."  # CONFIRMER became available
    assert typed[-1] == enabled
    typed = typed[:-1]
    assert typed == [f"{words.say(words.STAR)}."] * len(CODE)
    focus_on(visit, visit.window.auth.primary_button)  # the focus starts there (unless EN was pressed)
    key(visit, K.Key_Return)
    visit.qtbot.waitUntil(lambda: visit.journey.state in ("menu", "oc_notice"), timeout=WAIT)
    settle(visit)
    if visit.journey.state == "oc_notice":
        press(visit, visit.window.screens["oc_notice"].later_button)
        enter(visit, "menu")
    return typed


def attestation_by_keys(visit, card: str = "famille4", at_menu=None) -> list[str]:
    """Log in by keys, then the attestation; ``at_menu(visit)`` runs once the menu is reached."""
    typed = log_in_by_keys(visit, card)
    enter(visit, "menu")
    assert_screen_said(visit)
    if at_menu is not None:
        at_menu(visit)
    key(visit, K.Key_Return)  # the focus starts on the first service: the attestation
    attestation_from_the_menu(visit)
    return typed


def attestation_from_the_menu(visit) -> None:
    enter(visit, "att_choice")
    assert_screen_said(visit)
    screen = visit.window.screens["att_choice"]
    focus_on(visit, screen.choices.buttons()[1])
    save_screen(visit.kiosk, "att_choice-keys")  # the large focus on a row
    press(visit, screen.choices.buttons()[0])  # L'ensemble des bénéficiaires
    settle(visit)
    assert screen.choices.buttons()[0].isChecked()
    press(visit, screen.primary_button)
    visit.qtbot.waitUntil(lambda: visit.journey.state in ("att_option", "att_preview"), timeout=WAIT)
    settle(visit)
    if visit.journey.state == "att_option":
        option = visit.window.screens["att_option"]
        assert_screen_said(visit)
        for row in option.answers.values():
            press(visit, row.no)
        press(visit, option.primary_button)
    enter(visit, "att_preview")
    assert_screen_said(visit)
    summary = visit.window.screens["att_preview"].summary  # what the paper says, said before printing
    if not summary.text():  # (the attestation's on-screen summary is issue 17's; the relevé has one)
        pass
    elif visit.kiosk.access.speaker.headset:
        assert words_of(summary.text()) in words_of(visit.ear.text())
    else:
        assert words_of(summary.text()) not in words_of(visit.ear.text())
    before = set(visit.cupsd.output_dir.glob("job_*.pdf"))
    press(visit, visit.window.screens["att_preview"].primary_button)  # IMPRIMER
    enter(visit, "att_printed")
    assert_screen_said(visit)
    assert_nothing_french_said(visit)
    visit.qtbot.waitUntil(lambda: len(set(visit.cupsd.output_dir.glob("job_*.pdf")) - before) == 1, timeout=WAIT)
    press(visit, visit.window.screens["att_printed"].primary_button)  # TERMINER
    enter(visit, "end")


def card_values(card: str) -> list[str]:
    from bms_kiosk.hardware.virtual_card import load_card, shipped_cards

    values = []
    for person in load_card(shipped_cards()[card]).beneficiaries:
        born = str(person["naissance"])
        values += [person["nir"], person["nir"][:13], person["nom"], person["prenom"],
                   f"{born[6:8]}/{born[4:6]}/{born[0:4]}" if born.isdigit() else born]
    return values


def inactivity_warning(visit) -> None:
    """The warning (WCAG 2.2.1) is said with its countdown when it opens; OK on the keypad extends it,
    the focus being on "Continuer"."""
    from bms_kiosk.screens import texts

    guard = visit.journey.guard
    idle = guard._idle.interval()
    with visit.qtbot.waitSignal(guard.warn, timeout=WAIT):
        guard._idle.start(50)  # the idle delay's minimum is 5 s: its timer runs out at once (CI time)
    guard._idle.setInterval(idle)  # (fired: not running) the setting's delay again
    settle(visit)
    said = visit.ear.lines[-1]
    assert said.startswith(i18n.displayed(texts.INACTIVITY_QUESTION))
    countdown = words_of(visit.window.inactivity.text.text())
    assert countdown[:re.search(r"\d", countdown).start()] in said  # the countdown sentence, to its number
    assert i18n.displayed(texts.INACTIVITY_CONTINUE) in said
    assert visit.kiosk.access.navigator.current is visit.window.inactivity.button
    with visit.qtbot.waitSignal(guard.resumed, timeout=WAIT):
        key(visit, K.Key_Return)
    assert guard.extensions == 1 and not visit.window.inactivity.isVisible()
    settle(visit)
    assert visit.journey.state == "menu"
    assert visit.ear.lines[-1].startswith(visit.window.menu.title_label.text())
    assert visit.kiosk.access.navigator.current is visit.window.menu.choices.buttons()[0]


@LANGUAGES
def test_no_headset_nothing_personal_is_said(start, language):
    """Speech through the loudspeaker, an attestation by keys only: no NIR, name, birth date of the
    card, no digit of the code, ever in what was said; the person is told a headset would say it.
    On the way, the inactivity warning is said and extended from the keypad."""
    visit = start(language, speech_enabled=True)
    typed = attestation_by_keys(visit, at_menu=inactivity_warning)
    assert len(typed) == len(CODE)  # each "étoile" ("star" in English, log_in_by_keys)
    said = visit.ear.text()
    assert said, "nothing was said"
    for value in card_values("famille4") + ALL_NIRS:  # whole words ("LEA" is in "please")
        assert not re.search(rf"\b{re.escape(value)}\b", said, re.IGNORECASE), value
    assert not any(line.strip(". ") in set(CODE) | {CODE} for line in visit.ear.lines)
    assert words.say(words.PERSONAL_HIDDEN) in said
    # the headset plugged (its key until the jack is wired): how to navigate, then the screen again
    key(visit, K.Key_F10)
    settle(visit)
    assert visit.kiosk.access.speaker.headset
    assert visit.ear.lines[-2] == words.say(words.HEADSET_IN)
    assert visit.ear.lines[-1].startswith(visit.window.current.visible_texts()[0])
    key(visit, K.Key_F10)
    assert not visit.kiosk.access.speaker.headset and visit.ear.lines[-1] == words.say(words.HEADSET_OUT)
    visit.leave()


# --- the voice really synthesized, and the maintenance screen's "tester le casque" -----------------

def speech_sink(tmp_path, monkeypatch):
    """speech-dispatcher + espeak-ng write their audio into a raw file (../shared/notes/speech.md)."""
    run, cfg = tmp_path / "run", tmp_path / "cfg"
    (cfg / "speech-dispatcher").mkdir(parents=True)
    (cfg / "alsa").mkdir()
    run.mkdir(mode=0o700)
    raw = tmp_path / "tts.raw"
    (cfg / "speech-dispatcher" / "speechd.conf").write_text(
        'AudioOutputMethod "alsa"\nLogLevel 1\nDefaultLanguage "fr"\nTimeout 5\n')
    (cfg / "alsa" / "asoundrc").write_text(
        f'pcm.!default {{ type file slave.pcm "null" file "{raw}" format "raw" }}\n')
    for name, value in (("LANG", "C.UTF-8"), ("XDG_RUNTIME_DIR", str(run)), ("XDG_CONFIG_HOME", str(cfg))):
        monkeypatch.setenv(name, value)
    return raw


def loudness(raw, start: int = 0) -> float:
    """RMS of signed 16-bit samples (22,050 Hz mono) written from byte ``start`` on (the sink appends)."""
    from array import array

    samples = array("h")
    data = raw.read_bytes()[start // 2 * 2:] if raw.exists() else b""
    samples.frombytes(data[: len(data) // 2 * 2])
    return (sum(s * s for s in samples) / len(samples)) ** 0.5 if samples else 0.0


def test_headset_test_synthesizes_speech(tech_kiosk, qtbot, tmp_path, monkeypatch):
    """TESTER LE CASQUE on the maintenance screen: the engine's state shown, and the sentence really
    synthesized by speech-dispatcher + espeak-ng (audio captured, not silent)."""
    from tests.test_technician import open_maintenance

    raw = speech_sink(tmp_path, monkeypatch)
    kiosk = tech_kiosk(speech_engine="speechd", speech_stuck_delay=30.0)
    open_maintenance(qtbot, kiosk)
    screen = kiosk.maintenance.technician.screen
    qtbot.waitUntil(lambda: screen.speech.state.text() == words.say(words.ENGINE_OFF), timeout=WAIT)
    screen.speech_button.click()
    engine = kiosk.access.engine
    qtbot.waitUntil(lambda: loudness(raw) > 500, timeout=30000)
    qtbot.waitUntil(lambda: engine.state == "ready", timeout=30000)
    assert screen.speech.state.text() == words.say(words.ENGINE_READY)
    assert "speechd" in screen.speech.details.text()
    assert kiosk.access.speaker.spoken[-1] == words.say(words.HEADSET_TEST)
    save_screen(kiosk, "maintenance-speech")


def service(visit, key: str):
    """The menu's row of the service ``key``."""
    choices = visit.window.screens["menu"].choices
    return choices.buttons()[choices.values.index(key)]


@LANGUAGES
def test_ij_and_releve_with_the_keys_and_the_headset(start, language):
    """The IJ periods (amounts said through the headset) printed, then ACCUEIL and the relevé fiscal
    printed, by keys only."""
    from bms_kiosk.kiosk_services import ij, releve

    visit = start(language, speech_headset=True)
    log_in_by_keys(visit, "seul")
    enter(visit, "menu")
    press(visit, service(visit, ij.KEY))
    enter(visit, "ij_choice")
    assert_screen_said(visit)
    assert "885,15" in visit.ear.text()
    screen = visit.window.screens["ij_choice"]
    # AIDE, répéter, speed and volume from their keys
    key(visit, K.Key_F1)
    settle(visit)
    assert visit.window.help.isVisible()
    assert words_of(i18n.displayed(screen.help_text)) in words_of(visit.ear.lines[-1])
    key(visit, K.Key_Escape)
    settle(visit)
    assert not visit.window.help.isVisible() and visit.ear.lines[-1].startswith(screen.title_label.text())
    screen_said = visit.ear.lines[-1]
    key(visit, K.Key_F2)
    assert visit.ear.lines[-1] == screen_said
    engine = visit.kiosk.access.engine
    rate, volume = engine.rate, engine.volume
    key(visit, K.Key_PageUp)
    key(visit, K.Key_Minus)
    assert engine.rate > rate and engine.volume < volume
    assert visit.ear.lines[-2:] == [f"{words.say(words.RATE_FASTER)}.", f"{words.say(words.VOLUME, 7)}."]
    press(visit, screen.choices.buttons()[0])
    press(visit, screen.primary_button)
    enter(visit, "ij_preview")
    assert_screen_said(visit)
    press(visit, visit.window.screens["ij_preview"].primary_button)
    enter(visit, "ij_printed")
    assert_screen_said(visit)
    # then the relevé fiscal in the same visit: ACCUEIL from its key
    key(visit, K.Key_Home)
    enter(visit, "menu")
    press(visit, service(visit, releve.KEY))
    enter(visit, "rf_preview")
    assert_screen_said(visit)
    summary = visit.window.screens["rf_preview"].summary  # what the paper says, said before printing
    assert summary.isVisible() and summary.text()
    assert words_of(summary.text()) in words_of(visit.ear.text())
    press(visit, visit.window.screens["rf_preview"].primary_button)
    enter(visit, "rf_printed")
    assert_screen_said(visit)
    assert_nothing_french_said(visit)
    press(visit, visit.window.screens["rf_printed"].primary_button)
    enter(visit, "end")
    visit.leave()


# --- parts without the stack ------------------------------------------------------------------------

def test_personal_parts_only_through_the_headset():
    from bms_kiosk.speech.utterance import Part, PersonalValues, utterance

    said = utterance("Bonjour", Part("Paul MARTIN", personal=True), "Que souhaitez-vous faire ?")
    assert said.text(headset=True) == "Bonjour. Paul MARTIN. Que souhaitez-vous faire ?"
    assert said.text(headset=False) == "Bonjour. Que souhaitez-vous faire ?"
    values = PersonalValues(["MARTIN", "184037511203367"])
    assert values.found_in("Paul Martin 12/03/1984") and values.found_in("NIR 184037511203367")
    assert values.found_in("Montant restant dû : 25,00 €")  # a sum to the cent
    assert not values.found_in("Vous pouvez payer entre 16€ et 50€ par paiement")
    assert not values.found_in("MARTINE")  # whole words only


def test_a_voice_that_never_answers_is_killed_and_started_again(qtbot):
    """The watchdog: a voice process that never says "ready" (a hung speech-dispatcher) is killed
    after speech_stuck_delay and a fresh one started; the GUI thread never waited."""
    import sys

    from bms_kiosk.speech.engine import EngineState, SpeechEngine

    engine = SpeechEngine("mock", stuck_delay=0.5)
    engine.command = [sys.executable, "-c", "import time; time.sleep(30)"]
    engine.speak("Insérez votre carte Vitale.")
    assert engine.state is EngineState.STARTING
    qtbot.waitUntil(lambda: engine.restarts >= 1, timeout=5000)
    assert engine.state is EngineState.STARTING and engine._process is not None  # a fresh one
    engine.shutdown()
    assert engine.state is EngineState.OFF


@LANGUAGES
def test_creance_paid_with_the_keys_and_the_headset(make_kiosk, card_robot, pcscd, backend_server, cupsd, printer,
                                                    qtbot, payment_sim, tmp_path, language):
    """A créance by keys only: the reference and the amount typed on the physical digits, letter and
    comma, PAYER by OK, the card on the payment terminal (the cardholder's hand), the receipt printed."""
    from bms_kiosk.kiosk_services import creance as service_creance
    from tests.test_creance_journey import REFERENCE

    kiosk = make_kiosk(PcscCardSource(poll_delay=0.1), backend=Backend(backend_server.url, backend_server.terminal_key),
                       printer=printer, backend_read_timeout=3.0, backend_connect_timeout=1.0,
                       payment_terminal_host="127.0.0.1", payment_terminal_port=payment_sim.port,
                       payment_terminal_connect_delay=2.0, payment_terminal_payment_delay=60.0,
                       payment_outbox_dir=str(tmp_path / "payment-outbox"), speech_engine="none", speech_headset=True)
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract" and kiosk.journey.reader_ready, timeout=WAIT)
    visit = Visit(kiosk, card_robot, qtbot, backend_server, cupsd)
    visit.ear, visit.language = Ear(kiosk), language
    log_in_by_keys(visit, "seul")
    enter(visit, "menu")
    creance = service(visit, service_creance.KEY)
    if not creance.isVisible():  # a paged list: PAGE SUIVANTE by the keys too
        press(visit, visit.window.screens["menu"].choices.next_button)
        settle(visit)
    press(visit, creance)
    enter(visit, "cr_reference")
    assert_screen_said(visit, skip=set(words_of(b.text()) for b in visit.kiosk.access.navigator.chain()))
    for char in REFERENCE:
        QTest.keyClick(visit.window, char)
    settle(visit)
    assert "2345 6789 0123 4567 B" in visit.ear.text()  # the reference, said through the headset
    key(visit, K.Key_Return)  # the focus starts on RECHERCHER on a screen with a keypad
    enter(visit, "cr_creance")
    assert "25,50" in visit.ear.text()
    for char in "25,50":
        QTest.keyClick(visit.window, char)
    settle(visit)
    payment_sim.control.push(authorisation="A1B2C3")
    key(visit, K.Key_Return)  # PAYER
    enter(visit, "cr_accepted")
    assert_screen_said(visit)
    press(visit, visit.window.screens["cr_accepted"].primary_button)  # the receipt
    enter(visit, "cr_preview")
    press(visit, visit.window.screens["cr_preview"].primary_button)
    enter(visit, "cr_printed")
    assert_screen_said(visit)
    assert_nothing_french_said(visit)
    visit.leave()


@pytest.mark.parametrize("language,engine", [(Language.FR, "none"), (Language.EN, "speechd")],
                         ids=["fr", "en-synthesized"])
def test_oc_and_attestation_with_the_keys_and_the_headset(start, language, engine, tmp_path, monkeypatch):
    """The organisme complémentaire chosen by keys only, from the notice at login to "envoyé", then
    an attestation printed, through the headset: every screen's texts said, the focus drawn.
    In English the voice is real: speech-dispatcher + espeak-ng's English voice, its audio captured
    and found non-silent (one synthesized visit: the others record the text only)."""
    raw = speech_sink(tmp_path, monkeypatch) if engine == "speechd" else None
    visit = start(language, speech_headset=True, speech_engine=engine, speech_stuck_delay=30.0)
    visit.private = card_values("famille4")
    visit.robot.insert("famille4")
    enter(visit, "auth")
    choose_language(visit)
    if raw is not None:
        audio_from = raw.stat().st_size if raw.exists() else 0  # the English voice from here on
    for digit in CODE:
        QTest.keyClick(visit.window, digit)
    focus_on(visit, visit.window.auth.primary_button)
    key(visit, K.Key_Return)
    enter(visit, "oc_notice")
    assert_screen_said(visit)
    press(visit, visit.window.screens["oc_notice"].primary_button)  # SÉLECTIONNER
    enter(visit, "oc_choice")
    assert_screen_said(visit)
    screen = visit.window.screens["oc_choice"]
    for row in screen.people:
        press(visit, list(row.cards.values())[0])
    settle(visit)
    press(visit, screen.primary_button)  # VALIDER
    enter(visit, "oc_confirm")
    assert_screen_said(visit)
    press(visit, visit.window.screens["oc_confirm"].primary_button)
    enter(visit, "oc_sent")
    visit.qtbot.waitUntil(lambda: not visit.journey.tasks.running, timeout=WAIT)
    settle(visit)
    assert_screen_said(visit)
    if raw is not None:  # still in English (the visit's end brings French back)
        engine = visit.kiosk.access.engine
        visit.qtbot.waitUntil(lambda: engine.state is EngineState.READY and loudness(raw, audio_from) > 500,
                              timeout=WAIT)
        assert engine.voice.startswith("en_GB"), engine.voice  # espeak-ng's English voice, not the French one
        assert engine.restarts == 0, engine.error
    # then the attestation, in the same visit: every screen's texts said, the names too (headset)
    key(visit, K.Key_Home)
    enter(visit, "menu")
    assert_screen_said(visit)
    key(visit, K.Key_Return)
    attestation_from_the_menu(visit)
    assert "Paul MARTIN" in visit.ear.text()
    visit.leave()


def test_sms_code_screen_by_keys_says_star(start):
    """The SMS code screen (built when first needed): said on entry, each digit of the code typed
    from the keys said "étoile", never the digit; the code itself never in what was said."""
    import requests

    visit = start(speech_enabled=True)
    visit.private = card_values("jumeaux")
    visit.robot.insert("jumeaux")
    enter(visit, "auth")
    press(visit, visit.window.auth.sms_button)
    enter(visit, "auth_sms")
    assert_screen_said(visit, skip=set("0123456789") | {"EFFACER", "⌫", "TOUT EFFACER", "⌫ CORRIGER"})
    assure = visit.journey.session.card.assure.nir
    code = requests.get(f"{visit.backend.url}/v1/admin/sms-outbox", params={"nir": assure},
                        headers={"X-Terminal-Key": visit.backend.terminal_key}, timeout=5).json()["code"]
    before = len(visit.ear.lines)
    for digit in code:
        QTest.keyClick(visit.window, digit)
    settle(visit)
    typed = visit.ear.lines[before:]
    stars = [line for line in typed if line == f"{words.say(words.STAR)}."]
    assert len(stars) == len(code), typed
    assert not any(line.strip(". ") in set(code) | {code} for line in visit.ear.lines)
    assert code not in visit.ear.text()
