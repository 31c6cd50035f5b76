"""A simulated card payment terminal speaking Caisse-AP over IP, as its own process.

``bms-payment-terminal-sim [--port 0] [--control-port 0] [--debit-log FILE]`` prints one line
``payment_port=P control_port=C`` once it listens (port 0: a free one), then serves until killed.
It behaves like the real ones: answers split in several TCP segments (mid-field), a cardholder
who takes time, approval, refusal, abandon (red key), input timeout, a connection that drops
after the debit and before the answer, zero-padded ``CB``, an unknown tag, "busy" while a
payment runs.

Tests (and the demo's buttons) script it per payment through the control port: JSON lines,
one request → one answer:
- ``{"op": "push", "behaviour": {...}}`` queues the behaviour of the next payment (``Behaviour``);
- ``{"op": "release", "outcome": "refuse"}`` lets a held cardholder finish (outcome optional),
  answers once that payment is over (debit logged, answer sent or dropped);
- ``{"op": "wait_held"}`` answers once a payment is held (the request arrived);
- ``{"op": "debits"}`` what it really debited; ``{"op": "payments"}`` how many requests it took;
  ``{"op": "timings"}`` its own time per payment (request read → answer sent), for benchmarks.
The debit log file (JSON lines, fsynced before the answer) survives the simulator.
Test and demo machines only: it listens on loopback and takes any amount.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import socketserver
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

from bms_kiosk.hardware import caisse_ap
from bms_kiosk.hardware.caisse_ap import Detail, Result, Tag

SEGMENT_PAUSE = 0.005  # between the segments of one answer (TCP_NODELAY: one segment each)
REQUIRED = (Tag.VERSION, Tag.TILL_PROTOCOL_ID, Tag.TILL_NUMBER, Tag.AMOUNT, Tag.ACTION, Tag.CURRENCY)
UNKNOWN_TAG = ("ZX", "SIMULATEUR")
HOLD_LIMIT = 120.0  # a held cardholder lets go after this, whatever the test does


class Outcome(StrEnum):
    APPROVE = "approve"
    REFUSE = "refuse"
    ABANDON = "abandon"
    INPUT_TIMEOUT = "input_timeout"
    FORMAT_ERROR = "format_error"
    BUSY = "busy"
    DROP_AFTER_DEBIT = "drop_after_debit"
    SILENT = "silent"  # takes the request and never answers (keeps the connection open)


DECLINE_DETAIL = {Outcome.REFUSE: Detail.REFUSED, Outcome.ABANDON: Detail.CARDHOLDER_ABANDON,
                  Outcome.INPUT_TIMEOUT: Detail.INPUT_TIMEOUT, Outcome.FORMAT_ERROR: Detail.FORMAT_ERROR}


@dataclass
class Behaviour:
    outcome: str = Outcome.APPROVE
    cardholder_delay: float = 0.1  # seconds the cardholder takes (0.1–30 s on real ones)
    hold: bool = False  # wait for a "release" instead of the delay
    segments: int = 1  # TCP segments of the answer, cut at even offsets (mid-field)
    cuts: list[int] | None = None  # or cut at these offsets
    amount_width: int = 0  # zero-pad CB to this width (real terminals do)
    unknown_tag: bool = False
    authorisation: str = ""  # "" → a random one
    card: str = "497010######4242"
    answer_amount_cents: int | None = None  # answer another amount than asked (a faulty terminal)
    answer_order_id: str | None = None  # echo another CF than received
    drop_after_bytes: int = 0  # with drop_after_debit: send this much of the answer first
    close_after_answer: bool = True  # False: keep the connection until the kiosk closes it

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Behaviour":
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown behaviour fields {sorted(unknown)}")
        behaviour = cls(**data)
        Outcome(behaviour.outcome)
        return behaviour


class Simulator:
    """The terminal's state: scripted behaviours, the payment in progress, the debit log."""

    def __init__(self, debit_log: Path | None = None) -> None:
        self.debit_log = debit_log
        self.script: deque[Behaviour] = deque()
        self.debits: list[dict[str, Any]] = []
        self.payments = 0
        self.timings: list[float] = []  # seconds from the request read to the answer sent
        self.lock = threading.Lock()
        self.busy = threading.Lock()
        self.held = threading.Event()
        self.release_outcome: str | None = None
        self.released = threading.Event()
        self.done = threading.Event()

    def next_behaviour(self) -> Behaviour:
        with self.lock:
            self.payments += 1
            return self.script.popleft() if self.script else Behaviour()

    def log_debit(self, order_id: str, cents: int, authorisation: str, card: str) -> None:
        entry = {"order_id": order_id, "amount_cents": cents, "authorisation": authorisation,
                 "card_last4": card[-4:], "at": time.time()}
        with self.lock:
            self.debits.append(entry)
            if self.debit_log is not None:
                with self.debit_log.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(entry) + "\n")
                    fh.flush()
                    os.fsync(fh.fileno())

    # --- one payment
    def serve_payment(self, conn: socket.socket) -> None:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        request = read_request(conn)
        if request is None:
            return
        if not self.busy.acquire(blocking=False):
            send(conn, caisse_ap.encode([(Tag.VERSION, "0301"), (Tag.RESULT, Result.NOT_DONE)]), 1)
            return
        started = time.perf_counter()
        keep_open = False
        try:
            keep_open = self._pay(conn, request)
        finally:
            with self.lock:
                self.timings.append(time.perf_counter() - started)
            self.busy.release()
            self.done.set()
        if keep_open:
            try:
                conn.recv(1)  # until the kiosk closes
            except OSError:
                pass

    def _pay(self, conn: socket.socket, request: dict[str, str] | str) -> bool:
        """One payment; True when the connection stays open after the answer."""
        behaviour = self.next_behaviour()
        if isinstance(request, str):  # not understood
            send(conn, caisse_ap.encode([(Tag.VERSION, "0301"), (Tag.RESULT, Result.NOT_DONE),
                                         (Tag.DETAIL, Detail.FORMAT_ERROR)]), behaviour.segments)
            return False
        outcome = Outcome(behaviour.outcome)
        if outcome is Outcome.BUSY:
            send(conn, caisse_ap.encode([(Tag.VERSION, "0301"), (Tag.RESULT, Result.NOT_DONE)]), behaviour.segments)
            return False
        if behaviour.hold:
            self.released.clear()
            self.held.set()
            self.released.wait(HOLD_LIMIT)
            self.held.clear()
            if self.release_outcome:
                outcome = Outcome(self.release_outcome)
        else:
            time.sleep(behaviour.cardholder_delay)  # the cardholder at the keypad
        if outcome is Outcome.SILENT:
            conn.recv(1)  # until the kiosk gives up and closes
            return False
        cents = caisse_ap.cents_value(request[Tag.AMOUNT])
        order_id = request.get(Tag.PRIVATE_DATA, "")
        answer: list[tuple[str, str]] = [(Tag.VERSION, "0301"), (Tag.TILL_PROTOCOL_ID, request[Tag.TILL_PROTOCOL_ID]),
                                         (Tag.TILL_NUMBER, request[Tag.TILL_NUMBER])]
        if behaviour.unknown_tag:
            answer.append(UNKNOWN_TAG)
        if outcome in (Outcome.APPROVE, Outcome.DROP_AFTER_DEBIT):
            authorisation = behaviour.authorisation or f"{random.randrange(10 ** 6):06d}"
            self.log_debit(order_id, cents, authorisation, behaviour.card)
            shown = behaviour.answer_amount_cents if behaviour.answer_amount_cents is not None else cents
            amount = f"{shown:0{max(2, behaviour.amount_width)}d}"
            answer += [(Tag.RESULT, Result.DONE), (Tag.DETAIL, Detail.AUTHORISED), (Tag.AMOUNT, amount),
                       (Tag.AUTHORISATION, authorisation), (Tag.MASKED_CARD, behaviour.card),
                       (Tag.APPLICATION, "00B"), (Tag.READ_MODE, "2")]
        else:
            answer += [(Tag.RESULT, Result.NOT_DONE), (Tag.DETAIL, DECLINE_DETAIL[outcome])]
        answer += [(Tag.ACTION, request[Tag.ACTION]), (Tag.CURRENCY, request[Tag.CURRENCY])]
        echoed = behaviour.answer_order_id if behaviour.answer_order_id is not None else order_id
        if echoed:
            answer.append((Tag.PRIVATE_DATA, echoed))
        data = caisse_ap.encode(answer)
        if outcome is Outcome.DROP_AFTER_DEBIT:
            if behaviour.drop_after_bytes:
                send(conn, data[:behaviour.drop_after_bytes], 1)
            # an RST, as when the terminal's network or power goes
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
            return False
        send(conn, data, behaviour.segments, behaviour.cuts)
        return not behaviour.close_after_answer

    # --- control
    def control(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request.get("op")
        if op == "push":
            with self.lock:
                self.script.append(Behaviour.from_json(request.get("behaviour", {})))
            return {"ok": True}
        if op == "wait_held":
            return {"ok": self.held.wait(float(request.get("timeout", 30)))}
        if op == "release":
            self.release_outcome = request.get("outcome")
            if self.release_outcome is not None:
                Outcome(self.release_outcome)
            self.done.clear()
            self.released.set()
            return {"ok": self.done.wait(float(request.get("timeout", 30)))}
        if op == "debits":
            with self.lock:
                return {"ok": True, "debits": list(self.debits)}
        if op == "timings":
            with self.lock:
                return {"ok": True, "timings": list(self.timings)}
        if op == "payments":
            with self.lock:
                return {"ok": True, "payments": self.payments}
        return {"ok": False, "error": f"unknown op {op!r}"}


def read_request(conn: socket.socket) -> dict[str, str] | str | None:
    """The kiosk's request once it parses with every required tag; a text if it cannot; None on close."""
    buffer = b""
    conn.settimeout(30)
    while True:
        try:
            chunk = conn.recv(4096)
        except OSError:
            return None
        if not chunk:
            return None
        buffer += chunk
        try:
            request = caisse_ap.parse(buffer)
        except caisse_ap.IncompleteRecordsError:
            continue
        except caisse_ap.MalformedRecordsError as exc:
            return str(exc)
        if all(t in request for t in REQUIRED):
            conn.settimeout(None)
            return request


def send(conn: socket.socket, data: bytes, segments: int, cuts: list[int] | None = None) -> None:
    if cuts:
        cuts = [0] + sorted({c for c in cuts if 0 < c < len(data)}) + [len(data)]
    else:
        segments = max(1, min(segments, len(data)))
        cuts = [len(data) * i // segments for i in range(segments + 1)]
    try:
        for i in range(len(cuts) - 1):
            if i:
                time.sleep(SEGMENT_PAUSE)
            conn.sendall(data[cuts[i]:cuts[i + 1]])
    except OSError:
        pass  # the kiosk went away: what was debited stays in the log


Servers = tuple[socketserver.ThreadingTCPServer, socketserver.ThreadingTCPServer]


def serve(sim: Simulator, port: int = 0, control_port: int = 0, host: str = "127.0.0.1") -> Servers:
    """The payment and control servers on loopback, each on its own thread."""
    class PaymentHandler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            sim.serve_payment(self.request)

    class ControlHandler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            for line in self.rfile:
                try:
                    answer = sim.control(json.loads(line))
                except (ValueError, TypeError) as exc:
                    answer = {"ok": False, "error": str(exc)}
                self.wfile.write(json.dumps(answer).encode() + b"\n")
                self.wfile.flush()

    socketserver.ThreadingTCPServer.allow_reuse_address = True
    socketserver.ThreadingTCPServer.daemon_threads = True
    payments = socketserver.ThreadingTCPServer((host, port), PaymentHandler)
    control = socketserver.ThreadingTCPServer((host, control_port), ControlHandler)
    for server in (payments, control):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    return payments, control


# --- for tests, the demo and the benchmark
class SimulatorControl:
    """The control channel of a running simulator."""

    def __init__(self, port: int, host: str = "127.0.0.1", timeout: float = 60.0) -> None:
        self._sock = socket.create_connection((host, port), timeout=timeout)
        self._file = self._sock.makefile("rwb")

    def call(self, op: str, **kw: Any) -> dict[str, Any]:
        self._file.write(json.dumps({"op": op, **kw}).encode() + b"\n")
        self._file.flush()
        answer = json.loads(self._file.readline())
        if not answer.get("ok"):
            raise RuntimeError(f"simulator {op}: {answer}")
        return answer

    def push(self, **behaviour: Any) -> None:
        self.call("push", behaviour=behaviour)

    def wait_held(self, timeout: float = 30.0) -> None:
        self.call("wait_held", timeout=timeout)

    def release(self, outcome: str | None = None, timeout: float = 30.0) -> None:
        self.call("release", outcome=outcome, timeout=timeout)

    def debits(self) -> list[dict[str, Any]]:
        return self.call("debits")["debits"]

    def timings(self) -> list[float]:
        return self.call("timings")["timings"]

    def payments(self) -> int:
        return self.call("payments")["payments"]

    def close(self) -> None:
        self._file.close()
        self._sock.close()


class SimulatorProcess:
    """``bms-payment-terminal-sim`` started as a child process on free ports."""

    def __init__(self, debit_log: Path | None = None, start_timeout: float = 20.0) -> None:
        cmd = [sys.executable, "-m", "bms_kiosk.hardware.payment_terminal_sim"]
        if debit_log is not None:
            cmd += ["--debit-log", str(debit_log)]
        self.debit_log = debit_log
        self.process = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        line = _readline(self.process, start_timeout)
        values = dict(part.split("=") for part in line.split())
        self.port = int(values["payment_port"])
        self.control = SimulatorControl(int(values["control_port"]))

    def logged_debits(self) -> list[dict[str, Any]]:
        """The debit log file as written (what the terminal really debited)."""
        assert self.debit_log is not None
        if not self.debit_log.exists():
            return []
        return [json.loads(line) for line in self.debit_log.read_text().splitlines()]

    def stop(self) -> None:
        self.control.close()
        self.process.terminate()
        self.process.wait(10)
        if self.process.stdout:
            self.process.stdout.close()


def _readline(process: subprocess.Popen, timeout: float) -> str:
    result: list[str] = []
    reader = threading.Thread(target=lambda: result.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if not result or not result[0]:
        process.kill()
        raise RuntimeError("le simulateur de terminal de paiement n'a pas démarré")
    return result[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bms-payment-terminal-sim", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="Caisse-AP port (0: a free one; real terminals: 8888)")
    parser.add_argument("--control-port", type=int, default=0, help="JSON-lines control port (0: a free one)")
    parser.add_argument("--debit-log", type=Path, help="JSON lines of every debit, fsynced")
    args = parser.parse_args(argv)
    sim = Simulator(args.debit_log)
    payments, control = serve(sim, args.port, args.control_port)
    print(f"payment_port={payments.server_address[1]} control_port={control.server_address[1]}", flush=True)
    threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
