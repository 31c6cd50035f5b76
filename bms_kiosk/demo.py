"""The demo: a simulator control that inserts and pulls the shipped test cards, and --autoplay.

Simulation stops at the physical world: this window stands in for a hand putting a card in.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from pathlib import Path
from typing import Callable

import requests
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from bms_kiosk.app import Kiosk
from bms_kiosk.hardware.virtual_card import SimulatedCardSource, shipped_cards

log = logging.getLogger(__name__)

DEMO_CARDS = ("famille4", "seul", "famille6", "noms_longs", "jumeaux", "dix_neuf",
              "cle_nir_fausse", "tlv_tronque", "autre_atr")


class SimulatorControl(QWidget):
    """A small side window: one button per test card, and "Retirer la carte". Keys F1…F9, F12."""

    def __init__(self, source: SimulatedCardSource, kiosk_window: QWidget) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("simulator")
        self.setWindowTitle("Simulateur de carte Vitale (démo)")
        self.source = source
        cards = shipped_cards()
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Démo : insérer une carte de test"))
        for index, name in enumerate(n for n in DEMO_CARDS if n in cards):
            button = QPushButton(f"F{index + 1}  {name}")
            button.clicked.connect(lambda _=False, n=name: self.insert(n))
            lay.addWidget(button)
            QShortcut(QKeySequence(f"F{index + 1}"), kiosk_window, lambda n=name: self.insert(n))
        pull = QPushButton("F12  Retirer la carte")
        pull.clicked.connect(self.pull)
        lay.addWidget(pull)
        QShortcut(QKeySequence("F12"), kiosk_window, self.pull)
        lay.addWidget(QLabel("Code de sécurité des personnes de test : 1234"))
        self.phone = QLabel("Téléphone (démo) : aucun SMS")
        lay.addWidget(self.phone)
        self.sms_arrived.connect(self.phone.setText)

    sms_arrived = Signal(str)

    def watch_sms(self, kiosk: Kiosk) -> None:
        """Stands in for the person's phone: shows the one-time code the reference server sent."""

        def fetch(nir: str) -> None:
            try:
                answer = requests.get(f"{kiosk.backend.url}/v1/admin/sms-outbox", params={"nir": nir},
                                      headers={"X-Terminal-Key": kiosk.backend.terminal_key}, timeout=5)
                self.sms_arrived.emit(f"Téléphone (démo) : SMS reçu, code {answer.json()['code']}")
            except (requests.RequestException, ValueError, KeyError):
                self.sms_arrived.emit("Téléphone (démo) : SMS introuvable")

        def on_sms(_masked: str) -> None:
            card = kiosk.journey.session.card
            if card is not None and kiosk.backend is not None and kiosk.backend.embedded is not None:
                threading.Thread(target=fetch, args=(card.assure.nir,), daemon=True).start()

        kiosk.journey.sms_sent.connect(on_sms)

    def insert(self, name: str) -> None:
        self.source.pull()
        self.source.insert(shipped_cards()[name])

    def pull(self) -> None:
        self.source.pull()


class Autoplay:
    """Runs a scripted visit headless and saves a screenshot of every screen it passes."""

    def __init__(self, kiosk: Kiosk, source: SimulatedCardSource, output: Path) -> None:
        self.kiosk = kiosk
        self.source = source
        self.output = output
        output.mkdir(parents=True, exist_ok=True)
        self.shots: list[Path] = []
        self.steps: deque[tuple[str, object]] = deque()
        self.failed: str | None = None
        kiosk.journey.state_entered.connect(lambda name: QTimer.singleShot(50, lambda: self.shot(name)))

    def shot(self, name: str) -> None:
        path = self.output / f"{len(self.shots) + 1:02d}-{name}.png"
        self.kiosk.window.grab().save(str(path))
        self.shots.append(path)

    def script(self) -> None:
        """Every service, one printed document each: the attestation de droits (all beneficiaries,
        OUI for the person who has an exonération); then, for another person, the attestation d'IJ
        (all periods), ACCUEIL, the relevé fiscal; then the error cards, an inactivity warning, and
        the card pulled."""
        w = self.kiosk.window
        s = self.steps
        s.extend([
            ("wait", "attract"), ("insert", "famille4"), ("wait", "auth"),
            ("call", lambda: w.auth.type_code("1234")), ("pause", 200), ("call", lambda: self.shot("code")),
            ("call", w.auth.primary_button.click), ("wait", "menu"),
            ("call", lambda: self._service("attestation")), ("wait", "att_choice"),
            ("call", lambda: w.screens["att_choice"].choices.buttons()[0].click()), ("pause", 200),
            ("call", lambda: self.shot("choix")), ("call", w.screens["att_choice"].primary_button.click),
            ("wait", "att_option"),
            ("call", lambda: [a.yes.click() for a in w.screens["att_option"].answers.values()]), ("pause", 200),
            ("call", lambda: self.shot("option")), ("call", w.screens["att_option"].primary_button.click),
            ("wait", "att_preview"), ("pause", 300), ("call", lambda: self.shot("apercu")),
            ("call", w.screens["att_preview"].next_zoom), ("pause", 200), ("call", lambda: self.shot("apercu-agrandi")),
            ("call", lambda: w.screens["att_preview"].set_zoom("page")),
            ("call", w.screens["att_preview"].primary_button.click), ("wait", "att_printed"),
            ("call", self._help), ("pause", 300), ("call", lambda: self.shot("aide")), ("call", w.help.hide),
            ("call", w.screens["att_printed"].primary_button.click), ("wait", "end"),
            ("pull", None), ("wait", "attract"),
            ("insert", "seul"), ("wait", "auth"), ("call", lambda: w.auth.type_code("1234")),
            ("call", w.auth.primary_button.click), ("wait", "menu"),
            ("call", lambda: self._service("attestation_ij")), ("wait", "ij_choice"),
            ("call", lambda: w.screens["ij_choice"].choices.buttons()[0].click()), ("pause", 200),
            ("call", lambda: self.shot("ij-choix")), ("call", w.screens["ij_choice"].primary_button.click),
            ("wait", "ij_preview"), ("pause", 300), ("call", lambda: self.shot("ij-apercu")),
            ("call", w.screens["ij_preview"].primary_button.click), ("wait", "ij_printed"),
            ("call", w.screens["ij_printed"].home_button.click), ("wait", "menu"),
            ("call", lambda: self._service("releve_fiscal")), ("wait", "rf_preview"), ("pause", 300),
            ("call", lambda: self.shot("releve-apercu")),
            ("call", w.screens["rf_preview"].primary_button.click), ("wait", "rf_printed"),
            ("call", w.screens["rf_printed"].primary_button.click), ("wait", "end"),
            ("pull", None), ("wait", "attract"),
            ("insert", "autre_atr"), ("wait", "card_error"), ("pull", None), ("wait", "attract"),
            ("insert", "cle_nir_fausse"), ("wait", "card_error"), ("pull", None), ("wait", "attract"),
            ("insert", "seul"), ("wait", "auth"), ("call", self.kiosk.journey.guard._start_warning),
            ("pause", 300), ("call", lambda: self.shot("inactivite")),
            ("call", self.kiosk.journey.guard.extend), ("pull", None), ("wait", "attract"), ("pause", 200)])

    def _service(self, key: str) -> None:
        """Taps the menu's row of a service (by its declared key)."""
        menu = self.kiosk.window.menu
        menu.choices.buttons()[menu.choices.values.index(key)].click()

    def _help(self) -> None:
        self.kiosk.window.current.help_requested.emit()

    def run(self, done: Callable[[int], None]) -> None:
        self.script()
        self._done = done
        QTimer.singleShot(100, self._next)

    def _next(self) -> None:
        if not self.steps:
            self._done(0)
            return
        kind, arg = self.steps.popleft()
        if kind == "insert":
            self.source.insert(shipped_cards()[str(arg)])
        elif kind == "pull":
            self.source.pull()
        elif kind == "call":
            arg()  # type: ignore[operator]
        elif kind == "pause":
            QTimer.singleShot(int(arg), self._next)  # type: ignore[arg-type]
            return
        elif kind == "wait":
            self._wait(str(arg), 100)
            return
        QTimer.singleShot(50, self._next)

    def _wait(self, state: str, tries: int) -> None:
        if self.kiosk.journey.state == state:
            QTimer.singleShot(150, self._next)
        elif tries <= 0:
            log.error("autoplay: state %s not reached (at %s)", state, self.kiosk.journey.state)
            self._done(1)
        else:
            QTimer.singleShot(50, lambda: self._wait(state, tries - 1))


def quit_app(code: int) -> None:
    QApplication.instance().exit(code)  # type: ignore[union-attr]
