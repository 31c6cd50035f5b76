"""The kiosk window: full screen, frameless, one screen at a time, closed only by the app itself.

It wires screens (dumb views) to the journey (the rules): intents go to the journey, view
models come back from it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QLayout, QStackedWidget, QVBoxLayout, QWidget

from bms_kiosk import i18n, look
from bms_kiosk.flow.journey import Journey, MenuView
from bms_kiosk.flow.states import Core, UnknownStateError
from bms_kiosk.screens import texts
from bms_kiosk.screens.attract import AttractScreen
from bms_kiosk.screens.auth import AuthScreen
from bms_kiosk.screens.base import Screen
from bms_kiosk.screens.document import ProgressScreen
from bms_kiosk.screens.menu import MenuScreen
from bms_kiosk.screens.message import MessageScreen
from bms_kiosk.screens.overlay import Overlay
from bms_kiosk.screens.texts import UserMessage
from bms_kiosk.screens.translation import forget, retranslate

WAYLAND = "wayland"  # Qt's platform name under cage
FIRST_PAINT_LOG = "window painted"  # once, when the first frame goes to the screen (tests wait on it)

log = logging.getLogger(__name__)


class KioskWindow(QWidget):
    _painted = False  # a class default: Qt sends events from inside __init__ already
    _translated = False  # a language other than French was shown in this process
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
        # The screen sizes the window, never the content's minimum (a long name, a smaller screen).
        lay.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        lay.addWidget(self.stack)
        self.help = Overlay(self, "help", texts.CLOSE)
        self.help.accepted.connect(self.help.hide)
        self.inactivity = Overlay(self, "inactivity", texts.INACTIVITY_CONTINUE)
        self.inactivity.accepted.connect(journey.guard.extend)

        self.screens: dict[str, Screen] = {}
        self.auth = self._add(AuthScreen())
        self.menu = self._add(MenuScreen())
        for screen in (
            AttractScreen(),
            ProgressScreen(Core.READING, texts.READING, texts.READING_HINT),
            MessageScreen(Core.CARD_ERROR, "", ""),
            MessageScreen(Core.READER_MISSING, texts.READER_MISSING, texts.READER_MISSING_HINT),
            MessageScreen(Core.UNAVAILABLE, texts.UNAVAILABLE, texts.UNAVAILABLE_HINT),
            MessageScreen(Core.LOCKED, "", "", header=texts.IDENTIFICATION, finish=True),
            MessageScreen(Core.END, texts.REMOVE_CARD, texts.THANKS,
                          icon="retrait-carte"),
        ):
            self._add(screen)
        # every service's steps, from their declarations
        for spec in journey.catalogue:
            for step in spec.all_steps():
                screen = step.screen(spec)
                if screen.name != step.name:
                    raise UnknownStateError(f"screen {screen.name!r} built for state {step.name!r}")
                self._add(screen)

        # intents → journey
        self.auth.code_entered.connect(journey.submit_code)
        self.auth.sms_requested.connect(journey.request_sms)
        self.menu.service_chosen.connect(journey.choose_service)

        # journey → views
        journey.state_entered.connect(self.show_state)
        journey.card_shown.connect(lambda card: self.auth.show_person(card.assure.display_name))
        journey.auth_feedback.connect(self.auth.wrong_code)
        journey.sms_sent.connect(self.auth.ask_sms_code)
        journey.busy.connect(self.auth.set_busy)
        journey.menu_shown.connect(self._show_menu)
        journey.view_shown.connect(lambda name, model: self.screen(name).show_view(model))
        journey.message_shown.connect(self._show_message)
        journey.session_wiped.connect(i18n.reset)  # the next person starts in French (first:
        journey.session_wiped.connect(look.reset)  # the texts screens write when cleared are kept),
        journey.session_wiped.connect(self.clear_screens)  # normal text and colours, nothing shown
        look.notifier().lookChanged.connect(self._restyle)
        i18n.notifier().languageChanged.connect(self._language_changed)
        journey.guard.warn.connect(self._warn)
        journey.guard.resumed.connect(self.inactivity.hide)
        journey.guard.expired.connect(self.inactivity.hide)

        screen = QGuiApplication.primaryScreen()
        if fullscreen and screen is not None:
            self.setGeometry(screen.geometry())
            # Not on Wayland, where the compositor sizes a fullscreen window itself.
            if QGuiApplication.platformName() != WAYLAND:
                self.setFixedSize(screen.geometry().size())

    def _add(self, screen: Screen) -> Screen:
        """Every screen's intents go to the journey; the journey decides whether they apply here."""
        if screen.name in self.screens:
            raise ValueError(f"two screens named {screen.name!r}")
        self.screens[str(screen.name)] = screen
        self.stack.addWidget(screen)
        screen.help_requested.connect(lambda s=screen: self._help(texts.HELP_TITLE, s.help_text))
        screen.help_shown.connect(self._help)
        screen.home_requested.connect(self.journey.home)
        screen.back_requested.connect(self.journey.back)
        screen.finish_requested.connect(self.journey.finish)
        screen.answered.connect(self.journey.answer)
        return screen

    def screen(self, name: str) -> Screen:
        """The screen of a state; a state with none is a bug, said loudly."""
        try:
            return self.screens[name]
        except KeyError:
            raise UnknownStateError(f"no screen for state {name!r}") from None

    @property
    def current(self) -> Screen:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def show_state(self, name: str) -> None:
        self.help.hide()
        self.inactivity.hide()  # entering a state re-arms or disarms the guard
        look.apply(self.screen(name))
        self.stack.setCurrentWidget(self.screen(name))
        self.retranslate()

    def _show_menu(self, view: MenuView) -> None:
        self.menu.show_services(view.display_name, view.entries)

    def _show_message(self, screen_name: str, message: UserMessage) -> None:
        screen = self.screen(screen_name)
        assert isinstance(screen, MessageScreen)
        screen.show_message(message.title, message.text)

    def _help(self, title: str, text: str) -> None:
        self.help.open(title, text)
        self.retranslate()

    def _warn(self, seconds: int) -> None:
        guard = self.journey.guard
        text = texts.inactivity_text(seconds, guard.can_extend)
        self.inactivity.button.setVisible(guard.can_extend)
        if self.inactivity.isVisible():
            self.inactivity.set_text(text)
        else:
            self.inactivity.open(texts.INACTIVITY_QUESTION, text)
        self.retranslate()

    def _language_changed(self, _language: str) -> None:
        self._translated = True
        self.retranslate()

    def retranslate(self) -> None:
        """What is on screen in the display language (the other screens when they are shown)."""
        if not self._translated:
            return
        for widget in (self.current, self.help, self.inactivity):
            retranslate(widget)

    def _restyle(self, _look: object = None) -> None:
        """The person changed the look: what is on screen now; the other screens when shown."""
        for widget in (self.current, self.help, self.inactivity):
            look.apply(widget)

    def clear_screens(self) -> None:
        for widget in (*self.screens.values(), self.help, self.inactivity):
            if self._translated:  # French again (the language was reset first) on every screen
                retranslate(widget)
            if isinstance(widget, Screen):
                widget.clear()
            if self._translated:  # and nothing kept of the visit's texts by the walk
                forget(widget)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        for overlay in (self.help, self.inactivity):
            if overlay.isVisible():
                overlay.setGeometry(self.rect())

    def event(self, event: QEvent) -> bool:
        first_paint = not self._painted and event.type() == QEvent.Type.UpdateRequest
        if event.type() == QEvent.Type.UpdateRequest and i18n.current_language() is not i18n.DEFAULT:
            self.retranslate()  # a text a screen just wrote, before it is painted
        handled = super().event(event)
        if first_paint:  # the backing store has been flushed to the screen
            self._painted = True
            log.info("%s: %dx%d on %s", FIRST_PAINT_LOG, self.width(), self.height(), QGuiApplication.platformName())
        return handled

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.allow_close:
            event.accept()
        else:
            event.ignore()
