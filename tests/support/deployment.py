"""The README's "Deployment on a terminal", run as written, in a private mount namespace.

``/etc``, ``/opt`` and ``/var`` are overlays (the host's files below, our writes on a tmpfs
above) and ``/run`` is a tmpfs: the deployment's ``useradd``, ``/opt/bms-kiosk`` and
``/etc/bms-kiosk`` exist in that namespace only, beside the host and another test run. The
README's shell blocks are taken from the README itself; some lines are replaced or left out, and
say why: ``apt-get`` (this machine has the packages: ``deployment_packages``), ``git clone`` and
``git pull`` (copies of the work tree instead, new files as git writes them), what needs systemd as PID 1 (``systemctl``,
``journalctl``: the tests have no init; what the unit would do is done by hand from the unit's
own settings) and pip reaches the packages through ``build/wheelhouse`` (``PIP_FIND_LINKS``).

Then the unit's own ``ExecStart=`` runs as the unit's ``User=`` with the unit's ``Environment=``,
plus cage's headless backend: ``Deployment.wayland(cmd)`` runs a Wayland client (``grim``,
``wtype``) in the same namespace, as the same user.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import textwrap
import time
from pathlib import Path
from typing import Callable

from bms_kiosk.settings import CONFIG_ENV
from tests.support.installed import ROOT, WHEELHOUSE
from tests.support.unit import Unit, read_unit

README = ROOT / "README.md"
DEPLOY_HEADING = "## Deployment on a terminal"
HEADLESS_CAGE = {"WLR_BACKENDS": "headless", "WLR_RENDERER": "pixman", "WLR_LIBINPUT_NO_DEVICES": "1"}
TECHNICIAN_CODE = "246810"
WAYLAND_SOCKET = "wayland-0"
SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# run by the installed kiosk's interpreter, as the kiosk's user: its payment outbox, and an order
# begun in it (what a payment interrupted before the upgrade leaves)
OUTBOX_DIR = "from bms_kiosk.settings import load_config; print(load_config().payment_outbox_dir)"
OUTBOX_ENTRY = ("from bms_kiosk.settings import load_config; from bms_kiosk.payment.outbox import Outbox; "
                "Outbox(load_config().payment_outbox_dir).begin('AVANT-MISE-A-JOUR', 1600)")


def deployment_blocks() -> list[str]:
    """The ``sh`` blocks of the README's deployment section, in order, un-indented."""
    section = README.read_text().split(DEPLOY_HEADING, 1)[1].split("\n## ", 1)[0]
    return [textwrap.dedent(b) for _, b in re.findall(r"^( *)```sh\n(.*?)^\1```", section, re.M | re.S)]


def block(word: str) -> str:
    found = [b for b in deployment_blocks() if word in b]
    assert len(found) == 1, f"the README's deployment section has {len(found)} blocks with {word!r}"
    return found[0]


PACKAGES_SCRIPT = "scripts/debian-packages.sh"
TERMINAL_PACKAGES = f"$(bash /opt/bms-kiosk/{PACKAGES_SCRIPT} terminal)"


def deployment_packages() -> list[str]:
    """The terminal's Debian packages: README step 1 installs ``scripts/debian-packages.sh``'s
    ``terminal`` group (and git to fetch the software)."""
    assert TERMINAL_PACKAGES in block("git clone"), f"README step 1 does not install {TERMINAL_PACKAGES}"
    printed = subprocess.run(["bash", str(ROOT / PACKAGES_SCRIPT), "terminal"], capture_output=True,
                             text=True, check=True).stdout.split()
    return ["git", "ca-certificates", *printed]


def _replace_lines(text: str, starts: str, by: str) -> str:
    lines = [by if line.startswith(starts) else line for line in text.splitlines()]
    assert by in lines, f"no line starting with {starts!r} in:\n{text}"
    return "\n".join(lines)


def _without_lines(text: str, *starts: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith(starts))


def _systemd_dirs(unit: Unit, user: str) -> str:
    """What systemd makes for the unit before ExecStart: Runtime-, Logs-, StateDirectory, owned by
    the unit's user down to what root wrote there earlier (set-technician-code's audit line)."""
    lines = []
    for kind, base in (("Runtime", "/run"), ("Logs", "/var/log"), ("State", "/var/lib")):
        for name in unit.service.get(f"{kind}Directory", []):
            mode = unit.service.get(f"{kind}DirectoryMode", ["0755"])[0]
            lines.append(f"install -d -o {user} -g {user} -m {mode} {base}/{name}")
            lines.append(f"chown -R {user}:{user} {base}/{name}")
    return "\n".join(lines)


def _bind(target: str, source: Path) -> str:
    make = f"mkdir -p {target}" if source.is_dir() else f"mkdir -p {Path(target).parent}; touch {target}"
    return f"{make}; mount --bind {source} {target}"


def deployment_script(first: Path, upgrade: Path, scratch: Path, config: dict[str, str], env: dict[str, str],
                      binds: dict[str, Path]) -> str:
    """Namespace set-up, README steps 1 (without apt-get), 2, 3, 5, 6, 7 with the sources ``first``, the upgrade (step 8)
    to the sources ``upgrade``, then the unit's command as its user.

    ``binds``: the test's daemons' sockets at the places a terminal has them (/run/pcscd…).
    """
    unit = read_unit()
    user = unit.value("User")
    set_keys = "\n".join(
        f"sed -i '/^{key} = /d' /etc/bms-kiosk/kiosk.toml; echo {shlex.quote(f'{key} = {value}')} >> /etc/bms-kiosk/kiosk.toml"
        for key, value in config.items())
    unit_block = _without_lines(block("systemctl enable"), "systemctl", "journalctl")
    # apt-get: the test machine has the packages already (test_deployment_packages_are_installed)
    install = _without_lines(_replace_lines(block("git clone"), "git clone", f"cp -r {first} /opt/bms-kiosk"),
                             "apt-get")
    upgrade_block = _without_lines(_replace_lines(block("git -C /opt/bms-kiosk pull"), "git -C",
                                                  f"cp -r {upgrade}/. /opt/bms-kiosk/"), "systemctl")
    audit_line = shlex.quote(f"""echo '{{"event": "avant-mise-a-jour"}}' >> /var/log/{user}/audit.jsonl""")
    command = shlex.join(["env", "-i", *(f"{k}={v}" for k, v in env.items()), *unit.exec_start])
    return f"""set -euo pipefail
mount -t tmpfs tmpfs {scratch}
for d in etc opt var; do
  mkdir -p {scratch}/$d/upper {scratch}/$d/work
  mount -t overlay overlay -o lowerdir=/$d,upperdir={scratch}/$d/upper,workdir={scratch}/$d/work /$d
done
mount -t tmpfs -o mode=0755 tmpfs /run
# A terminal that never had the kiosk: whatever the host has at its paths is hidden (whiteouts in
# the overlays' upper layers; the host's files stay), e.g. an audit log another run left there.
rm -rf /opt/bms-kiosk /etc/bms-kiosk /var/log/{user} /var/lib/{user}
export PATH={SYSTEMD_PATH}
unset PCSCLITE_CSOCK_NAME  # pcscd where a terminal has it: /run/pcscd (bound below)
{chr(10).join(_bind(t, s) for t, s in binds.items())}
export PIP_NO_INDEX=1 PIP_FIND_LINKS={WHEELHOUSE} PIP_QUIET=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# README steps 1 and 2 (the software)
{install}
{block("python3 -m venv")}
# README step 3 (the user)
{block("useradd")}
# README step 5 (the configuration; the code on stdin), then this test's backend, queue, reader
{block("set-technician-code")}
{set_keys}
# README step 6 (diag)
{block("bms-kiosk diag")}
# README step 7 (the unit) without systemctl: what systemd would do, from the unit's settings
{unit_block}
{_systemd_dirs(unit, user)}
# README step 8 (an upgrade) over a terminal that has its state: an audit line, the code's hash,
# a card payment of unknown outcome in the payment outbox (written by the installed kiosk itself)
runuser -u {user} -- sh -c {audit_line}
grep -q '^technician_code_hash = ' /etc/bms-kiosk/kiosk.toml
runuser -u {user} -- env {CONFIG_ENV}=/etc/bms-kiosk/kiosk.toml /opt/bms-kiosk/.venv/bin/python -c {shlex.quote(OUTBOX_ENTRY)}
outbox_files=$(find "$(runuser -u {user} -- env {CONFIG_ENV}=/etc/bms-kiosk/kiosk.toml /opt/bms-kiosk/.venv/bin/python -c {shlex.quote(OUTBOX_DIR)})" -type f | sort)
test -n "$outbox_files"
sha256sum /etc/bms-kiosk/kiosk.toml /var/log/{user}/audit.jsonl $outbox_files > {scratch}/state.sha256
echo "upgrade: from $(/opt/bms-kiosk/.venv/bin/bms-kiosk --version)"
{upgrade_block}
echo "upgrade: to $(/opt/bms-kiosk/.venv/bin/bms-kiosk --version)"
sha256sum --check --quiet {scratch}/state.sha256
echo "upgrade: configuration, code hash, audit log and payment outbox kept"
mount -t tmpfs -o mode=1777 tmpfs /tmp  # PrivateTmp=yes (Xwayland's /tmp/.X11-unix stays ours)
cd /
echo "deployment: started {user}'s ExecStart" >&2
exec runuser -u {user} -- {command}
"""


class Deployment:
    """The deployed kiosk under cage: started by ``start()``, its stderr in ``log``."""

    def __init__(self, scratch: Path, first: Path, upgrade: Path, config: dict[str, str],
                 extra_env: dict[str, str], binds: dict[str, Path]) -> None:
        self.unit = read_unit()
        self.user = self.unit.value("User")
        scratch.mkdir(parents=True, exist_ok=True)
        self.log = scratch.parent / f"{scratch.name}.log"
        env = {"PATH": SYSTEMD_PATH, "HOME": f"/var/lib/{self.user}", "USER": self.user, "LOGNAME": self.user,
               "SHELL": "/usr/sbin/nologin", **self.unit.environment, **HEADLESS_CAGE, **extra_env}
        self.env = env
        self.script = deployment_script(first, upgrade, scratch, config, env, binds)
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                ["unshare", "--mount", "--propagation", "private", "bash", "-c", self.script],
                stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{TECHNICIAN_CODE}\n{TECHNICIAN_CODE}\n".encode())
        self.proc.stdin.close()

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, pattern: str, timeout: float) -> None:
        """Until ``pattern`` (a regex) is in the log; fails early if the deployment ended."""
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.text(), re.M):
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise AssertionError(f"the deployment ended ({self.proc.returncode}) before {pattern!r}:\n{self.text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {pattern!r} within {timeout:.0f} s:\n{self.text()}")
            time.sleep(0.1)

    def _nsenter(self) -> list[str]:
        """Into the deployment's mount namespace, at its root: without ``--root``, entering a mount
        namespace from inside a chroot (CI's fresh roots) lands in the host's / instead."""
        assert self.proc is not None
        return ["nsenter", "--mount", "--root", "--wd", "--target", str(self.proc.pid)]

    def inside(self, cmd: list[str], **kw: object) -> subprocess.CompletedProcess[bytes]:
        """A command in the deployment's mount namespace, as root."""
        assert self.proc is not None
        return subprocess.run([*self._nsenter(), *cmd],  # type: ignore[call-overload]
                              capture_output=True, timeout=30, **kw)

    def _as_client(self, cmd: list[str]) -> list[str]:
        assert self.proc is not None
        runtime = self.env["XDG_RUNTIME_DIR"]
        return [*self._nsenter(), "runuser", "-u", self.user, "--",
                "env", f"XDG_RUNTIME_DIR={runtime}", f"WAYLAND_DISPLAY={WAYLAND_SOCKET}", *cmd]

    def wayland(self, cmd: list[str]) -> subprocess.CompletedProcess[bytes]:
        """A Wayland client of the kiosk's cage, as the kiosk's user."""
        return subprocess.run(self._as_client(cmd), capture_output=True, timeout=30)

    def wayland_background(self, cmd: list[str], log: Path) -> subprocess.Popen[bytes]:
        """A Wayland client of the kiosk's cage that keeps running (the caller ends it), output in ``log``."""
        with log.open("wb") as out:
            return subprocess.Popen(self._as_client(cmd), stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT)

    def compositor_up(self) -> bool:
        """cage's Wayland socket exists (cage starts the kiosk at the same moment)."""
        socket_path = f"{self.env['XDG_RUNTIME_DIR']}/{WAYLAND_SOCKET}"
        return self.proc is not None and self.proc.poll() is None and \
            self.inside(["test", "-S", socket_path]).returncode == 0

    def wait_until(self, check: Callable[[], bool], timeout: float, what: str, every: float = 0.2) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not within {timeout:.0f} s\n{self.text()}")
            time.sleep(every)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=15)


class NotifySocket:
    """A ``NOTIFY_SOCKET`` of our own, as systemd gives a ``Type=notify`` unit; any user may send."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o755)
        self.path = folder / "notify"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(self.path))
        os.chmod(self.path, 0o666)
        self.messages: list[str] = []

    def wait_for(self, message: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while message not in self.messages:
            left = deadline - time.monotonic()
            assert left > 0, f"no {message} within {timeout:.0f} s (got {self.messages})"
            self.sock.settimeout(left)
            try:
                self.messages.extend(self.sock.recv(4096).decode().splitlines())
            except socket.timeout:
                pass

    def close(self) -> None:
        self.sock.close()
