"""The terminal as deployed: the README's deployment steps, then the unit's own command line
(``kiosk.service``: ExecStart, Environment, User) under cage's headless backend, with the real
pcscd + vpcd reader, a private cupsd queue and the reference backend. ``grim`` takes what the
compositor shows."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.cups import _open_up
from tests.support.deployment import Deployment, NotifySocket, deployment_packages
from tests.support.installed import InstalledKiosk, copy_sources

pytestmark = pytest.mark.pcsc

WAYLAND_TOOLS = ("cage", "Xwayland", "grim", "wtype")


def test_deployment_packages_are_installed() -> None:
    """The test machine has the README's deployment list (scripts/setup.sh installs it)."""
    import subprocess
    listed = deployment_packages()
    assert "cage" in listed and "xwayland" in listed
    status = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Status}\\n", *listed],
                            capture_output=True, text=True).stdout
    installed = {line.split()[0] for line in status.splitlines() if line.endswith("install ok installed")}
    assert set(listed) <= installed, sorted(set(listed) - installed)


@pytest.fixture
def deployed(installed_kiosk: InstalledKiosk, pcscd, running_cupsd, backend_server,
             tmp_path: Path) -> Iterator[tuple[Deployment, NotifySocket]]:
    for tool in WAYLAND_TOOLS:
        assert shutil.which(tool), f"{tool} is missing (scripts/setup.sh)"
    _open_up(pcscd.run_dir)  # the kiosk's user reaches our private pcscd
    base = Path(tempfile.mkdtemp(prefix="bms-deploy-"))
    os.chmod(base, 0o755)
    source = copy_sources(base / "source")
    os.chmod(source, 0o755)
    notify = NotifySocket(base / "notify")
    config = {"terminal_id": '"BMS-TEST-0001"', "backend_url": f'"{backend_server.url}"',
              "backend_terminal_key": f'"{backend_server.terminal_key}"',
              "printer_queue": f'"{running_cupsd.pdf_queue}"', "cups_server": f'"{running_cupsd.socket}"'}
    extra = {"PCSCLITE_CSOCK_NAME": os.environ["PCSCLITE_CSOCK_NAME"], "NOTIFY_SOCKET": str(notify.path),
             "WATCHDOG_USEC": "2000000"}
    deployment = Deployment(base / "scratch", source, config, extra)
    deployment.start()
    try:
        yield deployment, notify
    finally:
        deployment.stop()
        notify.close()
        print(deployment.text()[-3000:])
        shutil.rmtree(base, ignore_errors=True)


def test_unit_command_under_cage_paints_the_attract_screen(deployed, tmp_path: Path) -> None:
    deployment, notify = deployed
    deployment.wait_for(r"state attract", timeout=120)
    notify.wait_for("READY=1", timeout=30)
    shot = tmp_path / "cage.png"
    deployment.wait_until(lambda: deployment.wayland(["grim", "-"]).returncode == 0, 20, "grim")
    shot.write_bytes(deployment.wayland(["grim", "-"]).stdout)
    shutil.copy(shot, "/tmp/cage-shot.png")
