"""The demo file printer: used when no CUPS queue is configured. It says so, loudly.

It writes each PDF into the demo output folder. That folder holds whatever the demo printed:
it is for demonstrations with fictitious people, never for a terminal in service.
"""

from __future__ import annotations

import itertools
import logging
import os
import time
from pathlib import Path

from bms_kiosk.hardware.printer import PrinterStatus, PrintResult, generic_title
from bms_kiosk.hardware.printer_errors import PrinterNotReadyError

log = logging.getLogger(__name__)

FILE_PRINTER_REASON = "bms-file-printer-warning"


class FilePrinter:
    """A Printer that writes PDFs into ``output_dir``; never used with a CUPS queue configured."""

    def __init__(self, output_dir: str | os.PathLike[str]) -> None:
        self.output_dir = Path(output_dir)
        self._counter = itertools.count(1)
        log.warning("IMPRIMANTE FICHIER DE DÉMONSTRATION : aucune file CUPS configurée "
                    "(printer_queue vide) ; les documents sont écrits dans %s", self.output_dir)

    def status(self) -> PrinterStatus:
        return PrinterStatus(ready=True, state="file", reasons=(FILE_PRINTER_REASON,),
                             message=f"Imprimante fichier de démonstration : {self.output_dir}",
                             queued_jobs=0)

    def print_pdf(self, data: bytes, title: str) -> PrintResult:
        start = time.monotonic()
        if not data.startswith(b"%PDF-"):
            raise PrinterNotReadyError(("document-format-not-supported",), "not a PDF")
        self.output_dir.mkdir(parents=True, exist_ok=True)
        job_id = next(self._counter)
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{job_id}-{generic_title(title)}.pdf"
        target = self.output_dir / name
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(target)
        log.warning("IMPRIMANTE FICHIER DE DÉMONSTRATION : document écrit dans %s", target)
        return PrintResult(job_id=job_id, seconds=time.monotonic() - start)

    def resume(self) -> None:
        log.warning("IMPRIMANTE FICHIER DE DÉMONSTRATION : rien à reprendre")

    def cancel_all_jobs(self) -> int:
        return 0
