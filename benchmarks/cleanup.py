"""A benchmark stopped by a signal cleans up as one that ends: its temporary folders go.

They hold what a run wrote with the test cards' data: the backend's database, the CUPS spool and the
cups-pdf output, the kiosk's logs and audit (NIRs, names, birth dates). By default SIGTERM and
SIGHUP end Python at once (no ``finally``, no ``atexit``), and an exception raised in a Qt slot does
not leave the event loop. ``exit_on_signals()`` turns SIGTERM, SIGHUP and SIGINT into a normal end;
``temp_dir()`` makes a folder removed at exit however the script ends (but SIGKILL).
"""

from __future__ import annotations

import atexit
import shutil
import signal
import sys
import tempfile
from pathlib import Path

SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
_folders: list[Path] = []


def _remove_all() -> None:
    while _folders:
        shutil.rmtree(_folders.pop(), ignore_errors=True)


atexit.register(_remove_all)


def remove_at_exit(path: str | Path) -> Path:
    """``path`` (a folder) removed when the process ends: normally, by an exception, by a signal of
    ``SIGNALS`` once ``exit_on_signals()`` ran."""
    path = Path(path)
    _folders.append(path)
    return path


def temp_dir(prefix: str) -> Path:
    return remove_at_exit(tempfile.mkdtemp(prefix=prefix))


def _on_signal(signum: int, _frame: object) -> None:
    for s in SIGNALS:  # the clean-up runs to its end: a second Ctrl-C or kill does not cut it short
        signal.signal(s, signal.SIG_IGN)
    code = 128 + signum
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None and qtcore.QCoreApplication.instance() is not None \
            and qtcore.QThread.currentThread().loopLevel() > 0:
        # in Qt's event loop: raised here, the exception would only reach sys.excepthook
        qtcore.QCoreApplication.exit(code)
        return
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(code)


def exit_on_signals() -> None:
    """SIGTERM, SIGHUP, SIGINT: the script ends as by an exception (``finally`` blocks, context
    managers and ``atexit`` run), or, in a Qt event loop, the loop ends with 128 + the signal."""
    for s in SIGNALS:
        signal.signal(s, _on_signal)
