"""Full-width rows (one answer among several, a service, a message), as on the BMS screens.

Rows never scroll: they are shown a page at a time, as many as fit, with big "PAGE PRÉCÉDENTE" /
"PAGE SUIVANTE" buttons and "Page n / N" under them when they do not all fit (a card can carry 19
people). Each row ends with a chevron, as on the guide's screens.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

PREVIOUS_PAGE = QT_TRANSLATE_NOOP("screens", "< PAGE PRÉCÉDENTE")
NEXT_PAGE = QT_TRANSLATE_NOOP("screens", "PAGE SUIVANTE >")
CHEVRON = "›"


def page_text(page: int, pages: int) -> str:
    return f"Page {page + 1} / {pages}"


class RowButton(QPushButton):
    """A row: its title, optionally a line under it in smaller type, and a chevron at its right.

    ``text()`` is the title and the accessible description the line (for speech and tests); the
    labels paint them. The line wraps when it does not fit the row (large text, a long English
    line): the row grows to hold it, and its list pages by the rows' real heights."""

    def __init__(self, title: str, line: str = "", checkable: bool = False, text: str | None = None) -> None:
        super().__init__(title if text is None else text)
        self.setObjectName("choice")
        self.setCheckable(checkable)
        self.setAccessibleName(title)
        if line:
            self.setAccessibleDescription(line)
        row = QHBoxLayout(self)
        row.setContentsMargins(40, 6, 24, 6)
        row.setSpacing(20)
        column = QVBoxLayout()
        column.setSpacing(0)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("rowTitle" if line else "rowText")
        self.line_label = QLabel(line)
        self.line_label.setObjectName("rowLine")
        self.line_label.setWordWrap(True)
        self.line_label.setVisible(bool(line))
        self.chevron = QLabel(CHEVRON)
        self.chevron.setObjectName("chevron")
        column.addWidget(self.title_label)
        column.addWidget(self.line_label)
        row.addLayout(column, 1)
        row.addWidget(self.chevron)
        for widget in (self.title_label, self.line_label, self.chevron):
            widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.toggled.connect(self._restyle)

    def set_line(self, line: str) -> None:
        self.line_label.setText(line)
        self.line_label.setVisible(bool(line))
        self.setAccessibleDescription(line)

    def _restyle(self, on: bool) -> None:
        for widget in (self.title_label, self.line_label, self.chevron):
            widget.setProperty("on", on)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt)
        own = super().sizeHint()  # the style sheet's minimum height and padding
        return max(own.height(), self.layout().totalHeightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt): as high as the width it has needs
        inner = self.layout().sizeHint()
        return QSize(inner.width(), self.heightForWidth(max(self.width(), inner.width())))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt)
        return QSize(0, self.heightForWidth(self.width()) if self.width() > 0 else self.sizeHint().height())

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt): the frame only, the labels paint the text
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)


class Rows(QWidget):
    """A vertical list of full-width rows, a page at a time: as many as fit in the height it gets."""

    page_changed = Signal(int)

    def __init__(self, spacing: int = 16) -> None:  # ≥ 16 px between targets (issue 18)
        super().__init__()
        self.setObjectName("choices")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.spacing = spacing
        self.items: list[QWidget] = []
        self.pages: list[list[QWidget]] = [[]]
        self.page = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(spacing)
        self.lay = QVBoxLayout()
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.lay.setSpacing(spacing)
        outer.addLayout(self.lay)
        outer.addStretch(1)
        self.nav = QWidget()
        self.nav.setObjectName("pager")
        nav = QHBoxLayout(self.nav)
        nav.setContentsMargins(0, 0, 0, 0)
        nav.setSpacing(24)
        self.previous_button = QPushButton(PREVIOUS_PAGE)
        self.next_button = QPushButton(NEXT_PAGE)
        self.page_label = QLabel("")
        self.page_label.setObjectName("pageNumber")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.previous_button.setAccessibleName(QT_TRANSLATE_NOOP("screens", "Page précédente"))
        self.next_button.setAccessibleName(QT_TRANSLATE_NOOP("screens", "Page suivante"))
        self.previous_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.page_label, 1)
        nav.addWidget(self.next_button)
        outer.addWidget(self.nav)
        self.nav.hide()

    # --- rows
    def append(self, widget: QWidget) -> None:
        self.items.append(widget)
        self.lay.addWidget(widget)
        self._paginate()

    def clear_rows(self) -> None:
        for widget in self.items:
            self.lay.removeWidget(widget)
            widget.setParent(None)
            widget.deleteLater()
        self.items = []
        self.page = 0
        self._paginate()

    # --- pages
    @property
    def page_count(self) -> int:
        return len(self.pages)

    def next_page(self) -> None:
        self.show_page(self.page + 1)

    def previous_page(self) -> None:
        self.show_page(self.page - 1)

    def show_page(self, page: int) -> None:
        self.page = max(0, min(page, len(self.pages) - 1))
        self._show()
        self.page_changed.emit(self.page)

    def show_item(self, widget: QWidget) -> None:
        """The page that holds ``widget``."""
        for index, page in enumerate(self.pages):
            if widget in page:
                self.show_page(index)
                return

    def _height(self, widget: QWidget) -> int:
        if widget.hasHeightForWidth() and self.width() > 0:
            return widget.heightForWidth(self.width())  # (a wrapped line's sizeHint guesses a width)
        return max(widget.sizeHint().height(), widget.minimumSizeHint().height())

    def _pack(self, room: int) -> list[list[QWidget]]:
        pages: list[list[QWidget]] = [[]]
        used = 0
        for widget in self.items:
            need = self._height(widget) + (self.spacing if pages[-1] else 0)
            if pages[-1] and used + need > room:
                pages.append([])
                need = self._height(widget)
                used = 0
            pages[-1].append(widget)
            used += need
        return pages

    def _paginate(self) -> None:
        room = self.height()
        pages = self._pack(room)
        if len(pages) > 1:
            pages = self._pack(room - self.nav.sizeHint().height() - self.spacing)
        self.pages = pages
        self.page = min(self.page, len(pages) - 1)
        self._show()

    def _show(self) -> None:
        shown = set(map(id, self.pages[self.page]))
        for widget in self.items:
            widget.setVisible(id(widget) in shown)
        several = len(self.pages) > 1
        self.nav.setVisible(several)
        self.previous_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < len(self.pages) - 1)
        self.page_label.setText(page_text(self.page, len(self.pages)) if several else "")

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().changeEvent(event)
        # another look (large text): the rows' heights change once polished, so the pages too
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            QTimer.singleShot(0, self, self._paginate)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        if event.oldSize().height() != event.size().height() or event.oldSize().width() != event.size().width():
            self._paginate()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt): whatever room the screen gives
        return QSize(400, 200)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt)
        return QSize(0, 0)


class ChoiceList(Rows):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(lambda _id: self.changed.emit())
        self.values: list[object] = []

    def set_choices(self, choices: list[tuple[str, object]]) -> None:
        self.clear()
        for index, (text, value) in enumerate(choices):
            button = RowButton(text, checkable=True)
            self.group.addButton(button, index)
            self.append(button)
            self.values.append(value)

    def buttons(self) -> list[QPushButton]:
        return [self.group.button(i) for i in range(len(self.values))]

    def selected(self) -> object | None:
        index = self.group.checkedId()
        return self.values[index] if index >= 0 else None

    @property
    def has_selection(self) -> bool:
        return self.group.checkedId() >= 0

    def clear(self) -> None:
        for button in self.group.buttons():
            self.group.removeButton(button)
        self.clear_rows()
        self.values = []
