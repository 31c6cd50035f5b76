"""The PDF preview: rendered offscreen at the kiosk's size, saved under build/screens/ to look at."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import PySide6.QtPdf  # noqa: E402,F401  (a missing QtPdf is a failure, not a skip)

from PySide6.QtCore import QCoreApplication, QEvent, QSize  # noqa: E402
from PySide6.QtGui import QColor, QFont, QFontDatabase  # noqa: E402
from PySide6.QtWidgets import QAbstractScrollArea, QWidget  # noqa: E402

from bms_kiosk.assets import FONTS  # noqa: E402
from bms_kiosk.screens.pdf_preview import PdfPreview  # noqa: E402
from bms_kiosk.services.documents import build_attestation_pdf  # noqa: E402
from tests.test_documents import CARDS_DIR, attestation_from_card  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCREENS = ROOT / "build" / "screens"


@pytest.fixture
def preview(qtbot) -> PdfPreview:  # type: ignore[no-untyped-def]
    for ttf in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(FONTS / ttf))
    widget = PdfPreview()
    widget.setFont(QFont("DejaVu Sans", 20))
    widget.setStyleSheet("background: #dfe3e8;")
    qtbot.addWidget(widget)
    # The preview area of the attestation screen on a 1920x1080 kiosk: below the header band,
    # above the bottom buttons, beside the action column.
    widget.resize(1200, 860)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _grab(widget: QWidget, name: str) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / name
    assert widget.grab().save(str(path))
    return path


def test_one_page_fitted_on_white(preview: PdfPreview) -> None:
    pdf = build_attestation_pdf(attestation_from_card(CARDS_DIR / "noms_longs.toml"))
    preview.set_pdf(pdf)
    assert preview.page_count == 1
    assert not preview.next_button.isVisible() and not preview.page_label.isVisible()
    assert not preview.findChildren(QAbstractScrollArea)  # no scrollbars anywhere
    rect = preview.view.page_rect()
    # fitted: the whole height is used, A4 aspect ratio kept
    assert rect.height() == preview.view.height()
    assert abs(rect.width() / rect.height() - 595.28 / 841.89) < 0.01
    image = preview.view.render_page()
    assert image is not None
    assert image.pixelColor(5, 5) == QColor("white")  # painted on white, not transparent
    path = _grab(preview, "pdf_preview_attestation.png")
    assert path.stat().st_size > 10_000


def test_two_pages_navigation_and_clear(preview: PdfPreview) -> None:
    pdf = build_attestation_pdf(attestation_from_card(CARDS_DIR / "dix_neuf.toml"))
    preview.set_pdf(pdf)
    assert preview.page_count == 2
    assert preview.next_button.isVisible() and preview.next_button.isEnabled()
    assert not preview.previous_button.isEnabled()
    assert preview.page_label.text() == "Page 1 / 2"
    preview.next_button.click()
    assert preview.page == 1 and preview.page_label.text() == "Page 2 / 2"
    assert not preview.next_button.isEnabled()
    _grab(preview, "pdf_preview_attestation_page2.png")
    preview.clear()
    assert preview.page_count == 0 and preview.view.render_page() is None
    assert not preview.next_button.isVisible()
    _grab(preview, "pdf_preview_cleared.png")


def test_invalid_pdf_is_refused(preview: PdfPreview) -> None:
    with pytest.raises(ValueError):
        preview.set_pdf(b"%PDF-1.4 not really")
    assert preview.page_count == 0


def test_render_time_is_small(preview: PdfPreview) -> None:
    preview.set_pdf(build_attestation_pdf(attestation_from_card(CARDS_DIR / "famille4.toml")))
    preview.resize(QSize(1000, 860))
    start = time.perf_counter()
    assert preview.view.render_page() is not None
    assert time.perf_counter() - start < 1.0


def _mappings() -> int:
    with open("/proc/self/maps", encoding="ascii") as maps:
        return sum(1 for _ in maps)


def test_documents_shown_one_after_another_leave_no_memory_behind(preview: PdfPreview) -> None:
    """QtPdf starts pdfium with the first QPdfDocument and stops it with the last one; pdfium's
    allocator (PartitionAlloc) never gives back what a start took: 8 memory mappings and ~20 KB
    each time (issue 13: +15 MB of RSS over 1,000 visits). The preview keeps its document."""
    pdfs = [build_attestation_pdf(attestation_from_card(CARDS_DIR / f"{card}.toml"))
            for card in ("famille4", "noms_longs")]
    for pdf in pdfs * 5:  # pdfium's own caches filled once
        preview.set_pdf(pdf)
        preview.view.render_page()
        preview.clear()
    before = _mappings()
    for pdf in pdfs * 50:
        preview.set_pdf(pdf)
        assert preview.view.render_page() is not None
        preview.clear()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # what deleteLater() left
    assert _mappings() - before < 50  # 800 with a QPdfDocument made and deleted per document
