"""The kiosk window: full screen, frameless, one screen at a time, closed only by the app itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from bms_kiosk.flow.journey import Journey
from bms_kiosk.screens import texts
from bms_kiosk.screens.attract import AttractScreen
from bms_kiosk.screens.base import Screen
from bms_kiosk.screens.card_read import CardReadScreen
from bms_kiosk.screens.message import MessageScreen
from bms_kiosk.screens.overlay import Overlay
from bms_kiosk.screens.reading import ReadingScreen
from bms_kiosk.screens.texts import UserMessage


class KioskWindow(QWidget):
    def __init__(self, journey: Journey, *, fullscreen: bool = True) -> None:
        flags = Qt.WindowType.Window
        if fullscreen:
            flags |= Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        super().__init__(None, flags)
        self.setWindowTitle("Borne multi-services")
        self.allow_close = False
        self.journey = journey
        self.stack = QStackedWidget(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.stack)

        self.screens: dict[str, Screen] = {}
        self._add(AttractScreen())
        self._add(ReadingScreen())
        self._add(CardReadScreen())
        self._add(MessageScreen("card_error", "", "", home=False))
        self._add(MessageScreen("reader_missing", texts.READER_MISSING, texts.READER_MISSING_HINT))
        self._add(MessageScreen("unavailable", texts.UNAVAILABLE, texts.UNAVAILABLE_HINT))
        self._add(MessageScreen("end", texts.REMOVE_CARD, "Merci de votre visite. N'oubliez pas votre carte.",
                                icon="retrait-carte"))

        self.help = Overlay(self, "help", "Fermer")
        self.help.accepted.connect(self.help.hide)
        self.inactivity = Overlay(self, "inactivity", texts.INACTIVITY_CONTINUE)
        self.inactivity.accepted.connect(journey.guard.extend)

        journey.state_entered.connect(self.show_state)
        journey.card_shown.connect(self.screens["card_read"].show_card)
        journey.error_shown.connect(self._show_card_error)
        journey.session_wiped.connect(self.clear_screens)
        journey.guard.warn.connect(self._warn)
        journey.guard.resumed.connect(self.inactivity.hide)
        journey.guard.expired.connect(self.inactivity.hide)

        if fullscreen:
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                self.setGeometry(screen.geometry())

    def _add(self, screen: Screen) -> None:
        self.screens[screen.name] = screen
        self.stack.addWidget(screen)
        screen.help_requested.connect(lambda s=screen: self.help.open("AIDE", s.help_text))

    @property
    def current(self) -> Screen:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def show_state(self, name: str) -> None:
        self.help.hide()
        self.inactivity.hide()  # entering a state re-arms or disarms the guard
        if name in self.screens:
            self.stack.setCurrentWidget(self.screens[name])

    def _show_card_error(self, message: UserMessage) -> None:
        screen = self.screens["card_error"]
        assert isinstance(screen, MessageScreen)
        screen.show_message(message.title, message.text)

    def _warn(self, seconds: int) -> None:
        guard = self.journey.guard
        text = texts.inactivity_text(seconds, guard.can_extend)
        self.inactivity.button.setVisible(guard.can_extend)
        if self.inactivity.isVisible():
            self.inactivity.set_text(text)
        else:
            self.inactivity.open(texts.INACTIVITY_QUESTION, text)

    def clear_screens(self) -> None:
        for screen in self.screens.values():
            screen.clear()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        for overlay in (self.help, self.inactivity):
            if overlay.isVisible():
                overlay.setGeometry(self.rect())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.allow_close:
            event.accept()
        else:
            event.ignore()
