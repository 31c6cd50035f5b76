"""The PDF preview: rendered offscreen at the kiosk's size, saved under build/screens/ to look at."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import PySide6.QtPdf  # noqa: E402,F401  (a missing QtPdf is a failure, not a skip)

from PySide6.QtCore import QSize  # noqa: E402
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
