"""The demo's screenshots: each taken after the screen's first paint, named after the screen it shows.

A spy of its own records, for every screen, when it became the one shown and when it was painted;
every capture must come after a paint of the screen it is named after, and show that screen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QImage

from bms_kiosk.app import Backend
from bms_kiosk.demo import Autoplay
from bms_kiosk.hardware.virtual_card import SimulatedCardSource, shipped_cards

NO_BACKEND = Backend("http://127.0.0.1:9", "no-backend")  # attract → reading → auth asks no backend


class PaintSpy(QObject):
    """Counts events: (n, "shown", screen) when a screen becomes current, (n, "painted", screen) on a paint."""

    def __init__(self, window) -> None:
        super().__init__()
        self.stack = window.stack
        self.log: list[tuple[int, str, str]] = []
        self.stack.currentChanged.connect(lambda i: self._add("shown", self.stack.widget(i)))
        for index in range(self.stack.count()):
            self.stack.widget(index).installEventFilter(self)

    def _add(self, kind: str, screen) -> None:
        self.log.append((len(self.log), kind, str(screen.name)))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Paint:
            self._add("painted", watched)
        return False

    def painted_since_shown(self, name: str) -> bool:
        shown = [n for n, kind, screen in self.log if kind == "shown" and screen == name]
        since = shown[-1] if shown else -1
        return any(n > since for n, kind, screen in self.log if kind == "painted" and screen == name)


def test_captures_come_after_the_paint_of_the_screen_they_are_named_after(make_kiosk, qtbot, tmp_path: Path):
    source = SimulatedCardSource()
    kiosk = make_kiosk(source, backend=NO_BACKEND)
    spy = PaintSpy(kiosk.window)
    checked: list[str] = []
    auto = Autoplay(kiosk, source, tmp_path)
    real_shot = auto.shot

    wrong: list[str] = []

    def shot(*args, **kwargs):  # at the moment of each capture: was its screen painted? (said after)
        done = real_shot(*args, **kwargs)
        name = auto.shots[-1].stem.split("-", 1)[1]
        if not spy.painted_since_shown(name.split("-")[0]):
            wrong.append(f"{name} captured before its paint: {spy.log[-6:]}")
        if str(kiosk.window.current.name) != name.split("-")[0]:
            wrong.append(f"{name} shows {kiosk.window.current.name}")
        checked.append(name)
        return done

    auto.shot = shot
    source.insert(shipped_cards()["famille4"])  # read at once: the reading screen may never be painted
    qtbot.waitUntil(lambda: kiosk.journey.state == "auth", timeout=5000)
    qtbot.waitUntil(lambda: "auth" in checked or bool(wrong), timeout=5000)
    assert wrong == []
    # each file shows the screen it is named after: the last one is the screen on show now
    last = QImage(str(auto.shots[-1]))
    assert last == kiosk.window.grab().toImage().convertToFormat(last.format())
    assert all(path.stem.split("-", 1)[1] in checked for path in auto.shots)
    source.pull()  # the card-less home (out of service, with no backend here, once the health check said so)
    qtbot.waitUntil(lambda: kiosk.journey.state in ("attract", "out_of_service"), timeout=5000)
