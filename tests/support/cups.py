"""A private cupsd for the tests and the benchmark: a cups-pdf queue and a fault backend.

Usable outside pytest: ``start_private_cupsd()`` returns a :class:`PrivateCupsd`; call
``close()`` when done. The pytest fixture ``cupsd`` (session scope) wraps it.

Recipes from ``shared/notes/cups.md``: every path under one temp root (chmod 0755 up the
path: filters run as user ``lp``), ServerBin made of symlinks to the system's plus our own
fault backend ``failprinter``, cups-pdf configured through ``/etc/cups/cups-pdf-<NAME>.conf``
(compiled-in location; removed at close). The cupsd keeps no job files (``PreserveJobFiles
No``) and a job history only for a few seconds (see docs/printing.md).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

import pytest

SYSTEM_SERVERBIN = Path("/usr/lib/cups")
CUPS_PDF_PPD = "lsb/usr/cups-pdf/CUPS-PDF_noopt.ppd"
CUPSD = shutil.which("cupsd") or "/usr/sbin/cupsd"

# The fault backend. Device URI: failprinter:/<name>?reason=<r>&exit=<n>&sleep=<s>&clear=<r>
# - reason: a printer-state-reason it sets ("STATE: +reason"), with "ERROR:" text (or INFO
#   when exit is 0);
# - clear: a reason it removes ("STATE: -reason"), as a printer does once paper is back;
# - sleep: seconds it takes before exiting (a job stuck at the printer);
# - exit: its backend status (man backend: 0 ok, 1 failed, 3 hold, 4 stop, 5 cancel).
FAULT_BACKEND = r"""#!/bin/sh
# failprinter: the tests' fault backend (written by tests/support/cups.py)
if [ $# -eq 0 ]; then
  echo 'direct failprinter "Unknown" "BMS kiosk test fault backend"'
  exit 0
fi
uri="${DEVICE_URI:-$0}"
case "$uri" in *\?*) query="${uri#*\?}" ;; *) query="" ;; esac
reason=""; clear=""; code=0; pause=0
IFS='&'
for kv in $query; do
  case "$kv" in
    reason=*) reason="${kv#reason=}" ;;
    clear=*) clear="${kv#clear=}" ;;
    exit=*) code="${kv#exit=}" ;;
    sleep=*) pause="${kv#sleep=}" ;;
  esac
done
unset IFS
if [ $# -lt 6 ]; then cat >/dev/null; fi
if [ -n "$clear" ]; then echo "STATE: -$clear" >&2; fi
if [ "$pause" != "0" ]; then sleep "$pause"; fi
if [ -n "$reason" ]; then
  echo "STATE: +$reason" >&2
  if [ "$code" = "0" ]; then echo "INFO: failprinter: $reason" >&2
  else echo "ERROR: failprinter: $reason" >&2; fi
fi
exit "$code"
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _open_up(path: Path) -> None:
    """chmod o+rx every directory from ``path`` up to / (filters run as ``lp``)."""
    for p in [path, *path.parents]:
        mode = p.stat().st_mode & 0o7777
        if mode & 0o055 != 0o055:
            os.chmod(p, mode | 0o755)


class PrivateCupsd:
    """One private cupsd under ``root``; ``socket`` is the server for cups.Connection(host=...)."""

    def __init__(self, root: Path, pdf_queue: str = "PDF") -> None:
        self.root = root
        self.pdf_queue = pdf_queue
        self.etc = root / "etc"
        self.socket = str(root / "run" / "cups.sock")
        self.port = _free_port()
        self.output_dir = root / "pdf-out"
        self.log_dir = root / "log"
        self._cups_pdf_name = f"bmstest{uuid.uuid4().hex[:8]}"
        self.cups_pdf_conf = Path(f"/etc/cups/cups-pdf-{self._cups_pdf_name}.conf")
        self._proc: subprocess.Popen[bytes] | None = None
        self._fault_count = 0

    # --- set-up ---------------------------------------------------------------------
    def write_config(self) -> None:
        r = self.root
        for sub in ("etc/ppd", "run", "spool/tmp", "cache", "state", "log", "serverbin/backend",
                    "pdf-out", "cups-pdf-spool"):
            (r / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(r / "spool", 0o710)
        os.chmod(r / "spool/tmp", 0o1777)
        os.chmod(r / "pdf-out", 0o755)
        os.chmod(r / "cups-pdf-spool", 0o1777)
        sb = r / "serverbin"
        for name in ("filter", "daemon", "driver", "cgi-bin", "monitor", "notifier"):
            src = SYSTEM_SERVERBIN / name
            if src.exists() and not (sb / name).exists():
                (sb / name).symlink_to(src)
        for b in (SYSTEM_SERVERBIN / "backend").iterdir():
            if not (sb / "backend" / b.name).exists():
                (sb / "backend" / b.name).symlink_to(b)
        fault = sb / "backend" / "failprinter"
        fault.write_text(FAULT_BACKEND)
        os.chmod(fault, 0o755)  # root-owned: the backend must not be group/world writable
        (self.etc / "cups-files.conf").write_text(
            f"ServerRoot {self.etc}\nRequestRoot {r / 'spool'}\nTempDir {r / 'spool/tmp'}\n"
            f"CacheDir {r / 'cache'}\nStateDir {r / 'state'}\nServerBin {sb}\n"
            f"AccessLog {r / 'log/access_log'}\nErrorLog {r / 'log/error_log'}\n"
            f"PageLog {r / 'log/page_log'}\nPrintcap {r / 'etc/printcap'}\n"
            "User lp\nGroup lp\nSystemGroup root\nFileDevice No\n"
        )
        (self.etc / "cupsd.conf").write_text(
            f"Listen {self.socket}\nListen 127.0.0.1:{self.port}\n"
            "Browsing No\nWebInterface No\nDefaultAuthType None\nLogLevel info\n"
            "ErrorPolicy stop-printer\n"
            # Privacy of the kiosk queue: no document kept once printed; a 60 s history of
            # generic job names, so that a finished job can still be told completed or not.
            "PreserveJobFiles No\nPreserveJobHistory 60\nMaxJobs 50\nMaxJobsPerPrinter 20\n"
            "JobRetryLimit 0\nAutoPurgeJobs Yes\n"
            "<Policy default>\n  <Limit All>\n    Order allow,deny\n    Allow all\n  </Limit>\n"
            "</Policy>\n"
        )
        self.cups_pdf_conf.write_text(
            f"Out {self.output_dir}\nAnonDirName {self.output_dir}\n"
            f"Spool {r / 'cups-pdf-spool'}\nLabel 1\nUserUMask 0022\nLogType 1\n"
            f"Log {r / 'log'}\nGrp root\n"
        )
        _open_up(r)

    def start(self, timeout: float = 15.0) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        self._proc = subprocess.Popen(
            [CUPSD, "-f", "-c", str(self.etc / "cupsd.conf"), "-s", str(self.etc / "cups-files.conf")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import cups  # the tests' own use of pycups, never the kiosk's

        deadline = time.monotonic() + timeout
        while True:
            try:
                cups.Connection(host=self.socket).getPrinters()
                return
            except (RuntimeError, cups.IPPError):
                if self._proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"private cupsd did not start; see {self.log_dir}/error_log")
                time.sleep(0.05)

    def stop(self) -> None:
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.terminate()
                try:
                    self._proc.wait(10)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
            self._proc = None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def close(self, remove: bool = True) -> None:
        """Stop cupsd, remove the cups-pdf config from /etc/cups and (by default) the temp root."""
        self.stop()
        self.cups_pdf_conf.unlink(missing_ok=True)
        if remove:
            shutil.rmtree(self.root, ignore_errors=True)

    # --- queues -----------------------------------------------------------------------
    def connection(self):  # type: ignore[no-untyped-def]
        import cups

        return cups.Connection(host=self.socket)

    def add_queue(self, name: str, device: str, ppd: str | None = CUPS_PDF_PPD,
                  error_policy: str | None = None) -> str:
        c = self.connection()
        if ppd:
            c.addPrinter(name, ppdname=ppd, device=device)
        else:
            c.addPrinter(name, device=device)
        if error_policy:
            c.setPrinterErrorPolicy(name, error_policy)
        c.setPrinterJobSheets(name, "none", "none")
        c.enablePrinter(name)
        c.acceptJobs(name)
        return name

    def add_pdf_queue(self) -> str:
        return self.add_queue(self.pdf_queue, f"cups-pdf:/{self._cups_pdf_name}")

    def make_fault_queue(self, reason: str = "", exit_code: int = 0, *, sleep: float = 0,
                         clear: str = "", error_policy: str | None = None,
                         name: str | None = None) -> str:
        """A new queue on the fault backend; returns its name."""
        self._fault_count += 1
        name = name or f"FAULT{self._fault_count}"
        self.add_queue(name, self.fault_uri(reason, exit_code, sleep=sleep, clear=clear),
                       error_policy=error_policy)
        return name

    @staticmethod
    def fault_uri(reason: str = "", exit_code: int = 0, *, sleep: float = 0, clear: str = "") -> str:
        q = {"exit": str(exit_code)}
        if reason:
            q["reason"] = reason
        if clear:
            q["clear"] = clear
        if sleep:
            q["sleep"] = f"{sleep:g}"
        return "failprinter:/p?" + urlencode(q)

    def set_device(self, name: str, device: str) -> None:
        self.connection().addPrinter(name, device=device)

    def delete_queue(self, name: str) -> None:
        self.connection().deletePrinter(name)

    def disable(self, name: str, reason: str = "maintenance") -> None:
        self.connection().disablePrinter(name, reason=reason)

    def enable(self, name: str) -> None:
        self.connection().enablePrinter(name)

    def reject(self, name: str, reason: str = "maintenance") -> None:
        self.connection().rejectJobs(name, reason=reason)

    def accept(self, name: str) -> None:
        self.connection().acceptJobs(name)

    def printer_attributes(self, name: str) -> dict:  # type: ignore[type-arg]
        return dict(self.connection().getPrinterAttributes(name))

    # --- jobs: cupsd's own list, independent of what the kiosk says or cups-pdf wrote ---------
    def job_ids(self, queue: str | None = None) -> list[int]:
        """Ids of the jobs cupsd knows (pending, processing, and finished within its history), in
        order; ``queue`` keeps one queue's jobs."""
        jobs = self.connection().getJobs(which_jobs="all", requested_attributes=["job-id", "job-printer-uri"])
        return sorted(j for j, attrs in jobs.items()
                      if queue is None or str(attrs.get("job-printer-uri", "")).rstrip("/").endswith(f"/{queue}"))

    def jobs_since(self, last_id: int, queue: str | None = None) -> list[int]:
        """Jobs submitted after job ``last_id`` (``max(job_ids(), default=0)`` taken before)."""
        return [j for j in self.job_ids(queue) if j > last_id]

    # --- output -----------------------------------------------------------------------
    def find_job_pdf(self, job_id: int, timeout: float = 10.0) -> Path:
        """The file cups-pdf wrote for ``job_id`` (``job_<id>-*.pdf``), once complete."""
        deadline = time.monotonic() + timeout
        while True:
            found = sorted(self.output_dir.glob(f"job_{job_id}-*.pdf"))
            if found:
                f = found[0]
                size = f.stat().st_size
                if size > 0 and f.read_bytes().rstrip().endswith(b"%%EOF"):
                    return f
            if time.monotonic() > deadline:
                raise FileNotFoundError(f"no PDF for job {job_id} in {self.output_dir}")
            time.sleep(0.05)

    def clear_output(self) -> None:
        for f in self.output_dir.glob("*.pdf"):
            f.unlink()


def start_private_cupsd(base: str | os.PathLike[str] | None = None,
                        pdf_queue: str = "PDF") -> PrivateCupsd:
    """Write the config, start cupsd, add the cups-pdf queue. The caller calls ``close()``."""
    root = Path(tempfile.mkdtemp(prefix="bms-cupsd-", dir=base))
    server = PrivateCupsd(root, pdf_queue=pdf_queue)
    server.write_config()
    try:
        server.start()
        server.add_pdf_queue()
    except BaseException:
        server.close()
        raise
    return server


def _cups_available() -> str | None:
    if os.geteuid() != 0:
        return "the private cupsd needs root (backends and cups-pdf config in /etc/cups)"
    if not Path(CUPSD).exists():
        return "cupsd is not installed (scripts/setup.sh)"
    if not (SYSTEM_SERVERBIN / "backend" / "cups-pdf").exists():
        return "printer-driver-cups-pdf is not installed (scripts/setup.sh)"
    try:
        import cups  # noqa: F401
    except ImportError:
        return "pycups is not installed"
    return None


@pytest.fixture(scope="session")
def cupsd() -> Iterator[PrivateCupsd]:
    """A private cupsd for the whole session, with the ``PDF`` cups-pdf queue."""
    why = _cups_available()
    if why:
        pytest.fail(f"CUPS is part of the real stack under test: {why}", pytrace=False)
    # Not under pytest's basetemp: another pytest run resets pytest-of-<user> to 0700, and the
    # filters, running as user lp, could no longer reach our spool.
    server = start_private_cupsd()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def running_cupsd(cupsd: PrivateCupsd) -> Iterator[PrivateCupsd]:
    """The session cupsd, restarted if a previous test stopped it."""
    if not cupsd.running:
        cupsd.start()
    yield cupsd
    if not cupsd.running:
        cupsd.start()
