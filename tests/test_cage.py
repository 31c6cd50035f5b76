"""The terminal as deployed: the README's deployment steps, then the unit's own command line
(``kiosk.service``: ExecStart, Environment, User) under cage's headless backend, with the real
pcscd + vpcd reader, a private cupsd queue and the reference backend. ``grim`` takes what the
compositor shows."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import pytest
from PIL import Image, ImageChops
from PySide6.QtCore import QBuffer

from bms_kiosk.hardware.virtual_card import SimulatedCardSource

from tests.support.cups import _open_up
from tests.support.deployment import Deployment, NotifySocket, deployment_packages
from tests.support.installed import InstalledKiosk, copy_sources
from tests.support.kiosk import SCREENS_DIR

pytestmark = pytest.mark.pcsc

WAYLAND_TOOLS = ("cage", "Xwayland", "grim", "wtype")
NOTIFY_SOCKET = "/run/systemd/notify"
CAGE_HEADLESS_OUTPUT = (1280, 720)  # cage 0.1.4's headless output; it cannot be changed


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
              "printer_queue": f'"{running_cupsd.pdf_queue}"'}
    # What systemd gives a Type=notify unit with WatchdogSec= (2 s here: pings every second).
    extra = {"NOTIFY_SOCKET": NOTIFY_SOCKET, "WATCHDOG_USEC": "2000000"}
    binds = {"/run/pcscd": pcscd.run_dir, "/run/cups/cups.sock": Path(running_cupsd.socket),
             NOTIFY_SOCKET: notify.path}
    deployment = Deployment(base / "scratch", source, config, extra, binds)
    deployment.start()
    try:
        yield deployment, notify
    finally:
        deployment.stop()
        notify.close()
        print(deployment.text()[-3000:])
        shutil.rmtree(base, ignore_errors=True)


def grab(deployment: Deployment) -> Image.Image | None:
    """What cage shows, by ``grim``; None while cage has no output yet."""
    done = deployment.wayland(["grim", "-"])
    return Image.open(io.BytesIO(done.stdout)).convert("RGB") if done.returncode == 0 else None


def differing_share(a: Image.Image, b: Image.Image) -> float:
    """Share of pixels that differ by more than anti-aliasing does."""
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 48 else 0)
    return diff.histogram()[255] / (a.width * a.height)


def reference_attract(make_kiosk, qtbot, size: tuple[int, int]) -> Image.Image:
    """The attract screen as the tests render it offscreen, at the compositor's size."""
    kiosk = make_kiosk(SimulatedCardSource(), fullscreen=False)
    kiosk.window.setFixedSize(*size)
    qtbot.waitUntil(lambda: kiosk.window.current.name == "attract" and kiosk.window.size().width() == size[0])
    qtbot.wait(50)  # one paint at the new size
    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    kiosk.window.grab().save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")


def test_unit_command_under_cage_paints_the_attract_screen(deployed, make_kiosk, qtbot) -> None:
    deployment, notify = deployed
    deployment.wait_for(r"state attract", timeout=120)
    notify.wait_for("READY=1", timeout=30)
    notify.wait_for("WATCHDOG=1", timeout=30)
    shots: list[Image.Image] = []

    def painted() -> bool:
        shot = grab(deployment)
        if shot is not None:
            shots.append(shot)
        return shot is not None and shot.convert("L").getextrema()[1] > 0 and len(shots) > 1 \
            and differing_share(shots[-2], shot) == 0  # two equal frames: painted and settled

    deployment.wait_until(painted, 30, "a painted, settled frame from cage")
    shot = shots[-1]
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    shot.save(SCREENS_DIR / "cage-attract.png")
    assert shot.size == CAGE_HEADLESS_OUTPUT
    reference = reference_attract(make_kiosk, qtbot, shot.size)
    reference.save(SCREENS_DIR / "cage-attract-reference.png")
    # The kiosk's own attract screen, edge to edge: no other window, no cage background, no cursor.
    share = differing_share(reference, shot)
    assert share < 0.01, f"{share:.1%} of the screen differs from the attract screen (build/screens/cage-attract*.png)"
