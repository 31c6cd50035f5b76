"""Every screen and overlay of the kiosk, rendered: the tour of the screens, and the layout check.

``python -m bms_kiosk.render_screens docs/screens`` walks the real kiosk (embedded reference
backend, simulated cards in memory, the demo file printer, the simulated payment terminal) through
every service with the test cards, opens every AIDE, every link's help and the inactivity warning,
and saves one PNG per view, named ``STATE[-DETAIL].png`` after what it shows. The states a short
visit cannot reach (the backend's outcomes, a failed print, a locked account, …) are staged: their
screen is shown with the words the journey would give it.

``tests/test_screen_layout.py`` runs the same tour and fails on any text that does not fit
(``layout_problems``): a wrapped label given less height than its text needs at its width, a
label or a button narrower than its text, a widget cut by its parent or off the window.

``STYLES``: the looks the tour is run in (name → a function applied to the running kiosk before
the tour). A style (large text, high contrast) adds itself here and the layout test covers it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

STYLES: dict[str, Callable[[Any], None]] = {"normal": lambda kiosk: None}

CODE = "1234"  # every test person's code de sécurité on the reference backend
WRONG_CODE = "0000"
SHOT_SIZE = (960, 540)  # the PNGs written by the command: half the screen, a few MB for the set
TOLERANCE = 1  # px: rounding in Qt's own heightForWidth


def use_offscreen_1080p() -> None:
    """Qt offscreen at the kiosk's screen size (before the QApplication exists)."""
    screen = Path(tempfile.gettempdir()) / f"bms-kiosk-render-1920x1080-{os.getpid()}.json"
    screen.write_text(json.dumps({"screens": [{"name": "kiosk", "x": 0, "y": 0, "width": 1920, "height": 1080}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"


# --- the layout check -------------------------------------------------------------------------
def _shown(widget: Any, window: Any) -> bool:
    return widget.isVisibleTo(window) and widget.width() > 0 and widget.height() > 0


def layout_problems(window: Any, parts: Iterable[Any] | None = None) -> list[str]:
    """What does not fit on the window as laid out now: one line per widget, empty when all fits.

    ``parts``: the widgets to look into (the screen shown and the overlays open); all by default."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractButton, QLabel

    problems: list[str] = []
    frame = window.rect()
    widgets = [w for part in (parts or (window,)) for w in part.findChildren(QLabel) + part.findChildren(QAbstractButton)]
    for widget in widgets:
        if not _shown(widget, window) or widget.window() is not window:
            continue
        text = widget.text()
        if not text and not isinstance(widget, QLabel):
            continue
        where = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        name = f"{type(widget).__name__}#{widget.objectName()} {text[:40]!r}"
        if not frame.contains(where):
            problems.append(f"{name}: {where.getRect()} runs off the window {frame.getRect()}")
            continue
        parent = widget.parentWidget()
        while parent is not None and parent is not window:  # cut by a parent (a scroll area's viewport)
            inside = QRect(parent.mapTo(window, QPoint(0, 0)), parent.size())
            if not inside.contains(where):
                problems.append(f"{name}: {where.getRect()} cut by {parent.objectName() or type(parent).__name__} "
                                f"{inside.getRect()}")
                break
            parent = parent.parentWidget()
        else:
            if isinstance(widget, QLabel) and text:
                if widget.wordWrap():
                    need = widget.heightForWidth(widget.width())
                    if need > widget.height() + TOLERANCE:
                        problems.append(f"{name}: needs {need} px of height, has {widget.height()}")
                else:
                    hint = widget.sizeHint()
                    if hint.width() > widget.width() + TOLERANCE or hint.height() > widget.height() + TOLERANCE:
                        problems.append(f"{name}: needs {hint.width()}×{hint.height()}, has "
                                        f"{widget.width()}×{widget.height()}")
            elif isinstance(widget, QAbstractButton) and text:
                lines = text.split("\n")
                metrics = widget.fontMetrics()
                wide = max(metrics.horizontalAdvance(line) for line in lines)
                high = metrics.lineSpacing() * len(lines)
                if wide > widget.width() - 2 * TOLERANCE or high > widget.height():
                    problems.append(f"{name}: text needs {wide}×{high}, has {widget.width()}×{widget.height()}")
    return problems


# --- the tour ---------------------------------------------------------------------------------
@dataclass
class Shot:
    name: str  # STATE or STATE-DETAIL
    screen: str  # the screen on show (its state name)
    problems: list[str]
    image: Any = None  # QImage when kept
    buttons: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)  # footer/header: x, y, w, h
    texts: list[str] = field(default_factory=list)  # what the screen shown says


@dataclass
class Tour:
    """Drives one kiosk; ``shot`` records a view (its layout problems, and the image if asked)."""

    kiosk: Any
    keep_images: bool = True
    on_shot: Callable[[Shot], None] | None = None
    shots: list[Shot] = field(default_factory=list)
    timeout_ms: int = 15000

    @property
    def window(self) -> Any:
        return self.kiosk.window

    @property
    def journey(self) -> Any:
        return self.kiosk.journey

    def screen(self, name: str) -> Any:
        return self.window.screen(name)

    # waiting, bounded, on the event loop (as pytest-qt's waitUntil: the worker threads get the GIL)
    def wait_until(self, condition: Callable[[], bool], what: str) -> None:
        from PySide6.QtCore import QDeadlineTimer
        from PySide6.QtTest import QTest

        deadline = QDeadlineTimer(self.timeout_ms)
        while not condition():
            if deadline.hasExpired():
                raise TimeoutError(f"render tour: {what} not reached (at {self.journey.state})")
            QTest.qWait(5)

    def wait(self, state: str) -> None:
        self.wait_until(lambda: self.journey.state == state, f"state {state}")

    def settle(self) -> None:
        """Layouts activated and posted events delivered: what a paint would show now."""
        from PySide6.QtWidgets import QApplication

        QApplication.sendPostedEvents()
        QApplication.processEvents()

    def shot(self, detail: str = "", screen: str | None = None) -> Shot:
        self.settle()
        current = screen or str(self.window.current.name)
        name = f"{current}-{detail}" if detail else current
        image = self.window.grab().toImage() if self.keep_images else None
        parts = [self.window.current] + [o for o in (self.window.help, self.window.inactivity) if o.isVisible()]
        taken = Shot(name, current, layout_problems(self.window, parts), image, self._buttons(),
                     self.window.current.visible_texts())
        self.shots.append(taken)
        if self.on_shot is not None:
            self.on_shot(taken)
        return taken

    def _buttons(self) -> dict[str, tuple[int, int, int, int]]:
        """Where ACCUEIL, RETOUR, AIDE and the primary action are on the screen shown (window coordinates)."""
        from PySide6.QtCore import QPoint

        found = {}
        screen = self.window.current
        for role in ("home", "back", "help", "primary"):
            button = getattr(screen, f"{role}_button", None)
            if button is not None and button.isVisibleTo(screen):
                at = button.mapTo(self.window, QPoint(0, 0))
                found[role] = (at.x(), at.y(), button.width(), button.height())
        return found

    def shot_help(self, detail: str = "aide") -> None:
        """AIDE on the current screen (if it has one), shot, closed."""
        current = self.window.current
        if current.help_button is not None and current.help_button.isVisible():
            current.help_button.click()
            self.shot(detail)
            self.window.help.button.click()

    def shot_with_help(self, detail: str = "") -> None:
        self.shot(detail)
        self.shot_help()

    def click(self, button: Any) -> None:
        if not (button.isVisible() and button.isEnabled()):
            raise RuntimeError(f"render tour: {button.text()!r} cannot be tapped on {self.window.current.name}")
        button.click()

    # the person's moves
    def insert(self, card: str, to: str = "auth") -> None:
        from bms_kiosk.hardware.virtual_card import shipped_cards

        self.kiosk.source.insert(shipped_cards()[card])
        self.wait(to)

    def pull(self) -> None:
        self.kiosk.source.pull()
        self.wait("attract")

    def login(self, card: str, to: str = "menu") -> None:
        self.insert(card)
        self.window.auth.type_code(CODE)
        self.click(self.window.auth.primary_button)
        self.wait_until(lambda: self.journey.state in (to, "oc_notice"), f"{to} after login")
        if self.journey.state == "oc_notice" and to != "oc_notice":
            self.click(self.screen("oc_notice").later_button)
            self.wait(to)

    def service(self, key: str, to: str) -> None:
        menu = self.window.menu
        if hasattr(menu.choices, "show_entry"):
            menu.choices.show_entry(key)
        self.click(menu.choices.buttons()[menu.choices.values.index(key)])
        self.wait(to)

    def home(self) -> None:
        self.click(self.window.current.home_button)
        self.wait("menu")

    def stage(self, state: str, message: Any = None, model: Any = None, detail: str = "") -> None:
        """A state a short visit does not reach: its screen with the words the journey would give it."""
        if message is not None:
            self.journey.message_shown.emit(state, message)
        if model is not None:
            self.journey.view_shown.emit(state, model)
        self.window.stack.setCurrentWidget(self.screen(state))
        self.shot_with_help(detail)


def run_tour(kiosk: Any, tour: Tour | None = None) -> Tour:
    """Every service with the test cards, then the states left over, staged; returns the tour's shots."""
    from bms_kiosk.flow.states import Core, PrintRole
    from bms_kiosk.screens import texts

    t = tour or Tour(kiosk)
    w = t.window
    t.wait("attract")
    t.shot()
    # the card is read slowly enough to see "reading" (a real card takes about a second)
    kiosk.source.read_delay = 0.4
    t.insert("famille4", to="reading")
    t.shot()
    t.wait("auth")
    kiosk.source.read_delay = 0.0
    t.shot_with_help()
    w.auth.type_code(WRONG_CODE)
    t.click(w.auth.primary_button)
    t.wait_until(lambda: w.auth.message.isVisible(), "wrong code said")
    t.shot("code-faux")
    w.auth.type_code(CODE)
    t.click(w.auth.primary_button)
    t.wait("oc_notice")
    t.shot_with_help()
    t.click(t.screen("oc_notice").primary_button)
    t.wait("oc_choice")
    t.shot_with_help()
    for row in t.screen("oc_choice").people:
        if hasattr(row, "show_person"):
            row.show_person()
        t.click(list(row.cards.values())[0])
    t.shot("chosen")
    t.click(t.screen("oc_choice").primary_button)
    t.wait("oc_confirm")
    t.shot_with_help()
    t.click(t.screen("oc_confirm").primary_button)
    t.wait("oc_sent")
    t.shot_with_help()
    t.home()
    t.shot_with_help()
    t.service("messages", "msg_list")
    t.shot_with_help()
    if t.screen("msg_list").buttons:
        t.click(t.screen("msg_list").buttons[0])
        t.wait("msg_open")
        t.shot_with_help()
    t.home()
    t.service("attestation", "att_choice")
    t.shot_with_help()
    t.click(t.screen("att_choice").missing)
    t.shot("manque")
    w.help.button.click()
    t.click(t.screen("att_choice").choices.buttons()[0])
    t.shot("chosen")
    t.click(t.screen("att_choice").primary_button)
    t.wait("att_option")
    t.shot_with_help()
    for answer in t.screen("att_option").answers.values():
        t.click(answer.yes)
    t.click(t.screen("att_option").primary_button)
    t.wait("att_preview")
    t.shot_with_help()
    t.screen("att_preview").next_zoom()
    t.shot("zoom")
    t.screen("att_preview").set_zoom("page")
    t.click(t.screen("att_preview").primary_button)
    t.wait("att_printed")
    t.shot_with_help()
    t.click(t.screen("att_printed").primary_button)
    t.wait("end")
    t.shot()
    t.pull()

    t.login("seul")
    t.service("attestation_ij", "ij_choice")
    t.shot_with_help()
    t.click(t.screen("ij_choice").choices.buttons()[0])
    t.click(t.screen("ij_choice").primary_button)
    t.wait("ij_preview")
    t.shot_with_help()
    t.home()
    t.service("releve_fiscal", "rf_preview")
    t.shot_with_help()
    t.home()
    t.service("creance", "cr_reference")
    t.screen("cr_reference").type_reference("2345678901234567B")
    t.shot_with_help()
    t.click(t.screen("cr_reference").where_button)
    t.shot("ou")
    w.help.button.click()
    t.click(t.screen("cr_reference").primary_button)
    t.wait("cr_creance")
    t.click(t.screen("cr_creance").check("1234567890123456A"))
    t.screen("cr_creance").type_amount("25,50")
    t.shot_with_help()
    t.journey.guard.warn.emit(30)
    t.shot("inactivite")
    t.click(w.inactivity.button)
    sim = getattr(kiosk, "payment_sim", None)
    if sim is not None:  # the cardholder holds the terminal while the screen is shot, then pays
        sim.control.push(hold=True)
        t.click(t.screen("cr_creance").primary_button)
        t.wait("cr_paying")
        sim.control.wait_held(5.0)
        t.shot()
        sim.control.release("approve", timeout=5.0)
        t.wait("cr_accepted")
        t.shot_with_help()
        t.click(t.screen("cr_accepted").primary_button)
        t.wait("cr_preview")
        t.shot_with_help()
    t.home()
    t.pull()

    t.login("dix_neuf")
    t.service("attestation", "att_choice")
    t.shot("dix-neuf")
    choices = t.screen("att_choice").choices
    if getattr(choices, "page_count", 1) > 1:
        choices.next_page()
        t.shot("dix-neuf-page2")
    t.home()
    t.pull()

    # the states left: staged with their words, on the card-less window (no session shown)
    from bms_kiosk.kiosk_services import REGISTERED
    from bms_kiosk.kiosk_services.creance import PayingView

    seen = {s.screen for s in t.shots}
    messages = {str(Core.CARD_ERROR): texts.card_error_message(_not_vitale()),
                str(Core.LOCKED): texts.ACCOUNT_LOCKED,
                str(Core.UNAVAILABLE): texts.unavailable_message(),
                str(Core.OUT_OF_SERVICE): texts.UserMessage(texts.OUT_OF_SERVICE, texts.OUT_OF_SERVICE_HINT)}
    models: dict[str, Any] = {}
    for spec in REGISTERED:
        for step in spec.all_steps():
            name = str(step.name)
            if name.endswith("_outcome") and spec.outcomes:
                reason = next(iter(spec.outcomes))
                words = spec.outcomes[reason]
                messages[name] = words(kiosk.config) if callable(words) else words
            if step.role is PrintRole.FAILED:
                messages[name] = texts.print_failed_message(RuntimeError(), spec.document.not_printed)
            if name == "cr_paying":
                models[name] = PayingView(Decimal("25.50"))
            if name == "cr_failed":
                from bms_kiosk.kiosk_services.creance import words as cr_words

                messages[name] = texts.UserMessage(cr_words.FAILED, "")
    for name in t.journey.moves:
        if name not in seen:
            t.stage(name, messages.get(name), models.get(name))
    t.window.stack.setCurrentWidget(t.screen(Core.ATTRACT))
    return t


def _not_vitale() -> Exception:
    from bms_kiosk.hardware.card_errors import NotVitaleError

    return NotVitaleError("3B 00")


def build_tour_kiosk(style: str = "normal", work: Path | None = None) -> Any:
    """The kiosk the tour drives: embedded backend, simulated cards, the demo file printer.

    ``work``: where its printed pages (test persons' documents: the paper tray), payment outbox and
    audit log go, removed by ``close_tour_kiosk``; a new temporary folder by default."""
    from bms_kiosk.app import build_kiosk
    from bms_kiosk.hardware.virtual_card import SimulatedCardSource
    from bms_kiosk.settings import Config

    from bms_kiosk.demo import start_payment_terminal

    work = Path(tempfile.mkdtemp(prefix="bms-render-", dir=work))
    sim = start_payment_terminal(work)
    config = Config({"card_source": "simulated", "hide_cursor": False, "printer_queue": "",
                     "demo_output_dir": str(work / "printed"),
                     "payment_outbox_dir": str(work / "payment-outbox"),
                     "audit_log_path": str(work / "audit.jsonl"),
                     "payment_terminal_host": "127.0.0.1", "payment_terminal_port": sim.port})
    kiosk = build_kiosk(config, SimulatedCardSource())
    kiosk.payment_sim = sim  # type: ignore[attr-defined]
    kiosk.work_dir = work  # type: ignore[attr-defined]
    STYLES[style](kiosk)
    kiosk.start()
    return kiosk


def close_tour_kiosk(kiosk: Any) -> None:
    import shutil

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    kiosk.shutdown()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # its window released now
    kiosk.payment_sim.stop()
    shutil.rmtree(kiosk.work_dir, ignore_errors=True)


def save(shot: Shot, folder: Path, size: tuple[int, int] = SHOT_SIZE) -> Path:
    from PySide6.QtCore import Qt

    path = folder / f"{shot.name}.png"
    image = shot.image.scaled(*size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    if not image.save(str(path), "PNG", 9):
        raise OSError(f"cannot write {path}")
    return path


def main(argv: Iterable[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bms_kiosk.render_screens",
                                description="Rend chaque écran et chaque fenêtre d'aide de la borne en PNG.")
    p.add_argument("folder", type=Path, help="dossier des PNG (docs/screens)")
    p.add_argument("--style", default="normal", choices=sorted(STYLES))
    p.add_argument("--full-size", action="store_true", help="1920×1080 au lieu de 960×540")
    args = p.parse_args(list(argv) if argv is not None else None)
    use_offscreen_1080p()
    from bms_kiosk.logging_setup import setup_logging

    setup_logging("WARNING")
    args.folder.mkdir(parents=True, exist_ok=True)
    for old in args.folder.glob("*.png"):
        old.unlink()
    kiosk = build_tour_kiosk(args.style)
    size = (1920, 1080) if args.full_size else SHOT_SIZE
    written: list[Path] = []
    try:
        tour = run_tour(kiosk, Tour(kiosk, on_shot=lambda s: written.append(save(s, args.folder, size))))
    finally:
        close_tour_kiosk(kiosk)
    bad = [f"{s.name}: {p}" for s in tour.shots for p in s.problems]
    print(f"{len(written)} écrans dans {args.folder}")
    for line in bad:
        print("ne tient pas :", line, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
