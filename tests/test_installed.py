"""The kiosk installed from its wheel into a new venv, run from a folder that is not the checkout:
everything it reads at run time must be in the wheel (issue 14: an installed kiosk could not find
its style sheet)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from tests.support.installed import ROOT, InstalledKiosk, run, run_or_dump
from tests.test_diag import write_config

PACKAGE_DATA = ("bms_kiosk/assets",)


def clean_env(**extra: str) -> dict[str, str]:
    """What a terminal's service has: no PYTHONPATH, no checkout, no Qt platform chosen for it."""
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8"}
    return {**env, **extra}


def test_the_wheel_carries_every_runtime_file(built_wheel: Path) -> None:
    names = set(zipfile.ZipFile(built_wheel).namelist())
    for folder in PACKAGE_DATA:
        shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".py"}
        assert shipped and shipped <= names, sorted(shipped - names)
    assert "bms_kiosk/assets/fonts/LICENSE-DejaVu.txt" in names
    assert "bms_kiosk/translations/bms_kiosk_en.qm" in names  # the screens in English


def test_installed_package_is_not_the_checkout(installed_kiosk: InstalledKiosk, tmp_path: Path) -> None:
    code = "import bms_kiosk.assets, bms_backend.store; print(bms_kiosk.assets.ASSETS); print(bms_backend.store.CARDS_DIR)"
    out = run([installed_kiosk.bin("python"), "-c", code], cwd=tmp_path, env=clean_env()).stdout.split()
    assert all(Path(p).is_relative_to(installed_kiosk.venv) for p in out), out


def test_installed_kiosk_shows_english(installed_kiosk: InstalledKiosk, tmp_path: Path) -> None:
    code = ("from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); from bms_kiosk import i18n; "
            "i18n.set_language('en'); print(i18n.catalogue_path(i18n.Language.EN)); print(i18n.displayed('MES SERVICES'))")
    where, said = run([installed_kiosk.bin("python"), "-c", code], cwd=tmp_path, env=clean_env()).stdout.splitlines()
    assert Path(where).is_relative_to(installed_kiosk.venv) and said == "MY SERVICES"


@pytest.mark.timeout(180)  # its own limit below comes first, with the stacks
def test_installed_demo_autoplay_from_another_folder(installed_kiosk: InstalledKiosk, tmp_path: Path) -> None:
    workdir = tmp_path / "ailleurs"
    workdir.mkdir()
    # the visit takes about 20 s here (60 s on a loaded machine); a stuck one shows its stacks before pytest's own timeout
    done = run_or_dump([installed_kiosk.bin("bms-kiosk"), "--demo", "--autoplay", "--output", "captures"],
                       timeout=130, cwd=workdir, env=clean_env())
    shots = sorted((workdir / "captures").glob("*.png"))
    assert f"{len(shots)} captures d'écran" in done.stdout and len(shots) > 10
    assert shots[0].name == "01-attract.png"
    assert list((workdir / "captures").glob("*attestation-droits.pdf")), "the visit printed its attestation"
    assert "Traceback" not in done.stderr


@pytest.mark.pcsc
def test_installed_diag_from_another_folder(installed_kiosk: InstalledKiosk, pcscd, card_robot, running_cupsd,
                                            backend_server, tmp_path: Path) -> None:
    card_robot.insert("famille4", wait=True)
    config = write_config(tmp_path, running_cupsd, backend_server)
    workdir = tmp_path / "ailleurs"
    workdir.mkdir()
    done = run([installed_kiosk.bin("bms-kiosk"), "diag", "--config", config], cwd=workdir,
               env=clean_env(PCSCLITE_CSOCK_NAME=os.environ["PCSCLITE_CSOCK_NAME"]), timeout=60)
    assert "Tout fonctionne." in done.stdout
    assert "Virtual PCD 00 00 : carte présente (carte Vitale)" in done.stdout
