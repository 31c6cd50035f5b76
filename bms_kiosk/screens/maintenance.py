"""The technician's maintenance screen: a dumb view of reports; intents go out as signals.

Tabs: ÉTAT (reader, printer with its actions, backend, terminal, counters, out-of-service
mode), RÉGLAGES (every setting, secrets hidden), JOURNAL (the last log lines, NIR-masked).
Never shows anything of a session: it is only reachable from the card-less home screens.
"""

from __future__ import annotations

from bms_kiosk.flow.states import Core
from typing import Any, Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QGridLayout, QHeaderView, QLabel, QPlainTextEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout,
                               QWidget)

from bms_kiosk import i18n
from bms_kiosk.maintenance import words
from bms_kiosk.maintenance.words import tr
from bms_kiosk.screens.base import Screen, label

ACTIONS = words.ACTIONS


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


class MaintenanceScreen(Screen):
    name = Core.MAINTENANCE
    display_looks = False  # FR | EN only: a technician's screen, small controls by design
    action_requested = Signal(str)  # test_print, resume, cancel_jobs, refresh
    speech_test_requested = Signal()  # TESTER LE CASQUE
    out_of_service_toggled = Signal(bool)

    def __init__(self) -> None:
        super().__init__(words.TITLE, primary=words.QUIT)
        self._shown: dict[str, tuple[Callable[..., None], tuple[Any, ...]]] = {}  # made again in another language
        lay = self.body_layout
        lay.setContentsMargins(30, 8, 30, 4)
        lay.setSpacing(6)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)

        state = QWidget()
        grid = QGridLayout(state)
        grid.setSpacing(10)
        self.reader, self.printer, self.backend = _Panel(words.READER), _Panel(words.PRINTER), _Panel(words.BACKEND)
        self.terminal, self.counters = _Panel(words.TERMINAL), _Panel(words.COUNTERS)
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
        self.oos_button = QPushButton(words.OUT_OF_SERVICE[False])
        self.oos_button.setObjectName("toggle")
        self.oos_button.setCheckable(True)
        self.oos_button.toggled.connect(self._toggled)
        side_lay.addWidget(self.oos_button)
        refresh = QPushButton(words.REFRESH)
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
        self.tabs.addTab(state, "")

        self.settings = QTableWidget(0, 3)
        self.settings.verticalHeader().hide()
        self.settings.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.settings.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tabs.addTab(self.settings, "")
        self.payments = QPlainTextEdit()
        self.payments.setReadOnly(True)
        self.payments_tab = self.tabs.addTab(self.payments, "")
        self.unknown_payments = 0
        self.log_view = QPlainTextEdit()
        self.log_view.setReadOnly(True)
        self.tabs.addTab(self.log_view, "")
        self._name_parts()
        i18n.notifier().languageChanged.connect(self._language_changed)

    # --- the display language
    def _name_parts(self) -> None:
        """The tabs and the table's headers (no walk reaches them)."""
        for index, source in enumerate(words.TABS):
            self.tabs.setTabText(index, tr(source, self.unknown_payments))
        self.settings.setHorizontalHeaderLabels([tr(h) for h in words.SETTINGS_HEADERS])

    def _language_changed(self, _language: str) -> None:
        self._name_parts()
        for show, args in list(self._shown.values()):
            show(*args)

    def _keep(self, show: Callable[..., None], *args: Any) -> None:
        self._shown[show.__name__] = (show, args)

    # --- view model
    def show_reader(self, report: Any) -> None:
        self._keep(self.show_reader, report)
        lines = [tr(words.PCSC_SERVICE, report.service)]
        if report.error:
            lines.append(tr(report.error))
        for r in report.readers:
            lines.append(r.name)
            lines.append(tr(words.CARD_IN, r.card_kind, r.atr) if r.card_present else tr(words.NO_CARD))
        self.reader.display(report.ok, tr(words.IN_SERVICE if report.ok else words.BROKEN), lines)

    def show_printer(self, report: Any) -> None:
        self._keep(self.show_printer, report)
        lines = [tr(words.QUEUE, report.queue), tr(words.STATE, report.state),
                 tr(words.REASONS, ", ".join(report.reasons) or tr(words.NO_REASON)),
                 tr(words.QUEUED_JOBS, report.queued_jobs)]
        if report.message:
            lines.append(tr(words.MESSAGE, report.message))
        if report.error:
            lines.append(tr(report.error))
        self.printer.display(report.ok, tr(words.READY if report.ok else words.NOT_READY), lines)

    def show_backend(self, report: Any) -> None:
        self._keep(self.show_backend, report)
        lines = [report.url, tr(words.REACHABLE_LINE[bool(report.reachable)])]
        if report.latency_ms is not None:
            lines.append(tr(words.LATENCY, f"{report.latency_ms:.0f}"))
        if report.version:
            lines.append(tr(words.API_VERSION, report.version))
        if report.error:
            lines.append(tr(report.error))
        self.backend.display(report.ok, tr(words.REACHABLE if report.ok else words.UNREACHABLE), lines)

    def show_speech(self, ok: bool, state: str, lines: list[str]) -> None:
        """The speech engine's state (speech.integration.Accessibility.engine_report, in the display language)."""
        self.speech.display(ok, state, lines)

    def show_terminal(self, rows: list[tuple[str, str]]) -> None:
        """(label, value) rows: a label of maintenance.words; a value shown as it is, or translated if it is one."""
        self._keep(self.show_terminal, rows)
        self.terminal.display(True, "", [tr(words.ROW, tr(k), v) for k, v in rows])
        self.terminal.state.hide()

    def show_counters(self, rows: list[tuple[str, str, int]]) -> None:
        """(label, its %1, count) rows (maintenance.counters)."""
        self._keep(self.show_counters, rows)
        self.counters.display(True, "", [tr(words.ROW, tr(k, arg), n) for k, arg, n in rows])
        self.counters.state.hide()

    def show_settings(self, rows: list[tuple[str, str, str]]) -> None:
        """(name, value, description) rows: the description in the display language."""
        self._keep(self.show_settings, rows)
        self.settings.setRowCount(len(rows))
        for i, (name, value, description) in enumerate(rows):
            for j, text in enumerate((name, value, tr(description))):
                self.settings.setItem(i, j, QTableWidgetItem(text))
        self.settings.resizeColumnsToContents()

    def show_payments(self, orders: list[list[str]]) -> None:
        """Card payments whose outcome is unknown, with the terminal's data, for a technician to settle."""
        self._keep(self.show_payments, orders)
        self.unknown_payments = len(orders)
        self.tabs.setTabText(self.payments_tab, tr(words.TABS[self.payments_tab], len(orders)))
        text = "\n\n".join("\n".join(lines) for lines in orders) if orders else tr(words.NO_UNKNOWN_PAYMENT)
        self.payments.setPlainText(tr(words.PAYMENTS_HINT) + "\n\n" + text)

    def show_log(self, lines: list[str]) -> None:
        self.log_view.setPlainText("\n".join(lines))
        bar = self.log_view.verticalScrollBar()
        bar.setValue(bar.maximum())

    def show_result(self, *message: str) -> None:
        """An action's result: a template of maintenance.words and its values (nothing: hidden)."""
        self._keep(self.show_result, *message)
        text = tr(*message) if message else ""
        self.result.setText(text)
        self.result.setVisible(bool(text))

    def set_out_of_service(self, on: bool) -> None:
        self.oos_button.blockSignals(True)
        self.oos_button.setChecked(on)
        self.oos_button.blockSignals(False)
        self.oos_button.setText(words.OUT_OF_SERVICE[on])

    def set_busy(self, busy: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not busy)

    def _toggled(self, on: bool) -> None:
        self.oos_button.setText(words.OUT_OF_SERVICE[on])
        self.out_of_service_toggled.emit(on)

    def clear(self) -> None:
        self.show_result()
        self.tabs.setCurrentIndex(0)

    def all_texts(self) -> str:
        """Everything the panels say (tests)."""
        return "\n".join(w.text() for w in self.findChildren(QLabel) if w.text())
