"""The staged start (``build_kiosk(staged=True)``, as ``bms-kiosk`` starts): the attract screen is
painted before the journey exists; the rest comes at the first paint; the other screens are built
on first look-up or in idle slices after it."""

from __future__ import annotations

import sys

from bms_kiosk.app import Backend, build_kiosk
from bms_kiosk.flow.states import Core
from bms_kiosk.hardware.virtual_card import SimulatedCardSource
from bms_kiosk.settings import Config


def test_attract_painted_first_then_the_rest_then_every_screen(qtbot, tmp_path):
    config = Config({"hide_cursor": False, "metrics_port": 0, "payment_outbox_dir": str(tmp_path / "outbox"),
                     "audit_log_path": str(tmp_path / "audit.jsonl"), "demo_output_dir": str(tmp_path / "paper")})
    hook = sys.excepthook
    kiosk = build_kiosk(config, SimulatedCardSource(), backend=Backend("http://127.0.0.1:9", "k"), staged=True)
    try:
        window = kiosk.window
        assert kiosk.journey is None and list(window.screens) == [Core.ATTRACT]  # nothing else yet
        ready = []
        kiosk.when_ready(lambda k: ready.append(k.journey.state))
        with qtbot.waitSignal(window.first_painted, timeout=10000):
            kiosk.start()
        assert window.current is window.screens[Core.ATTRACT]
        qtbot.waitUntil(lambda: kiosk.journey is not None and kiosk.journey.state is not None, timeout=10000)
        assert ready == [None]  # told once the second stage ran, before the machine started
        # a screen looked up before its idle slice is built on the spot, its intents wired
        assert window.screen(Core.AUTH).objectName() == Core.AUTH
        qtbot.waitUntil(lambda: not window._factories, timeout=20000)  # the idle slices built the rest
        assert set(window.screens) == set(kiosk.journey.moves)
    finally:
        kiosk.shutdown()
        sys.excepthook = hook
