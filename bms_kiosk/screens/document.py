"""The attestation on screen with "IMPRIMER", and the printing progress."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout

from bms_kiosk.screens.attestation import TITLE
from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.pdf_preview import PdfPreview


class DocumentScreen(Screen):
    name = "att_preview"
    help_text = ("Voici votre attestation. Touchez IMPRIMER pour l'obtenir sur papier : elle sort dans le bac "
                 "situé sous l'écran. Touchez RETOUR pour modifier votre choix.")

    def __init__(self) -> None:
        super().__init__(TITLE, home=True, back=True, help=True, primary="IMPRIMER >")
        self.body_layout.setContentsMargins(60, 20, 60, 10)
        row = QHBoxLayout()
        row.setSpacing(60)
        self.preview = PdfPreview()
        self.preview.setMinimumWidth(900)
        row.addWidget(self.preview, 3)
        side = QVBoxLayout()
        side.addStretch(1)
        side.addWidget(label("Voici votre attestation de droits.", "question"))
        side.addWidget(label("Vérifiez-la, puis touchez IMPRIMER.", "subline"))
        side.addStretch(1)
        self.zoom_button = QPushButton()
        self.zoom_button.setObjectName("zoom")
        self.zoom_button.clicked.connect(self.next_zoom)
        side.addWidget(self.zoom_button)
        side.addStretch(1)
        row.addLayout(side, 2)
        self.body_layout.addLayout(row, 1)

    ZOOMS = {"page": ("top", "AGRANDIR LE HAUT"), "top": ("bottom", "AGRANDIR LE BAS"),
             "bottom": ("page", "VOIR LA PAGE ENTIÈRE")}

    def set_zoom(self, zoom: str) -> None:
        self.preview.view.set_zoom(zoom)
        self.zoom_button.setText(self.ZOOMS[zoom][1])
        self.zoom_button.setAccessibleName(self.ZOOMS[zoom][1].capitalize())

    def next_zoom(self) -> None:
        self.set_zoom(self.ZOOMS[self.preview.view.zoom][0])

    def show_document(self, pdf: bytes) -> None:
        self.preview.set_pdf(pdf)
        self.set_zoom("page")
        self.primary_button.setEnabled(True)

    def clear(self) -> None:
        self.preview.clear()
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
