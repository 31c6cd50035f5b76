"""Every screen and overlay of every service, rendered at 1920×1080 in every style: all text fits.

One tour of the real kiosk (bms_kiosk.render_screens: embedded reference backend over HTTP on
loopback, simulated cards, the demo file printer) per style, shared by the tests of this module.
A view whose text does not fit is saved to build/screens/tour-STYLE/ (look at it); the whole set is
``python -m bms_kiosk.render_screens docs/screens``.
"""

from __future__ import annotations

import pytest

from bms_kiosk.render_screens import STYLES, Tour, build_tour_kiosk, run_tour, save
from tests.support.kiosk import SCREENS_DIR


@pytest.fixture(scope="module", params=sorted(STYLES))
def tour(request):
    from PySide6.QtWidgets import QApplication

    folder = SCREENS_DIR / f"tour-{request.param}"
    folder.mkdir(parents=True, exist_ok=True)
    kiosk = build_tour_kiosk(request.param)
    try:
        yield run_tour(kiosk, Tour(kiosk, keep_images=False, on_shot=lambda shot: _keep_bad(kiosk, shot, folder)))
    finally:
        kiosk.shutdown()
        QApplication.processEvents()


def _keep_bad(kiosk, shot, folder) -> None:
    if shot.problems:
        shot.image = kiosk.window.grab().toImage()
        save(shot, folder, (1920, 1080))


def test_every_state_is_rendered(tour) -> None:
    shown = {shot.screen for shot in tour.shots}
    assert set(tour.journey.moves) - {"maintenance"} <= shown


def test_every_text_fits(tour) -> None:
    problems = [f"{shot.name}: {problem}" for shot in tour.shots for problem in shot.problems]
    assert problems == []
