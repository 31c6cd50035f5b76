"""`bms-kiosk --demo --autoplay` walks every service and leaves one PDF per document."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bms_kiosk.flow.states import Core, PrintRole
from bms_kiosk.kiosk_services import REGISTERED


def test_autoplay_walks_every_service(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_QPA") and k != "BMS_KIOSK_CONFIG"}
    done = subprocess.run([sys.executable, "-m", "bms_kiosk", "--demo", "--autoplay", "--output", str(out)],
                          env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    pdfs = sorted(out.glob("*.pdf"))
    titles = sorted(p.stem.split("-", 4)[4] for p in pdfs)
    assert titles == sorted(spec.document.job_title for spec in REGISTERED if spec.document is not None)
    for pdf in pdfs:
        pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "Pages:           1" in pages
    shots = {p.stem.split("-", 1)[1] for p in out.glob("*.png")}
    for spec in REGISTERED:  # every step a visit passes through was rendered
        assert spec.document is None or spec.document.state(PrintRole.PRINTED) in shots
    # the OC choice for famille4 (notice at login, choice, confirmation, sent) and Mes messages
    assert {"oc_notice", "oc_choice-choisi", "oc_confirm", "oc_sent", "msg_list"} <= shots
    # each named after the screen it shows: a state, or a state and what the script did on it
    states = {str(s) for s in Core} | {str(step.name) for spec in REGISTERED for step in spec.all_steps()}
    assert {shot.split("-")[0] for shot in shots} <= states
