"""The speech process: QTextToSpeech on one engine, driven by JSON lines on stdin.

Run by speech.engine.SpeechEngine (``python -m bms_kiosk.speech.voice ENGINE LANGUAGE``). It lives
in a process of its own because the speechd engine connects to speech-dispatcher in its
constructor (1.4–6 s) and a daemon with no working audio hangs, holding the engine forever
(../shared/notes/speech.md): a hung voice is killed and started again, the kiosk never waits.

stdin, one JSON object a line: {"say": TEXT, "interrupt": BOOL}, {"stop": true}, {"rate": R},
{"volume": V}, {"language": "fr"|"en"}. stdout, one word a line (then details): ready, speaking,
failed MESSAGE, voice LOCALE NAME (the voice a language change got: espeak-ng's English one, or not).
"""

from __future__ import annotations

import json
import sys
import threading

LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    engine, language = argv[0], (argv[1] if len(argv) > 1 else "fr")
    from PySide6.QtCore import QCoreApplication, QLocale, QObject, Signal
    from PySide6.QtTextToSpeech import QTextToSpeech

    app = QCoreApplication(sys.argv[:1])

    def out(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    tts = QTextToSpeech(engine)
    if tts.state() == QTextToSpeech.State.Error:
        out(f"failed {tts.errorString() or 'error'}")
        return 1

    def on_state(state: QTextToSpeech.State) -> None:
        if state == QTextToSpeech.State.Speaking:
            out("speaking")
        elif state == QTextToSpeech.State.Error:
            out(f"failed {tts.errorString()}")
        else:
            out("ready")

    tts.stateChanged.connect(on_state)

    def set_language(lang: str) -> None:
        wanted = QLocale(LOCALES.get(lang, LOCALES["fr"]))
        tts.setLocale(wanted)
        if tts.locale().language() != wanted.language():
            out(f"failed no voice for {wanted.name()}")
        out(f"voice {tts.locale().name()} {tts.voice().name()}")

    def handle(line: str) -> None:
        if not line:
            app.quit()
            return
        try:
            order = json.loads(line)
        except ValueError:
            return
        if "say" in order:
            (tts.say if order.get("interrupt", True) else tts.enqueue)(str(order["say"]))
        if order.get("stop"):
            tts.stop()
        if "rate" in order:
            tts.setRate(float(order["rate"]))
        if "volume" in order:
            tts.setVolume(float(order["volume"]))
        if "language" in order:
            set_language(str(order["language"]))

    class Lines(QObject):
        line = Signal(str)

    lines = Lines()
    lines.line.connect(handle)  # queued: read on a thread, handled on the main loop

    def read() -> None:
        for raw in sys.stdin:
            lines.line.emit(raw.strip() or " ")
        lines.line.emit("")  # stdin closed: the kiosk is gone

    set_language(language)
    threading.Thread(target=read, daemon=True).start()
    out("ready")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
