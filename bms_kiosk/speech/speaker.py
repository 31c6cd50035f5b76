"""The terminal's one voice: on or off, headset in or out, rate, volume, "répéter", and the record
of what was said.

Speech is on when a headset is plugged (then everything is said, personal parts included) or
when the loudspeaker mode is set (``speech_enabled``: then personal parts are dropped). What
reaches the engine is appended to ``spoken`` (the tests' record; emptied with the session, it may
hold personal parts said through the headset). Nothing here waits: the voice is a process of its own (speech.engine).
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QObject, Signal

from bms_kiosk.speech import words
from bms_kiosk.speech.engine import SpeechEngine
from bms_kiosk.speech.utterance import Part, Utterance, utterance

RATE_STEP, VOLUME_STEP = 0.25, 0.1
RECORD_LENGTH = 500


class Speaker(QObject):
    said = Signal(str)  # the text handed to the engine
    mode_changed = Signal()

    def __init__(self, engine: SpeechEngine, *, enabled: bool = False, headset: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.loudspeaker = enabled
        self.headset = headset
        self.spoken: deque[str] = deque(maxlen=RECORD_LENGTH)
        self.last: Utterance | None = None

    @property
    def on(self) -> bool:
        return self.headset or self.loudspeaker

    # --- saying
    def say(self, what: Utterance | str, *, remember: bool = True) -> str:
        """Say ``what`` (personal parts only through the headset); returns the text said ("" if none)."""
        if isinstance(what, str):
            what = utterance(what)
        if not self.on or not what:
            return ""
        if remember:
            self.last = what
        text = what.text(self.headset)
        if what.has_personal and not self.headset and what.interrupt:
            hint = words.PERSONAL_HIDDEN if text else words.PERSONAL_SHORT  # all of it was personal
            text = f"{text} {words.say(hint)}".strip()
        if not text:
            return ""
        self.spoken.append(text)
        self.engine.speak(text, what.interrupt)
        self.said.emit(text)
        return text

    def repeat(self) -> None:
        if self.last is None:
            self.say(words.say(words.NOTHING_TO_REPEAT), remember=False)
        else:
            self.say(Utterance(self.last.parts, True))

    def silence(self) -> None:
        self.engine.stop()

    # --- modes
    def set_headset(self, plugged: bool) -> None:
        if plugged == self.headset:
            return
        self.headset = plugged
        if plugged:
            self.say(words.say(words.HEADSET_IN), remember=False)
        elif self.loudspeaker:
            self.say(words.say(words.HEADSET_OUT), remember=False)
        else:
            self.engine.stop()  # nothing more through the loudspeaker
        self.mode_changed.emit()

    def set_loudspeaker(self, on: bool) -> None:
        if on == self.loudspeaker:
            return
        self.loudspeaker = on
        if on and not self.headset:
            self.say(words.say(words.SPEECH_ON), remember=False)
        self.mode_changed.emit()

    def faster(self, step: float = RATE_STEP) -> None:
        self.engine.set_rate(max(-1.0, min(1.0, self.engine.rate + step)))
        self.say(words.say(words.RATE_FASTER if step > 0 else words.RATE_SLOWER), remember=False)

    def louder(self, step: float = VOLUME_STEP) -> None:
        self.engine.set_volume(round(max(0.1, min(1.0, self.engine.volume + step)), 2))
        self.say(words.say(words.VOLUME, round(self.engine.volume * 10)), remember=False)

    def forget(self) -> None:
        """The visit ended: nothing of it is kept, not even in the record."""
        self.last = None
        self.spoken.clear()


def parts_text(parts: list[Part], headset: bool) -> str:
    return Utterance(tuple(parts)).text(headset)
