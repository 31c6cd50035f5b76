"""Soak: N scripted visits over every service on the real stack, with faults drawn from a seed.

    .venv/bin/python benchmarks/soak.py --visits 10000 --seed 1

The stack: a private pcscd with the virtual reader (vpcd) and our simulated cards, a private cupsd
with the kiosk's queue (cups-pdf, or ``--paper discard``: a raw queue whose backend drops the job,
no Ghostscript), the reference backend in its own process (restarted for real by the "restart"
fault), the payment terminal simulator over TCP, and the kiosk in its own process
(benchmarks/soak_kiosk.py) with a person tapping what each screen offers. ``--cards memory``
puts the simulated cards in the kiosk process instead of pcscd (no PC/SC polling: faster; the
memory sweep then means nothing).

Each visit picks a service (attestation de droits, IJ, relevé fiscal, créance paid on the
terminal simulator, complémentaire santé, messages) and, with ``--fault-rate``, one fault: the
card pulled at a random APDU or at a random screen, a malformed card, the backend answering 500,
hanging past the kiosk's timeout, or restarted (process killed and started again), the printer
out of paper, stopped (cupsdisable) or a job stuck, the person walking away (inactivity path).

After every visit the kiosk must be back on the attract screen; the runner counts crashes (the
kiosk process dying, an exception reaching the failsafe), stuck screens (a state held longer than
its limit, from the scaled settings), GUI stalls over 50 ms, and samples the kiosk's RSS. At the
end: a table, an RSS curve (PNG, drawn with Qt), and the privacy sweep (disk, log buffer, the
kiosk's memory: the test cards' NIRs, names and birth dates). The kiosk's delays are scaled down
(printed at the start): the person in front of it does not wait, and neither does the soak.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import selectors
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.cleanup import exit_on_signals, remove_at_exit  # noqa: E402
from benchmarks.soak_kiosk import SCALED, soak_config  # noqa: E402

SERVICES = ("attestation", "attestation_ij", "releve_fiscal", "creance", "oc", "messages")
CARDS_FOR = {  # the seed's people who can use each service (backend/bms_backend/cards)
    "attestation": ("famille4", "seul", "jumeaux", "famille6"),
    "attestation_ij": ("seul",),
    "releve_fiscal": ("seul",),
    "creance": ("seul",),
    "oc": ("famille4", "famille6"),
    "messages": ("famille4", "seul"),
}
MALFORMED = ("tlv_tronque", "cle_nir_fausse", "autre_atr")
FAULTS = ("pull_apdu", "pull_screen", "malformed", "backend_500", "backend_hang", "backend_restart",
          "paper_out", "printer_stopped", "job_stuck", "inactivity")
PAYMENT_OUTCOMES = ("approve", "approve", "refuse", "abandon")
SLACK = 5.0  # seconds over a state's limit before it counts as stuck (a loaded 2-core machine)
RETURN_LIMIT = 2.0 + SLACK  # card pulled → attract screen
# Freed memory overwritten: Python's objects through glibc's malloc (not pymalloc's arenas), and glibc
# filling every freed block (mallopt M_PERTURB): a visit's strings, HTTP bodies and Qt texts do not
# stay readable in the kiosk's memory once released.
SCRUB_ENV = {"PYTHONMALLOC": "malloc", "MALLOC_PERTURB_": "165"}
SETTLE = 0.02  # the attract screen shown this long before the next person inserts a card
CARDLESS = {"attract", "out_of_service", "reader_missing"}  # a card inserted there is not read
HOMES = {"attract", "out_of_service"}  # the attract screen, or its "out of service" face when a part is down
NO_READ_LIMIT = 5.0  # a card in and still the attract screen after this long: pulled and inserted again

BACKEND_SERVER = r"""
import asyncio, json, sys
import bms_backend.runner as runner

FAULT = {"mode": "ok", "left": 0, "seconds": 0.0}
_create = runner.create_app


def faulty(*args, **kwargs):
    app = _create(*args, **kwargs)

    async def wrapped(scope, receive, send):
        if scope["type"] == "http" and FAULT["left"] > 0:
            FAULT["left"] -= 1
            if FAULT["mode"] == "500":
                body = b'{"detail": "soak: internal server error"}'
                await send({"type": "http.response.start", "status": 500,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
            if FAULT["mode"] == "hang":
                await asyncio.sleep(FAULT["seconds"])
        await app(scope, receive, send)

    wrapped.state = app.state
    return wrapped


runner.create_app = faulty
a = json.loads(sys.argv[1])
server = runner.start_server_in_thread(a["db"], terminal_key=a.get("key"), port=a.get("port", 0))
print(json.dumps({"url": server.url, "key": server.terminal_key, "port": server.port}), flush=True)
for line in sys.stdin:
    FAULT.update(json.loads(line))
server.stop()
"""


def die_with_parent() -> None:
    """In a child, before exec: SIGTERM when the soak ends, however it ends (no stray kiosk)."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of a process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class BackendProcess:
    """The reference server in its own process, on one database, port and terminal key across restarts."""

    def __init__(self, workdir: Path) -> None:
        self.db = workdir / "backend.sqlite3"
        self.key: str | None = None
        self.port = 0
        self.url = ""
        self.proc: subprocess.Popen[str] | None = None
        self.restarts = 0
        self.lock = threading.Lock()
        self.start()

    def start(self) -> None:
        args = {"db": str(self.db), "key": self.key, "port": self.port}
        self.proc = subprocess.Popen([sys.executable, "-c", BACKEND_SERVER, json.dumps(args)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, cwd=ROOT,
                                     preexec_fn=die_with_parent)
        assert self.proc.stdout is not None
        info = json.loads(self.proc.stdout.readline())
        self.url, self.key, self.port = info["url"], info["key"], info["port"]

    def fault(self, mode: str, left: int = 1_000_000, seconds: float = 0.0) -> None:
        with self.lock:
            if self.proc is not None and self.proc.stdin is not None and self.proc.poll() is None:
                try:
                    self.proc.stdin.write(json.dumps({"mode": mode, "left": left, "seconds": seconds}) + "\n")
                    self.proc.stdin.flush()
                except OSError:
                    pass

    def restart(self) -> None:
        """A real restart: the process killed (SIGKILL) and started again on the same database."""
        with self.lock:
            if self.proc is not None:
                self.proc.kill()
                self.proc.wait()
            self.start()
            self.restarts += 1

    def reset_creances(self) -> None:
        """The créances paid off by earlier visits owe again (the seed's amounts), so that every
        créance visit can pay."""
        with sqlite3.connect(self.db, timeout=10) as db:
            db.execute("UPDATE creances SET remaining=initial WHERE reserved=0")

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class Visit:
    number: int
    service: str
    card: str
    fault: str | None
    at: int = 0  # the state (count in the visit) or the APDU at which the fault strikes
    outcome: str = "approve"  # the payment terminal's answer (créance)
    started: float = 0.0
    pulled_at: float | None = None
    states: list[str] = field(default_factory=list)
    struck: bool = False


@dataclass
class Figures:
    visits: int = 0
    back_home: int = 0
    crashes: int = 0
    unhandled: int = 0
    stuck: list[str] = field(default_factory=list)
    stalls: list[tuple[int, str]] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)
    returns: list[float] = field(default_factory=list)
    rss: list[tuple[int, int]] = field(default_factory=list)  # (visit, KB)
    by_service: dict[str, int] = field(default_factory=dict)
    by_fault: dict[str, int] = field(default_factory=dict)
    states_seen: dict[str, int] = field(default_factory=dict)
    state_time: dict[str, float] = field(default_factory=dict)  # seconds spent in each state, in visits
    reinserts: int = 0
    # where the soak's time goes, per visit (seconds): the kiosk home → the next card in; the faults
    # and the créance set up before it; put back after it
    between: list[float] = field(default_factory=list)
    setup: list[float] = field(default_factory=list)
    teardown: list[float] = field(default_factory=list)
    cannot: list[str] = field(default_factory=list)  # screens where the person found no button to tap
    counts: dict[int, dict[str, Any]] = field(default_factory=dict)
    malloc: dict[int, dict[str, Any]] = field(default_factory=dict)


def state_limit(state: str) -> float | None:
    """How long a state may hold before it counts as stuck (scaled settings); None: no limit."""
    s = SCALED
    if state in ("attract", "reader_missing", "out_of_service"):
        return None
    if state.endswith("_printing"):
        return s["print_timeout_delay"] + 30 + SLACK
    if state in ("cr_paying",):
        return s["payment_terminal_payment_delay"] + s["backend_call_delay"] + SLACK
    guarded = s["inactivity_delay"] + s["inactivity_answer_delay"] + 1
    return max(guarded, s["backend_call_delay"], s["error_return_delay"]) + SLACK


class Soak:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.figures = Figures()
        self.run_dir = Path(tempfile.mkdtemp(prefix="bms-soak-"))
        if not args.keep:  # the backend's database, the spool, the kiosk's logs: the test cards' data
            remove_at_exit(self.run_dir)
        os.chmod(self.run_dir, 0o755)
        self.kiosk: subprocess.Popen[str] | None = None
        self.sel = selectors.DefaultSelector()
        self.buffer = ""
        self.state = ""
        self.state_since = time.monotonic()
        self.visit: Visit | None = None
        self.card: Any = None  # the VpcdCard in the reader
        self.t0 = time.monotonic()
        self.started_wall = time.time()
        self.restore: list[Any] = []  # what to put back after the visit's fault
        self.pcscd: Any = None
        self.cupsd: Any = None
        self.backend: Any = None  # BackendProcess, once started
        self.sim: Any = None
        self.queue = "BMS"
        self.queue_device = ""
        self.stuck_reported = False
        self.home_at: float | None = None  # when the last visit ended (the kiosk home again)
        self.cpu: dict[str, float] = {}  # CPU seconds of the processes at the end of the visits
        from concurrent.futures import ThreadPoolExecutor

        self.world = ThreadPoolExecutor(max_workers=1, thread_name_prefix="soak-world")

    # --- the stack
    def start_stack(self) -> None:
        a = self.args
        if a.cards == "pcsc":
            from tests.support.pcsc import Pcscd

            self.pcscd = Pcscd(self.run_dir / "pcscd")
            self.pcscd.start()
            os.environ["PCSCLITE_CSOCK_NAME"] = str(self.pcscd.socket)
        from tests.support.cups import CUPS_PDF_PPD, start_private_cupsd

        self.cupsd = start_private_cupsd(self.run_dir)
        if a.paper == "pdf":
            self.queue_device, self.queue_ppd = f"cups-pdf:/{self.cupsd._cups_pdf_name}", CUPS_PDF_PPD
        else:
            self.queue_device, self.queue_ppd = self.cupsd.fault_uri(), None
        self.cupsd.add_queue(self.queue, self.queue_device, ppd=self.queue_ppd)
        self.backend = BackendProcess(self.run_dir)
        from bms_kiosk.hardware.payment_terminal_sim import SimulatorProcess

        self.sim = SimulatorProcess(debit_log=self.run_dir / "terminal-debits.jsonl")
        self.start_kiosk()

    def start_kiosk(self) -> None:
        screen = self.run_dir / "screen.json"
        screen.write_text(json.dumps({"screens": [{"name": "k", "x": 0, "y": 0, "width": 1920, "height": 1080}]}))
        args = {"screen_file": str(screen), "backend_url": self.backend.url, "terminal_key": self.backend.key,
                "printer_queue": self.queue, "cups_server": self.cupsd.socket, "payment_port": self.sim.port,
                "outbox": str(self.run_dir / "payment-outbox"), "audit_log": str(self.run_dir / "audit.jsonl"),
                "cards": self.args.cards, "settings": SCALED, "log_level": self.args.log_level,
                "live_paths": self.args.live_paths, "profile": self.args.profile_kiosk,
                "clear_qt_caches": self.args.clear_qt_caches}
        env = dict(os.environ, TMPDIR=str(self.run_dir / "kiosk-tmp"), HOME=str(self.run_dir / "kiosk-home"))
        if self.args.scrub:
            env.update(SCRUB_ENV)
        Path(env["TMPDIR"]).mkdir(exist_ok=True)
        Path(env["HOME"]).mkdir(exist_ok=True)
        self.kiosk_log = (self.run_dir / "kiosk.log").open("a")
        self.kiosk = subprocess.Popen([sys.executable, str(ROOT / "benchmarks" / "soak_kiosk.py"), json.dumps(args)],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.kiosk_log,
                                      text=True, cwd=self.run_dir, env=env, preexec_fn=die_with_parent)
        assert self.kiosk.stdout is not None
        os.set_blocking(self.kiosk.stdout.fileno(), False)
        self.sel.register(self.kiosk.stdout, selectors.EVENT_READ)
        self.buffer = ""
        self.wait_event("ready", 60)

    def stop_stack(self) -> None:
        """Whatever part of the stack started, stopped (also when the soak is stopped while starting)."""
        steps = [self.pull, self.stop_kiosk]
        steps += [p.stop for p in (self.backend, self.sim, self.pcscd) if p is not None]
        if self.cupsd is not None:
            steps.append(lambda: self.cupsd.close(remove=False))  # its root is in the run folder
        for step in steps:
            try:
                step()
            except Exception as e:  # noqa: BLE001 - the next part is stopped all the same
                print(f"  stopping the stack: {e!r}", flush=True)

    def stop_kiosk(self) -> None:
        if self.kiosk is not None and self.kiosk.poll() is None:
            self.command(c="quit")
            try:
                self.kiosk.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kiosk.kill()
                self.kiosk.wait()

    # --- talking to the kiosk
    def command(self, **cmd: Any) -> None:
        if self.kiosk is not None and self.kiosk.poll() is None and self.kiosk.stdin is not None:
            try:
                self.kiosk.stdin.write(json.dumps(cmd) + "\n")
                self.kiosk.stdin.flush()
            except OSError:
                pass

    def events(self, timeout: float) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if self.kiosk is None:
            return out
        for key, _ in self.sel.select(timeout):
            try:
                chunk = os.read(key.fileobj.fileno(), 65536).decode()  # type: ignore[union-attr]
            except BlockingIOError:
                continue
            if not chunk:
                break
            self.buffer += chunk
        while "\n" in self.buffer:
            line, self.buffer = self.buffer.split("\n", 1)
            if line.startswith("{"):
                out.append(json.loads(line))
        return out

    def wait_event(self, name: str, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events(0.1):
                self.handle(event)
                if event["e"] == name:
                    return event
            if self.kiosk is not None and self.kiosk.poll() is not None:
                raise RuntimeError(f"the kiosk process ended (code {self.kiosk.returncode}); see {self.run_dir}/kiosk.log")
        raise TimeoutError(f"no {name!r} from the kiosk in {timeout} s (state {self.state})")

    # --- the hand: card in, card out
    def insert(self, card: str, apdus: int | None) -> None:
        if self.args.cards == "memory":
            return  # the kiosk's own simulated source, told by the visit command
        from bms_kiosk.hardware.virtual_card import VpcdCard, shipped_cards

        self.card = VpcdCard(shipped_cards()[card], port=self.pcscd.ports[0], pull_after_apdus=apdus)
        self.card.insert()

    def pull(self) -> None:
        if self.visit is not None and self.visit.pulled_at is None:
            self.visit.pulled_at = time.monotonic()
        if self.args.cards == "memory":
            self.command(c="pull")
            return
        card, self.card = self.card, None
        if card is not None:
            card.pull()

    @property
    def card_out(self) -> bool:
        """The card is out of the reader: pulled by the hand, or by itself at its chosen APDU."""
        v = self.visit
        if self.args.cards == "memory":
            return v is None or v.pulled_at is not None or v.fault == "pull_apdu"
        return self.card is None or self.card.pulled.is_set()

    # --- the world's faults
    def printer(self, what: str) -> None:
        c = self.cupsd
        if what == "paper_out":
            c.set_device(self.queue, c.fault_uri("media-empty-error", 4))
            self.restore.append(self.fresh_queue)
        elif what == "printer_stopped":
            c.disable(self.queue, "soak")
            self.restore.append(lambda: c.enable(self.queue))
        elif what == "job_stuck":
            c.set_device(self.queue, c.fault_uri(sleep=60))
            self.restore.append(self.fresh_queue)

    def fresh_queue(self) -> None:
        """The printer as it was: its jobs cancelled, a new queue (printer-state-reasons forgotten)."""
        conn = self.cupsd.connection()
        try:
            conn.cancelAllJobs(self.queue, purge_jobs=True)
        except Exception:  # noqa: BLE001 - a queue with no job left
            pass
        self.cupsd.delete_queue(self.queue)
        self.cupsd.add_queue(self.queue, self.queue_device, ppd=self.queue_ppd)

    def strike(self, visit: Visit) -> None:
        """The visit's mid-visit fault, at its chosen screen."""
        visit.struck = True
        if visit.fault == "pull_screen":
            self.pull()
        elif visit.fault == "backend_500":
            self.backend.fault("500")
        elif visit.fault == "backend_hang":
            self.backend.fault("hang", seconds=SCALED["backend_read_timeout"] * 3)
        elif visit.fault == "backend_restart":
            # on the world's own thread, which lives as long as the soak: a child's parent-death
            # signal follows the thread that forked it
            self.world.submit(self.backend.restart)
        elif visit.fault == "inactivity":
            self.command(c="idle")

    # --- one visit
    def plan(self, number: int) -> Visit:
        service = self.rng.choice(SERVICES)
        card = self.rng.choice(CARDS_FOR[service])
        fault = self.rng.choice(FAULTS) if self.rng.random() < self.args.fault_rate else None
        visit = Visit(number, service, card, fault, outcome=self.rng.choice(PAYMENT_OUTCOMES))
        if fault == "malformed":
            visit.card = self.rng.choice(MALFORMED)
        elif fault == "pull_apdu":
            visit.at = self.rng.randint(1, 12)
        elif fault in ("pull_screen", "backend_500", "backend_hang", "backend_restart", "inactivity"):
            visit.at = self.rng.randint(1, 6)
        return visit

    def begin(self, visit: Visit) -> None:
        f = self.figures
        t = time.monotonic()
        if self.home_at is not None:
            f.between.append(t - self.home_at)
        f.by_service[visit.service] = f.by_service.get(visit.service, 0) + 1
        if visit.fault:
            f.by_fault[visit.fault] = f.by_fault.get(visit.fault, 0) + 1
        if visit.fault in ("paper_out", "printer_stopped", "job_stuck"):
            self.printer(visit.fault)
        if visit.service == "creance":
            self.backend.reset_creances()
            self.sim.control.push(outcome=visit.outcome)
            self.restore.append(self.sim_clear)
        self.visit = visit
        visit.started = time.monotonic()
        f.setup.append(visit.started - t)
        self.command(c="visit", service=visit.service, card=visit.card,
                     apdus=visit.at if visit.fault == "pull_apdu" else None)
        self.insert(visit.card, visit.at if visit.fault == "pull_apdu" else None)

    def sim_clear(self) -> None:
        try:
            self.sim.control.call("clear")
        except Exception:  # noqa: BLE001 - an older simulator: its script runs out by itself
            pass

    def end(self, visit: Visit, now: float) -> None:
        f = self.figures
        f.visits += 1
        f.back_home += 1
        f.durations.append(now - visit.started)
        if visit.pulled_at is not None:
            f.returns.append(now - visit.pulled_at)
        if visit.fault in ("backend_500", "backend_hang"):
            self.backend.fault("ok", left=0)
        for undo in self.restore:
            undo()
        self.restore.clear()
        f.rss.append((visit.number, rss_kb(self.kiosk.pid) if self.kiosk else 0))
        self.visit = None
        self.home_at = time.monotonic()
        f.teardown.append(self.home_at - now)

    def handle(self, event: dict[str, Any]) -> None:
        e = event["e"]
        now = float(event.get("t") or time.monotonic())  # when it happened, not when it was read
        if e == "state":
            f = self.figures
            if self.visit is not None and self.state:
                f.state_time[self.state] = f.state_time.get(self.state, 0.0) + now - self.state_since
            self.state, self.state_since, self.stuck_reported = event["s"], now, False
            f.states_seen[self.state] = f.states_seen.get(self.state, 0) + 1
            v = self.visit
            if v is not None:
                v.states.append(self.state)
                if v.fault and not v.struck and v.fault not in ("pull_apdu", "malformed") and len(v.states) >= v.at:
                    if self.state not in CARDLESS and self.state != "end":  # while the person is there
                        self.strike(v)
        elif e == "pull":
            self.pull()
        elif e == "cannot":
            self.figures.cannot.append(str(event["state"]))
            print(f"  the person found nothing to tap on {event['state']}", flush=True)
        elif e == "stall":
            self.figures.stalls.append((int(event["ms"]), str(event.get("state"))))
        elif e == "unhandled":
            self.figures.unhandled += 1
            print(f"  unhandled exception in the kiosk: {event['kind']} at {event['state']}", flush=True)
        elif e == "counts":
            self.figures.counts[self.figures.visits] = event

    def check_stuck(self, now: float) -> None:
        limit = state_limit(self.state)
        if limit is None or self.stuck_reported or now - self.state_since <= limit:
            return
        self.stuck_reported = True
        v = self.visit
        self.figures.stuck.append(f"{self.state} ({now - self.state_since:.1f} s, visit {v.number if v else '-'}, "
                                  f"{v.service if v else ''}, fault {v.fault if v else ''})")
        print(f"  STUCK: {self.figures.stuck[-1]}", flush=True)
        self.pull()  # the person gives up and takes the card

    def crashed(self) -> None:
        assert self.kiosk is not None
        self.figures.crashes += 1
        print(f"  CRASH: the kiosk process ended with {self.kiosk.returncode} (visit "
              f"{self.visit.number if self.visit else '-'}, state {self.state})", flush=True)
        self.sel.unregister(self.kiosk.stdout)
        self.pull()
        for undo in self.restore:
            undo()
        self.restore.clear()
        self.visit = None
        self.start_kiosk()

    def run(self) -> int:
        a = self.args
        checkpoints = {100, 1000, a.visits}
        number = 0
        visit_limit = 60.0
        while number < a.visits or self.visit is not None:
            now = time.monotonic()
            if a.max_seconds and now - self.t0 > a.max_seconds and self.visit is None and number < a.visits:
                print(f"  time limit ({a.max_seconds:.0f} s) reached after {number} visits: no new visit", flush=True)
                a.visits = number
                continue
            if self.visit is None and self.state == "attract" and number < a.visits \
                    and now - self.state_since > SETTLE:
                number += 1
                self.begin(self.plan(number))
            for event in self.events(0.02):
                self.handle(event)
            now = time.monotonic()
            v = self.visit
            if self.kiosk is not None and self.kiosk.poll() is not None:
                self.crashed()
                continue
            if v is not None and self.state in HOMES and self.card_out and set(v.states) - CARDLESS:
                if v.pulled_at is None:
                    v.pulled_at = now
                self.pull()
                self.end(v, now)
                if self.figures.visits in checkpoints:
                    kb = self.figures.rss[-1][1]
                    print(f"RSS after {self.figures.visits:5d} visits: {kb / 1024:7.1f} MB", flush=True)
                if self.figures.visits in a.malloc_at:
                    self.command(c="malloc", trim=a.malloc_trim)
                    m = self.wait_event("malloc", 30)
                    self.figures.malloc[self.figures.visits] = m
                    b = m["before"]
                    print(f"malloc after {self.figures.visits:5d} visits: RSS {b['rss_kb'] / 1024:.1f} MB (anonymous "
                          f"{b['anon_kb'] / 1024:.1f}, files {b['file_kb'] / 1024:.1f}), glibc heap "
                          f"{b['heap_kb'] / 1024:.1f} MB ({b['in_use_kb'] / 1024:.1f} in use, {b['free_kb'] / 1024:.1f} "
                          f"free), {b['threads']} threads" + (f"; after malloc_trim(0): RSS "
                          f"{m['after_trim']['rss_kb'] / 1024:.1f} MB" if "after_trim" in m else ""), flush=True)
                if a.trace_from and self.figures.visits in a.trace_from:
                    start = self.figures.visits == min(a.trace_from)
                    self.command(c="trace", start=start)
                    t = self.wait_event("trace", 120)
                    if not start:
                        print(f"Python allocations made since visit {min(a.trace_from)} and still held after "
                              f"{self.figures.visits}: {t['total_kb'] / 1024:.2f} MB; the largest:", flush=True)
                        for s in t["top"]:
                            print(f"  {s['kb']:8.1f} KB in {s['count']:6d} blocks  " + " < ".join(s["where"]), flush=True)
                if self.figures.visits in a.counts_at:
                    self.command(c="counts")
                    self.wait_event("counts", 30)
                if a.progress and self.figures.visits % a.progress == 0:
                    self.progress()
                continue
            if v is not None and not set(v.states) - CARDLESS and self.state in CARDLESS \
                    and now - v.started > NO_READ_LIMIT:
                # the kiosk left the attract screen and came back while the card went in (out of
                # service for a moment): the person takes the card and inserts it again
                self.figures.reinserts += 1
                self.pull()
                v.pulled_at, v.started = None, now
                self.command(c="visit", service=v.service, card=v.card, apdus=None)
                self.insert(v.card, None)
                continue
            if v is not None and now - v.started > visit_limit:
                self.figures.stuck.append(f"visit {v.number} not home after {visit_limit:.0f} s ({self.state}; "
                                          f"{v.service}, card {v.card}, fault {v.fault} at {v.at}, "
                                          f"states {' '.join(v.states[-8:])})")
                print(f"  STUCK: {self.figures.stuck[-1]}", flush=True)
                self.pull()
                v.started = now  # one report per visit limit
            self.check_stuck(now)
        return 0

    def progress(self) -> None:
        f = self.figures
        elapsed = time.monotonic() - self.t0
        print(f"  {f.visits} visits in {elapsed:.0f} s ({f.visits / elapsed:.2f}/s), RSS "
              f"{f.rss[-1][1] / 1024:.1f} MB, crashes {f.crashes}, stuck {len(f.stuck)}, "
              f"stalls>50ms {len(f.stalls)}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--visits", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fault-rate", type=float, default=0.3, help="share of visits with one fault")
    ap.add_argument("--cards", choices=("pcsc", "memory"), default="pcsc")
    ap.add_argument("--paper", choices=("pdf", "discard"), default="pdf",
                    help="pdf: cups-pdf writes each job; discard: a raw queue whose backend drops it")
    ap.add_argument("--png", default="", help="RSS curve (default: soak-rss.png in the run folder)")
    ap.add_argument("--progress", type=int, default=0, help="a progress line every N visits")
    ap.add_argument("--counts-at", type=lambda s: {int(x) for x in s.split(",") if x}, default=set(),
                    help="visits after which the kiosk reports its object counts (e.g. 10,30)")
    ap.add_argument("--malloc-at", type=lambda s: {int(x) for x in s.split(",") if x}, default=set(),
                    help="visits after which the kiosk reports glibc's heap (e.g. 100,1000)")
    ap.add_argument("--malloc-trim", action="store_true", help="and then trims it (malloc_trim(0)), RSS after")
    ap.add_argument("--trace-from", type=lambda s: {int(x) for x in s.split(",") if x}, default=set(),
                    help="A,B: tracemalloc in the kiosk from visit A; after B, what it allocated since A and still holds")
    ap.add_argument("--json", default="", help="write the figures as JSON here")
    ap.add_argument("--keep", action="store_true", help="keep the run folder")
    ap.add_argument("--log-level", default="INFO")
    ap.add_argument("--scrub", action="store_true",
                    help="the kiosk with " + " ".join(f"{k}={v}" for k, v in SCRUB_ENV.items()) + " (freed memory overwritten)")
    ap.add_argument("--no-sweep", action="store_true", help="no privacy sweep at the end")
    ap.add_argument("--live-paths", action="store_true", help="say who holds the NIRs still alive (diagnosis)")
    ap.add_argument("--max-seconds", type=float, default=0, help="stop starting visits after this long")
    ap.add_argument("--clear-qt-caches", action="store_true", help="QPixmapCache emptied at every visit's end (diagnosis)")
    ap.add_argument("--profile-kiosk", default="", help="cProfile the kiosk's GUI thread, stats written here")
    args = ap.parse_args()
    soak = Soak(args)
    print(f"soak: {args.visits} visits, seed {args.seed}, fault rate {args.fault_rate:.0%}, cards {args.cards}, "
          f"paper {args.paper}; run folder {soak.run_dir}", flush=True)
    print("scaled delays (s): " + ", ".join(f"{k} {v:g}" for k, v in SCALED.items()), flush=True)
    code = 1
    try:
        soak.start_stack()
        soak.t0 = time.monotonic()
        soak.run()
        elapsed = time.monotonic() - soak.t0
        t = os.times()
        soak.cpu = {"kiosk": cpu_seconds(soak.kiosk.pid if soak.kiosk else None),
                    "backend": cpu_seconds(soak.backend.proc.pid if soak.backend and soak.backend.proc else None),
                    "soak": t.user + t.system}
        from benchmarks.soak_report import privacy_sweep, report

        sweep = None if args.no_sweep else privacy_sweep(soak)
        code = report(soak, elapsed, sweep)
    finally:
        soak.stop_stack()
        if not args.keep:
            shutil.rmtree(soak.run_dir, ignore_errors=True)
    return code


if __name__ == "__main__":
    exit_on_signals()
    sys.exit(main())
