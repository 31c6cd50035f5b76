"""The speech engine: Qt's QTextToSpeech (speech-dispatcher + espeak-ng) in a process of its own.

Creating the speechd engine blocks 1.4–6 s (it connects to speech-dispatcher, spawning it), and a
daemon with no working audio output hangs, holding the engine forever (../shared/notes/speech.md;
seen here: a hung daemon held a QTextToSpeech constructor on a QThread, and the kiosk's GUI thread
with it). So the engine runs in ``speech.voice``, a child process driven through QProcess (writes
buffered, reads as signals); a watchdog on the GUI thread kills a voice that does not become
ready, or speaks far longer than its text, and starts a fresh one.
Engines: "speechd" (the terminal), "mock" (Qt's silent engine), "none" (nothing is synthesized;
the speaker still records what it would say).
"""

from __future__ import annotations

import json
import logging
import sys
from enum import StrEnum

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

log = logging.getLogger(__name__)

ENGINES = ("speechd", "mock", "none")
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
SECONDS_PER_CHAR = 0.12  # espeak-ng at rate 0 says ~12 characters a second; the watchdog's allowance


class EngineState(StrEnum):
    OFF = "off"  # never needed yet (no headset, speech off)
    STARTING = "starting"
    READY = "ready"
    SPEAKING = "speaking"
    FAILED = "failed"  # could not be created (no speech-dispatcher, no voice for the language)


class SpeechEngine(QObject):
    """The GUI thread's handle on the voice process: writes are buffered, reads are signals."""

    state_changed = Signal(str)  # EngineState

    def __init__(self, engine: str, stuck_delay: float, language: str = "fr", rate: float = 0.0,
                 volume: float = 0.8, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if engine not in ENGINES:
            raise ValueError(f"speech engine {engine!r}: expected one of {ENGINES}")
        self.engine, self.language, self.rate, self.volume = engine, language, rate, volume
        self.stuck_delay = stuck_delay
        self.state = EngineState.OFF
        self.error = ""
        self.voice = ""  # "en_GB English (Great Britain)": the voice's own word on the language it got
        self.restarts = 0
        self._process: QProcess | None = None
        self._pending: list[tuple[str, bool]] = []
        self._watchdog = QTimer(self, singleShot=True)
        self._watchdog.timeout.connect(self._stuck)
        self._limit_ms = 0
        self.command = [sys.executable, "-m", "bms_kiosk.speech.voice"]  # then the engine and the language

    # --- life
    def start(self) -> None:
        """Start the voice process (returns at once); what is said meanwhile waits for it."""
        if self._process is not None or self.engine == "none":
            if self.engine == "none" and self.state is EngineState.OFF:
                self._set_state(EngineState.READY)
            return
        self._set_state(EngineState.STARTING)
        process = QProcess(self)
        process.setProgram(self.command[0])
        process.setArguments([*self.command[1:], self.engine, self.language])
        process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        env = QProcessEnvironment.systemEnvironment()
        if not env.value("LANG"):  # speech-dispatcher refuses a client whose locale does not exist
            env.insert("LANG", "C.UTF-8")
        process.setProcessEnvironment(env)
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(lambda *_a, p=process: self._finished(p))
        process.errorOccurred.connect(lambda _e, p=process: self._finished(p))
        self._process = process
        self._limit_ms = int(self.stuck_delay * 1000)
        self._watchdog.start(self._limit_ms)  # a voice that never says "ready" is stuck too
        process.start()

    def shutdown(self) -> None:
        self._watchdog.stop()
        process, self._process = self._process, None
        if process is not None:
            process.readyReadStandardOutput.disconnect()
            process.kill()
            process.waitForFinished(500)  # reaping a SIGKILLed child: the kiosk is stopping
        self._pending.clear()
        self._set_state(EngineState.OFF)

    # --- what the speaker asks
    def speak(self, text: str, interrupt: bool = True) -> None:
        if self.state is EngineState.FAILED:
            return
        if self.engine == "none":
            self._set_state(EngineState.READY)
            return
        if self._process is None:
            self.start()
        if self.state is EngineState.STARTING:
            if interrupt:
                self._pending.clear()
            self._pending.append((text, interrupt))
            return
        allowance = int((self.stuck_delay + len(text) * SECONDS_PER_CHAR * (2.0 if self.rate < 0 else 1.0)) * 1000)
        self._limit_ms = allowance if interrupt or not self._watchdog.isActive() else self._limit_ms + allowance
        self._watchdog.start(self._limit_ms)
        self._send({"say": text, "interrupt": interrupt})

    def stop(self) -> None:
        self._pending.clear()
        if self.state is not EngineState.STARTING:
            self._watchdog.stop()
        self._send({"stop": True})

    def set_language(self, language: str) -> None:
        self.language = language
        self._send({"language": language})

    def set_rate(self, rate: float) -> None:
        self.rate = rate
        self._send({"rate": rate})

    def set_volume(self, volume: float) -> None:
        self.volume = volume
        self._send({"volume": volume})

    def _send(self, order: dict) -> None:
        process = self._process
        if process is not None and process.state() == QProcess.ProcessState.Running:
            process.write((json.dumps(order, ensure_ascii=False) + "\n").encode())

    # --- what the voice says back
    def _read(self) -> None:
        process = self._process
        if process is None:
            return
        while process.canReadLine():
            line = bytes(process.readLine().data()).decode(errors="replace").strip()
            word, _, detail = line.partition(" ")
            if word == "ready":
                self._on_ready()
            elif word == "speaking":
                self._set_state(EngineState.SPEAKING)
            elif word == "failed":
                self._on_failed(detail)
            elif word == "voice":
                self.voice = detail

    def _on_ready(self) -> None:
        self._watchdog.stop()
        if self.state is EngineState.STARTING:
            self._send({"rate": self.rate})
            self._send({"volume": self.volume})
        pending, self._pending = self._pending, []
        self._set_state(EngineState.READY)
        for text, interrupt in pending:
            self.speak(text, interrupt)

    def _on_failed(self, error: str) -> None:
        log.error("speech engine %s failed: %s", self.engine, error)
        self.error = error
        if error.startswith("no voice"):
            return  # it still speaks, in another voice: said on the maintenance screen
        self._pending.clear()
        self._watchdog.stop()
        self._set_state(EngineState.FAILED)

    def _finished(self, process: QProcess) -> None:
        if process is not self._process:
            return
        self._process = None
        self._watchdog.stop()
        if self.state is not EngineState.FAILED:
            self.error = self.error or "speech process ended"
            log.error("speech process ended (%s)", self.engine)
            self._set_state(EngineState.FAILED)

    def _stuck(self) -> None:
        """Starting or speaking far past the text's length: the voice is hung. Kill it, start a fresh one."""
        log.error("speech engine %s stuck (%s) for %d ms: restarted", self.engine, self.state, self._limit_ms)
        self.restarts += 1
        process, self._process = self._process, None
        if process is not None:
            process.finished.connect(process.deleteLater)  # reaped by the event loop, never waited for
            process.kill()
        self._pending.clear()
        self.state = EngineState.OFF
        self.start()

    def _set_state(self, state: EngineState) -> None:
        if state is not self.state:
            self.state = state
            self.state_changed.emit(str(state))
