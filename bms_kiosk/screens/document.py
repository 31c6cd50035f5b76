"""The shared print step's screens: the document on screen with IMPRIMER, progress, printed, failed."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout

from bms_kiosk.flow.states import PrintRole
from bms_kiosk.screens import texts
from bms_kiosk import i18n
from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.message import MessageScreen
from bms_kiosk.screens.pdf_preview import PdfPreview

PRINTING = QT_TRANSLATE_NOOP("screens", "Impression en cours…")
RETRY = QT_TRANSLATE_NOOP("screens", "RÉESSAYER >")
PRINT = QT_TRANSLATE_NOOP("screens", "IMPRIMER >")


class DocumentScreen(Screen):
    def __init__(self, name: str, title: str, headline: str, hint: str, help_text: str) -> None:
        self.name = name
        self.help_text = help_text
        super().__init__(title, home=True, back=True, help=True, primary=PRINT)
        self.body_layout.setContentsMargins(60, 20, 60, 10)
        row = QHBoxLayout()
        row.setSpacing(60)
        self.preview = PdfPreview()
        self.preview.setMinimumWidth(700)
        row.addWidget(self.preview, 1)
        side = QVBoxLayout()
        side.setSpacing(24)
        side.addWidget(label(headline, "question"))
        # What the document says, in large type: checked at arm's length without the magnifier.
        self.summary = label("", "summary")
        self.summary.setAccessibleName(QT_TRANSLATE_NOOP("screens", "Contenu du document"))
        self.summary.setProperty("personal", True)  # speech.reading.PERSONAL: said only through the headset
        self.summary.setVisible(False)
        side.addWidget(self.summary)
        side.addWidget(label(hint, "subline"))
        self.in_french = label(texts.PRINTED_IN_FRENCH, "subline")  # shown in another language only
        self.in_french.setVisible(i18n.current_language() is not i18n.DEFAULT)
        i18n.notifier().languageChanged.connect(self._language_changed)  # a method: let go with the screen
        side.addWidget(self.in_french)
        side.addStretch(1)
        self.zoom_button = QPushButton()
        self.zoom_button.setObjectName("zoom")
        self.zoom_button.clicked.connect(self.next_zoom)
        side.addWidget(self.zoom_button)
        row.addLayout(side, 1)
        self.body_layout.addLayout(row, 1)
        self.primary_requested.connect(self._print)

    def _language_changed(self, language: str) -> None:
        self.in_french.setVisible(language != i18n.DEFAULT)

    ZOOMS = {"page": ("top", QT_TRANSLATE_NOOP("screens", "AGRANDIR LE HAUT")),
             "top": ("bottom", QT_TRANSLATE_NOOP("screens", "AGRANDIR LE BAS")),
             "bottom": ("page", QT_TRANSLATE_NOOP("screens", "VOIR LA PAGE ENTIÈRE"))}

    def _print(self) -> None:
        self.primary_button.setEnabled(False)  # a double tap prints once
        self.answered.emit(None)

    def set_zoom(self, zoom: str) -> None:
        self.preview.view.set_zoom(zoom)
        self.zoom_button.setText(self.ZOOMS[zoom][1])
        self.zoom_button.setAccessibleName(self.ZOOMS[zoom][1].capitalize())

    def next_zoom(self) -> None:
        self.set_zoom(self.ZOOMS[self.preview.view.zoom][0])

    def show_view(self, model: Any) -> None:
        pdf, lines = model
        self.show_document(pdf, lines)

    def show_document(self, pdf: bytes, lines: tuple[str, ...] = ()) -> None:
        self.preview.set_pdf(pdf)
        self.set_zoom("page")
        self.summary.setText("\n".join(lines))
        self.summary.setVisible(bool(lines))
        self.primary_button.setEnabled(True)

    def clear(self) -> None:
        self.preview.clear()
        self.summary.setText("")
        self.summary.setVisible(False)
        self.set_zoom("page")


class ProgressScreen(Screen):
    def __init__(self, name: str, headline: str, hint: str, header: str | None = None) -> None:
        self.name = name
        super().__init__(header)
        lay = self.body_layout
        lay.addStretch(2)
        lay.addWidget(label(headline, "headline", center=True))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: neither a card read nor a print job has a known length
        self.progress.setTextVisible(False)
        self.progress.setMinimumWidth(900)
        self.progress.setAccessibleName(headline)
        lay.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(label(hint, "subline", center=True))
        lay.addStretch(3)


def document_step_screen(spec: Any, role: PrintRole) -> Screen:
    """The screen of one of the shared print step's states, for the service ``spec`` (a ServiceSpec)."""
    doc = spec.document
    name = doc.state(role)
    if role is PrintRole.PREVIEW:
        return DocumentScreen(name, spec.title, doc.headline, doc.preview_hint, doc.preview_help)
    if role is PrintRole.PRINTING:
        return ProgressScreen(name, PRINTING, doc.printing_hint, spec.title)
    if role is PrintRole.PRINTED:
        return MessageScreen(name, doc.printed_title, doc.printed_hint, icon="document-imprime",
                             header=spec.title, home=True, finish=True, help_lead=texts.HELP_PRINTED)
    return MessageScreen(name, texts.PRINT_FAILED, doc.not_printed, header=spec.title, home=True,
                         finish=True, primary=RETRY, help_lead=texts.HELP_RETRY)
