"""The one print step every printing service shares: preview, IMPRIMER, progress, printed, failed.

A service that prints declares a ``Document``; ``print_steps`` turns it into four states
("{prefix}_preview", "_printing", "_printed", "_print_failed") and ``PrintStep`` drives them.
The journey core arms its print time limit on every PRINTING state: a libcups call that blocks
past it is reported as not printed and its late result dropped. A failed print is never
reported as printed; RÉESSAYER sends the same document again.
"""

from __future__ import annotations

import logging
from typing import Any

from bms_kiosk.flow.states import PrintRole
from bms_kiosk.flow.steps import Document, ServiceSpec, Step
from bms_kiosk.screens import texts

log = logging.getLogger(__name__)

DOCUMENT_KEY = "document"  # session.data: the PDF on screen, for this visit only


class PrintStep:
    """Handler of one service's print states; ``ctx`` is the journey core (flow/journey.py)."""

    def __init__(self, ctx: Any, document: Document) -> None:
        self.ctx, self.document = ctx, document

    def show(self, pdf: bytes, lines: tuple[str, ...] = ()) -> None:
        """The document is built: put it on screen (``lines``: a short summary beside it)."""
        self.ctx.session.data[DOCUMENT_KEY] = pdf
        self.ctx.show(self.document.state(PrintRole.PREVIEW), (pdf, lines))
        self.ctx.go(self.document.state(PrintRole.PREVIEW))

    def print_it(self, _value: Any = None) -> None:
        """IMPRIMER or RÉESSAYER: a second tap finds the journey already printing and does nothing."""
        pdf = self.ctx.session.data.get(DOCUMENT_KEY)
        here = self.ctx.state
        if here not in (self.document.state(PrintRole.PREVIEW), self.document.state(PrintRole.FAILED)):
            return
        if pdf is None or not self.ctx.go(self.document.state(PrintRole.PRINTING)):
            return
        printer, title = self.ctx.services.printer, self.document.job_title
        self.ctx.run(lambda: printer.print_pdf(pdf, title), self._on_printed, self.on_error)

    def _on_printed(self, result: Any) -> None:
        log.info("%s printed (job %s)", self.document.job_title, getattr(result, "job_id", "?"))
        self.ctx.go(self.document.state(PrintRole.PRINTED))

    def on_error(self, error: Exception) -> None:
        log.warning("print failed: %s", type(error).__name__)
        failed = self.document.state(PrintRole.FAILED)
        self.ctx.message_shown.emit(failed, texts.print_failed_message(error, self.document.not_printed))
        self.ctx.go(failed)


def _screen(role: PrintRole):  # type: ignore[no-untyped-def]
    def build(spec: ServiceSpec) -> Any:
        from bms_kiosk.screens.document import document_step_screen

        return document_step_screen(spec, role)
    return build


def print_steps(doc: Document) -> tuple[Step, ...]:
    preview, printing, printed, failed = (doc.state(r) for r in PrintRole)
    return (
        Step(preview, _screen(PrintRole.PREVIEW), moves=(printing,), back=doc.back,
             accept=PrintStep.print_it, role=PrintRole.PREVIEW),
        Step(printing, _screen(PrintRole.PRINTING), moves=(printed, failed), guarded=False, busy=True,
             role=PrintRole.PRINTING),
        Step(printed, _screen(PrintRole.PRINTED), role=PrintRole.PRINTED),
        Step(failed, _screen(PrintRole.FAILED), moves=(printing,), accept=PrintStep.print_it,
             leaves_after_delay=True, role=PrintRole.FAILED),
    )
