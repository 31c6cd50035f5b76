"""The printer interface the kiosk uses, its status, its result, and the factory.

Readiness comes from the CUPS printer-state and printer-state-reasons (DESIGN.md): a queue
that is stopped, rejecting jobs, or reporting a blocking reason is not ready; warnings
(``*-warning``, ``marker-supply-low*``) leave it ready but are reported.

``print_pdf`` blocks until the job is completed (or raises): call it off the GUI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Protocol, runtime_checkable

if TYPE_CHECKING:  # pragma: no cover
    from bms_kiosk.settings import Config

log = logging.getLogger(__name__)

# Reasons (prefixes; CUPS adds -report/-warning/-error suffixes) that stop printing.
BLOCKING_REASON_PREFIXES: tuple[str, ...] = (
    "media-empty", "media-needed", "media-jam", "offline", "paused", "door-open",
    "marker-supply-empty", "toner-empty", "cover-open", "stopped", "shutdown",
    "interlock-open", "output-area-full", "input-tray-missing", "fuser-over-temp",
)
# Only informational, even without a -warning/-report suffix.
INFORMATIONAL_REASONS: frozenset[str] = frozenset({"none", "connecting-to-device", "cups-waiting-for-job-completed",
                                                   "cups-missing-filter-warning"})

# Titles handed to CUPS: generic, never a name. Anything else becomes "document". The kiosk's
# services declare their documents' titles; the composition root allows them (allow_titles).
GENERIC_TITLES: set[str] = {"attestation-droits", "recu-paiement", "page-de-test", "document"}


def allow_titles(titles: Iterable[str]) -> None:
    """Declared document titles (fixed words of the code, never data) join the generic ones."""
    for title in titles:
        if not title.replace("-", "").isalpha() or not title.islower():
            raise ValueError(f"job title {title!r}: lowercase words and hyphens only")
        GENERIC_TITLES.add(title)


def is_blocking_reason(reason: str) -> bool:
    """True when ``reason`` keeps the printer from printing (warnings and reports never do)."""
    if reason in INFORMATIONAL_REASONS:
        return False
    if reason.endswith("-warning"):
        return False
    if reason.startswith(("marker-supply-low", "toner-low", "media-low")):
        return False
    return reason.startswith(BLOCKING_REASON_PREFIXES)


def generic_title(title: str) -> str:
    if title in GENERIC_TITLES:
        return title
    log.warning("printer: a non-generic job title was replaced by 'document'")
    return "document"


@dataclass(frozen=True)
class PrinterStatus:
    """What the maintenance screen shows and what the flow checks before offering to print.

    ``state``: "idle", "processing", "stopped" (CUPS states), "rejecting" (accepts no jobs),
    "unavailable" (no print service), "not-found" (no such queue), "file" (demo file printer).
    """

    ready: bool
    state: str
    reasons: tuple[str, ...] = ()
    message: str = ""
    queued_jobs: int = 0

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(r for r in self.reasons if not is_blocking_reason(r) and r not in INFORMATIONAL_REASONS)

    @property
    def blocking_reasons(self) -> tuple[str, ...]:
        return tuple(r for r in self.reasons if is_blocking_reason(r))


@dataclass(frozen=True)
class PrintResult:
    """A job that was completed by the print service. Only ever built for a completed job."""

    job_id: int
    seconds: float
    pages: int | None = None


@runtime_checkable
class Printer(Protocol):
    def status(self) -> PrinterStatus:
        """Current readiness; never raises (an unreachable service is a status)."""
        ...

    def print_pdf(self, data: bytes, title: str) -> PrintResult:
        """Submit ``data`` (a PDF) and wait until it is completed. Blocking; raises PrinterError."""
        ...

    def resume(self) -> None:
        """Technician: enable the queue and accept jobs again (after paper was added…)."""
        ...

    def cancel_all_jobs(self) -> int:
        """Technician: cancel and purge every job of the queue; returns how many there were."""
        ...


def make_printer(config: "Config") -> Printer:
    """The CUPS printer of ``printer_queue``, or the demo file printer when none is configured."""
    queue = str(config.printer_queue or "").strip()
    if not queue:
        from bms_kiosk.hardware.file_printer import FilePrinter

        return FilePrinter(config.demo_output_dir)
    from bms_kiosk.hardware.cups_printer import CupsPrinter

    return CupsPrinter(queue, server=str(config.cups_server or "") or None,
                       timeout=float(config.print_timeout_delay))
