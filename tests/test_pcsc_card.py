"""The card layer through the real PC/SC stack: our pcscd, the vpcd reader, simulated cards."""

from __future__ import annotations

import queue
import time
from datetime import date
from typing import Callable

import pytest

from bms_kiosk.hardware.card_errors import (CardRemovedError, MalformedCardError, NotVitaleError,
                                            PcscUnavailableError)
from bms_kiosk.hardware.card_events import (CardEvent, CardInserted, CardRead, CardReadFailed,
                                            CardRemoved, ReaderState, ReaderStatus)
from bms_kiosk.hardware.pcsc import PcscCardSource, PcscConnection
from bms_kiosk.hardware.virtual_card import SimulatedCardSource, load_card, shipped_cards
from bms_kiosk.hardware.vitale import read_vitale
from bms_client.models import BirthDate, Qualite, VitaleCard
from tests.support.pcsc import READER_NAMES

pytestmark = pytest.mark.pcsc

READER = READER_NAMES[0]
ERRORS = {"cle_nir_fausse": MalformedCardError, "tlv_tronque": MalformedCardError,
          "autre_atr": NotVitaleError, "date_mal_formee": MalformedCardError}
QUALITES = {"assure": Qualite.ASSURE, "conjoint": Qualite.CONJOINT, "enfant": Qualite.ENFANT,
            "autre": Qualite.AUTRE}


def expected_people(name: str) -> list[tuple[str, str, BirthDate, str, int, Qualite]]:
    card = load_card(shipped_cards()[name])
    out = []
    for i, p in enumerate(card.beneficiaries):
        n = p["naissance"]
        default_q = Qualite.ASSURE if i == 0 else Qualite.AUTRE
        out.append((p["nom"], p["prenom"], BirthDate.from_card(n), p["nir"],
                    p.get("rang", 1), QUALITES[p["qualite"]] if "qualite" in p else default_q))
    return out


def check_card(name: str, card: VitaleCard) -> None:
    got = [(b.nom, b.prenom, b.date_naissance, b.nir, b.rang, b.qualite) for b in card.beneficiaries]
    assert got == expected_people(name)
    spec = load_card(shipped_cards()[name])
    assert card.atr == spec.atr
    assert card.code_regime == spec.code_regime and card.caisse_code == spec.caisse_code
    assert card.valid_from == date(2021, 3, 15)


class Events:
    """Collects a source's events from its thread; ``wait_for`` blocks until a matching one."""

    def __init__(self) -> None:
        self.all: list[CardEvent] = []
        self._q: queue.Queue[CardEvent] = queue.Queue()

    def __call__(self, event: CardEvent) -> None:
        self.all.append(event)
        self._q.put(event)

    def wait_for(self, match: Callable[[CardEvent], bool], timeout: float = 5.0) -> CardEvent:
        deadline = time.monotonic() + timeout
        while True:
            try:
                event = self._q.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"pas d'événement attendu en {timeout} s ; reçus : {self.all}") from None
            if match(event):
                return event

    def kinds(self) -> list[str]:
        return [type(e).__name__ if not isinstance(e, ReaderStatus) else f"ReaderStatus.{e.state.name}"
                for e in self.all]


def is_(kind: type) -> Callable[[CardEvent], bool]:
    return lambda e: isinstance(e, kind)


def status(state: ReaderState) -> Callable[[CardEvent], bool]:
    return lambda e: isinstance(e, ReaderStatus) and e.state is state


@pytest.fixture
def source(pcscd):  # type: ignore[no-untyped-def]
    src = PcscCardSource(reader_name_prefix=READER, poll_delay=0.1)
    yield src
    src.stop()


@pytest.mark.parametrize("name", sorted(shipped_cards()))
def test_every_shipped_card_through_pcscd(card_robot, name: str) -> None:  # type: ignore[no-untyped-def]
    card_robot.insert(name, wait=True)
    with PcscConnection.open(READER) as conn:
        if name in ERRORS:
            with pytest.raises(ERRORS[name]):
                read_vitale(conn)
        else:
            check_card(name, read_vitale(conn))


def test_source_insert_read_pull(card_robot, source) -> None:  # type: ignore[no-untyped-def]
    ev = Events()
    source.start(ev)
    ev.wait_for(status(ReaderState.READY))
    card_robot.insert("famille4")
    inserted = ev.wait_for(is_(CardInserted))
    assert inserted.reader == READER and inserted.atr == bytes.fromhex("3B7513000043 09EA9000".replace(" ", ""))
    read = ev.wait_for(is_(CardRead))
    check_card("famille4", read.card)
    card_robot.pull(wait=False)
    ev.wait_for(is_(CardRemoved))
    # Another card, same source.
    card_robot.insert("jumeaux")
    check_card("jumeaux", ev.wait_for(is_(CardRead)).card)
    card_robot.pull(wait=False)
    ev.wait_for(is_(CardRemoved))
    assert ev.kinds() == ["ReaderStatus.READY", "CardInserted", "CardRead", "CardRemoved",
                          "CardInserted", "CardRead", "CardRemoved"]


def test_source_card_present_at_start(card_robot, source) -> None:  # type: ignore[no-untyped-def]
    card_robot.insert("seul", wait=True)
    ev = Events()
    source.start(ev)
    check_card("seul", ev.wait_for(is_(CardRead)).card)
    card_robot.pull(wait=False)
    ev.wait_for(is_(CardRemoved))
    assert ev.kinds() == ["ReaderStatus.READY", "CardInserted", "CardRead", "CardRemoved"]


def test_source_typed_failure_then_removal(card_robot, source) -> None:  # type: ignore[no-untyped-def]
    ev = Events()
    source.start(ev)
    card_robot.insert("autre_atr")
    failed = ev.wait_for(is_(CardReadFailed))
    assert isinstance(failed.error, NotVitaleError)
    card_robot.pull(wait=False)
    ev.wait_for(is_(CardRemoved))
    assert ev.kinds() == ["ReaderStatus.READY", "CardInserted", "CardReadFailed", "CardRemoved"]


@pytest.mark.parametrize("after", [1, 4, 7])
def test_source_pulled_mid_read(card_robot, source, after: int) -> None:  # type: ignore[no-untyped-def]
    ev = Events()
    source.start(ev)
    card_robot.insert("famille4", pull_after_apdus=after)
    failed = ev.wait_for(is_(CardReadFailed))
    assert isinstance(failed.error, CardRemovedError)
    ev.wait_for(is_(CardRemoved))
    assert ev.kinds() == ["ReaderStatus.READY", "CardInserted", "CardReadFailed", "CardRemoved"]
    assert not any(isinstance(e, CardRead) for e in ev.all)


def test_source_survives_pcscd_restart(pcscd, card_robot, source) -> None:  # type: ignore[no-untyped-def]
    ev = Events()
    source.start(ev)
    ev.wait_for(status(ReaderState.READY))
    card_robot.insert("famille4")
    ev.wait_for(is_(CardRead))
    card_robot.pull()
    ev.wait_for(is_(CardRemoved))
    pcscd.kill()
    ev.wait_for(status(ReaderState.SERVICE_DOWN))
    pcscd.start()
    ev.wait_for(status(ReaderState.READY))
    card_robot.insert("famille6")
    check_card("famille6", ev.wait_for(is_(CardRead)).card)
    card_robot.pull(wait=False)
    ev.wait_for(is_(CardRemoved))
    assert ev.kinds() == ["ReaderStatus.READY", "CardInserted", "CardRead", "CardRemoved",
                          "ReaderStatus.SERVICE_DOWN", "ReaderStatus.READY",
                          "CardInserted", "CardRead", "CardRemoved"]


def test_source_card_in_reader_when_pcscd_stops(pcscd, card_robot, source) -> None:  # type: ignore[no-untyped-def]
    ev = Events()
    source.start(ev)
    card_robot.insert("seul")
    ev.wait_for(is_(CardRead))
    pcscd.stop()
    ev.wait_for(status(ReaderState.SERVICE_DOWN))
    assert ev.kinds()[-2:] == ["CardRemoved", "ReaderStatus.SERVICE_DOWN"]
    card_robot.pull(wait=False)
    pcscd.start()
    ev.wait_for(status(ReaderState.READY))


def test_source_starts_with_pcscd_down_and_no_reader(pcscd) -> None:  # type: ignore[no-untyped-def]
    pcscd.stop()
    ev = Events()
    src = PcscCardSource(reader_name_prefix="Lecteur absent", poll_delay=0.1)
    src.start(ev)
    try:
        ev.wait_for(status(ReaderState.SERVICE_DOWN))
        pcscd.start()
        no_reader = ev.wait_for(status(ReaderState.NO_READER))
        assert READER in no_reader.readers
    finally:
        t = time.monotonic()
        src.stop()
        assert time.monotonic() - t < 1.0


def test_connection_without_pcscd_is_typed(pcscd) -> None:  # type: ignore[no-untyped-def]
    pcscd.stop()
    with pytest.raises(PcscUnavailableError):
        PcscConnection.open(READER)


def test_stop_is_prompt(card_robot, source) -> None:  # type: ignore[no-untyped-def]
    ev = Events()
    source.start(ev)
    ev.wait_for(status(ReaderState.READY))
    t = time.monotonic()
    source.stop()
    assert time.monotonic() - t < 1.0


def test_simulated_source_gives_the_same_sequences() -> None:
    ev = Events()
    src = SimulatedCardSource()
    src.start(ev)
    try:
        src.insert(shipped_cards()["famille4"])
        check_card("famille4", ev.wait_for(is_(CardRead)).card)
        src.pull()
        ev.wait_for(is_(CardRemoved))
        src.insert(shipped_cards()["famille4"], pull_after_apdus=4)
        assert isinstance(ev.wait_for(is_(CardReadFailed)).error, CardRemovedError)
        ev.wait_for(is_(CardRemoved))
        src.insert(shipped_cards()["tlv_tronque"])
        assert isinstance(ev.wait_for(is_(CardReadFailed)).error, MalformedCardError)
        src.pull()
        ev.wait_for(is_(CardRemoved))
    finally:
        src.stop()
    assert ev.kinds() == ["ReaderStatus.READY", "CardInserted", "CardRead", "CardRemoved",
                          "CardInserted", "CardReadFailed", "CardRemoved",
                          "CardInserted", "CardReadFailed", "CardRemoved"]


def _kiosk_card_source(config):  # type: ignore[no-untyped-def]
    from bms_kiosk.app import make_card_source
    return make_card_source(config)


@pytest.mark.parametrize("build", [PcscCardSource.from_config, _kiosk_card_source],
                         ids=["from_config", "kiosk_make_card_source"])
def test_source_from_config_with_trace(card_robot, caplog, build) -> None:  # type: ignore[no-untyped-def]
    """The kiosk builds its source through from_config too: the apdu_trace setting reaches the reader."""
    from bms_kiosk.settings import Config
    src = build(Config({"reader_name": READER, "reader_poll_delay": 0.1, "apdu_trace": True}))
    ev = Events()
    src.start(ev)
    try:
        card_robot.insert("seul")
        check_card("seul", ev.wait_for(is_(CardRead)).card)
    finally:
        src.stop()
    assert "TRACE APDU ACTIVE" in caplog.text and "275096938301276" not in caplog.text


def test_vpcd_card_command_line(pcscd) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys
    proc = subprocess.Popen([sys.executable, "-m", "bms_kiosk.hardware.virtual_card", "famille4",
                             "--port", str(pcscd.ports[1])], stdout=subprocess.PIPE, text=True)
    try:
        assert "insérée" in (proc.stdout.readline() if proc.stdout else "")
        from tests.support.pcsc import wait_card_state
        assert wait_card_state(1, present=True)
        with PcscConnection.open(READER_NAMES[1]) as conn:
            check_card("famille4", read_vitale(conn))
    finally:
        proc.terminate()
        proc.wait(timeout=5)


def test_source_bug_in_reader_is_reported_not_swallowed(card_robot) -> None:  # type: ignore[no-untyped-def]
    from bms_kiosk.hardware.card_errors import UnexpectedCardError

    def broken(conn):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError

    src = PcscCardSource(READER, poll_delay=0.1, reader_fn=broken)
    ev = Events()
    src.start(ev)
    try:
        card_robot.insert("seul")
        assert isinstance(ev.wait_for(is_(CardReadFailed)).error, UnexpectedCardError)
        card_robot.pull(wait=False)
        ev.wait_for(is_(CardRemoved))
    finally:
        src.stop()


def test_only_the_pcsc_adapter_imports_pyscard() -> None:
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "bms_kiosk"
    importers = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n == "smartcard" or n.startswith("smartcard.") for n in names):
                importers.append(str(path.relative_to(package)))
    assert sorted(set(importers)) == ["hardware/pcsc.py"]
