"""Technician access and the maintenance screen, on the real stack (private cupsd, reference
server, pcscd for the ATR): gesture, code, lockout, audit log, printer actions, out-of-service mode."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from bms_kiosk.hardware.virtual_card import SimulatedCardSource
from bms_kiosk.maintenance.access import AccessError, TechnicianAccess, hash_code, verify_code, write_hash_to_config
from tests.support.kiosk import save_screen

WAIT = 8000
CODE = "246810"
HASH = hash_code(CODE)


def hold_corner(qtbot, kiosk, ms: int, pos: QPoint = QPoint(20, 20)) -> None:
    screen = kiosk.window.current
    QTest.mousePress(screen, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    qtbot.wait(ms)
    QTest.mouseRelease(screen, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)


def enter_code(qtbot, kiosk, code: str) -> None:
    screen = kiosk.window.screens["tech_code"]
    screen.type_code(code)
    screen.primary_button.click()
    qtbot.waitUntil(lambda: screen.keys["1"].isEnabled() or kiosk.journey.state != "tech_code", timeout=WAIT)


def audit_entries(kiosk) -> list[dict]:
    return kiosk.maintenance.technician.audit.entries()


@pytest.fixture
def tech_kiosk(make_kiosk, running_cupsd, backend_server, qtbot, tmp_path):
    def make(queue: str | None = None, **settings):
        kiosk = make_kiosk(SimulatedCardSource(), backend=backend_server,
                           printer_queue=queue or running_cupsd.pdf_queue, cups_server=str(running_cupsd.socket),
                           technician_code_hash=HASH, technician_gesture_delay=0.3, health_check_delay=0.3,
                           audit_log_path=str(tmp_path / "log" / "audit.jsonl"), **settings)
        qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=WAIT)
        return kiosk
    return make


def open_maintenance(qtbot, kiosk) -> None:
    hold_corner(qtbot, kiosk, 450)
    qtbot.waitUntil(lambda: kiosk.journey.state == "tech_code", timeout=WAIT)
    enter_code(qtbot, kiosk, CODE)
    qtbot.waitUntil(lambda: kiosk.journey.state == "maintenance", timeout=WAIT)


# --- Qt-free parts -------------------------------------------------------------------------------
def test_code_hash_is_salted_and_checked(tmp_path: Path):
    other = hash_code(CODE)
    assert other != HASH and other.startswith("scrypt$16384$8$1$") and CODE not in other
    assert verify_code(CODE, HASH) and not verify_code("246811", HASH)
    with pytest.raises(AccessError):
        verify_code(CODE, "md5$nope")
    config = tmp_path / "kiosk.toml"
    config.write_text('terminal_id = "X"\ntechnician_code_hash = "old"\n')
    write_hash_to_config(config, f'technician_code_hash = "{HASH}"')
    assert config.read_text() == f'terminal_id = "X"\ntechnician_code_hash = "{HASH}"\n'


def test_lockout_with_a_clock():
    now = [0.0]
    access = TechnicianAccess(HASH, max_attempts=5, lockout_delay=300, clock=lambda: now[0])
    assert [access.check("0000").attempts_left for _ in range(4)] == [4, 3, 2, 1]
    result = access.check("0000")
    assert result.outcome.value == "locked" and result.locked_seconds == 300
    assert access.check(CODE).outcome.value == "locked"  # even the right code
    now[0] = 299.5
    assert access.check(CODE).outcome.value == "locked"
    now[0] = 300.0
    assert access.check(CODE).outcome.value == "granted"


def test_set_technician_code_command(tmp_path: Path, monkeypatch, capsys):
    import io

    from bms_kiosk.__main__ import main
    from bms_kiosk.settings import load_config

    monkeypatch.setattr("sys.stdin", io.StringIO("13572468\n"))
    assert main(["set-technician-code", "--code-stdin"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith('technician_code_hash = "scrypt$') and "13572468" not in line
    config = tmp_path / "kiosk.toml"
    config.write_text('terminal_id = "BMS-TEST"\n')
    monkeypatch.setattr("sys.stdin", io.StringIO("13572468\n"))
    assert main(["set-technician-code", "--code-stdin", "--config", str(config)]) == 0
    loaded = load_config(config)
    assert verify_code("13572468", loaded.technician_code_hash) and loaded.terminal_id == "BMS-TEST"
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["set-technician-code", "--code-stdin"]) == 2


# --- on the kiosk ----------------------------------------------------------------------------------
def test_gesture_code_and_maintenance_screen(tech_kiosk, qtbot, backend_server, caplog):
    caplog.set_level(logging.INFO)
    kiosk = tech_kiosk()
    logging.getLogger("bms_kiosk.test").info("lecture de test 1 84 03 75 123 456 78")
    gesture = kiosk.maintenance.technician.gesture
    # too short: the hold signal does not come within the gesture's own delay after the release
    with qtbot.assertNotEmitted(gesture.held, wait=int(kiosk.config.technician_gesture_delay * 1000)):
        hold_corner(qtbot, kiosk, 100)
    assert kiosk.journey.state == "attract"
    hold_corner(qtbot, kiosk, 450, QPoint(900, 500))  # long, but not in the corner
    assert kiosk.journey.state == "attract"
    hold_corner(qtbot, kiosk, 450)
    qtbot.waitUntil(lambda: kiosk.journey.state == "tech_code", timeout=WAIT)
    save_screen(kiosk, "tech_code")
    enter_code(qtbot, kiosk, "111111")
    assert "Code incorrect. Il reste 4 essais." in kiosk.window.current.visible_texts()
    save_screen(kiosk, "tech_code-wrong")
    enter_code(qtbot, kiosk, CODE)
    qtbot.waitUntil(lambda: kiosk.journey.state == "maintenance", timeout=WAIT)
    screen = kiosk.window.screens["maintenance"]
    qtbot.waitUntil(lambda: "JOIGNABLE" in screen.all_texts() and "PRÊTE" in screen.all_texts(), timeout=WAIT)
    text = screen.all_texts()
    assert f"Version de l'API" in text and "File : PDF" in text and "Identifiant : BMS-DEMO-0001" in text
    assert "Parcours « attestation » : 0" in text
    rows = {screen.settings.item(i, 0).text(): screen.settings.item(i, 1).text()
            for i in range(screen.settings.rowCount())}
    assert rows["technician_code_hash"] == "••••••" and rows["backend_terminal_key"] in ("••••••", "(vide)")
    assert HASH not in text and backend_server.terminal_key not in json.dumps(rows)
    save_screen(kiosk, "maintenance")
    screen.tabs.setCurrentIndex(1)
    save_screen(kiosk, "maintenance-settings")
    screen.tabs.setCurrentIndex(2)
    log_text = screen.log_view.toPlainText()
    assert "technician access: granted" in log_text and "state tech_code" in log_text
    assert "1 84 ** ** *** *** **" in log_text and "123 456" not in log_text  # NIR-masked
    save_screen(kiosk, "maintenance-log")
    screen.tabs.setCurrentIndex(0)

    # The technician's out-of-service mode holds the terminal out of service until switched off.
    screen.oos_button.click()
    assert kiosk.journey.out_of_service is not None
    screen.primary_button.click()  # QUITTER
    qtbot.waitUntil(lambda: kiosk.journey.state == "out_of_service", timeout=WAIT)
    assert "La borne est en maintenance. Merci de vous adresser à l'accueil." in kiosk.window.current.visible_texts()
    save_screen(kiosk, "out_of_service-technician")
    open_maintenance(qtbot, kiosk)  # the gesture works on the out-of-service screen too
    assert kiosk.window.screens["maintenance"].oos_button.isChecked()
    screen.oos_button.click()
    screen.primary_button.click()
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=WAIT)

    entries = audit_entries(kiosk)
    events = [(e["event"], e.get("outcome") or e.get("action") or e.get("result")) for e in entries]
    assert events == [("access_requested", None), ("access", "wrong"), ("access", "granted"),
                      ("maintenance_opened", None), ("action", "out_of_service"), ("maintenance_closed", "quit"),
                      ("access_requested", None), ("access", "granted"), ("maintenance_opened", None),
                      ("action", "out_of_service"), ("maintenance_closed", "quit")]
    assert [e.get("mode") for e in entries if e.get("action") == "out_of_service"] == ["on", "off"]
    raw = Path(kiosk.config.audit_log_path).read_text()
    assert CODE not in raw and "111111" not in raw and HASH not in raw
    assert all(e["terminal"] == "BMS-DEMO-0001" and e["ts"] for e in entries)
    allowed = {"ts", "terminal", "event", "outcome", "attempts_left", "locked_seconds", "action", "result",
               "mode", "jobs", "job_id", "error", "reasons"}
    assert all(set(e) <= allowed for e in entries)


def test_wrong_codes_lock_the_access(tech_kiosk, qtbot):
    kiosk = tech_kiosk(technician_lockout_delay=1.5)
    hold_corner(qtbot, kiosk, 450)
    qtbot.waitUntil(lambda: kiosk.journey.state == "tech_code", timeout=WAIT)
    for left in (4, 3, 2, 1):
        enter_code(qtbot, kiosk, "999999")
        plural = "s" if left > 1 else ""
        assert f"Code incorrect. Il reste {left} essai{plural}." in kiosk.window.current.visible_texts()
    enter_code(qtbot, kiosk, "999999")
    assert "Trop de codes incorrects : accès verrouillé pendant 1 minute." in kiosk.window.current.visible_texts()
    save_screen(kiosk, "tech_code-locked")
    enter_code(qtbot, kiosk, CODE)  # the right code, but locked
    assert kiosk.journey.state == "tech_code"
    kiosk.window.current.back_button.click()  # QUITTER
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=WAIT)
    hold_corner(qtbot, kiosk, 450)
    qtbot.waitUntil(lambda: kiosk.journey.state == "tech_code", timeout=WAIT)
    assert any("verrouillé" in t for t in kiosk.window.current.visible_texts())  # said before typing
    access = kiosk.maintenance.technician.access
    qtbot.waitUntil(lambda: access.locked_seconds() == 0, timeout=WAIT)  # the lockout's own end
    enter_code(qtbot, kiosk, CODE)
    qtbot.waitUntil(lambda: kiosk.journey.state == "maintenance", timeout=WAIT)
    outcomes = [e["outcome"] for e in audit_entries(kiosk) if e["event"] == "access"]
    assert outcomes == ["wrong"] * 4 + ["locked", "locked", "granted"]


def test_maintenance_leaves_by_itself_when_idle(tech_kiosk, qtbot):
    kiosk = tech_kiosk(maintenance_idle_delay=1.0)
    open_maintenance(qtbot, kiosk)
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=3000)
    assert audit_entries(kiosk)[-1]["result"] == "inactivity"


def test_test_print_and_cancel_all_jobs(tech_kiosk, qtbot, running_cupsd, tmp_path):
    kiosk = tech_kiosk()
    open_maintenance(qtbot, kiosk)
    screen = kiosk.window.screens["maintenance"]
    screen.buttons["test_print"].click()
    qtbot.waitUntil(lambda: screen.result.text().startswith("Page de test imprimée"), timeout=WAIT)
    job_id = [e for e in audit_entries(kiosk) if e.get("action") == "test_print"][-1]["job_id"]
    pdf = running_cupsd.find_job_pdf(job_id)
    assert pdf.read_bytes().startswith(b"%PDF")

    queue = running_cupsd.pdf_queue
    running_cupsd.disable(queue, "test")
    sample = tmp_path / "sample.pdf"
    sample.write_bytes(pdf.read_bytes())
    conn = running_cupsd.connection()
    for _ in range(2):
        conn.printFile(queue, str(sample), "document", {})
    screen.buttons["refresh"].click()
    qtbot.waitUntil(lambda: "Travaux en attente : 2" in screen.all_texts(), timeout=WAIT)
    screen.buttons["cancel_jobs"].click()
    qtbot.waitUntil(lambda: "2 travail(aux) annulé(s)." in screen.result.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: "Travaux en attente : 0" in screen.all_texts(), timeout=WAIT)
    running_cupsd.enable(queue)
    assert [e["jobs"] for e in audit_entries(kiosk) if e.get("action") == "cancel_jobs"] == [2]


def test_resume_after_a_media_empty_stop(tech_kiosk, qtbot, running_cupsd):
    queue = running_cupsd.make_fault_queue("media-empty-error", 4)
    kiosk = tech_kiosk(queue)
    open_maintenance(qtbot, kiosk)
    screen = kiosk.window.screens["maintenance"]
    screen.buttons["test_print"].click()  # out of paper: the queue stops
    qtbot.waitUntil(lambda: screen.result.text().startswith("Échec"), timeout=WAIT)
    assert "plus de papier" in screen.result.text()
    qtbot.waitUntil(lambda: "État : stopped" in screen.all_texts(), timeout=WAIT)
    assert "media-empty-error" in screen.all_texts() and "NON PRÊTE" in screen.all_texts()
    save_screen(kiosk, "maintenance-printer-stopped")
    running_cupsd.set_device(queue, running_cupsd.fault_uri(clear="media-empty-error"))  # paper added
    screen.buttons["resume"].click()
    qtbot.waitUntil(lambda: screen.result.text().startswith("Imprimante reprise"), timeout=WAIT)
    qtbot.waitUntil(lambda: "État : idle" in screen.all_texts(), timeout=WAIT)
    screen.buttons["test_print"].click()  # the test page clears the last reason
    qtbot.waitUntil(lambda: screen.result.text().startswith("Page de test imprimée"), timeout=WAIT)
    qtbot.waitUntil(lambda: "PRÊTE" in screen.all_texts().replace("NON PRÊTE", ""), timeout=WAIT)
    actions = [(e["action"], e["result"]) for e in audit_entries(kiosk) if e["event"] == "action"]
    assert actions == [("test_print", "failed"), ("resume", "ok"), ("test_print", "ok")]
    failed = [e for e in audit_entries(kiosk) if e.get("result") == "failed"][0]
    assert failed["error"] == "PrintJobFailedError" and "media-empty-error" in failed["reasons"]


@pytest.mark.pcsc
def test_atr_shown_with_a_card_in_the_reader(make_kiosk, pcscd, card_robot, running_cupsd, backend_server, qtbot,
                                            tmp_path):
    from bms_kiosk.hardware.pcsc import PcscCardSource

    kiosk = make_kiosk(PcscCardSource(poll_delay=0.1), backend=backend_server,
                       printer_queue=running_cupsd.pdf_queue, cups_server=str(running_cupsd.socket),
                       technician_code_hash=HASH, technician_gesture_delay=0.3,
                       audit_log_path=str(tmp_path / "audit.jsonl"))
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract" and kiosk.journey.reader_ready, timeout=WAIT)
    open_maintenance(qtbot, kiosk)
    screen = kiosk.window.screens["maintenance"]
    qtbot.waitUntil(lambda: "pas de carte" in screen.all_texts(), timeout=WAIT)
    card_robot.insert("famille4", wait=True)  # the journey ignores it here: no session behind this screen
    screen.buttons["refresh"].click()
    qtbot.waitUntil(lambda: "carte : carte Vitale, ATR 3B 75 13 00 00" in screen.all_texts(), timeout=WAIT)
    assert kiosk.journey.state == "maintenance" and kiosk.journey.session.card is None
    assert "Virtual PCD 00 00" in screen.all_texts()
    save_screen(kiosk, "maintenance-card-atr")
    card_robot.pull()
    screen.primary_button.click()
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=WAIT)


def test_the_technicians_screens_in_english_have_no_french_left(tech_kiosk, qtbot):
    """EN on the technician code's header: the code screen, a wrong code's message, then every tab of
    the maintenance screen (panels, tab names, the settings' headers and descriptions, the payments'
    hint) in English; FR brings the French back, and leaving puts the kiosk back in French."""
    from bms_kiosk import i18n
    from bms_kiosk.i18n import Language
    from tests.test_accessibility import FRENCH, _shown, _words_in

    kiosk = tech_kiosk()
    hold_corner(qtbot, kiosk, 450)
    qtbot.waitUntil(lambda: kiosk.journey.state == "tech_code", timeout=WAIT)
    code_screen = kiosk.window.screens["tech_code"]
    assert not code_screen.display_toggles.large_text.isVisibleTo(code_screen)  # FR | EN only here
    code_screen.display_toggles.languages[Language.EN].click()
    enter_code(qtbot, kiosk, "111111")
    qtbot.wait(50)  # the window's walk runs before painting
    kiosk.window.retranslate()
    data = [kiosk.config.terminal_id, "Virtual PCD", "carte Vitale", "CPAM", "pcscd", "bms-kiosk",
            "Association du Paiement"]

    def french(texts: list[str]) -> list[str]:
        return [t for t in texts if _words_in(t, FRENCH, data)]

    code_texts = list(_shown(code_screen))
    assert "Wrong code. 4 tries left." in code_texts and not french(code_texts), code_texts
    save_screen(kiosk, "en-tech_code")
    enter_code(qtbot, kiosk, CODE)
    qtbot.waitUntil(lambda: kiosk.journey.state == "maintenance", timeout=WAIT)
    screen = kiosk.window.screens["maintenance"]
    screen.display_toggles.languages[Language.EN].click()  # (entering maintenance wipes the session: French)
    qtbot.waitUntil(lambda: "REACHABLE" in screen.all_texts() and "READY" in screen.all_texts(), timeout=WAIT)
    kiosk.window.retranslate()

    def texts() -> list[str]:
        found = [t for t in _shown(screen) if t not in kiosk.log_lines] if hasattr(kiosk, "log_lines") else \
            list(_shown(screen))
        found = [line for t in found for line in t.split("\n")]  # a panel's lines, one by one
        found += [screen.tabs.tabText(i) for i in range(screen.tabs.count())]
        found += [screen.settings.horizontalHeaderItem(j).text() for j in range(3)]
        found += [screen.settings.item(i, 2).text() for i in range(screen.settings.rowCount())]
        found += screen.payments.toPlainText().split("\n")
        return found

    shown = texts()
    assert "STATUS" in shown and "Setting" in shown and len(shown) > 80
    assert not french(shown), "\n".join(french(shown))
    save_screen(kiosk, "en-maintenance")
    screen.display_toggles.languages[Language.FR].click()
    qtbot.wait(50)
    kiosk.window.retranslate()
    back = texts()
    assert "LECTEUR DE CARTE" in back and "RÉGLAGES" in back and "Valeur" in back
    assert "Caisse de rattachement affichée par la borne" in back
    screen.display_toggles.languages[Language.EN].click()
    screen.primary_button.click()  # QUITTER
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=WAIT)
    assert i18n.current_language() is Language.FR
