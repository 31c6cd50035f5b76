"""The footer's places: RETOUR (and what stands beside it) at the left edge, the primary action at
the right edge, AIDE at the centre while it fits between them, else midway in the room they leave.

A grid with equal side columns cannot do it: a button's style-sheet ``min-width`` is its minimum,
so a long primary in large text ("Imprimer le reçu du paiement") was squeezed and cut, or drawn
over AIDE. Here every button keeps its width; only AIDE moves, and only when it must.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QWidget

GAP = 24  # px between two footer buttons (≥ 16, issue 18)


class FooterLayout(QLayout):
    """Three parts, in this order (the keypad's focus order too): the left row, the right row, AIDE."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.left = self._row()
        self.right = self._row()
        self.centre: QWidget | None = None

    def _row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(GAP)
        self.addChildLayout(row)
        self._items.append(row)
        return row

    def set_centre(self, widget: QWidget) -> None:
        self.centre = widget
        self.addWidget(widget)

    # --- QLayout
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt)
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def _parts(self) -> tuple[QSize, QSize, QSize]:
        centre = self._items[2].sizeHint() if len(self._items) > 2 and not self._items[2].isEmpty() else QSize(0, 0)
        return self.left.sizeHint(), self.right.sizeHint(), centre

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt)
        left, right, centre = self._parts()
        gaps = GAP * sum(1 for s in (left, right) if s.width() > 0) if centre.width() else \
            (GAP if left.width() and right.width() else 0)
        margins = self.contentsMargins()
        return QSize(left.width() + right.width() + centre.width() + gaps + margins.left() + margins.right(),
                     max(left.height(), right.height(), centre.height()) + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt): no button is ever narrower than its text
        return self.sizeHint()

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt)
        super().setGeometry(rect)
        inner = rect.marginsRemoved(self.contentsMargins())
        left, right, centre = self._parts()
        self.left.setGeometry(QRect(inner.left(), inner.top(), left.width(), inner.height()))
        self.right.setGeometry(QRect(inner.right() + 1 - right.width(), inner.top(), right.width(), inner.height()))
        if len(self._items) > 2:
            low = inner.left() + left.width() + (GAP if left.width() else 0)
            high = inner.right() + 1 - right.width() - (GAP if right.width() else 0) - centre.width()
            x = inner.left() + (inner.width() - centre.width()) // 2
            if not low <= x <= high:
                x = (low + high) // 2  # the middle of the room the two sides leave
            top = inner.top() + (inner.height() - centre.height()) // 2
            self._items[2].setGeometry(QRect(x, top, centre.width(), centre.height()))
