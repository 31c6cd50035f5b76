"""Automatic out-of-service, driven by the real stack: private cupsd, reference server, pcscd."""

from __future__ import annotations

import pytest

from bms_kiosk.hardware.virtual_card import SimulatedCardSource, shipped_cards
from bms_kiosk.maintenance.health import availability, Health
from tests.support.kiosk import save_screen

WAIT = 8000


def texts_of(kiosk) -> list[str]:
    return kiosk.window.current.visible_texts()


def test_availability_policy():
    assert availability(Health()).block is None
    assert set(availability(Health(printer_ok=False), printing={"attestation"}).refused) == {"attestation"}
    assert "Impression momentanément indisponible" in availability(Health(printer_ok=False)).notice
    assert availability(Health(backend_ok=False)).block.title == "Service momentanément indisponible"
    assert availability(Health(False, False, False)).block.title == "Borne hors service"
    assert availability(Health(False, False, False)).reader_message.title == "Borne hors service"
    assert availability(Health(), manual=True).block.title == "Borne hors service"


@pytest.fixture
def stack_kiosk(make_kiosk, running_cupsd, backend_server, qtbot, tmp_path):
    source = SimulatedCardSource()
    kiosk = make_kiosk(source, backend=backend_server, printer_queue=running_cupsd.pdf_queue,
                       cups_server=str(running_cupsd.socket), health_check_delay=0.2,
                       audit_log_path=str(tmp_path / "audit.jsonl"))
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract" and kiosk.maintenance.monitor.health.details.get(
        "serveur", "").startswith("joignable"), timeout=WAIT)
    yield kiosk
    running_cupsd.enable(running_cupsd.pdf_queue)
    backend_server.start()


def test_printer_down_refuses_printing_services_then_recovers(stack_kiosk, running_cupsd, qtbot):
    kiosk = stack_kiosk
    attract = kiosk.window.screens["attract"]
    assert not attract.notice.isVisible()
    running_cupsd.disable(running_cupsd.pdf_queue, reason="papier")
    qtbot.waitUntil(lambda: attract.notice.isVisibleTo(attract), timeout=WAIT)
    assert "Impression momentanément indisponible" in attract.notice.text()
    assert set(kiosk.journey.refused_services) == kiosk.journey.printing_services
    assert kiosk.journey.state == "attract"  # cards are still taken
    save_screen(kiosk, "attract-printer-down")
    running_cupsd.enable(running_cupsd.pdf_queue)
    qtbot.waitUntil(lambda: not attract.notice.isVisibleTo(attract), timeout=WAIT)
    assert kiosk.journey.refused_services == {}


def test_backend_down_puts_the_terminal_out_of_service_then_recovers(stack_kiosk, backend_server, qtbot):
    kiosk = stack_kiosk
    start = len(kiosk.journey.history)
    backend_server.stop()
    qtbot.waitUntil(lambda: kiosk.journey.state == "out_of_service", timeout=WAIT)
    assert "Service momentanément indisponible" in texts_of(kiosk)
    save_screen(kiosk, "out_of_service-backend")
    # the card is read and handed to the journey (the signal a session would start from)…
    with qtbot.waitSignal(kiosk.bridge.card_read, timeout=WAIT):
        kiosk.source.insert(shipped_cards()["famille4"])
    # …which refuses it: no session, the terminal stays out of service
    assert kiosk.journey.state == "out_of_service" and kiosk.journey.session.card is None
    kiosk.source.pull()
    backend_server.start()
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=WAIT)
    assert kiosk.journey.history[start:] == ["out_of_service", "attract"]


def healthy_pcsc_kiosk(make_kiosk, running_cupsd, backend_server, qtbot, tmp_path):
    """A kiosk on pcscd, the private cupsd and the backend, on its attract screen with every part well."""
    from bms_kiosk.hardware.pcsc import PcscCardSource

    kiosk = make_kiosk(PcscCardSource(poll_delay=0.1), backend=backend_server,
                       printer_queue=running_cupsd.pdf_queue, cups_server=str(running_cupsd.socket),
                       health_check_delay=0.2, audit_log_path=str(tmp_path / "audit.jsonl"))
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract" and kiosk.journey.reader_ready
                    and kiosk.maintenance.monitor.health.all_ok, timeout=WAIT)
    return kiosk


@pytest.mark.pcsc
def test_reader_fault_and_everything_down(make_kiosk, pcscd, running_cupsd, backend_server, qtbot, tmp_path):
    kiosk = healthy_pcsc_kiosk(make_kiosk, running_cupsd, backend_server, qtbot, tmp_path)
    try:
        pcscd.stop()
        qtbot.waitUntil(lambda: kiosk.journey.state == "reader_missing", timeout=WAIT)
        assert not kiosk.maintenance.monitor.health.reader_ok
        assert "Le lecteur de carte est momentanément indisponible" in texts_of(kiosk)
        save_screen(kiosk, "reader_missing-pcscd-down")

        backend_server.stop()
        running_cupsd.disable(running_cupsd.pdf_queue)
        qtbot.waitUntil(lambda: "Borne hors service" in texts_of(kiosk), timeout=WAIT)
        assert kiosk.maintenance.monitor.health.nothing_ok
        save_screen(kiosk, "out_of_service-everything-down")

        pcscd.start()
        running_cupsd.enable(running_cupsd.pdf_queue)
        qtbot.waitUntil(lambda: kiosk.journey.state == "out_of_service", timeout=WAIT)  # backend still down
        backend_server.start()
        qtbot.waitUntil(lambda: kiosk.journey.state == "attract" and kiosk.maintenance.monitor.health.all_ok,
                        timeout=WAIT)
        assert "Insérez votre carte Vitale" in texts_of(kiosk)
    finally:
        pcscd.start()
        running_cupsd.enable(running_cupsd.pdf_queue)
        backend_server.start()


def test_printer_down_the_menu_greys_the_printing_services_with_the_reason(stack_kiosk, running_cupsd, qtbot):
    from bms_backend.store import DEFAULT_CODE

    kiosk = stack_kiosk
    running_cupsd.disable(running_cupsd.pdf_queue, reason="papier")
    qtbot.waitUntil(lambda: set(kiosk.journey.refused_services) == kiosk.journey.printing_services, timeout=WAIT)
    kiosk.source.insert(shipped_cards()["famille4"])
    qtbot.waitUntil(lambda: kiosk.journey.state == "auth", timeout=WAIT)
    auth = kiosk.window.screens["auth"]
    auth.type_code(DEFAULT_CODE)
    auth.primary_button.click()
    qtbot.waitUntil(lambda: kiosk.journey.state == "oc_notice", timeout=WAIT)  # famille4: an open OC overlap
    kiosk.window.screens["oc_notice"].later_button.click()
    qtbot.waitUntil(lambda: kiosk.journey.state == "menu", timeout=WAIT)
    menu = kiosk.window.screens["menu"]
    labels = [spec.label for spec in kiosk.journey.catalogue]
    assert [b.text() for b in menu.choices.buttons()] == labels  # shown, in order, not hidden
    printing = {spec.label for spec in kiosk.journey.catalogue if spec.prints}
    assert {b.text() for b in menu.choices.buttons() if not b.isEnabled()} == printing
    texts = menu.visible_texts()
    assert texts.count("Indisponible : l'imprimante ne fonctionne pas pour le moment.") == len(printing)
    save_screen(kiosk, "menu-printer-down")
    kiosk.journey.choose_service("attestation")  # refused even if asked
    assert kiosk.journey.state == "menu"
    kiosk.source.pull()
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=WAIT)
    running_cupsd.enable(running_cupsd.pdf_queue)


@pytest.mark.pcsc
@pytest.mark.parametrize("down", ["backend", "technician"])
def test_a_card_inserted_out_of_service_is_read_when_the_terminal_comes_back(
        make_kiosk, pcscd, card_robot, running_cupsd, backend_server, qtbot, tmp_path, down):
    """A person inserts a card while the terminal shows "hors service" (the backend down, or a
    technician's out-of-service mode): refused then. When the terminal comes back into service with
    the card still in, the card is read as if just inserted: the code screen, not the attract screen
    asking for a card that is in the reader (found by the soak, issue 13)."""
    kiosk = healthy_pcsc_kiosk(make_kiosk, running_cupsd, backend_server, qtbot, tmp_path)
    try:
        if down == "backend":
            backend_server.stop()
        else:
            kiosk.maintenance.out_of_service.set_manual(True)
        qtbot.waitUntil(lambda: kiosk.journey.state == "out_of_service", timeout=WAIT)
        with qtbot.waitSignal(kiosk.bridge.card_read, timeout=WAIT):  # read, and refused
            card_robot.insert("famille4")
        qtbot.wait(300)
        assert kiosk.journey.state == "out_of_service" and kiosk.journey.session.card is None
        start = len(kiosk.journey.history)
        if down == "backend":
            backend_server.start()
        else:
            kiosk.maintenance.out_of_service.set_manual(False)
        qtbot.waitUntil(lambda: kiosk.journey.state == "auth", timeout=WAIT)
        assert kiosk.journey.history[start:] == ["attract", "reading", "auth"]
        assert "Bonjour Paul MARTIN." in kiosk.window.current.visible_texts()
        card_robot.pull()
        qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=WAIT)
        assert kiosk.journey.session.card is None
    finally:
        backend_server.start()


@pytest.mark.parametrize("left_from", ["tech_code", "maintenance"])
def test_a_card_left_in_by_the_technician_is_read_when_the_terminal_is_back(stack_kiosk, qtbot, left_from):
    """A card that went in while the technician's screens were up (refused then) is read once the
    technician leaves: the code screen, not "Insérez votre carte" with a card in the reader."""
    kiosk = stack_kiosk
    kiosk.maintenance.technician.open_keypad()
    qtbot.waitUntil(lambda: kiosk.journey.state == "tech_code", timeout=WAIT)
    if left_from == "maintenance":
        assert kiosk.journey.go("maintenance")
    with qtbot.waitSignal(kiosk.bridge.card_read, timeout=WAIT):
        kiosk.source.insert(shipped_cards()["famille4"])
    qtbot.wait(300)
    assert kiosk.journey.state == left_from and kiosk.journey.session.card is None
    start = len(kiosk.journey.history)
    kiosk.maintenance.technician.leave("quitter")
    qtbot.waitUntil(lambda: kiosk.journey.state == "auth", timeout=WAIT)
    assert kiosk.journey.history[start:] == ["attract", "reading", "auth"]
    kiosk.source.pull()
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=WAIT)
