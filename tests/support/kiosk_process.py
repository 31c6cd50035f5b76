"""The real kiosk as its own process, for crash tests: ``python -m tests.support.kiosk_process JSON``.

JSON: backend_url, terminal_key, terminal_port, outbox, card_code, reference, lines, amount.
It builds the kiosk as ``bms-kiosk`` does (offscreen, the private pcscd of the tests), then plays a
person paying a créance with the same taps as the journey tests, printing every state it enters
("state NAME") on stdout. It never stops by itself: the test kills it (SIGKILL).
"""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args = json.loads(sys.argv[1])
    from PySide6.QtCore import QTimer

    from bms_kiosk.app import Backend, build_kiosk
    from bms_kiosk.settings import Config
    from bms_kiosk.hardware.pcsc import PcscCardSource

    config = Config({"hide_cursor": False, "fullscreen": False, "printer_queue": "",
                     "backend_read_timeout": 3.0, "backend_connect_timeout": 1.0,
                     "payment_terminal_host": "127.0.0.1", "payment_terminal_port": args["terminal_port"],
                     "payment_terminal_connect_delay": 2.0, "payment_terminal_payment_delay": 60.0,
                     "payment_outbox_dir": args["outbox"], "demo_output_dir": args["outbox"] + "-paper"})
    kiosk = build_kiosk(config, PcscCardSource(poll_delay=0.1), backend=Backend(args["backend_url"],
                                                                                  args["terminal_key"]))
    window = kiosk.window

    def act(state: str) -> None:
        if state == "auth":
            window.auth.type_code(args["card_code"])
            window.auth.primary_button.click()
        elif state == "menu":
            (button,) = [b for b in window.screens["menu"].choices.buttons() if b.text() == "Payer une créance"]
            button.click()
        elif state == "cr_reference":
            screen = window.screens["cr_reference"]
            screen.type_reference(args["reference"])
            screen.primary_button.click()
        elif state == "cr_creance":
            screen = window.screens["cr_creance"]
            for line in args["lines"]:
                screen.check(line).click()
            screen.type_amount(args["amount"])
            screen.primary_button.click()

    def entered(state: str) -> None:
        print(f"state {state}", flush=True)
        QTimer.singleShot(50, lambda: act(state) if kiosk.journey.state == state else None)

    kiosk.journey.state_entered.connect(entered)
    kiosk.start()
    kiosk.journey.machine.started.connect(lambda: print("ready", flush=True))
    kiosk.app.exec()


if __name__ == "__main__":
    main()
