"""The kiosk as a terminal gets it: a wheel built from the checkout, installed into a new virtual
environment of the system's ``python3``, outside the checkout (never the editable install).

The dependencies' wheels (PySide6 is 250 MB; pyscard and pycups are compiled) are fetched or built
once into ``build/wheelhouse`` and kept between runs; each install then works offline from there
(``pip install --no-index --find-links``).

``built_wheel``: the session's wheel of the work tree. ``installed_kiosk``: a venv with it
installed, readable by every user (the kiosk's own user must be able to run it).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
WHEELHOUSE = ROOT / "build" / "wheelhouse"
SYSTEM_PYTHON = "/usr/bin/python3"  # the terminal's interpreter (README: python3 -m venv)
VERSION_LINE = re.compile(r'^__version__ = "[^"]*"$', re.M)


def run(cmd: list[str | os.PathLike[str]], **kw: object) -> subprocess.CompletedProcess[str]:
    """A command that must succeed; its output is in the failure message when it does not."""
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{' '.join(map(str, cmd))} → {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done  # type: ignore[no-any-return]


def run_or_dump(cmd: list[str | os.PathLike[str]], timeout: float, **kw: object) -> subprocess.CompletedProcess[str]:
    """``run``, but a process still running after ``timeout`` s is sent SIGABRT: Python's
    faulthandler (``PYTHONFAULTHANDLER``) then prints every thread's stack, and the failure shows
    that with the last of its log, rather than a bare timeout."""
    env = {**kw.pop("env", os.environ), "PYTHONFAULTHANDLER": "1"}  # type: ignore[dict-item]
    process = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env, **kw)  # type: ignore[call-overload]
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        try:
            out, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
        pytest.fail(f"{' '.join(map(str, cmd))}: still running after {timeout:.0f} s; its stacks and log:\n"
                    f"{err[-12000:]}\n--- stdout:\n{out[-2000:]}", pytrace=False)
    assert process.returncode == 0, f"{' '.join(map(str, cmd))} → {process.returncode}\n{out}\n{err[-12000:]}"
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def copy_sources(dest: Path, version: str | None = None) -> Path:
    """The files git would ship (tracked, or new and not ignored) copied to ``dest``: no stale
    ``build/lib``, no egg-info; ``version`` replaces ``bms_kiosk.__version__`` (an upgrade)."""
    listed = run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    if version is not None:
        init = dest / "bms_kiosk" / "__init__.py"
        init.write_text(VERSION_LINE.sub(f'__version__ = "{version}"', init.read_text()))
    return dest


def build_wheel(out: Path, version: str | None = None) -> Path:
    """The kiosk's wheel, with the client's and the backend's (its dependency and its demo extra) beside it."""
    with tempfile.TemporaryDirectory(prefix="bms-src-") as src:
        copy_sources(Path(src), version)
        run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, src,
             Path(src) / "client", Path(src) / "backend"])
    wheels = sorted(out.glob("bms_kiosk-*.whl"), key=lambda p: p.stat().st_mtime)
    assert wheels, f"no wheel in {out}"
    return wheels[-1]


def fill_wheelhouse(pip: Path, wheel: Path) -> None:
    """The wheel's dependencies, and what building it from source needs (``pip install
    /opt/bms-kiosk`` offline), into WHEELHOUSE for ``pip``'s interpreter (only what is missing)."""
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    build_requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    run([pip, "wheel", "-q", "-w", WHEELHOUSE, "--find-links", WHEELHOUSE, "--find-links", wheel.parent,
         f"{wheel}[demo]", *build_requires])
    for ours in WHEELHOUSE.glob("bms_*.whl"):  # a dependency cache, not a second copy of us
        ours.unlink()


def install_venv(venv: Path, wheel: Path, python: str = SYSTEM_PYTHON) -> Path:
    """``python -m venv VENV`` (if new) and ``pip install WHEEL`` from the wheelhouse, offline."""
    if not (venv / "bin" / "python").exists():
        run([python, "-m", "venv", venv])
    pip = venv / "bin" / "pip"
    fill_wheelhouse(pip, wheel)
    run([pip, "install", "-q", "--no-index", "--find-links", WHEELHOUSE, "--find-links", wheel.parent, f"{wheel}[demo]"])
    return venv


@dataclass
class InstalledKiosk:
    venv: Path
    wheel: Path

    def bin(self, name: str) -> Path:
        return self.venv / "bin" / name


@pytest.fixture(scope="session")
def built_wheel() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="bms-wheel-") as out:
        yield build_wheel(Path(out))


@pytest.fixture(scope="session")
def installed_kiosk(built_wheel: Path) -> Iterator[InstalledKiosk]:
    if not Path(SYSTEM_PYTHON).exists():
        pytest.fail(f"{SYSTEM_PYTHON} is the terminal's interpreter (python3, scripts/setup.sh)", pytrace=False)
    # Not under pytest's basetemp (0700, root's): the kiosk's own user runs this venv too.
    with tempfile.TemporaryDirectory(prefix="bms-installed-") as base:
        os.chmod(base, 0o755)
        yield InstalledKiosk(install_venv(Path(base) / "venv", built_wheel), built_wheel)
