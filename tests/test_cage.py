"""The terminal as deployed: the README's deployment steps, then the unit's own command line
(``kiosk.service``: ExecStart, Environment, User) under cage's headless backend, with the real
pcscd + vpcd reader, a private cupsd queue and the reference backend. ``grim`` takes what the
compositor shows."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest
from PIL import Image, ImageChops
from PySide6.QtCore import QBuffer

from bms_kiosk import __version__
from bms_kiosk.hardware.virtual_card import SimulatedCardSource
from bms_kiosk.window import FIRST_PAINT_LOG

from tests.support.cups import _open_up
from tests.support.deployment import Deployment, NotifySocket, deployment_packages
from tests.support.installed import InstalledKiosk, copy_sources
from tests.support.kiosk import SCREENS_DIR

pytestmark = pytest.mark.pcsc

WAYLAND_TOOLS = ("cage", "Xwayland", "grim", "wtype", "wf-recorder")
# A screencopy client that waits for damage, frames thrown away (hold_composited_rendering).
RECORDER = ["wf-recorder", "-m", "null", "-c", "rawvideo", "-f", "/dev/null"]
NOTIFY_SOCKET = "/run/systemd/notify"
OLDER = "0.0.1"
CAGE_HEADLESS_OUTPUT = (1280, 720)  # cage 0.1.4's headless output; it cannot be changed


def test_deployment_packages_are_installed() -> None:
    """The test machine has the README's deployment list (scripts/setup.sh installs it)."""
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
    first = copy_sources(base / "first", version=OLDER)  # then upgraded to the work tree
    upgrade = copy_sources(base / "upgrade")
    for folder in (first, upgrade):
        os.chmod(folder, 0o755)
    notify = NotifySocket(base / "notify")
    config = {"terminal_id": '"BMS-TEST-0001"', "backend_url": f'"{backend_server.url}"',
              "backend_terminal_key": f'"{backend_server.terminal_key}"',
              "printer_queue": f'"{running_cupsd.pdf_queue}"'}
    # What systemd gives a Type=notify unit with WatchdogSec= (2 s here: pings every second).
    extra = {"NOTIFY_SOCKET": NOTIFY_SOCKET, "WATCHDOG_USEC": "2000000"}
    binds = {"/run/pcscd": pcscd.run_dir, "/run/cups/cups.sock": Path(running_cupsd.socket),
             NOTIFY_SOCKET: notify.path}
    deployment = Deployment(base / "scratch", first, upgrade, config, extra, binds)
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


def hold_composited_rendering(deployment: Deployment, log: Path) -> subprocess.Popen[bytes]:
    """A screen recorder on cage from the moment its socket exists, before the kiosk's first frame.

    Why: cage 0.1.4 scans a fullscreen client's buffer out directly when it has the output's
    size, and then composites the next frame (the one ``grim`` copies) with only that frame's
    damage into a buffer that never received the kiosk's pixels: grim's screenshot is black
    (or an older screen) while the kiosk idles. A pending screencopy frame
    (``wf-recorder`` waits for damage) keeps direct scan-out off, so every frame is composited
    with its damage. A real DRM screen shows the scanned-out buffer itself (not checked on hardware).
    """
    deadline = time.monotonic() + 240
    while not deployment.compositor_up():
        assert deployment.proc is not None and deployment.proc.poll() is None, deployment.text()
        assert time.monotonic() < deadline, f"no Wayland socket from cage:\n{deployment.text()}"
        time.sleep(0.02)
    recorder = deployment.wayland_background(RECORDER, log)
    deployment.wait_until(lambda: "selected region" in log.read_text(errors="replace"), 10,
                          "wf-recorder connected", every=0.01)
    # The staged start paints the attract screen at once; the journey's first state repaints the
    # whole window once the rest is built: that frame must come after the recorder holds compositing.
    assert "state attract" not in deployment.text(), \
        "the journey showed its first state before the recorder held cage's compositing: the screenshot would not be reliable"
    return recorder


# The session's installed kiosk may be built here first (a fresh root fills build/wheelhouse from
# the registry), then the README's pip installs run twice (install, upgrade): in a fresh Debian 12
# root this file and test_installed.py took 88 s, too close to the default 120 s.
@pytest.mark.timeout(420)
def test_unit_command_under_cage_shows_the_attract_screen_full_screen(deployed, make_kiosk, qtbot,
                                                                      tmp_path: Path) -> None:
    deployment, notify = deployed
    recorder = hold_composited_rendering(deployment, tmp_path / "wf-recorder.log")
    try:
        deployment.wait_for(r"state attract", timeout=60)
        log = deployment.text()
        assert f"upgrade: from bms-kiosk {OLDER}" in log and f"upgrade: to bms-kiosk {__version__}" in log
        assert "upgrade: configuration, code hash, audit log and payment outbox kept" in log
        notify.wait_for("READY=1", timeout=30)
        notify.wait_for("WATCHDOG=1", timeout=30)
        # The kiosk's one window, the size of cage's output, on Qt's Wayland platform.
        width, height = CAGE_HEADLESS_OUTPUT
        deployment.wait_for(rf"{FIRST_PAINT_LOG}: {width}x{height} on wayland", timeout=30)
        reference = reference_attract(make_kiosk, qtbot, CAGE_HEADLESS_OUTPUT)
        SCREENS_DIR.mkdir(parents=True, exist_ok=True)
        reference.save(SCREENS_DIR / "cage-attract-reference.png")
        shots: list[Image.Image] = []

        def attract_shown() -> bool:
            shot = grab(deployment)
            shots.extend([shot] if shot else [])
            return shot is not None and differing_share(reference, shot) < 0.01

        try:
            deployment.wait_until(attract_shown, 30, "grim's screenshot equal to the attract screen", every=0.5)
        finally:
            if shots:
                shots[-1].save(SCREENS_DIR / "cage-attract.png")  # look at it
    finally:
        recorder.terminate()
        recorder.wait(timeout=10)
    # The kiosk's own attract screen, edge to edge: no other window, no cage background, no cursor.
    assert shots[-1].size == CAGE_HEADLESS_OUTPUT
