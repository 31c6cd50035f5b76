"""Fleet metrics: the kiosk's and the backend's Prometheus endpoints after a real visit, scraped
by a real Prometheus (Debian's ``prometheus``: private config, data folder and port), and the
shipped alert rules checked and unit-tested by ``promtool``.

The visit: the simulated carte Vitale in process, the reference backend over HTTP on loopback
(embedded server), the demo file printer; the person's taps are simulated, nothing else.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt

from bms_kiosk.hardware.virtual_card import SimulatedCardSource, load_card, shipped_cards
from bms_kiosk.maintenance.metrics import pdf_pages, reason_keyword

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "supervision" / "alerts.yml"
CARD = "famille4"
WAIT = 10000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one series in a Prometheus text exposition (labels: a subset to match)."""
    for line in text.splitlines():
        m = re.match(r"([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$", line)
        if not m or m[1] != name:
            continue
        have = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m[2] or ""))
        if all(have.get(k) == v for k, v in labels.items()):
            return float(m[3])
    return None


def personal_words(card: str) -> list[str]:
    """What the card carries about people: NIRs (with and without spaces), names, birth dates."""
    words = []
    for b in load_card(shipped_cards()[card]).beneficiaries:
        nir = str(b["nir"]).replace(" ", "")
        words += [nir, nir[:13], str(b["nom"]), str(b["prenom"])]
        words += [str(b[k]) for k in ("date_naissance",) if k in b]
    return [w for w in words if len(w) >= 3]


@pytest.fixture
def visited(make_kiosk, qtbot, tmp_path):
    """A kiosk with its metrics on a free port after one attestation visit, printed, card pulled."""
    sim = SimulatedCardSource()
    port = free_port()
    kiosk = make_kiosk(sim, metrics_port=port, health_check_delay=0.2, demo_output_dir=str(tmp_path / "paper"),
                       audit_log_path=str(tmp_path / "audit.jsonl"))
    journey, window = kiosk.journey, kiosk.window

    def wait(*states: str) -> None:
        qtbot.waitUntil(lambda: journey.state in states, timeout=WAIT)

    wait("attract")
    sim.insert(shipped_cards()[CARD])
    wait("auth")
    window.auth.type_code("1234")
    click(qtbot, window.auth.primary_button)
    wait("menu", "oc_notice")
    if journey.state == "oc_notice":
        click(qtbot, window.screens["oc_notice"].later_button)
        wait("menu")
    click(qtbot, window.menu.choices.buttons()[0])
    wait("att_choice")
    click(qtbot, window.screens["att_choice"].choices.buttons()[0])
    click(qtbot, window.screens["att_choice"].primary_button)
    wait("att_option")
    for row in window.screens["att_option"].answers.values():
        click(qtbot, row.no)
    click(qtbot, window.screens["att_option"].primary_button)
    wait("att_preview")
    click(qtbot, window.screens["att_preview"].primary_button)
    wait("att_printed")
    sim.pull()
    wait("attract")
    url = f"http://127.0.0.1:{port}/metrics"
    qtbot.waitUntil(lambda: sample(requests.get(url, timeout=5).text, "bms_kiosk_part_up", part="printer")
                    is not None, timeout=WAIT)
    return kiosk, port


def test_after_a_visit_both_endpoints_say_how_it_went_and_prometheus_gets_it(visited, qtbot, tmp_path):
    kiosk, port = visited
    assert kiosk.config.metrics_address == "127.0.0.1"  # localhost only unless the setting opens it
    assert kiosk.metrics._server.server_address == ("127.0.0.1", port)
    ours = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    theirs = requests.get(f"{kiosk.backend.url}/metrics", timeout=5).text

    assert sample(ours, "bms_kiosk_build_info", version=__import__("bms_kiosk").__version__) == 1
    assert sample(ours, "bms_kiosk_cards_inserted_total") == 1
    assert sample(ours, "bms_kiosk_card_reads_total", outcome="ok") == 1
    assert sample(ours, "bms_kiosk_card_read_seconds_count") == 1
    assert sample(ours, "bms_kiosk_sessions_total") == 1
    assert sample(ours, "bms_kiosk_visits_started_total", service="attestation") == 1
    assert sample(ours, "bms_kiosk_visits_finished_total", service="attestation", outcome="printed") == 1
    assert sample(ours, "bms_kiosk_print_jobs_total", document="attestation-droits", outcome="ok") == 1
    assert sample(ours, "bms_kiosk_pages_printed_total", document="attestation-droits") >= 1
    assert sample(ours, "bms_kiosk_backend_calls_total", call="open_session", outcome="ok") == 1
    assert sample(ours, "bms_kiosk_backend_call_seconds_count", call="attestation") == 1
    for part in ("reader", "printer", "backend"):
        assert sample(ours, "bms_kiosk_part_up", part=part) == 1, part
    assert sample(ours, "bms_kiosk_printer_ready") == 1
    assert sample(ours, "bms_kiosk_out_of_service") == 0
    assert sample(ours, "process_resident_memory_bytes") > 50e6  # RSS: a Qt process is never that small

    assert sample(theirs, "bms_backend_build_info") == 1
    assert sample(theirs, "bms_backend_requests_total", method="POST", route="/v1/sessions", status="201") == 1
    assert sample(theirs, "bms_backend_request_seconds_count", method="GET", route="/v1/health") >= 1
    assert not re.search(r'route="/v1/[^"]*\d{6}', theirs), "a route label carries a path's value"

    for word in personal_words(CARD):
        for text in (ours, theirs):
            assert word.lower() not in text.lower(), word

    # one visit for both checks (a visit costs seconds): the same kiosk scraped by a real Prometheus
    scraped_by_prometheus(kiosk, port, qtbot, tmp_path)


def scraped_by_prometheus(kiosk, port, qtbot, tmp_path) -> None:
    prom = shutil.which("prometheus")
    assert prom, "Debian's prometheus package (scripts/debian-packages.sh) is missing"
    backend = kiosk.backend.url.removeprefix("http://")
    web = free_port()
    config = tmp_path / "prometheus.yml"
    config.write_text(f"""
global: {{scrape_interval: 1s, evaluation_interval: 1s}}
rule_files: [{RULES}]
scrape_configs:
  - job_name: bms-kiosk
    static_configs: [{{targets: ['127.0.0.1:{port}']}}]
  - job_name: bms-backend
    static_configs: [{{targets: ['{backend}']}}]
""")
    log = (tmp_path / "prometheus.log").open("w")
    server = subprocess.Popen([prom, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'data'}",
                               f"--web.listen-address=127.0.0.1:{web}"], stdout=log, stderr=subprocess.STDOUT)
    api = f"http://127.0.0.1:{web}/api/v1"

    def query(q: str) -> list:
        try:
            answer = requests.get(f"{api}/query", params={"query": q}, timeout=2).json()
        except requests.RequestException:
            return []
        return answer.get("data", {}).get("result", [])

    try:
        start = time.monotonic()  # the first scrape comes ~6 s after Prometheus starts (notes/prometheus.md)
        qtbot.waitUntil(lambda: len(query('up{job=~"bms-kiosk|bms-backend"} == 1')) == 2, timeout=15000)
        qtbot.waitUntil(lambda: bool(query('bms_kiosk_visits_finished_total{service="attestation"}')
                                     and query('bms_backend_requests_total{route="/v1/sessions"}')), timeout=5000)
        (visit,) = query('bms_kiosk_visits_finished_total{service="attestation"}')
        assert visit["metric"]["outcome"] == "printed" and visit["value"][1] == "1"
        assert visit["metric"]["job"] == "bms-kiosk" and visit["metric"]["instance"] == f"127.0.0.1:{port}"
        (reader,) = query('bms_kiosk_part_up{part="reader"}')
        assert reader["value"][1] == "1"
        rules = requests.get(f"{api}/rules", timeout=2).json()["data"]["groups"]
        assert {r["name"] for g in rules for r in g["rules"]} >= {
            "BmsTerminalDown", "BmsPrinterOutOfPaper", "BmsCardReaderMissing", "BmsTerminalErrorRate"}
        assert time.monotonic() - start < 15
    finally:
        server.terminate()
        server.wait(10)
        log.close()


def test_the_shipped_alert_rules_pass_promtool():
    checked = subprocess.run(["promtool", "check", "rules", str(RULES)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    found = int(re.search(r"SUCCESS: (\d+) rules found", checked.stdout)[1])
    assert found >= 4
    tested = subprocess.run(["promtool", "test", "rules", str(RULES.with_name("alerts_test.yml"))],
                            capture_output=True, text=True)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "SUCCESS" in tested.stdout


def test_metrics_address_opens_the_endpoint_and_a_taken_port_is_not_fatal():
    from bms_kiosk.maintenance.metrics import KioskMetrics

    opened, second = KioskMetrics("BMS-TEST"), KioskMetrics("BMS-TEST")
    port = opened.serve("0.0.0.0", 0)  # the agency network: every interface
    try:
        assert port and opened._server.server_address == ("0.0.0.0", port)
        assert "bms_kiosk_build_info" in requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
        assert second.serve("0.0.0.0", port) == 0  # logged, the kiosk goes on without metrics
    finally:
        opened.stop()
        second.stop()


def test_counting_helpers():
    from bms_kiosk.services.documents import build_attestation_pdf
    from tests.test_documents import CARDS_DIR, attestation_from_card

    assert pdf_pages(build_attestation_pdf(attestation_from_card(CARDS_DIR / "famille4.toml"))) >= 1
    assert pdf_pages(b"%PDF-1.4 /Type /Pages /Count 0") == 0
    assert reason_keyword("media-empty-error") == "media-empty"
    assert reason_keyword("paused") == "paused"


def test_payment_reports_and_printer_reasons_become_series():
    from prometheus_client import generate_latest

    from bms_kiosk.flow.states import Report
    from bms_kiosk.hardware.printer import PrinterStatus
    from bms_kiosk.maintenance.metrics import KioskMetrics

    m = KioskMetrics("BMS-TEST")
    m.on_reported(Report.PAYMENT, "accepted")
    m.on_reported(Report.PAYMENT_TERMINAL, "0")
    m.on_printer_status(PrinterStatus(False, "stopped", ("media-empty-error",), "", 2))
    text = generate_latest(m.registry).decode()
    assert sample(text, "bms_kiosk_payments_total", outcome="accepted") == 1
    assert sample(text, "bms_kiosk_part_up", part="payment_terminal") == 0
    assert sample(text, "bms_kiosk_printer_reason", reason="media-empty") == 1
    assert sample(text, "bms_kiosk_printer_ready") == 0 and sample(text, "bms_kiosk_printer_queued_jobs") == 2
    m.on_printer_status(PrinterStatus(True, "idle", ("none",)))  # paper back: the reason goes to 0
    text = generate_latest(m.registry).decode()
    assert sample(text, "bms_kiosk_printer_reason", reason="media-empty") == 0
    assert sample(text, "bms_kiosk_printer_ready") == 1
