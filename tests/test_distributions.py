"""The three distributions: each wheel builds alone and brings only what it declares.

The client's and the backend's wheels are installed into new virtual environments outside the
checkout (pip's cache spares the downloads on the second run); the kiosk's wheel is built and
its declared dependencies read, not installed (PySide6 is several hundred MB).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from bms_client import messages
from bms_client.client import BackendClient
from bms_client.errors import TerminalUnauthorisedError, WrongCodeError
from tests.support.doc_samples import code_blocks, python_script

ROOT = Path(__file__).resolve().parent.parent
CLIENT_DOC = ROOT / "docs" / "client.md"
BASICS = {"pip", "setuptools", "wheel"}  # what a new virtual environment holds before anything
NEVER_IN_CLIENT = {"pyside6", "pyside6-essentials", "pyside6-addons", "shiboken6", "pyscard", "pycups",
                   "reportlab", "fastapi", "uvicorn", "starlette", "pydantic", "bms-kiosk", "bms-backend"}
NEVER_IN_BACKEND = {"pyside6", "pyside6-essentials", "pyside6-addons", "shiboken6", "pyscard", "pycups",
                    "reportlab", "bms-kiosk"}


def _copy(dist: str, into: Path) -> Path:
    """The distribution's sources outside the checkout, without build leftovers."""
    target = into / dist
    shutil.copytree(ROOT / dist, target,
                    ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", "dist"))
    return target


def _run(cmd: list[str] | str, cwd: Path, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, **kw)
    assert done.returncode == 0, f"{cmd}\n{done.stdout}\n{done.stderr}"
    return done


def _name(project: str) -> str:
    return re.sub(r"[-_.]+", "-", project).lower()


def _installed(venv: Path) -> set[str]:
    out = _run([str(venv / "bin" / "pip"), "list", "--format", "json"], cwd=venv).stdout
    return {_name(p["name"]) for p in json.loads(out)}


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return {name.split("/")[0] for name in zf.namelist()}


def _requires(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(zf.read(meta).decode()).get_all("Requires-Dist") or []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    assert not tmp_path.resolve().is_relative_to(ROOT), "the new environments belong outside the checkout"
    return tmp_path


def test_client_wheel_alone_pays_a_creance(outside, backend_server):
    _copy("client", outside)
    # the install commands of docs/client.md, as written there
    (install,) = [code for _, code in code_blocks(CLIENT_DOC, "sh")]
    done = _run(["bash", "-euo", "pipefail", "-c", install], cwd=outside)
    assert "usage: bms-client" in done.stdout
    venv = outside / "venv-client"

    wheel = outside / "dist" / "bms_client-0.1.0-py3-none-any.whl"  # pure Python: nothing to compile
    assert _wheel_names(wheel) == {"bms_client", "bms_client-0.1.0.dist-info"}
    assert sorted(re.split(r"[<>=; ]", r)[0] for r in _requires(wheel)) == ["python-stdnum", "requests", "urllib3"]

    installed = _installed(venv)
    assert not installed & NEVER_IN_CLIENT
    assert installed - BASICS == {"bms-client", "python-stdnum", "requests", "urllib3",
                                  "certifi", "idna", "charset-normalizer"}
    # nothing to compile: pip resolves the same set from wheels only (no C compiler, no headers needed)
    report = _run([str(venv / "bin" / "pip"), "install", "--dry-run", "--ignore-installed", "--only-binary", ":all:",
                   "--quiet", "--report", "-", str(wheel)], cwd=outside).stdout
    assert {_name(i["metadata"]["name"]) for i in json.loads(report)["install"]} == installed - BASICS
    where = _run([str(venv / "bin" / "python"), "-c", "import bms_client; print(bms_client.__file__)"],
                 cwd=outside).stdout
    assert Path(where.strip()).is_relative_to(venv)

    # every Python sample of docs/client.md, typed into that environment's Python shell
    shell = subprocess.run([str(venv / "bin" / "python"), "-"], input=python_script(CLIENT_DOC), cwd=outside,
                           capture_output=True, text=True, timeout=120,
                           env={**os.environ, "BMS_API_URL": backend_server.url,
                                "BMS_TERMINAL_KEY": backend_server.terminal_key})
    assert shell.returncode == 0, shell.stderr
    assert "Votre paiement a été accepté" in shell.stdout
    assert "**** **** **** 4242" in shell.stdout


def test_backend_wheel_serves_without_the_kiosk(outside):
    _copy("client", outside)
    _copy("backend", outside)
    venv = outside / "venv-backend"
    _run(["python3", "-m", "venv", str(venv)], cwd=outside)
    pip = str(venv / "bin" / "pip")
    _run([pip, "wheel", "--no-deps", "-w", "dist", "./client", "./backend"], cwd=outside)
    wheel = outside / "dist" / "bms_backend-0.1.0-py3-none-any.whl"
    assert _wheel_names(wheel) == {"bms_backend", "bms_backend-0.1.0.dist-info"}
    assert not any(r.lower().startswith("bms-kiosk") for r in _requires(wheel))
    _run([pip, "install", "--find-links", "dist", "bms-backend"], cwd=outside)

    installed = _installed(venv)
    assert not installed & NEVER_IN_BACKEND
    assert {"bms-backend", "bms-client", "fastapi", "uvicorn"} <= installed

    db = outside / "backend.sqlite3"
    key = _run([str(venv / "bin" / "bms-backend"), "issue-terminal", "WEB-0001", "--db", str(db)],
               cwd=outside).stdout.strip()
    port = _free_port()
    server = subprocess.Popen([str(venv / "bin" / "bms-backend"), "serve", "--port", str(port), "--db", str(db)],
                              cwd=outside, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in server.stderr:  # uvicorn says when it listens; EOF if the server died
            if "Uvicorn running on" in line:
                break
        else:
            pytest.fail(f"bms-backend serve stopped: {server.wait()}")
        url = f"http://127.0.0.1:{port}"
        client = BackendClient(url, key, retries=0)
        assert client.health()["status"] == "ok"
        # the server's words are the client package's
        with pytest.raises(TerminalUnauthorisedError) as refused:
            BackendClient(url, "not-a-key", retries=0).open_session(["199999999999999"], "1234")
        assert refused.value.message_fr == messages.TERMINAL_UNAUTHORISED
        # an unknown NIR answers exactly as a wrong code would (no account enumeration, issue 12)
        with pytest.raises(WrongCodeError) as unknown:
            client.open_session(["199999999999999"], "1234")
        assert unknown.value.message_fr == messages.wrong_code(unknown.value.attempts_left)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_kiosk_wheel_declares_the_client_and_the_backend_only_for_the_demo(outside):
    src = outside / "kiosk"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src)
    shutil.copytree(ROOT / "bms_kiosk", src / "bms_kiosk", ignore=shutil.ignore_patterns("__pycache__"))
    _run([str(ROOT / ".venv" / "bin" / "pip"), "wheel", "--no-deps", "-w", str(outside / "dist"), str(src)],
         cwd=outside)
    (wheel,) = (outside / "dist").glob("bms_kiosk-*.whl")
    assert _wheel_names(wheel) == {"bms_kiosk", wheel.name.split("-py3")[0] + ".dist-info"}
    plain = {re.split(r"[<>=; ]", r)[0].lower() for r in _requires(wheel) if "extra ==" not in r}
    assert {"bms-client", "pyside6-essentials", "pyscard", "pycups", "reportlab"} <= plain
    assert not plain & {"bms-backend", "fastapi", "uvicorn"}
    demo = [r for r in _requires(wheel) if 'extra == "demo"' in r]
    assert [re.split(r"[<>=; ]", r)[0] for r in demo] == ["bms-backend"]
