"""The technician's maintenance screen: a dumb view of reports; intents go out as signals.

Tabs: ÉTAT (reader, printer with its actions, backend, terminal, counters, out-of-service
mode), RÉGLAGES (every setting, secrets hidden), JOURNAL (the last log lines, NIR-masked).
Never shows anything of a session: it is only reachable from the card-less home screens.
"""

from __future__ import annotations

from bms_kiosk.flow.states import Core
from typing import Any, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QGridLayout, QHeaderView, QLabel, QPlainTextEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout,
                               QWidget)

from bms_kiosk.screens.base import Screen, label

ACTIONS = {"test_print": "PAGE DE TEST", "resume": "REPRENDRE L'IMPRIMANTE", "cancel_jobs": "ANNULER TOUS LES TRAVAUX"}


class _Panel(QFrame):
    def __init__(self, title: str) -> None:
        super().__init__()
        self.setObjectName("panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = self.lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 8, 16, 8)
        lay.setSpacing(4)
        lay.addWidget(label(title, "section"))
        self.state = label("…", "ok")
        lay.addWidget(self.state)
        self.details = label("", "detail")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.details, 1)

    def display(self, ok: bool | None, state: str, lines: Iterable[str]) -> None:
        self.state.setObjectName("ok" if ok else "down")
        self.state.setText(state)
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        self.details.setText("\n".join(lines))


PAYMENTS_TAB = "PAIEMENTS ({n})"
PAYMENTS_HINT = ("Paiements par carte dont l'issue est inconnue : ils ne seront jamais redemandés au terminal. "
                 "Vérifiez le journal du terminal de paiement pour chaque ordre, puis réglez-le : "
                 "bms-kiosk settle-payment ORDRE accepte --authorisation N --card-last4 NNNN (ou : echoue). "
                 "Le résultat est transmis au serveur au contrôle suivant.")
NO_UNKNOWN_PAYMENT = "Aucun paiement à vérifier."


class MaintenanceScreen(Screen):
    name = Core.MAINTENANCE
    display_choices = False
    action_requested = Signal(str)  # test_print, resume, cancel_jobs, refresh
    speech_test_requested = Signal()  # TESTER LE CASQUE
    out_of_service_toggled = Signal(bool)

    def __init__(self) -> None:
        super().__init__("MAINTENANCE", primary="QUITTER")
        lay = self.body_layout
        lay.setContentsMargins(30, 8, 30, 4)
        lay.setSpacing(6)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)

        state = QWidget()
        grid = QGridLayout(state)
        grid.setSpacing(10)
        self.reader, self.printer, self.backend = _Panel("LECTEUR DE CARTE"), _Panel("IMPRIMANTE"), _Panel("SERVEUR")
        self.terminal, self.counters = _Panel("BORNE"), _Panel("COMPTEURS DEPUIS LE DÉMARRAGE")
        grid.addWidget(self.reader, 0, 0)
        grid.addWidget(self.printer, 0, 1)
        grid.addWidget(self.backend, 0, 2)
        grid.addWidget(self.terminal, 1, 0)
        grid.addWidget(self.counters, 1, 1)
        self.buttons: dict[str, QPushButton] = {}
        for key, text in ACTIONS.items():
            button = QPushButton(text)
            button.setObjectName("action")
            button.clicked.connect(lambda _=False, k=key: self.action_requested.emit(k))
            self.buttons[key] = button
            self.printer.lay.addWidget(button)
        side = QWidget()
        side_lay = QVBoxLayout(side)
        side_lay.setContentsMargins(0, 0, 0, 0)
        from bms_kiosk.speech import words as speech_words

        self.speech = _Panel(speech_words.say(speech_words.ENGINE_TITLE))
        self.speech_button = QPushButton(speech_words.say(speech_words.TEST_HEADSET))
        self.speech_button.setObjectName("action")
        self.speech_button.clicked.connect(self.speech_test_requested.emit)
        self.speech.lay.addWidget(self.speech_button)
        side_lay.addWidget(self.speech, 1)
        self.oos_button = QPushButton("MODE HORS SERVICE : NON")
        self.oos_button.setObjectName("toggle")
        self.oos_button.setCheckable(True)
        self.oos_button.toggled.connect(self._toggled)
        side_lay.addWidget(self.oos_button)
        refresh = QPushButton("ACTUALISER")
        refresh.clicked.connect(lambda: self.action_requested.emit("refresh"))
        self.buttons["refresh"] = refresh
        side_lay.addWidget(refresh)
        self.result = label("", "status")
        self.result.hide()
        side_lay.addWidget(self.result)
        side_lay.addStretch(1)
        grid.addWidget(side, 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        self.tabs.addTab(state, "ÉTAT")

        self.settings = QTableWidget(0, 3)
        self.settings.setHorizontalHeaderLabels(["Réglage", "Valeur", "Description"])
        self.settings.verticalHeader().hide()
        self.settings.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.settings.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tabs.addTab(self.settings, "RÉGLAGES")
        self.payments = QPlainTextEdit()
        self.payments.setReadOnly(True)
        self.payments_tab = self.tabs.addTab(self.payments, PAYMENTS_TAB.format(n=0))
        self.log_view = QPlainTextEdit()
        self.log_view.setReadOnly(True)
        self.tabs.addTab(self.log_view, "JOURNAL")

    # --- view model
    def show_reader(self, report: Any) -> None:
        lines = [f"Service PC/SC (pcscd) : {report.service}"]
        if report.error:
            lines.append(report.error)
        for r in report.readers:
            lines.append(r.name)
            lines.append(f"   carte : {r.card_kind}, ATR {r.atr}" if r.card_present else "   pas de carte")
        self.reader.display(report.ok, "EN SERVICE" if report.ok else "EN PANNE", lines)

    def show_printer(self, report: Any) -> None:
        lines = [f"File : {report.queue}", f"État : {report.state}",
                 f"Raisons : {', '.join(report.reasons) or 'aucune'}",
                 f"Travaux en attente : {report.queued_jobs}"]
        if report.message:
            lines.append(f"Message : {report.message}")
        if report.error:
            lines.append(report.error)
        self.printer.display(report.ok, "PRÊTE" if report.ok else "NON PRÊTE", lines)

    def show_backend(self, report: Any) -> None:
        lines = [report.url, f"Joignable : {'oui' if report.reachable else 'non'}"]
        if report.latency_ms is not None:
            lines.append(f"Latence : {report.latency_ms:.0f} ms")
        if report.version:
            lines.append(f"Version de l'API : {report.version}")
        if report.error:
            lines.append(report.error)
        self.backend.display(report.ok, "JOIGNABLE" if report.ok else "INJOIGNABLE", lines)

    def show_speech(self, ok: bool, state: str, lines: list[str]) -> None:
        """The speech engine's state (speech.integration.Accessibility.engine_report)."""
        self.speech.display(ok, state, lines)

    def show_terminal(self, rows: list[tuple[str, str]]) -> None:
        self.terminal.display(True, "", [f"{k} : {v}" for k, v in rows])
        self.terminal.state.hide()

    def show_counters(self, rows: list[tuple[str, int]]) -> None:
        self.counters.display(True, "", [f"{k} : {v}" for k, v in rows])
        self.counters.state.hide()

    def show_settings(self, rows: list[tuple[str, str, str]]) -> None:
        self.settings.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                self.settings.setItem(i, j, QTableWidgetItem(text))
        self.settings.resizeColumnsToContents()

    def show_payments(self, orders: list[list[str]]) -> None:
        """Card payments whose outcome is unknown, with the terminal's data, for a technician to settle."""
        self.tabs.setTabText(self.payments_tab, PAYMENTS_TAB.format(n=len(orders)))
        text = "\n\n".join("\n".join(lines) for lines in orders) if orders else NO_UNKNOWN_PAYMENT
        self.payments.setPlainText(PAYMENTS_HINT + "\n\n" + text)

    def show_log(self, lines: list[str]) -> None:
        self.log_view.setPlainText("\n".join(lines))
        bar = self.log_view.verticalScrollBar()
        bar.setValue(bar.maximum())

    def show_result(self, text: str) -> None:
        self.result.setText(text)
        self.result.setVisible(bool(text))

    def set_out_of_service(self, on: bool) -> None:
        self.oos_button.blockSignals(True)
        self.oos_button.setChecked(on)
        self.oos_button.blockSignals(False)
        self.oos_button.setText(f"MODE HORS SERVICE : {'OUI' if on else 'NON'}")

    def set_busy(self, busy: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not busy)

    def _toggled(self, on: bool) -> None:
        self.oos_button.setText(f"MODE HORS SERVICE : {'OUI' if on else 'NON'}")
        self.out_of_service_toggled.emit(on)

    def clear(self) -> None:
        self.show_result("")
        self.tabs.setCurrentIndex(0)

    def all_texts(self) -> str:
        """Everything the panels say (tests)."""
        return "\n".join(w.text() for w in self.findChildren(QLabel) if w.text())
