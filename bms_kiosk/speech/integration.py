"""Speech and the keypad wired into a built kiosk (called once by app.build_kiosk).

What is said, and when:
- a screen when it is entered: its title, texts, choices and controls with their state, then the
  control under focus; what changes on it afterwards (an error, a result, a control enabled) is
  added, once;
- the control the focus reaches, and its state ("sélectionné", "indisponible");
- an overlay (AIDE, the inactivity warning) when it opens; the warning's countdown again at
  WARN_SECONDS;
- each key of a masked keypad as "étoile" (words.STAR), never its digit.
Personal parts (marked widgets, or the card's values) only through the headset.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractButton, QWidget

from bms_kiosk import i18n
from bms_kiosk.speech import words
from bms_kiosk.speech.engine import EngineState, SpeechEngine
from bms_kiosk.speech.navigation import Command, KeyNavigator
from bms_kiosk.speech.reading import focus_part, is_masked, screen_parts
from bms_kiosk.speech.speaker import RATE_STEP, VOLUME_STEP, Speaker
from bms_kiosk.speech.utterance import Part, PersonalValues, Utterance

log = logging.getLogger(__name__)

WARN_SECONDS = frozenset({30, 20, 10, 5})  # the countdown is said again at these seconds left
# The journey's signals after which the current screen may say something new.
CHANGES = ("view_shown", "message_shown", "menu_shown", "auth_feedback", "sms_sent", "sms_code_sent",
           "sms_refused", "busy")
SETTLE_MS = 30
HOOKED = "speechHooked"  # dynamic property: this overlay or keypad is heard already  # signals of one change (state entered, view shown) are gathered before speaking


class Accessibility(QObject):
    def __init__(self, kiosk: Any) -> None:
        super().__init__(kiosk.journey)
        config, journey, window = kiosk.config, kiosk.journey, kiosk.window
        self.kiosk, self.journey, self.window = kiosk, journey, window
        self.engine = SpeechEngine(config.speech_engine, float(config.speech_stuck_delay),
                                   language=i18n.current_language().value, rate=float(config.speech_rate),
                                   volume=float(config.speech_volume), parent=self)
        self.speaker = Speaker(self.engine, enabled=bool(config.speech_enabled),
                               headset=bool(config.speech_headset), parent=self)
        self.navigator = KeyNavigator(window)
        kiosk.app.installEventFilter(self.navigator)
        self.navigator.used.connect(kiosk.activity.activity.emit)  # a key taken here is activity too

        self.stopped = False  # the kiosk shut down: its window (and the navigator in it) is gone
        self._root: QWidget | None = None  # what was last announced in full
        self._said: set[str] = set()
        self._full = False
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._speak_changes)

        journey.state_entered.connect(self._on_state)
        for name in CHANGES:  # whichever the journey has (its signals are the journey's to change)
            signal = getattr(journey, name, None)
            if signal is not None:
                signal.connect(lambda *_: self.changed())
        journey.session_wiped.connect(self._on_wiped)
        journey.guard.warn.connect(self._on_warn)
        journey.guard.resumed.connect(lambda: self.changed(full=True))
        self._hook_new_widgets()
        self.navigator.focused.connect(self._on_focus)
        self.navigator.activated.connect(lambda _b: self.changed())
        self.navigator.typed.connect(self.changed)
        self.navigator.refused.connect(self._on_refused)
        self.navigator.command.connect(self._on_command)
        i18n.notifier().languageChanged.connect(self._on_language)
        technician = getattr(kiosk.maintenance, "technician", None)
        self.maintenance_screen = getattr(technician, "screen", None)
        if self.maintenance_screen is not None:
            self.maintenance_screen.speech_test_requested.connect(self.test_headset)
            self.engine.state_changed.connect(lambda _s: self.show_engine())
            journey.state_entered.connect(lambda _n: self.show_engine())
        if self.speaker.on:
            self.engine.start()  # returns at once: the voice connects in its own process

    def _hook_new_widgets(self) -> None:
        """Overlays and masked keypads not heard yet (screens may be built after the kiosk starts)."""
        from bms_kiosk.screens.keypad import Keypad

        for overlay in self._overlays():
            if not overlay.property(HOOKED):
                overlay.setProperty(HOOKED, True)
                overlay.installEventFilter(self)
        for keypad in self.window.findChildren(Keypad):
            if keypad.property(HOOKED):
                continue
            keypad.setProperty(HOOKED, True)
            keypad.setProperty("typedCount", 0)
            keypad.changed.connect(lambda n, k=keypad: self._on_masked_key(k, n))
            keypad.keys["⌫"].clicked.connect(lambda: self.speaker.say(words.say(words.DIGIT_ERASED), remember=False))
            keypad.keys["EFFACER"].clicked.connect(lambda: self.speaker.say(words.say(words.CODE_ERASED),
                                                                             remember=False))

    # --- what to read
    def _overlays(self) -> list[QWidget]:
        return [c for c in self.window.children() if isinstance(c, QWidget) and c.objectName() == "overlay"]

    def _values(self) -> PersonalValues:
        return PersonalValues.of_card(self.journey.session.card)

    def changed(self, full: bool = False) -> None:
        """Something on the screen may have changed: say it once things settle."""
        if self.stopped:
            return
        self._full = self._full or full
        self._settle.start()

    def _speak_changes(self) -> None:
        if self.stopped:
            return
        full, self._full = self._full, False
        root = self.navigator.context()
        if root is None or not self.speaker.on:
            self._root = root
            return
        if root is not self._root:
            full = True
            self.navigator.reset()
        parts = screen_parts(root, self._values())
        if full:
            self._root = root
            self._said = {p.text for p in parts}
            button = self.navigator.current
            if button is not None:
                focus = focus_part(button, root, self._values())
                parts.append(Part(words.fill(words.FOCUS_ON, focus.text), focus.personal))
            self.speaker.say(Utterance(tuple(parts), True))
            return
        if root is getattr(self.window, "inactivity", None):  # its countdown has a voice of its own (_on_warn)
            return
        new = [p for p in parts if p.text not in self._said]
        self._said |= {p.text for p in parts}
        new = [p for p in new if not self._masked_text(root, p)]
        if new:
            self.speaker.say(Utterance(tuple(new), False))

    def _masked_text(self, root: QWidget, part: Part) -> bool:
        """A masked entry's count ("2 chiffres saisis") is not repeated: each key said "étoile"."""
        from bms_kiosk.speech.reading import label_phrase
        from PySide6.QtWidgets import QLabel

        return any(is_masked(lab) and label_phrase(lab) == part.text for lab in root.findChildren(QLabel))

    # --- journey
    def _on_state(self, _name: str) -> None:
        if self.stopped:
            return
        self._hook_new_widgets()
        self.navigator.reset()
        self.changed(full=True)

    def _on_wiped(self) -> None:
        self.speaker.forget()
        self._said.clear()
        if not self.speaker.headset:
            self.navigator.engaged = False

    def _on_warn(self, seconds: int) -> None:
        if self.stopped:
            return
        overlay = self.window.inactivity
        first = self._root is not overlay
        if first:
            self._root = overlay
            self.navigator.reset()
        if not self.speaker.on:
            return
        if first:
            parts = screen_parts(overlay, PersonalValues())
            self._said = {p.text for p in parts}
            self.speaker.say(Utterance(tuple(parts), True))
        elif seconds in WARN_SECONDS:
            self.speaker.say(Utterance((Part(self.window.inactivity.text.text()),), True))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """An overlay opened or closed: said in full (the inactivity warning opens through _on_warn)."""
        warning = watched is getattr(self.window, "inactivity", None)
        if event.type() == QEvent.Type.Hide or (event.type() == QEvent.Type.Show and not warning):
            self.changed(full=True)
        return False

    # --- keys
    def _on_masked_key(self, keypad: QWidget, count: int) -> None:
        before = int(keypad.property("typedCount") or 0)
        keypad.setProperty("typedCount", count)
        if count > before:  # erasing is said by the erase keys (a code taken on CONFIRMER says nothing)
            self.speaker.say(words.say(words.STAR), remember=False)

    def _on_focus(self, button: QAbstractButton) -> None:
        root = self.navigator.context()
        self.speaker.say(Utterance((focus_part(button, root, self._values()),), True))

    def _on_refused(self, button: QAbstractButton) -> None:
        self._on_focus(button)

    def _on_command(self, command: str) -> None:
        command = Command(command)
        s = self.speaker
        if command is Command.REPEAT:
            s.repeat()
        elif command in (Command.LOUDER, Command.SOFTER):
            s.louder(VOLUME_STEP if command is Command.LOUDER else -VOLUME_STEP)
        elif command in (Command.FASTER, Command.SLOWER):
            s.faster(RATE_STEP if command is Command.FASTER else -RATE_STEP)
        elif command is Command.HEADSET:
            self.set_headset(not s.headset)
        elif command is Command.SPEECH:
            s.set_loudspeaker(not s.loudspeaker)
            self.changed(full=True)

    def set_headset(self, plugged: bool) -> None:
        """The headset jack (a key until the jack is wired): on, everything is said, in private."""
        if plugged:
            self.engine.start()
        self.speaker.set_headset(plugged)
        self.navigator.engaged = self.navigator.engaged or plugged
        self.navigator.ring.follow(self.navigator.current if self.navigator.engaged else None)
        if self.speaker.on:
            self._root = None  # the screen is said again after the how-to
            self.changed(full=True)

    def _on_language(self, language: str) -> None:
        if self.stopped:
            return
        self.engine.set_language(language)
        self.show_engine()
        self.changed(full=True)

    # --- technicians
    def test_headset(self) -> None:
        """The maintenance screen's "tester le casque": a sentence through the engine, speech on or not."""
        self.engine.start()
        text = words.say(words.HEADSET_TEST)
        self.speaker.spoken.append(text)
        self.engine.speak(text, True)
        self.speaker.said.emit(text)

    def engine_report(self) -> tuple[bool, str, list[str]]:
        state = self.engine.state
        names = {EngineState.OFF: words.ENGINE_OFF, EngineState.STARTING: words.ENGINE_STARTING,
                 EngineState.READY: words.ENGINE_READY, EngineState.SPEAKING: words.ENGINE_SPEAKING,
                 EngineState.FAILED: words.ENGINE_FAILED}
        lines = [words.fill(words.ENGINE_LINE, self.engine.engine),
                 words.say(words.HEADSET_LINE_IN if self.speaker.headset else words.HEADSET_LINE_OUT)]
        if self.engine.voice:
            lines.append(words.fill(words.VOICE_LINE, self.engine.voice))
        if self.engine.error:
            lines.append(self.engine.error)
        if self.engine.restarts:
            lines.append(words.fill(words.RESTARTS_LINE, str(self.engine.restarts)))
        ok = state is not EngineState.FAILED
        return ok, words.say(names[state]), lines

    def show_engine(self) -> None:
        if not self.stopped and self.maintenance_screen is not None and self.maintenance_screen.isVisible():
            self.maintenance_screen.show_speech(*self.engine_report())

    def stop(self) -> None:
        self.stopped = True
        self._settle.stop()
        try:
            i18n.notifier().languageChanged.disconnect(self._on_language)
        except (RuntimeError, TypeError):
            pass
        self.kiosk.app.removeEventFilter(self.navigator)
        self.engine.shutdown()


def attach(kiosk: Any) -> Accessibility:
    return Accessibility(kiosk)
