"""The kiosk window: full screen, frameless, one screen at a time, closed only by the app itself.

It wires screens (dumb views) to the journey (the rules): intents go to the journey, view
models come back from it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QLayout, QStackedWidget, QVBoxLayout, QWidget

from bms_kiosk import i18n, look
from bms_kiosk.flow.states import Core, UnknownStateError
from bms_kiosk.screens import texts
from bms_kiosk.screens.attract import AttractScreen
from bms_kiosk.screens.base import Screen
from bms_kiosk.screens.texts import UserMessage
from bms_kiosk.screens.translation import forget, retranslate, retranslate_changed

if TYPE_CHECKING:
    from bms_kiosk.flow.journey import Journey, MenuView
    from bms_kiosk.screens.overlay import Overlay
    from bms_kiosk.screens.auth import AuthScreen
    from bms_kiosk.screens.menu import MenuScreen
    from bms_kiosk.screens.sms_code import SmsCodeScreen

WAYLAND = "wayland"  # Qt's platform name under cage
FIRST_PAINT_LOG = "window painted"  # once, when the first frame goes to the screen (tests wait on it)

log = logging.getLogger(__name__)


def _reading_screen() -> Screen:
    from bms_kiosk.screens.document import ProgressScreen  # with the PDF preview: QtPdf (~30 ms)

    return ProgressScreen(Core.READING, texts.READING, texts.READING_HINT)


class _Screens(dict):  # type: ignore[type-arg]
    """The window's screens by state name: a registered screen is built on its first look-up."""

    def __init__(self, window: "KioskWindow") -> None:
        super().__init__()
        self._window = window

    def __missing__(self, name: str) -> Screen:
        if name not in self._window._factories:
            raise KeyError(name)
        return self._window._build(name)


class KioskWindow(QWidget):
    _painted = False  # a class default: Qt sends events from inside __init__ already
    first_painted = Signal()  # once: the first frame has gone to the screen
    _translated = False  # a language other than French was shown in this process
    def __init__(self, journey: Journey | None = None, *, fullscreen: bool = True) -> None:
        """The frame and the attract screen; ``attach`` (or ``journey`` here) brings the rest."""
        flags = Qt.WindowType.Window
        if fullscreen:
            flags |= Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        super().__init__(None, flags)
        self.setWindowTitle("Borne multi-services")
        self.allow_close = False
        self.journey: Journey | None = None
        self._links: list[tuple[object, object]] = []  # the journey's connections to this window
        self.help: Overlay | None = None  # both come with the journey (attach)
        self.inactivity: Overlay | None = None
        self.stack = QStackedWidget(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        # The screen sizes the window, never the content's minimum (a long name, a smaller screen).
        lay.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        lay.addWidget(self.stack)
        # Screens are built on first look-up (``screens[name]``, ``screen(name)``), and the ones not
        # yet seen in idle slices after the first paint: the attract screen alone stands between
        # the start and a painted terminal.
        self.screens: dict[str, Screen] = _Screens(self)
        self._factories: dict[str, Callable[[], Screen]] = {}
        self._add(AttractScreen())

        screen = QGuiApplication.primaryScreen()
        if fullscreen and screen is not None:
            self.setGeometry(screen.geometry())
            # Not on Wayland, where the compositor sizes a fullscreen window itself.
            if QGuiApplication.platformName() != WAYLAND:
                self.setFixedSize(screen.geometry().size())
        if journey is not None:
            self.attach(journey)

    def attach(self, journey: Journey) -> None:
        """The journey's screens (built when first needed), its overlays, and the wiring both ways."""
        from bms_kiosk.screens.message import MessageScreen
        from bms_kiosk.screens.overlay import Overlay

        self.journey = journey
        self.help = Overlay(self, "help", texts.CLOSE)
        self.help.accepted.connect(self.help.hide)
        self.inactivity = Overlay(self, "inactivity", texts.INACTIVITY_CONTINUE)
        self.inactivity.accepted.connect(journey.guard.extend)
        self.register(Core.AUTH, self._build_auth)
        self.register(Core.AUTH_SMS, self._build_sms)
        self.register(Core.MENU, self._build_menu)
        for name, factory in (
            (Core.READING, _reading_screen),
            (Core.CARD_ERROR, lambda: MessageScreen(Core.CARD_ERROR, "", "", finish=True,
                                                    help_text=texts.HELP_CARD_ERROR)),
            (Core.READER_MISSING, lambda: MessageScreen(Core.READER_MISSING, texts.READER_MISSING,
                                                        texts.READER_MISSING_HINT)),
            (Core.UNAVAILABLE, lambda: MessageScreen(Core.UNAVAILABLE, texts.UNAVAILABLE, texts.UNAVAILABLE_HINT)),
            (Core.LOCKED, lambda: MessageScreen(Core.LOCKED, "", "", header=texts.IDENTIFICATION, finish=True,
                                                help_text=texts.HELP_LOCKED)),
            (Core.END, lambda: MessageScreen(Core.END, texts.REMOVE_CARD,
                                             texts.THANKS,
                                             icon="retrait-carte")),
        ):
            self.register(name, factory)
        # every service's steps, from their declarations
        for spec in journey.catalogue:
            for step in spec.all_steps():
                self.register(str(step.name), lambda step=step, spec=spec: step.screen(spec))
        for screen in tuple(self.screens.values()):  # built before the journey came
            self._connect(screen)

        # journey → views (looked up when they happen: the screens are built when first needed)
        self._link(journey.state_entered, self.show_state)
        self._link(journey.card_shown, self._show_person)
        self._link(journey.auth_feedback,
                   lambda text: (self.sms if journey.state == Core.AUTH_SMS else self.auth).wrong_code(text))
        self._link(journey.sms_code_sent, lambda sent, again: self.sms.show_sent(sent, again))
        self._link(journey.sms_refused, lambda text: self.auth.no_sms(text))
        self._link(journey.busy, lambda busy: (self.auth.set_busy(busy), self.sms.set_busy(busy)))
        self._link(journey.menu_shown, self._show_menu)
        self._link(journey.view_shown, lambda name, model: self.screen(name).show_view(model))
        self._link(journey.message_shown, self._show_message)
        self._link(journey.session_wiped, i18n.reset)  # the next person starts in French (first:
        self._link(journey.session_wiped, look.reset)  # the texts screens write when cleared are kept),
        self._link(journey.session_wiped, self.clear_screens)  # normal text and colours, nothing shown
        self._link(look.notifier().lookChanged, self._restyle)
        self._link(i18n.notifier().languageChanged, self._language_changed)
        self._link(journey.guard.warn, self._warn)
        self._link(journey.guard.resumed, self.inactivity.hide)
        self._link(journey.guard.expired, self.inactivity.hide)

    def _link(self, signal, slot) -> None:  # noqa: ANN001 (a signal, a callable)
        """A connection from the journey (or a notifier) to this window: cut by ``detach``."""
        signal.connect(slot)
        self._links.append((signal, slot))

    def detach(self) -> None:
        """The kiosk shuts down: nothing from the journey or the notifiers reaches this window (or its
        lambdas) once it is released by deleteLater."""
        links, self._links = self._links, []
        for signal, slot in links:
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass

    # --- screens, built when first needed
    def register(self, name: str, factory: Callable[[], Screen]) -> None:
        """The screen of state ``name``, built by ``factory`` on first look-up or in an idle slice."""
        if name in self.screens or name in self._factories:
            raise ValueError(f"two screens named {name!r}")
        self._factories[name] = factory

    def _build(self, name: str) -> Screen:
        factory = self._factories.pop(name)
        screen = factory()
        if screen.name != name:
            raise UnknownStateError(f"screen {screen.name!r} built for state {name!r}")
        return self._add(screen)

    def build_all(self) -> None:
        """Every registered screen built now (a walk over all of them: tests, the render tour)."""
        while self._factories:
            self._build(next(iter(self._factories)))

    def build_pending(self) -> None:
        """Builds the screens nobody has looked up yet, one per turn of the event loop."""
        if self._factories:
            self._build(next(iter(self._factories)))
            QTimer.singleShot(0, self, self.build_pending)

    @property
    def painted(self) -> bool:
        return self._painted

    @property
    def auth(self) -> AuthScreen:
        return self.screen(Core.AUTH)  # type: ignore[return-value]

    @property
    def menu(self) -> MenuScreen:
        return self.screen(Core.MENU)  # type: ignore[return-value]

    def _build_auth(self) -> AuthScreen:
        from bms_kiosk.screens.auth import AuthScreen

        auth = AuthScreen()
        auth.code_entered.connect(self.journey.submit_code)
        auth.sms_requested.connect(self.journey.request_sms)
        return auth

    @property
    def sms(self) -> SmsCodeScreen:
        return self.screen(Core.AUTH_SMS)  # type: ignore[return-value]

    def _build_sms(self) -> SmsCodeScreen:
        from bms_kiosk.screens.sms_code import SmsCodeScreen

        sms = SmsCodeScreen()
        sms.code_entered.connect(self.journey.submit_code)
        sms.resend_requested.connect(self.journey.request_sms)
        return sms

    def _build_menu(self) -> MenuScreen:
        from bms_kiosk.screens.menu import MenuScreen

        menu = MenuScreen()
        menu.service_chosen.connect(self.journey.choose_service)
        return menu

    def _add(self, screen: Screen) -> Screen:
        """Every screen's intents go to the journey; the journey decides whether they apply here."""
        name = str(screen.name)
        if dict.__contains__(self.screens, name) or name in self._factories:
            raise ValueError(f"two screens named {screen.name!r}")
        dict.__setitem__(self.screens, name, screen)
        self.stack.addWidget(screen)
        if self.journey is not None:
            self._connect(screen)
        return screen

    def _connect(self, screen: Screen) -> None:
        assert self.journey is not None
        screen.help_requested.connect(lambda s=screen: self._help(texts.HELP_TITLE, s.help_text))
        screen.help_shown.connect(self._help)
        screen.home_requested.connect(self.journey.home)
        screen.back_requested.connect(self.journey.back)
        screen.finish_requested.connect(self.journey.finish)
        screen.answered.connect(self.journey.answer)

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
        screen = self.screen(name)
        look.apply(screen)
        self.stack.setCurrentWidget(screen)
        # The screen itself holds the focus: never a button left by the hidden screen's focus chain
        # (the menu's row tapped before would look still chosen after ACCUEIL).
        screen.setFocus(Qt.FocusReason.OtherFocusReason)
        self.retranslate()
        # The whole window, header included, is one new frame: a compositor that scanned the first
        # frame out directly (cage, see tests/test_cage.py) composites this one whole.
        self.update()

    def _show_person(self, card) -> None:  # noqa: ANN001 (VitaleCard)
        for screen in (self.auth, self.sms):
            screen.show_person(card.assure.display_name)

    def _show_menu(self, view: MenuView) -> None:
        self.menu.show_services(view.display_name, view.entries)

    def _show_message(self, screen_name: str, message: UserMessage) -> None:
        from bms_kiosk.screens.message import MessageScreen

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
        """What is on screen in the display language (the other screens when they are shown):
        walked again only when its texts or the language changed since."""
        if not self._translated:
            return
        for widget in (self.current, self.help, self.inactivity):
            retranslate_changed(widget)

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
            if overlay is not None and overlay.isVisible():
                overlay.setGeometry(self.rect())

    def event(self, event: QEvent) -> bool:
        first_paint = not self._painted and event.type() == QEvent.Type.UpdateRequest
        if event.type() == QEvent.Type.UpdateRequest and i18n.current_language() is not i18n.DEFAULT:
            self.retranslate()  # a text a screen just wrote, before it is painted
        handled = super().event(event)
        if first_paint:  # the backing store has been flushed to the screen
            self._painted = True
            log.info("%s: %dx%d on %s", FIRST_PAINT_LOG, self.width(), self.height(), QGuiApplication.platformName())
            self.first_painted.emit()
        return handled

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.allow_close:
            event.accept()
        else:
            event.ignore()
