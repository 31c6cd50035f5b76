"""The technician's test page: one A4 page, built in memory, no personal data."""

from __future__ import annotations

import io
from datetime import datetime

from bms_kiosk import __version__


def build_test_page(terminal_id: str, when: datetime | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4  # ~100 ms: paid on the worker thread of the first test page
    from reportlab.pdfgen import canvas

    when = when or datetime.now()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle("page-de-test")
    width, height = A4
    c.setFont("Helvetica-Bold", 28)
    c.drawCentredString(width / 2, height - 120, "PAGE DE TEST")
    c.setFont("Helvetica", 14)
    lines = [f"Borne : {terminal_id}", f"Logiciel : bms-kiosk {__version__}",
             f"Imprimée le {when:%d/%m/%Y à %H:%M:%S}", "",
             "Cette page ne contient aucune donnée personnelle.",
             "Vérifiez : texte net, cadre complet, dégradé régulier."]
    for i, line in enumerate(lines):
        c.drawCentredString(width / 2, height - 180 - 24 * i, line)
    c.rect(40, 40, width - 80, height - 80)
    for i in range(10):
        c.setFillGray(i / 10)
        c.rect(70 + i * (width - 140) / 10, 120, (width - 140) / 10, 60, fill=1, stroke=0)
    c.showPage()
    c.save()
    return out.getvalue()
