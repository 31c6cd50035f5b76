"""A kiosk process that takes one payment, for crash tests: ``python -m tests.support.pay_process JSON``.

JSON: backend_url, terminal_key, terminal_port, outbox, order (payment_id, amount, status), stop_at.
It prints every step of ``take_payment`` on stdout; at ``stop_at`` it blocks until killed (the
test kills it with SIGKILL there), else it prints the outcome and exits.
"""

from __future__ import annotations

import json
import sys
import threading

from bms_kiosk.hardware.payment_terminal import PaymentTerminal
from bms_kiosk.payment.exactly_once import Step, take_payment
from bms_kiosk.payment.outbox import Outbox
from bms_client.client import BackendClient, PaymentOrder
from tests.support.payment import TILL_ID


def main() -> None:
    args = json.loads(sys.argv[1])
    o = args["order"]
    order = PaymentOrder(o["payment_id"], "", o["amount"], "", (), (), "", "", o["status"])
    client = BackendClient(args["backend_url"], args["terminal_key"], connect_timeout=1.0, read_timeout=3.0,
                           retries=0)
    terminal = PaymentTerminal("127.0.0.1", args["terminal_port"], till_protocol_id=TILL_ID, payment_delay=60.0)

    def observer(step: Step) -> None:
        print(step.value, flush=True)
        if step.value == args.get("stop_at"):
            threading.Event().wait()  # here until SIGKILL

    outcome = take_payment(order, terminal, Outbox(args["outbox"]), client, observer)
    print(f"outcome {outcome.status.value} acknowledged={outcome.acknowledged}", flush=True)


if __name__ == "__main__":
    main()
