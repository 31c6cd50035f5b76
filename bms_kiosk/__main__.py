"""Entry point: ``bms-kiosk`` (the terminal), ``--demo`` (simulated cards), ``--autoplay`` (headless)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

from bms_kiosk import __version__
from bms_kiosk.settings import ConfigError, load_config
from bms_kiosk.logging_setup import setup_logging

AUTOPLAY_LIMIT_S = 300  # the scripted demo ends in error rather than hang (a visit takes 20–120 s)

log = logging.getLogger("bms_kiosk")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bms-kiosk", description="Borne multi-services de l'Assurance Maladie")
    p.add_argument("--config", help="fichier TOML de configuration (sinon $BMS_KIOSK_CONFIG, sinon défauts)")
    p.add_argument("--demo", action="store_true", help="démo : cartes de test simulées en mémoire")
    p.add_argument("--windowed", action="store_true", help="dans une fenêtre (bureau), pas en plein écran")
    p.add_argument("--autoplay", action="store_true",
                   help="parcours scripté sans écran ; captures d'écran dans --output")
    p.add_argument("--output", default="demo-output", help="dossier des captures de --autoplay")
    p.add_argument("--version", action="version", version=f"bms-kiosk {__version__}")
    return p.parse_args(argv)


def _use_offscreen_1080p() -> None:
    screen = Path(tempfile.gettempdir()) / "bms-kiosk-offscreen-1920x1080.json"
    screen.write_text(json.dumps({"screens": [{"name": "kiosk", "x": 0, "y": 0, "width": 1920, "height": 1080}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"


def _has_display() -> bool:
    return bool(os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("diag", "set-technician-code", "settle-payment"):  # technicians' commands, Qt-free
        from bms_kiosk.maintenance.cli import run_command

        return run_command(argv)
    args = parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"bms-kiosk: configuration refusée : {exc}", file=sys.stderr)
        return 2
    overrides: dict[str, object] = {}
    if args.demo or args.autoplay:
        overrides["card_source"] = "simulated"
    if args.windowed:
        overrides["fullscreen"] = False
    if args.autoplay:
        overrides.update(inactivity_delay=30.0, error_return_delay=5.0, printer_queue="",
                         demo_output_dir=str(Path(args.output)))
    config = config.replace(**overrides)
    setup_logging(config.log_level)
    payment_sim = None
    if config.card_source == "simulated":
        # the demo's own payment terminal (a process, like the virtual card reader) and outbox
        from bms_kiosk.demo import start_payment_terminal

        demo_dir = Path(config.demo_output_dir)
        payment_sim = start_payment_terminal(demo_dir)
        config = config.replace(payment_terminal_host="127.0.0.1", payment_terminal_port=payment_sim.port,
                                payment_outbox_dir=str(demo_dir / "payment-outbox"),
                                audit_log_path=str(demo_dir / "audit.jsonl"))

    if args.autoplay:
        _use_offscreen_1080p()
    elif not _has_display():
        print("bms-kiosk: pas d'écran ici (ni DISPLAY ni WAYLAND_DISPLAY) : lancez "
              "`bms-kiosk --demo --autoplay --output DOSSIER` pour une démo sans écran, "
              "ou `xvfb-run bms-kiosk --demo`.", file=sys.stderr)
        return 2

    from bms_kiosk.app import build_kiosk

    try:
        # the attract screen first; the journey, the card source and the rest at its first paint
        kiosk = build_kiosk(config, staged=True)
    except ConfigError as exc:
        print(f"bms-kiosk: configuration refusée : {exc}", file=sys.stderr)
        return 2
    log.info("bms-kiosk %s starting (terminal %s, cards: %s)", __version__, config.terminal_id, config.card_source)
    controls: list = []
    auto = None
    if config.card_source == "simulated":
        from bms_kiosk.demo import Autoplay, SimulatorControl, quit_app

        def demo_parts(kiosk) -> None:  # noqa: ANN001 - app.Kiosk, completed
            nonlocal auto
            if args.autoplay:
                auto = Autoplay(kiosk, kiosk.source, Path(args.output))  # type: ignore[arg-type]
                kiosk.journey.machine.started.connect(lambda: auto.run(quit_app))
            else:
                control = SimulatorControl(kiosk.source, kiosk.window, payment_sim)  # type: ignore[arg-type]
                control.watch_sms(kiosk)
                control.show()
                controls.append(control)

        kiosk.when_ready(demo_parts)
        if args.autoplay:  # headless: nobody would see it stuck
            def too_long() -> None:
                print(f"bms-kiosk: la démo n'a pas fini en {AUTOPLAY_LIMIT_S} s (état : "
                      f"{kiosk.journey.state if kiosk.journey else 'démarrage'})", file=sys.stderr)
                quit_app(1)

            from PySide6.QtCore import QTimer

            QTimer.singleShot(AUTOPLAY_LIMIT_S * 1000, kiosk.app, too_long)
    kiosk.start()
    from bms_kiosk.maintenance.watchdog import Watchdog

    watchdog = Watchdog.from_env(parent=kiosk.app)  # systemd: READY=1, WATCHDOG=1 from the event loop
    watchdog.start()
    code = kiosk.app.exec()
    watchdog.stop()
    kiosk.shutdown()
    if payment_sim is not None:
        payment_sim.stop()
    if auto is not None:
        print(f"bms-kiosk: {len(auto.shots)} captures d'écran dans {args.output}")
    from bms_kiosk.app import exit_now

    exit_now(code)  # everything is stopped: no interpreter teardown of the Qt process


if __name__ == "__main__":
    sys.exit(main())
