"""``bms-kiosk diag`` against the real stack (pcscd + vpcd card, private cupsd, reference server),
and with each part down: it says what is down, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bms_kiosk.__main__ import main

pytestmark = pytest.mark.pcsc


def write_config(tmp_path: Path, cupsd, backend, queue: str | None = None) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'printer_queue = "{queue or cupsd.pdf_queue}"\ncups_server = "{cupsd.socket}"\n'
                    f'backend_url = "{backend.url}"\nbackend_terminal_key = "{backend.terminal_key}"\n'
                    'backend_retries = 0\nterminal_id = "BMS-TEST-0001"\n')
    return path


def run_diag(capsys, *args: str) -> tuple[int, str]:
    code = main(["diag", *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out


def test_diag_everything_up_text_and_json(pcscd, card_robot, running_cupsd, backend_server, tmp_path, capsys):
    card_robot.insert("famille4", wait=True)
    config = write_config(tmp_path, running_cupsd, backend_server)
    code, text = run_diag(capsys, "--config", str(config))
    assert code == 0, text
    assert "[OK] Lecteur de carte — service PC/SC joignable" in text
    assert "Virtual PCD 00 00 : carte présente (carte Vitale), ATR 3B 75 13 00 00" in text
    assert f"[OK] Imprimante — file {running_cupsd.pdf_queue} : état idle" in text
    assert "printer-make-and-model" in text and "device-uri = cups-pdf:/" in text
    assert f"[OK] Serveur — {backend_server.url} : joignable oui" in text
    assert "Tout fonctionne." in text
    assert backend_server.terminal_key not in text

    code, out = run_diag(capsys, "--json", "--config", str(config))
    data = json.loads(out)
    assert code == 0 and data["ok"] is True
    reader = data["reader"]["readers"][0]
    assert reader["name"] == "Virtual PCD 00 00" and reader["card_present"] is True
    assert reader["atr"].startswith("3B 75 13 00 00") and reader["card_kind"] == "carte Vitale"
    assert data["printer"]["state"] == "idle" and data["printer"]["ok"] is True
    assert data["backend"]["reachable"] is True and data["backend"]["version"]
    assert data["backend"]["latency_ms"] >= 0
    assert backend_server.terminal_key not in out


def test_diag_each_part_down(pcscd, running_cupsd, backend_server, tmp_path, capsys):
    config = write_config(tmp_path, running_cupsd, backend_server)
    try:
        pcscd.stop()
        code, out = run_diag(capsys, "--json", "--config", str(config))
        data = json.loads(out)
        assert code == 1 and data["reader"]["ok"] is False and data["reader"]["service"] == "injoignable"
        assert data["printer"]["ok"] and data["backend"]["ok"]
        code, text = run_diag(capsys, "--config", str(config))
        assert "[EN PANNE] Lecteur de carte — service PC/SC injoignable" in text
        pcscd.start()

        running_cupsd.disable(running_cupsd.pdf_queue, reason="maintenance")
        code, out = run_diag(capsys, "--json", "--config", str(config))
        data = json.loads(out)
        assert code == 1 and data["printer"]["ok"] is False and data["printer"]["state"] == "stopped"
        assert "paused" in data["printer"]["reasons"]
        running_cupsd.enable(running_cupsd.pdf_queue)

        backend_server.stop()
        code, text = run_diag(capsys, "--config", str(config))
        assert code == 1 and f"[EN PANNE] Serveur — {backend_server.url} : joignable non" in text
        assert "BackendUnavailableError" in text or "Error" in text
        backend_server.start()

        missing = write_config(tmp_path, running_cupsd, backend_server, queue="NOPE")
        code, out = run_diag(capsys, "--json", "--config", str(missing))
        assert json.loads(out)["printer"]["state"] == "not-found"

        running_cupsd.stop()
        code, text = run_diag(capsys, "--config", str(config))
        assert code == 1 and "état unavailable" in text
    finally:
        pcscd.start()
        if not running_cupsd.running:
            running_cupsd.start()
        running_cupsd.enable(running_cupsd.pdf_queue)
        backend_server.start()


def test_diag_entry_point_with_no_config_never_tracebacks(pcscd, tmp_path):
    exe = Path(sys.executable).with_name("bms-kiosk")
    result = subprocess.run([str(exe), "diag"], capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "BMS_KIOSK_CONFIG": ""}, cwd=tmp_path)
    assert "Traceback" not in result.stdout + result.stderr
    assert "Lecteur de carte" in result.stdout and "serveur de référence embarqué" in result.stdout
