"""A PDF page shown on screen: QtPdf rendering on white, fitted to the widget, no scrollbars.

The document is loaded from memory (QBuffer over the PDF bytes); nothing touches the disk.
``clear()`` drops the document and the rendered page (the session's end wipes the screen).
The preview keeps one QPdfDocument for its life and loads each PDF into it: QtPdf starts pdfium
with the first QPdfDocument and stops it with the last, and each start leaves pdfium's allocator
(PartitionAlloc) ~20 KB and 8 memory mappings richer for good (issue 13).
QPdfView is not used: it renders asynchronously and its FitInView still showed a scrollbar
(shared/notes/qt.md); a page is rendered synchronously with ``QPdfDocument.render`` instead,
which returns a transparent image that is painted on white here.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class PdfPageView(QWidget):
    """Paints one page of a QPdfDocument, fitted to its size with the page's aspect ratio."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document: QPdfDocument | None = None
        self._page = 0
        self._image: QImage | None = None
        # "page": the whole page fitted; "top" / "bottom": half a page fitted, twice as large,
        # so that the text is readable at arm's length without a scroll bar.
        self.zoom = "page"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def set_page(self, document: QPdfDocument | None, page: int) -> None:
        self._document = document
        self._page = page
        self._image = None
        self.update()

    def set_zoom(self, zoom: str) -> None:
        self.zoom = zoom
        self._image = None
        self.update()

    def page_rect(self) -> QRect:
        """Where the page goes: the largest rectangle of the page's aspect ratio in the widget
        (or, zoomed, in twice the widget's height, shifted to show the top or bottom half)."""
        if self._document is None or self._document.pageCount() == 0:
            return QRect()
        points = self._document.pagePointSize(self._page)
        if points.isEmpty():
            return QRect()
        box = self.size() if self.zoom == "page" else QSize(self.width(), self.height() * 2)
        fitted = points.toSize().scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - fitted.width()) // 2
        if self.zoom == "top":
            y = 0
        elif self.zoom == "bottom":
            y = self.height() - fitted.height()
        else:
            y = (self.height() - fitted.height()) // 2
        return QRect(x, y, fitted.width(), fitted.height())

    def render_page(self) -> QImage | None:
        """The page at the fitted size (device pixels), painted on white; cached until resized."""
        rect = self.page_rect()
        if rect.isEmpty() or self._document is None:
            return None
        ratio = self.devicePixelRatioF()
        size = QSize(round(rect.width() * ratio), round(rect.height() * ratio))
        if self._image is not None and self._image.size() == size:
            return self._image
        raw = self._document.render(self._page, size)
        page = QImage(size, QImage.Format.Format_RGB32)
        page.fill(QColor("white"))
        painter = QPainter(page)
        painter.drawImage(0, 0, raw)
        painter.end()
        page.setDevicePixelRatio(ratio)
        self._image = page
        return page

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt)
        self._image = None
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt)
        painter = QPainter(self)
        image = self.render_page()
        if image is not None:
            rect = self.page_rect()
            painter.fillRect(rect.adjusted(2, 2, 2, 2), QColor(0, 0, 0, 60))  # a thin shadow
            painter.drawImage(rect, image)
            painter.setPen(QColor("#8c8c8c"))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()

    def clear(self) -> None:
        self._document = None
        self._image = None
        self.update()


class PdfPreview(QWidget):
    """Page N of PDF bytes with, when there is more than one page, previous/next and 'Page n / N'."""

    page_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self._pdf = QPdfDocument(self)  # the one this preview loads every PDF into (0 pages: none)
        self._buffer: QBuffer | None = None
        self._bytes: QByteArray | None = None
        self._page = 0
        self.view = PdfPageView(self)
        self.previous_button = QPushButton("< PAGE PRÉCÉDENTE", self)
        self.next_button = QPushButton("PAGE SUIVANTE >", self)
        self.page_label = QLabel("", self)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for button in (self.previous_button, self.next_button):
            button.setMinimumHeight(80)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.previous_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        nav = QHBoxLayout()
        nav.setSpacing(16)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.page_label, 1)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addWidget(self.view, 1)
        layout.addLayout(nav)
        self._update_navigation()

    # --- document ------------------------------------------------------------------------
    def set_pdf(self, data: bytes) -> None:
        """Show page 1 of ``data`` (PDF bytes), loaded from memory. Raises ValueError if unreadable."""
        self.clear()
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._pdf.load(self._buffer)
        if self._pdf.status() != QPdfDocument.Status.Ready or self._pdf.pageCount() < 1:
            error = self._pdf.error()
            self.clear()
            raise ValueError(f"PDF illisible ({error.name})")
        self.show_page(0)

    def clear(self) -> None:
        """Drop the document, its bytes and the rendered page (privacy)."""
        self.view.clear()
        self._pdf.close()
        if self._buffer is not None:
            self._buffer.close()
        self._buffer = None
        if self._bytes is not None:
            self._bytes.clear()
        self._bytes = None
        self._page = 0
        self._update_navigation()

    # --- pages ---------------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return self._pdf.pageCount()

    @property
    def page(self) -> int:
        return self._page

    def show_page(self, page: int) -> None:
        if self.page_count == 0:
            return
        self._page = max(0, min(page, self.page_count - 1))
        self.view.set_page(self._pdf, self._page)
        self._update_navigation()
        self.page_changed.emit(self._page)

    def next_page(self) -> None:
        self.show_page(self._page + 1)

    def previous_page(self) -> None:
        self.show_page(self._page - 1)

    def _update_navigation(self) -> None:
        several = self.page_count > 1
        for w in (self.previous_button, self.next_button, self.page_label):
            w.setVisible(several)
        self.previous_button.setEnabled(several and self._page > 0)
        self.next_button.setEnabled(several and self._page < self.page_count - 1)
        self.page_label.setText(f"Page {self._page + 1} / {self.page_count}" if several else "")
