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
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from bms_kiosk.app import Kiosk
from bms_kiosk.hardware.virtual_card import SimulatedCardSource, shipped_cards

log = logging.getLogger(__name__)

DEMO_CARDS = ("famille4", "seul", "famille6", "noms_longs", "jumeaux", "dix_neuf",
              "cle_nir_fausse", "tlv_tronque", "autre_atr")


class PaymentTerminalPanel(QWidget):
    """The simulated card payment terminal's keys: each payment waits for one of them."""

    OUTCOMES = (("approve", "Accepter le paiement"), ("refuse", "Refuser (banque)"),
                ("abandon", "Abandonner (touche rouge)"))

    def __init__(self, sim) -> None:  # hardware.payment_terminal_sim.SimulatorProcess
        super().__init__()
        self.sim = sim
        self._lock = threading.Lock()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addWidget(QLabel("Terminal de paiement (démo) : carte bancaire 4242"))
        self.buttons = {}
        for outcome, text in self.OUTCOMES:
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, o=outcome: self.answer(o))
            lay.addWidget(button)
            self.buttons[outcome] = button
        self._call("push", behaviour={"hold": True})

    def _call(self, op: str, **kw) -> None:
        def call() -> None:
            with self._lock:
                try:
                    self.sim.control.call(op, **kw)
                except (OSError, RuntimeError, ValueError) as exc:
                    log.warning("simulated payment terminal: %s failed (%s)", op, exc)
        threading.Thread(target=call, daemon=True).start()

    def answer(self, outcome: str) -> None:
        """The cardholder's answer on the terminal; the next payment waits again."""
        self._call("release", outcome=outcome, timeout=2.0)
        self._call("push", behaviour={"hold": True})


def start_payment_terminal(output_dir: Path):
    """The simulated payment terminal as its own process; its debit log beside the demo's output."""
    from bms_kiosk.hardware.payment_terminal_sim import SimulatorProcess

    output_dir.mkdir(parents=True, exist_ok=True)
    return SimulatorProcess(debit_log=output_dir / "terminal-debits.jsonl")


class SimulatorControl(QWidget):
    """A small side window: one button per test card, and "Retirer la carte". Keys F1…F9, F12."""

    def __init__(self, source: SimulatedCardSource, kiosk_window: QWidget, payment_sim=None) -> None:
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
        self.payment = PaymentTerminalPanel(payment_sim) if payment_sim is not None else None
        if self.payment is not None:
            lay.addWidget(self.payment)

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


class PaintedScreens(QObject):
    """Calls ``on_painted(screen)`` once each time a screen is shown, after its first paint.

    A screen shown and left before it was painted (a card read at once) is not reported: a capture
    then would show the next screen under this one's name."""

    def __init__(self, window: QWidget, on_painted: Callable[[QWidget], None]) -> None:
        super().__init__(window)
        self.stack = window.stack  # type: ignore[attr-defined]
        self.on_painted = on_painted
        self._waiting: QWidget | None = None
        self.stack.currentChanged.connect(self._shown)
        for index in range(self.stack.count()):
            self.stack.widget(index).installEventFilter(self)
        current = self.stack.currentWidget()
        if getattr(window, "painted", False) and current is not None:
            # started after the first paint (the kiosk's staged start): the screen on show is painted
            QTimer.singleShot(0, lambda: self._painted(current))
        else:
            self._waiting = current

    def _shown(self, index: int) -> None:
        screen = self.stack.widget(index)
        screen.installEventFilter(self)  # screens are built when first needed: after this object
        self._waiting = screen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint and watched is self._waiting:
            self._waiting = None
            QTimer.singleShot(0, self, lambda screen=watched: self._painted(screen))  # gone with the window
        return False

    def _painted(self, screen: QWidget) -> None:
        if self.stack.currentWidget() is screen:  # still the one on show once the paint is done
            self.on_painted(screen)


class Autoplay:
    """Runs a scripted visit headless and saves a screenshot of every screen it passes.

    Each capture is taken after the screen's first paint and named after the screen it shows
    (``NN-STATE.png``, ``NN-STATE-DETAIL.png`` for a moment the script chose)."""

    def __init__(self, kiosk: Kiosk, source: SimulatedCardSource, output: Path) -> None:
        self.kiosk = kiosk
        self.source = source
        self.output = output
        output.mkdir(parents=True, exist_ok=True)
        self.shots: list[Path] = []
        self.steps: deque[tuple[str, object]] = deque()
        self.failed: str | None = None
        self.painted = PaintedScreens(kiosk.window, lambda _screen: self.shot())

    def shot(self, detail: str = "") -> None:
        """The window now, named after the screen on show (and ``detail``), once it is painted."""
        window = self.kiosk.window
        window.repaint()  # what the capture shows is what was just painted
        name = str(window.current.name) + (f"-{detail}" if detail else "")
        path = self.output / f"{len(self.shots) + 1:02d}-{name}.png"
        window.grab().save(str(path))
        self.shots.append(path)

    def script(self) -> None:
        """Every service: the choice of an organisme complémentaire (the notice at login, the first
        organisme for each person, sent), Mes messages, then one printed document each: the
        attestation de droits (all beneficiaries, OUI for the person who has an exonération); then,
        for another person, the attestation d'IJ (all periods), ACCUEIL, the relevé fiscal, ACCUEIL,
        a créance paid with its receipt; then the error cards, an inactivity warning, and the card
        pulled."""
        w = self.kiosk.window
        s = self.steps
        s.extend([
            ("wait", "attract"), ("insert", "famille4"), ("wait", "auth"),
            ("call", lambda: w.auth.type_code("1234")), ("pause", 200), ("call", lambda: self.shot("code-saisi")),
            ("call", w.auth.primary_button.click), ("wait", "oc_notice"),
            ("call", w.screens["oc_notice"].primary_button.click), ("wait", "oc_choice"),
            ("call", lambda: [list(row.cards.values())[0].click() for row in w.screens["oc_choice"].people]),
            ("pause", 200), ("call", lambda: self.shot("choisi")),
            ("call", w.screens["oc_choice"].primary_button.click), ("wait", "oc_confirm"),
            ("call", w.screens["oc_confirm"].primary_button.click), ("wait", "oc_sent"),
            ("call", w.screens["oc_sent"].home_button.click), ("wait", "menu"),
            ("call", lambda: self._service("messages")), ("wait", "msg_list"),
            ("call", w.screens["msg_list"].home_button.click), ("wait", "menu"),
            ("call", lambda: self._service("attestation")), ("wait", "att_choice"),
            ("call", lambda: w.screens["att_choice"].choices.buttons()[0].click()), ("pause", 200),
            ("call", lambda: self.shot("choisi")), ("call", w.screens["att_choice"].primary_button.click),
            ("wait", "att_option"),
            ("call", lambda: [a.yes.click() for a in w.screens["att_option"].answers.values()]), ("pause", 200),
            ("call", lambda: self.shot("oui")), ("call", w.screens["att_option"].primary_button.click),
            ("wait", "att_preview"), ("pause", 300),
            ("call", w.screens["att_preview"].next_zoom), ("pause", 200), ("call", lambda: self.shot("agrandi")),
            ("call", lambda: w.screens["att_preview"].set_zoom("page")),
            ("call", w.screens["att_preview"].primary_button.click), ("wait", "att_printed"),
            ("call", self._help), ("pause", 300), ("call", lambda: self.shot("aide")), ("call", w.help.hide),
            ("call", w.screens["att_printed"].primary_button.click), ("wait", "end"),
            ("pull", None), ("wait", "attract"),
            ("insert", "seul"), ("wait", "auth"), ("call", lambda: w.auth.type_code("1234")),
            ("call", w.auth.primary_button.click), ("wait", "menu"),
            ("call", lambda: self._service("attestation_ij")), ("wait", "ij_choice"),
            ("call", lambda: w.screens["ij_choice"].choices.buttons()[0].click()), ("pause", 200),
            ("call", lambda: self.shot("choisi")), ("call", w.screens["ij_choice"].primary_button.click),
            ("wait", "ij_preview"), ("pause", 300),
            ("call", w.screens["ij_preview"].primary_button.click), ("wait", "ij_printed"),
            ("call", w.screens["ij_printed"].home_button.click), ("wait", "menu"),
            ("call", lambda: self._service("releve_fiscal")), ("wait", "rf_preview"), ("pause", 300),
            ("call", w.screens["rf_preview"].primary_button.click), ("wait", "rf_printed"),
            ("call", w.screens["rf_printed"].home_button.click), ("wait", "menu"),
            # a créance: 25,50 € on two lines, the simulated terminal approves, the receipt printed
            ("call", lambda: self._service("creance")), ("wait", "cr_reference"),
            ("call", lambda: w.screens["cr_reference"].type_reference("2345678901234567B")), ("pause", 200),
            ("call", lambda: self.shot("saisie")), ("call", w.screens["cr_reference"].primary_button.click),
            ("wait", "cr_creance"), ("call", lambda: w.screens["cr_creance"].check("1234567890123456A").click()),
            ("call", lambda: w.screens["cr_creance"].type_amount("25,50")), ("pause", 200),
            ("call", lambda: self.shot("montant")), ("call", w.screens["cr_creance"].primary_button.click),
            ("wait", "cr_accepted"), ("call", w.screens["cr_accepted"].primary_button.click),
            ("wait", "cr_preview"), ("pause", 300), ("call", w.screens["cr_preview"].primary_button.click),
            ("wait", "cr_printed"), ("call", w.screens["cr_printed"].primary_button.click), ("wait", "end"),
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
        """AIDE, as the person taps it (a screen without the button shows no help)."""
        button = self.kiosk.window.current.help_button
        if button is not None and button.isVisible():
            button.click()

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
