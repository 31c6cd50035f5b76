"""Typed errors of the printer layer. Each carries data (CUPS reasons, job id), never a user text."""

from __future__ import annotations


class PrinterError(Exception):
    """Base of everything the printer layer raises. A print that raised was never printed."""


class PrintServiceUnavailableError(PrinterError):
    """The print service (cupsd) cannot be reached."""


class PrinterNotFoundError(PrinterError):
    """The print service runs but has no queue of the configured name."""

    def __init__(self, queue: str) -> None:
        super().__init__(queue)
        self.queue = queue


class QueueRejectingError(PrinterError):
    """The queue does not accept jobs (cupsreject, or a technician took it out of service)."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class PrinterNotReadyError(PrinterError):
    """The printer cannot print now: stopped, out of paper, jammed, offline, door open…"""

    def __init__(self, reasons: tuple[str, ...], message: str = "") -> None:
        super().__init__(", ".join(reasons) or "not ready")
        self.reasons = reasons
        self.message = message


class PrintJobFailedError(PrinterError):
    """The job ended without being printed (aborted, cancelled, or halted by a stopped printer).

    ``state`` is the CUPS job state name ("aborted", "canceled", "pending", "stopped",
    "unknown"); ``reasons`` the job's state reasons; ``printer_reasons`` the printer's
    reasons seen while the job ran (media-empty-error, media-jam-error…). The job was
    cancelled by the adapter when it could still print later.
    """

    def __init__(self, job_id: int, state: str, reasons: tuple[str, ...] = (),
                 printer_reasons: tuple[str, ...] = (), message: str = "") -> None:
        super().__init__(f"job {job_id}: {state} ({', '.join(reasons + printer_reasons)})")
        self.job_id = job_id
        self.state = state
        self.reasons = reasons
        self.printer_reasons = printer_reasons
        self.message = message


class PrintTimeoutError(PrinterError):
    """The job did not complete within the time limit; the adapter cancelled it."""

    def __init__(self, job_id: int, state: str = "") -> None:
        super().__init__(f"job {job_id}: not completed in time ({state})")
        self.job_id = job_id
        self.state = state
