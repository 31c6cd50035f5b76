"""The kiosk under soak, as its own process, with the person in front of it (benchmarks/soak.py starts it).

    python benchmarks/soak_kiosk.py JSON

JSON: backend_url, terminal_key, printer_queue, cups_server, payment_port, outbox, cards ("pcsc" or
"memory"), settings (the scaled delays). The kiosk is built as ``bms-kiosk`` builds it (offscreen at
1920×1080). The person taps what each screen offers for the service the supervisor chose; the
hand that inserts and pulls the card is the supervisor's (vpcd is another process's business): the
person asks for it with a "pull" line. Lines on stdout are JSON events, lines on stdin JSON
commands. No card data ever enters this process except through the card reader.

Events: ready, state (every state entered), pull (the person takes the card), stall (the GUI thread
could not run a 10 ms heartbeat for more than 50 ms), unhandled (an exception reached the
failsafe), counts (object counts, on request), logbuf (the maintenance log buffer, on request).
"""

from __future__ import annotations

import collections
import gc
import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

STALL_MS = 50
HEARTBEAT_MS = 10
THINK_MS = 5  # the person's think time between a screen and the tap
CODE = "1234"
CREANCE_REFERENCE = "2345678901234567B"
PAY_AMOUNT = "16"


# The settings table's delays, scaled down for the soak (the soak prints them). The person in front
# of the kiosk taps within milliseconds; these are the waits of the kiosk and the world.
SCALED: dict[str, float] = {
    "inactivity_delay": 1.0,  # 60 s
    "inactivity_answer_delay": 1.0,  # 30 s (counted in whole seconds: 1 is the least)
    "error_return_delay": 0.3,  # 15 s
    "print_timeout_delay": 4.0,  # 60 s
    "backend_connect_timeout": 0.5,  # 3 s
    "backend_read_timeout": 1.5,  # 10 s
    "backend_call_delay": 3.0,  # 20 s
    "reader_poll_delay": 0.05,  # 0.25 s
    "payment_terminal_connect_delay": 2.0,  # 10 s
    "payment_terminal_payment_delay": 10.0,  # 180 s
    "health_check_delay": 1.0,  # 5 s
}


def soak_config(overrides: dict[str, Any]) -> Any:
    """The kiosk's Config with the scaled delays allowed below their production minimums."""
    from dataclasses import replace

    from bms_kiosk.settings import SETTINGS, Config

    relaxed = tuple(replace(s, minimum=None) if s.name in SCALED else s for s in SETTINGS)
    return type("SoakConfig", (Config,), {"settings": relaxed})(overrides)


def emit(event: str, **fields: Any) -> None:
    """One event, stamped with the machine's monotonic clock (the same in the supervisor)."""
    import time

    sys.stdout.write(json.dumps({"e": event, "t": time.monotonic(), **fields}) + "\n")
    sys.stdout.flush()


def main() -> None:
    args = json.loads(sys.argv[1])
    screen = Path(args["screen_file"])
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    from bms_kiosk.assets import FONTS

    os.environ.setdefault("QT_QPA_FONTDIR", str(FONTS))
    from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal
    from PySide6.QtWidgets import QApplication

    from bms_kiosk.app import Backend, build_kiosk
    from bms_kiosk.hardware.cups_printer import CupsPrinter
    from bms_kiosk.kiosk_services import messages
    from bms_kiosk.logging_setup import setup_logging

    setup_logging(args.get("log_level", "INFO"))
    config = soak_config({
        "hide_cursor": False, "fullscreen": False, "printer_queue": args["printer_queue"],
        "cups_server": args["cups_server"], "payment_terminal_host": "127.0.0.1",
        "payment_terminal_port": args["payment_port"], "payment_outbox_dir": args["outbox"],
        "audit_log_path": args["audit_log"], "demo_output_dir": args["outbox"] + "-paper",
        **args["settings"]})
    if args["cards"] == "memory":
        from bms_kiosk.hardware.virtual_card import SimulatedCardSource, shipped_cards

        source: Any = SimulatedCardSource()
    else:
        from bms_kiosk.hardware.pcsc import PcscCardSource

        source = PcscCardSource(poll_delay=config.reader_poll_delay)
    printer = CupsPrinter(config.printer_queue, server=config.cups_server, timeout=config.print_timeout_delay)
    kiosk = build_kiosk(config, source, backend=Backend(args["backend_url"], args["terminal_key"]), printer=printer)
    window, journey = kiosk.window, kiosk.journey
    failsafe = sys.excepthook

    def counted_failsafe(kind, value, tb):  # type: ignore[no-untyped-def]
        emit("unhandled", kind=kind.__name__, state=journey.state)
        failsafe(kind, value, tb)

    sys.excepthook = counted_failsafe

    class Commands(QObject):
        received = Signal(object)

    commands = Commands()

    def read_stdin() -> None:
        for line in sys.stdin:
            line = line.strip()
            if line:
                commands.received.emit(json.loads(line))
        commands.received.emit({"c": "quit"})

    plan: dict[str, Any] = {"service": "", "idle": False, "done": False}

    class NotYet(Exception):
        """The button to tap is not shown (or not enabled) yet: the person looks again shortly."""

    def click(button: Any) -> None:
        if button is None or not (button.isVisible() and button.isEnabled()):
            raise NotYet
        button.click()

    def finish() -> None:
        journey.finish()

    def tap_service(key: str) -> None:
        menu = window.screens["menu"]
        values = list(menu.choices.values)
        if plan["done"] or key not in values:
            finish()
            return
        button = menu.choices.buttons()[values.index(key)]
        if not button.isEnabled():  # refused now (printer out of service…): the person leaves
            finish()
            return
        plan["done"] = True
        button.click()

    def act(state: str, tries: int = 0) -> None:
        try:
            tap(state)
        except NotYet:
            if tries < 40:
                QTimer.singleShot(25, lambda: act(state, tries + 1) if journey.state == state else None)
            else:
                emit("cannot", state=state)

    def tap(state: str) -> None:
        """One tap of the person on the screen of ``state`` (it is still the current one)."""
        if journey.state != state:
            return
        if state in ("end", "card_error"):
            emit("pull")  # the person takes the card (the supervisor's hand); one who walked away comes back
            return
        if plan["idle"]:
            return
        s = window.screens.get(state)
        service = plan["service"]
        if state == "auth":
            window.auth.type_code(CODE)
            click(window.auth.primary_button)
        elif state == "oc_notice":
            if service == "oc" and not plan["done"]:
                click(s.primary_button)
                plan["done"] = True
            else:
                click(s.later_button)
        elif state == "menu":
            tap_service(service)
        elif state in ("att_choice", "ij_choice"):
            buttons = s.choices.buttons()
            if buttons:
                buttons[0].click()
            click(s.primary_button)
        elif state == "att_option":
            for answer in s.answers.values():
                answer.yes.click()
            click(s.primary_button)
        elif state.endswith("_preview") or state in ("oc_confirm",):
            click(s.primary_button)
        elif state.endswith("_printed"):
            click(s.primary_button)
        elif state == "cr_reference":
            s.type_reference(CREANCE_REFERENCE)
            click(s.primary_button)
        elif state == "cr_creance":
            s.type_amount(PAY_AMOUNT)
            if s.primary_button.isEnabled():
                s.primary_button.click()
            else:
                finish()
        elif state == "cr_accepted":
            click(s.primary_button)  # the receipt, printed
        elif state == "oc_choice":
            for row in s.people:
                list(row.cards.values())[0].click()
            if s.primary_button.isEnabled():
                s.primary_button.click()
            else:
                finish()
        elif state == "msg_list":
            page = journey.session.data.get(messages.PAGE)
            if page is not None and page.older and not page.newer:
                journey.answer(messages.Turn.OLDER)  # the backend's next page, then a message on it
            elif page is not None and page.rows:
                journey.answer(0)
            else:
                finish()
        elif state in ("msg_open", "oc_sent", "oc_status", "cr_failed"):
            finish()
        # the others wait: busy steps, outcome and error screens that close by themselves

    def on_state(state: str) -> None:
        emit("state", s=state)
        if state == "attract" and args.get("clear_qt_caches"):  # diagnosis: is the RSS growth Qt's caches?
            from PySide6.QtGui import QPixmapCache

            QPixmapCache.clear()
        QTimer.singleShot(THINK_MS, lambda: act(state))

    journey.state_entered.connect(on_state)

    # --- the GUI thread's heartbeat
    clock = QElapsedTimer()
    clock.start()
    last = [0]

    def beat() -> None:
        now = clock.elapsed()
        if last[0]:
            late = now - last[0] - HEARTBEAT_MS
            if late > STALL_MS:
                emit("stall", ms=late, state=journey.state)
        last[0] = now

    heartbeat = QTimer(interval=HEARTBEAT_MS)
    heartbeat.timeout.connect(beat)

    def object_counts() -> dict[str, Any]:
        gc.collect()
        py = collections.Counter(type(o).__name__ for o in gc.get_objects())
        qt = collections.Counter(type(o).__name__ for o in window.findChildren(QObject))
        qt.update(type(o).__name__ for o in journey.findChildren(QObject))
        own: collections.Counter[str] = collections.Counter()
        for o in gc.get_objects():
            module = str(getattr(type(o), "__module__", ""))
            if module.startswith(("bms_", "PySide6")):
                own[f"{module}.{type(o).__qualname__}"] += 1
        big = {id(r) for c in gc.get_objects() for r in gc.get_referents(c) if isinstance(r, bytes) and len(r) >= 10_000}
        return {"py_total": sum(py.values()), "py": dict(py.most_common(40)), "qt_total": sum(qt.values()),
                "qt": dict(qt.most_common(60)), "widgets": len(QApplication.allWidgets()), "own": dict(own),
                "big_bytes": len(big)}

    def live_personal_strings(hashes: set[str]) -> dict[str, Any]:
        """Python str/bytes still referenced holding one of the NIRs whose SHA-256 the supervisor sent
        (the NIRs themselves never enter this process but through the card reader). Strings are not
        tracked by the gc: they are found as the referents of containers."""
        import hashlib
        import re

        gc.collect()
        text, raw = re.compile(r"[12][0-9]{14}"), re.compile(rb"[12][0-9]{14}")
        import linecache
        import types

        seen: set[int] = set()
        holders: collections.Counter[str] = collections.Counter()
        source_lines = {id(entry[2]) for entry in linecache.cache.values() if len(entry) > 2}
        for container in gc.get_objects():
            if id(container) in source_lines:  # the source of a module (a docstring's example NIR)
                continue
            for ref in gc.get_referents(container):
                if id(ref) in seen or not isinstance(ref, (str, bytes)) or len(ref) < 15:
                    continue
                if isinstance(container, types.FunctionType) and ref is container.__doc__:
                    continue
                runs = (text if isinstance(ref, str) else raw).findall(ref)  # type: ignore[arg-type]
                if any(hashlib.sha256(r if isinstance(r, bytes) else r.encode()).hexdigest() in hashes
                       for r in runs):
                    seen.add(id(ref))
                    name = type(container).__name__
                    if hasattr(container, "__qualname__"):
                        name += " " + getattr(container, "__module__", "") + "." + container.__qualname__
                    elif isinstance(container, (list, tuple, dict)):
                        name += f"[{len(container)}]"
                    holders[name] += 1
        paths: collections.Counter[str] = collections.Counter()
        if args.get("live_paths"):
            strings = [o for o in (ref for c in gc.get_objects() for ref in gc.get_referents(c)) if id(o) in seen]
            for obj in strings[:200]:
                paths[where(obj)] += 1
        return {"strings": len(seen), "holders": dict(holders.most_common(10)), "paths": dict(paths.most_common(30))}

    def where(obj: Any, depth: int = 0) -> str:
        """Who holds ``obj``: types, names and dict keys up the referrers, never the values (diagnosis)."""
        import types

        if depth > 6:
            return "…"
        parts = []
        for holder in gc.get_referrers(obj):
            if isinstance(holder, types.FrameType) or holder is obj:
                continue
            if isinstance(holder, dict):
                key = next((k for k, v in holder.items() if v is obj), "?")
                owner = next((o for o in gc.get_referrers(holder) if getattr(o, "__dict__", None) is holder), None)
                text = (f"{type(owner).__module__}.{type(owner).__qualname__}.{key}" if owner is not None
                        else f"dict[{key!r}] < " + where(holder, depth + 1))
            elif isinstance(holder, types.FunctionType):
                slot = next((n for n in ("__defaults__", "__kwdefaults__", "__dict__", "__doc__")
                             if obj is getattr(holder, n, None)), "?")
                text = f"{holder.__module__}.{holder.__qualname__}.{slot} < " + where(holder, depth + 1)
            elif isinstance(holder, types.CellType):
                fns = [f for t in gc.get_referrers(holder) if isinstance(t, tuple)
                       for f in gc.get_referrers(t) if getattr(f, "__closure__", None) is t]
                text = ("closure of " + ", ".join(f"{f.__module__}.{f.__qualname__}" for f in fns[:2]) + " < "
                        + (where(fns[0], depth + 1) if fns else "?"))
            elif isinstance(holder, types.MethodType):
                text = f"method {holder.__qualname__} of {type(holder.__self__).__qualname__} < " + where(holder, depth + 1)
            else:
                text = f"{type(holder).__module__}.{type(holder).__qualname__} < " + where(holder, depth + 1)
            parts.append(text)
            if len(parts) >= 2:
                break
        return " | ".join(parts) or "(no referrer)"

    def malloc_figures(trim: bool) -> dict[str, Any]:
        from bms_kiosk.memory import heap, release_free_memory

        def figures() -> dict[str, int]:
            m = heap()
            assert m is not None  # glibc
            status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
            return {"rss_kb": int(status["VmRSS"].split()[0]), "anon_kb": int(status["RssAnon"].split()[0]),
                    "file_kb": int(status["RssFile"].split()[0]), "heap_kb": (m.arena + m.hblkhd) // 1024,
                    "in_use_kb": (m.uordblks + m.hblkhd) // 1024, "free_kb": m.fordblks // 1024,
                    "threads": int(status["Threads"])}

        gc.collect()
        out: dict[str, Any] = {"before": figures()}
        if trim:
            release_free_memory()
            out["after_trim"] = figures()
        return out

    def on_command(cmd: dict[str, Any]) -> None:
        c = cmd["c"]
        if c == "visit":
            plan.update(service=cmd["service"], idle=bool(cmd.get("idle")), done=False)
            if args["cards"] == "memory":
                source.insert(shipped_cards()[cmd["card"]], pull_after_apdus=cmd.get("apdus"))
        elif c == "pull":
            if args["cards"] == "memory":
                source.pull()
        elif c == "idle":
            plan["idle"] = True
        elif c == "counts":
            emit("counts", **object_counts())
        elif c == "logbuf":
            technician = getattr(kiosk.maintenance, "technician", None)
            buffer = getattr(technician, "log_buffer", None)
            emit("logbuf", lines=list(buffer.last(100000)) if buffer is not None else None)
        elif c == "live":
            emit("live", **live_personal_strings(set(cmd["hashes"])))
        elif c == "gc":
            gc.collect()
            emit("gc")
        elif c == "trace":  # Python's allocations from now on (start), or those still held (top)
            import tracemalloc

            if cmd.get("start"):
                tracemalloc.start(int(cmd.get("frames", 12)))
                emit("trace", top=[])
            else:
                gc.collect()
                snapshot = tracemalloc.take_snapshot().filter_traces(
                    [tracemalloc.Filter(False, tracemalloc.__file__)])
                top = [{"kb": s.size / 1024, "count": s.count,
                        "where": [f"{f.filename.rsplit('/site-packages/', 1)[-1]}:{f.lineno}"
                                  for f in reversed(s.traceback)][:8]}
                       for s in snapshot.statistics("traceback")[:20]]
                emit("trace", top=top, total_kb=sum(t.size for t in snapshot.traces) / 1024)
        elif c == "malloc":  # where the RSS is: glibc's heap in use and free, before and after a trim
            emit("malloc", **malloc_figures(bool(cmd.get("trim"))))
        elif c == "quit":
            kiosk.app.exit(0)

    commands.received.connect(on_command)

    def started() -> None:
        heartbeat.start()
        threading.Thread(target=read_stdin, daemon=True, name="soak-commands").start()
        emit("ready", pid=os.getpid())

    journey.machine.started.connect(lambda: QTimer.singleShot(100, started))
    kiosk.start()
    profile = None
    if args.get("profile"):  # the GUI thread's Python time (where a visit's CPU goes)
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    code = kiosk.app.exec()
    if profile is not None:
        profile.disable()
        profile.dump_stats(args["profile"])
    heartbeat.stop()
    kiosk.shutdown()
    sys.exit(code)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
