"""The CUPS adapter of the printer interface (pycups). The only module that imports ``cups``.

- A new connection for every operation: cupsd restarts (or is restarted by a technician)
  and a stale connection then fails in confusing ways (shared/notes/cups.md).
- Documents go to CUPS from memory (createJob / startDocument / writeRequestData /
  finishDocument): the kiosk writes no file. The job title is generic (printer.GENERIC_TITLES).
- ``print_pdf`` follows the job until job-state 9 (completed); anything else is an error and
  a job that could still print later (printer stopped, time limit) is cancelled and purged,
  so that one person's document never comes out for the next person.
- Logs carry the queue and job ids only.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any, Iterable

import cups

from bms_kiosk.hardware.printer import PrinterStatus, PrintResult, generic_title, is_blocking_reason
from bms_kiosk.hardware.printer_errors import (
    PrinterError,
    PrinterNotFoundError,
    PrinterNotReadyError,
    PrintJobFailedError,
    PrintServiceUnavailableError,
    PrintTimeoutError,
    QueueRejectingError,
)

log = logging.getLogger(__name__)

PRINTER_STATES = {3: "idle", 4: "processing", 5: "stopped"}
JOB_STATES = {3: "pending", 4: "held", 5: "processing", 6: "stopped", 7: "canceled", 8: "aborted", 9: "completed"}
HTTP_CONTINUE = 100  # httpStatus of a chunk accepted by cupsd (pycups has no constant)
IPP_NOT_FOUND = 0x0406
IPP_INTERNAL_ERROR = 0x0500
IPP_SERVICE_UNAVAILABLE = 0x0502
IPP_NOT_ACCEPTING = 0x0506
_JOB_ATTRS = ["job-state", "job-state-reasons", "job-printer-state-message"]


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        values: Iterable[Any] = [value]
    else:
        values = value
    return tuple(str(v) for v in values if str(v) and str(v) != "none")


class CupsPrinter:
    """A Printer on the CUPS queue ``queue`` of ``server`` (socket path or host; None: the system's)."""

    def __init__(self, queue: str, server: str | None = None, timeout: float = 60.0,
                 poll_interval: float = 0.05) -> None:
        self.queue = queue
        self.server = server
        self.timeout = timeout
        self.poll_interval = poll_interval

    # --- connections and error mapping --------------------------------------------------
    def _connect(self) -> "cups.Connection":
        try:
            return cups.Connection(host=self.server) if self.server else cups.Connection()
        except RuntimeError as exc:
            raise PrintServiceUnavailableError(str(exc)) from None

    def _ipp_failure(self, exc: "cups.IPPError") -> PrinterError:
        """An IPPError where the cause is ambiguous (1280 is both 'no queue' and 'server gone')."""
        code = exc.args[0] if exc.args else None
        if code == IPP_NOT_ACCEPTING:
            return QueueRejectingError(str(exc.args[1]) if len(exc.args) > 1 else "")
        try:
            names = self._connect().getPrinters()
        except (PrintServiceUnavailableError, cups.IPPError, RuntimeError):
            return PrintServiceUnavailableError(f"IPP {code}")
        if self.queue not in names:
            return PrinterNotFoundError(self.queue)
        if code in (IPP_SERVICE_UNAVAILABLE, IPP_INTERNAL_ERROR):
            return PrintServiceUnavailableError(f"IPP {code}")
        return PrinterError(f"IPP {code}")

    def _printer_attributes(self, conn: "cups.Connection") -> dict[str, Any]:
        """The queue's state, read with CUPS-Get-Printers: pycups 2.0.4's ``getPrinterAttributes`` never
        frees CUPS' answer (656 bytes a check, OpenPrinting/pycups#44, docs/printing.md), and the health
        check asks every 5 s, for months. ``printer-type`` carries "rejecting jobs"."""
        try:
            printers = conn.getPrinters()
        except cups.IPPError as exc:
            raise self._ipp_failure(exc) from None
        except RuntimeError as exc:
            raise PrintServiceUnavailableError(str(exc)) from None
        attrs = printers.get(self.queue)
        if attrs is None:
            raise PrinterNotFoundError(self.queue)
        rejecting = int(attrs.get("printer-type", 0)) & cups.CUPS_PRINTER_REJECTING
        return {**attrs, "printer-is-accepting-jobs": not rejecting}

    def _queued_jobs(self, conn: "cups.Connection") -> int:
        jobs = conn.getJobs(which_jobs="not-completed", requested_attributes=["job-id", "job-printer-uri"])
        return sum(1 for attrs in jobs.values()
                   if str(attrs.get("job-printer-uri", "")).rsplit("/", 1)[-1] == self.queue)

    @staticmethod
    def _status_from(attrs: dict[str, Any], queued: int) -> PrinterStatus:
        state = PRINTER_STATES.get(int(attrs.get("printer-state", 5)), "stopped")
        reasons = _strings(attrs.get("printer-state-reasons"))
        message = str(attrs.get("printer-state-message", "") or "")
        accepting = bool(attrs.get("printer-is-accepting-jobs", False))
        if not accepting:
            state = "rejecting" if state != "stopped" else state
        ready = accepting and state != "stopped" and not any(is_blocking_reason(r) for r in reasons)
        return PrinterStatus(ready=ready, state=state if accepting else "rejecting", reasons=reasons,
                             message=message, queued_jobs=queued)

    # --- the interface ---------------------------------------------------------------------
    def status(self) -> PrinterStatus:
        try:
            conn = self._connect()
            attrs = self._printer_attributes(conn)
            return self._status_from(attrs, self._queued_jobs(conn))
        except PrintServiceUnavailableError:
            return PrinterStatus(False, "unavailable", ("cups-unavailable",), "Service d'impression injoignable")
        except PrinterNotFoundError:
            return PrinterStatus(False, "not-found", ("printer-not-found",), f"File {self.queue} introuvable")
        except (PrinterError, cups.IPPError, RuntimeError) as exc:
            return PrinterStatus(False, "unavailable", ("cups-error",), type(exc).__name__)

    def print_pdf(self, data: bytes, title: str) -> PrintResult:
        start = time.monotonic()
        conn = self._connect()
        attrs = self._printer_attributes(conn)
        if not attrs.get("printer-is-accepting-jobs", False):
            raise QueueRejectingError(str(attrs.get("printer-state-message", "") or ""))
        if int(attrs.get("printer-state", 5)) == 5:
            raise PrinterNotReadyError(_strings(attrs.get("printer-state-reasons")),
                                       str(attrs.get("printer-state-message", "") or ""))
        job_id = self._submit(conn, data, generic_title(title))
        log.info("printer: job %s submitted to %s (%d bytes)", job_id, self.queue, len(data))
        return self._follow(job_id, start)

    def _submit(self, conn: "cups.Connection", data: bytes, title: str) -> int:
        try:
            job_id = int(conn.createJob(self.queue, title, {}))
        except cups.IPPError as exc:
            raise self._ipp_failure(exc) from None
        except RuntimeError as exc:
            raise PrintServiceUnavailableError(str(exc)) from None
        try:
            conn.startDocument(self.queue, job_id, title, "application/pdf", 1)
            http_status = conn.writeRequestData(data, len(data))
            if http_status != HTTP_CONTINUE:
                raise PrintJobFailedError(job_id, "not-submitted", (f"http-{http_status}",))
            conn.finishDocument(self.queue)
        except cups.IPPError as exc:
            self._cancel_quietly(job_id)
            raise self._ipp_failure(exc) from None
        except RuntimeError as exc:
            self._cancel_quietly(job_id)
            raise PrintServiceUnavailableError(str(exc)) from None
        except PrintJobFailedError:
            self._cancel_quietly(job_id)
            raise
        return job_id

    def _follow(self, job_id: int, start: float) -> PrintResult:
        deadline = start + self.timeout
        printer_reasons: list[str] = []
        message = ""
        state = 3
        while True:
            conn = self._connect()
            try:
                job = conn.getJobAttributes(job_id, requested_attributes=_JOB_ATTRS)
            except cups.IPPError as exc:
                if exc.args and exc.args[0] == IPP_NOT_FOUND:
                    # Purged before we saw its end: we cannot say it was printed.
                    raise PrintJobFailedError(job_id, "unknown", ("job-not-found",),
                                              tuple(printer_reasons), message) from None
                raise self._ipp_failure(exc) from None
            except RuntimeError as exc:
                raise PrintServiceUnavailableError(str(exc)) from None
            state = int(job.get("job-state", 3))
            reasons = _strings(job.get("job-state-reasons"))
            if state == 9:
                seconds = time.monotonic() - start
                log.info("printer: job %s completed in %.2f s", job_id, seconds)
                return PrintResult(job_id=job_id, seconds=seconds)
            attrs = self._printer_attributes(conn)
            for r in _strings(attrs.get("printer-state-reasons")):
                if r not in printer_reasons:
                    printer_reasons.append(r)
            message = str(attrs.get("printer-state-message", "") or message)
            if state in (7, 8):
                log.warning("printer: job %s %s (%s)", job_id, JOB_STATES[state], ", ".join(reasons))
                raise PrintJobFailedError(job_id, JOB_STATES[state], reasons, tuple(printer_reasons), message)
            stopped = (int(attrs.get("printer-state", 5)) == 5 or state == 6 or "printer-stopped" in reasons
                       or not attrs.get("printer-is-accepting-jobs", False) and state == 3)
            if stopped:
                self._cancel_quietly(job_id)
                log.warning("printer: job %s halted by a stopped printer (%s); cancelled",
                            job_id, ", ".join(printer_reasons))
                raise PrintJobFailedError(job_id, JOB_STATES.get(state, str(state)), reasons,
                                          tuple(printer_reasons), message)
            if time.monotonic() >= deadline:
                self._cancel_quietly(job_id)
                log.warning("printer: job %s not completed within %.0f s; cancelled", job_id, self.timeout)
                raise PrintTimeoutError(job_id, JOB_STATES.get(state, str(state)))
            time.sleep(self.poll_interval)

    def _cancel_quietly(self, job_id: int) -> None:
        try:
            self._connect().cancelJob(job_id, purge_job=True)
        except (PrinterError, cups.IPPError, RuntimeError):
            log.warning("printer: could not cancel job %s", job_id)

    def resume(self) -> None:
        conn = self._connect()
        try:
            conn.enablePrinter(self.queue)
            conn.acceptJobs(self.queue)
        except cups.IPPError as exc:
            raise self._ipp_failure(exc) from None
        except RuntimeError as exc:
            raise PrintServiceUnavailableError(str(exc)) from None
        log.info("printer: queue %s resumed", self.queue)

    def cancel_all_jobs(self) -> int:
        conn = self._connect()
        try:
            count = self._queued_jobs(conn)
            conn.cancelAllJobs(name=self.queue, my_jobs=False, purge_jobs=True)
        except cups.IPPError as exc:
            raise self._ipp_failure(exc) from None
        except RuntimeError as exc:
            raise PrintServiceUnavailableError(str(exc)) from None
        log.info("printer: %d job(s) of %s cancelled", count, self.queue)
        return count

    # --- technicians (diag, maintenance screen) -----------------------------------------------
    _OPTION_ATTRS = ("printer-make-and-model", "device-uri", "printer-info", "printer-location",
                     "printer-error-policy", "printer-op-policy", "media-default", "sides-default",
                     "print-color-mode-default", "job-sheets-default", "copies-default",
                     "printer-is-shared", "printer-is-accepting-jobs")

    def options(self) -> dict[str, str]:
        """The queue's main attributes and defaults, as text; raises PrinterError when unreachable."""
        conn = self._connect()
        attrs = self._printer_attributes(conn)
        try:
            attrs.update(conn.getPrinterAttributes(self.queue))  # pycups keeps the answer: technicians only
        except (cups.IPPError, RuntimeError):
            pass
        out: dict[str, str] = {}
        for key in self._OPTION_ATTRS:
            if key in attrs:
                value = attrs[key]
                text = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
                out[key] = re.sub(r"//[^/@]*@", "//***@", text)  # no credentials of a device URI
        return out
