"""Printing on a real (private) cupsd: the cups-pdf queue, and every fault of the fault backend.

A job that did not complete is never reported as printed: every fault below raises a typed
PrinterError, and leaves no job behind that could print later for someone else.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bms_kiosk.settings import Config
from bms_kiosk.hardware.cups_printer import CupsPrinter
from bms_kiosk.hardware.file_printer import FilePrinter
from bms_kiosk.hardware.printer import Printer, PrintResult, is_blocking_reason, make_printer
from bms_kiosk.hardware.printer_errors import (
    PrinterNotFoundError,
    PrinterNotReadyError,
    PrintJobFailedError,
    PrintServiceUnavailableError,
    PrintTimeoutError,
    QueueRejectingError,
)
from bms_kiosk.services.documents import ATTESTATION_JOB_TITLE, build_attestation_pdf, build_receipt_pdf
from tests.support.cups import PrivateCupsd
from tests.test_documents import CARDS_DIR, attestation_from_card, sample_receipt

pytestmark = pytest.mark.cups


@pytest.fixture(scope="module")
def attestation_pdf() -> bytes:
    return build_attestation_pdf(attestation_from_card(CARDS_DIR / "famille4.toml"))


def printer_for(cupsd: PrivateCupsd, queue: str, timeout: float = 20.0) -> CupsPrinter:
    return CupsPrinter(queue, server=cupsd.socket, timeout=timeout)


def pdftotext(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is not installed: run scripts/setup.sh")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def wait_no_jobs(printer: CupsPrinter, timeout: float = 5.0) -> int:
    deadline = time.monotonic() + timeout
    while True:
        n = printer.status().queued_jobs
        if n == 0 or time.monotonic() > deadline:
            return n
        time.sleep(0.05)


# --- readiness rules -----------------------------------------------------------------------
@pytest.mark.parametrize("reason, blocking", [
    ("media-empty-error", True), ("media-empty-report", True), ("media-needed", True),
    ("media-jam-error", True), ("offline-report", True), ("paused", True), ("door-open-error", True),
    ("marker-supply-empty-error", True), ("cover-open-report", True), ("stopped", True),
    ("media-empty-warning", False), ("marker-supply-low-warning", False), ("marker-supply-low-report", False),
    ("toner-low-report", False), ("connecting-to-device", False), ("none", False),
])
def test_blocking_reasons(reason: str, blocking: bool) -> None:
    assert is_blocking_reason(reason) is blocking


# --- the PDF printer ---------------------------------------------------------------------------
def test_prints_attestation_with_name_and_dates(running_cupsd: PrivateCupsd, attestation_pdf: bytes,
                                                caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    printer = printer_for(running_cupsd, running_cupsd.pdf_queue)
    assert isinstance(printer, Printer)
    status = printer.status()
    assert status.ready and status.state == "idle" and status.queued_jobs == 0
    result = printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE)
    assert isinstance(result, PrintResult) and result.job_id > 0
    printed = running_cupsd.find_job_pdf(result.job_id)
    assert ATTESTATION_JOB_TITLE in printed.name  # cups-pdf names its file after the job title
    text = pdftotext(printed)
    flat = " ".join(text.split())
    assert "ATTESTATION DE DROITS" in flat
    data = attestation_from_card(CARDS_DIR / "famille4.toml")
    for b in data.beneficiaries:
        assert b.nom in flat and b.prenom in flat
    assert "01/01/2025" in flat and "31/12/2026" in flat
    # CUPS saw only a generic title, and kept no document file once printed
    job = running_cupsd.connection().getJobAttributes(result.job_id)
    assert job["document-name-supplied"] == ATTESTATION_JOB_TITLE
    assert not list((running_cupsd.root / "spool").glob(f"d{result.job_id:05d}-*"))
    # and our log names nobody
    for b in data.beneficiaries:
        assert b.nom not in caplog.text and b.nir not in caplog.text


def test_prints_receipt_and_replaces_personal_titles(running_cupsd: PrivateCupsd) -> None:
    printer = printer_for(running_cupsd, running_cupsd.pdf_queue)
    result = printer.print_pdf(build_receipt_pdf(sample_receipt()), "Reçu de Jean DUPONT")
    job = running_cupsd.connection().getJobAttributes(result.job_id)
    assert job["document-name-supplied"] == "document"
    assert "25,00" in pdftotext(running_cupsd.find_job_pdf(result.job_id))


# --- faults --------------------------------------------------------------------------------------
def test_out_of_paper_stops_the_queue(running_cupsd: PrivateCupsd, attestation_pdf: bytes) -> None:
    queue = running_cupsd.make_fault_queue("media-empty-error", 4)
    printer = printer_for(running_cupsd, queue)
    with pytest.raises(PrintJobFailedError) as info:
        printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE)
    assert "media-empty-error" in info.value.printer_reasons
    assert info.value.message.endswith("media-empty-error")
    status = printer.status()
    assert not status.ready and status.state == "stopped"
    assert "media-empty-error" in status.reasons and "paused" in status.reasons
    assert wait_no_jobs(printer) == 0  # the halted job was cancelled: it will not print later
    # a second attempt is refused before submitting
    with pytest.raises(PrinterNotReadyError) as again:
        printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE)
    assert "media-empty-error" in again.value.reasons


def test_out_of_paper_abort_job_policy(running_cupsd: PrivateCupsd, attestation_pdf: bytes) -> None:
    queue = running_cupsd.make_fault_queue("media-empty-error", 1, error_policy="abort-job")
    printer = printer_for(running_cupsd, queue)
    with pytest.raises(PrintJobFailedError) as info:
        printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE)
    assert info.value.state == "aborted"
    status = printer.status()
    assert not status.ready and status.blocking_reasons == ("media-empty-error",)


def test_paper_jam(running_cupsd: PrivateCupsd, attestation_pdf: bytes) -> None:
    queue = running_cupsd.make_fault_queue("media-jam-error", 5)
    printer = printer_for(running_cupsd, queue)
    with pytest.raises(PrintJobFailedError) as info:
        printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE)
    assert info.value.state == "canceled" and "media-jam-error" in info.value.printer_reasons
    status = printer.status()
    assert not status.ready and "media-jam-error" in status.reasons


def test_offline(running_cupsd: PrivateCupsd, attestation_pdf: bytes) -> None:
    queue = running_cupsd.make_fault_queue("offline-report", 4)
    printer = printer_for(running_cupsd, queue)
    with pytest.raises(PrintJobFailedError) as info:
        printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE)
    assert "offline-report" in info.value.message
    status = printer.status()
    assert not status.ready and status.state == "stopped"
    assert wait_no_jobs(printer) == 0


def test_queue_disabled(running_cupsd: PrivateCupsd, attestation_pdf: bytes) -> None:
    queue = running_cupsd.make_fault_queue()
    running_cupsd.disable(queue, "maintenance")
    printer = printer_for(running_cupsd, queue)
    status = printer.status()
    assert not status.ready and status.state == "stopped" and "paused" in status.reasons
    assert status.message == "maintenance"
    with pytest.raises(PrinterNotReadyError) as info:
        printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE)
    assert "paused" in info.value.reasons and info.value.message == "maintenance"
    assert printer.status().queued_jobs == 0


def test_queue_rejecting(running_cupsd: PrivateCupsd, attestation_pdf: bytes) -> None:
    queue = running_cupsd.make_fault_queue()
    running_cupsd.reject(queue, "hors service")
    printer = printer_for(running_cupsd, queue)
    status = printer.status()
    assert not status.ready and status.state == "rejecting"
    with pytest.raises(QueueRejectingError):
        printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE)
    running_cupsd.accept(queue)
    assert printer.status().ready


def test_unknown_queue(running_cupsd: PrivateCupsd, attestation_pdf: bytes) -> None:
    printer = printer_for(running_cupsd, "NO_SUCH_QUEUE")
    status = printer.status()
    assert not status.ready and status.state == "not-found"
    with pytest.raises(PrinterNotFoundError):
        printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE)


def test_cupsd_down(running_cupsd: PrivateCupsd, attestation_pdf: bytes) -> None:
    printer = printer_for(running_cupsd, running_cupsd.pdf_queue)
    running_cupsd.stop()
    try:
        status = printer.status()
        assert not status.ready and status.state == "unavailable"
        with pytest.raises(PrintServiceUnavailableError):
            printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE)
        with pytest.raises(PrintServiceUnavailableError):
            printer.resume()
        with pytest.raises(PrintServiceUnavailableError):
            printer.cancel_all_jobs()
    finally:
        running_cupsd.start()
    # a new connection per operation: the same printer object works again after the restart
    assert printer.status().ready
    assert printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE).job_id > 0


def test_job_stuck_past_the_time_limit(running_cupsd: PrivateCupsd, attestation_pdf: bytes) -> None:
    queue = running_cupsd.make_fault_queue(sleep=30)
    printer = printer_for(running_cupsd, queue, timeout=1.5)
    start = time.monotonic()
    with pytest.raises(PrintTimeoutError) as info:
        printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE)
    assert 1.5 <= time.monotonic() - start < 6
    assert info.value.job_id > 0
    assert wait_no_jobs(printer, 10) == 0  # cancelled: it will not come out later


def test_supply_warning_still_prints(running_cupsd: PrivateCupsd, attestation_pdf: bytes) -> None:
    queue = running_cupsd.make_fault_queue("marker-supply-low-warning", 0)
    printer = printer_for(running_cupsd, queue)
    assert printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE).job_id > 0
    status = printer.status()
    assert status.ready and status.warnings == ("marker-supply-low-warning",)


# --- technician actions ------------------------------------------------------------------------
def test_resume_after_paper_is_added(running_cupsd: PrivateCupsd, attestation_pdf: bytes) -> None:
    queue = running_cupsd.make_fault_queue("media-empty-error", 4)
    printer = printer_for(running_cupsd, queue)
    with pytest.raises(PrintJobFailedError):
        printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE)
    assert printer.status().state == "stopped"
    # Paper is added: from now on the printer reports it (STATE: -media-empty-error) when it runs.
    running_cupsd.set_device(queue, running_cupsd.fault_uri(clear="media-empty-error"))
    assert printer.status().state == "stopped"  # a paused queue stays paused until resumed
    printer.resume()
    status = printer.status()
    assert status.state == "idle" and "paused" not in status.reasons
    # CUPS keeps the last reason the backend reported until the printer runs again:
    # the technician's test page clears it.
    assert printer.print_pdf(attestation_pdf, "page-de-test").job_id > 0
    status = printer.status()
    assert status.ready and status.reasons == ()


def test_cancel_all_jobs(running_cupsd: PrivateCupsd, attestation_pdf: bytes, tmp_path: Path) -> None:
    queue = running_cupsd.make_fault_queue()
    running_cupsd.disable(queue, "test")
    conn = running_cupsd.connection()
    sample = tmp_path / "sample.pdf"  # the test's own submissions (the kiosk never writes a file)
    sample.write_bytes(attestation_pdf)
    for _ in range(3):
        conn.printFile(queue, str(sample), "document", {})
    printer = printer_for(running_cupsd, queue)
    assert printer.status().queued_jobs == 3
    assert printer.cancel_all_jobs() == 3
    assert printer.status().queued_jobs == 0
    printer.resume()
    assert printer.status().ready


# --- the demo file printer and the factory ---------------------------------------------------------
def test_file_printer_writes_into_output_dir(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                             attestation_pdf: bytes) -> None:
    caplog.set_level(logging.WARNING)
    out = tmp_path / "demo-output"
    printer = make_printer(Config({"demo_output_dir": str(out)}))
    assert isinstance(printer, FilePrinter)
    assert "IMPRIMANTE FICHIER" in caplog.text
    status = printer.status()
    assert status.ready and status.state == "file" and "démonstration" in status.message
    result = printer.print_pdf(attestation_pdf, ATTESTATION_JOB_TITLE)
    files = list(out.glob("*.pdf"))
    assert len(files) == 1 and files[0].read_bytes() == attestation_pdf
    assert ATTESTATION_JOB_TITLE in files[0].name and result.job_id == 1
    assert printer.cancel_all_jobs() == 0


def test_factory_makes_a_cups_printer(running_cupsd: PrivateCupsd) -> None:
    printer = make_printer(Config({"printer_queue": running_cupsd.pdf_queue, "cups_server": running_cupsd.socket,
                                   "print_timeout_delay": 30.0}))
    assert isinstance(printer, CupsPrinter) and printer.timeout == 30.0
    assert printer.status().ready


# in a process of its own: the test session's other threads (servers, readers) allocate meanwhile
STATUS_LOOP = """
import gc, sys
from bms_kiosk.hardware.cups_printer import CupsPrinter
from bms_kiosk.memory import heap

printer = CupsPrinter(sys.argv[1], server=sys.argv[2])
for _ in range(200):
    assert printer.status().ready
gc.collect()
before = heap().uordblks  # what malloc handed out and did not get back, all heaps
for _ in range(2000):
    printer.status()
gc.collect()
print(heap().uordblks - before)
"""


def test_status_checks_leave_no_memory_behind(running_cupsd: PrivateCupsd) -> None:
    # the health check asks the printer's state every 5 s, 17,280 times a day, for months
    done = subprocess.run([sys.executable, "-c", STATUS_LOOP, running_cupsd.pdf_queue, running_cupsd.socket],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    grown = int(done.stdout)
    assert grown < 200_000, f"{grown / 2000:.0f} bytes held per status check"
