"""``bms-kiosk diag``: readers and card ATR, the printer's state and options, the backend check.

Qt-free. Each part is checked on its own and a part that is down is reported as down, never
as a traceback. The maintenance screen and the health monitor reuse these checks (off the GUI
thread). Nothing personal is read: the card's ATR only, never its files.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from bms_kiosk import __version__
from bms_kiosk.settings import Config


@dataclass(frozen=True)
class ReaderInfo:
    name: str
    card_present: bool
    atr: str = ""  # hex, spaced
    card_kind: str = ""  # "carte Vitale", "autre carte", ""


@dataclass(frozen=True)
class ReaderReport:
    ok: bool  # pcscd reachable and the configured reader present
    service: str  # "joignable" / "injoignable"
    readers: tuple[ReaderInfo, ...] = ()
    error: str = ""


@dataclass(frozen=True)
class PrinterReport:
    ok: bool
    queue: str
    state: str
    reasons: tuple[str, ...] = ()
    message: str = ""
    queued_jobs: int = 0
    options: dict[str, str] = field(default_factory=dict)
    error: str = ""


@dataclass(frozen=True)
class BackendReport:
    ok: bool
    url: str
    reachable: bool | None  # None: nothing to check (embedded server)
    latency_ms: float | None = None
    version: str = ""
    error: str = ""


def _hex(data: bytes) -> str:
    return " ".join(f"{b:02X}" for b in data)


def check_readers(reader_name_prefix: str = "") -> ReaderReport:
    """pcscd reachable? which readers, is a card in each, and its ATR (a status query, no connect)."""
    try:
        from bms_kiosk.hardware.card_errors import CardError, PcscUnavailableError
        from bms_kiosk.hardware.pcsc import snapshot_readers
        from bms_kiosk.hardware.vitale import is_vitale_atr
    except ImportError as exc:  # pyscard missing on this machine
        return ReaderReport(False, "injoignable", error=f"pyscard absent ({exc.name})")
    try:
        snapshots = snapshot_readers()
    except PcscUnavailableError as exc:
        return ReaderReport(False, "injoignable", error=f"{type(exc).__name__}: service PC/SC (pcscd) injoignable")
    except CardError as exc:
        return ReaderReport(False, "injoignable", error=type(exc).__name__)
    readers = []
    for snap in snapshots:
        kind = ("carte Vitale" if is_vitale_atr(snap.atr) else "autre carte") if snap.atr else ""
        readers.append(ReaderInfo(snap.name, snap.card_present, _hex(snap.atr), kind))
    ok = any(r.name.startswith(reader_name_prefix) for r in readers)
    error = "" if ok else ("aucun lecteur" if not readers else f"aucun lecteur « {reader_name_prefix}… »")
    return ReaderReport(ok, "joignable", tuple(readers), error)


def check_printer(config: Config, printer: Any = None) -> PrinterReport:
    """The configured printer's status (``Printer.status`` never raises) and, for CUPS, its options."""
    queue = str(config.printer_queue or "") or "(imprimante fichier de démonstration)"
    try:
        if printer is None:
            from bms_kiosk.hardware.printer import make_printer

            printer = make_printer(config)
        status = printer.status()
    except Exception as exc:  # noqa: BLE001 - pycups missing, a broken adapter: say it, no traceback
        return PrinterReport(False, queue, "unavailable", error=type(exc).__name__)
    options: dict[str, str] = {}
    describe = getattr(printer, "options", None)
    if callable(describe) and status.state not in ("unavailable", "not-found"):
        try:
            options = dict(describe())
        except Exception as exc:  # noqa: BLE001
            options = {"erreur": type(exc).__name__}
    return PrinterReport(status.ready, queue, status.state, tuple(status.reasons), status.message,
                         status.queued_jobs, options)


def check_backend(client: Any, url: str) -> BackendReport:
    """GET /health through ``client`` (a BackendClient); latency of that one call."""
    start = time.monotonic()
    try:
        data = client.health()
    except Exception as exc:  # noqa: BLE001 - BackendError or anything: the backend is down for us
        return BackendReport(False, url, False, error=type(exc).__name__)
    latency = (time.monotonic() - start) * 1000
    version = str(data.get("version", "")) if isinstance(data, dict) else ""
    return BackendReport(True, url, True, round(latency, 1), version)


def check_configured_backend(config: Config) -> BackendReport:
    if not config.backend_url:
        return BackendReport(True, "(serveur de référence embarqué, démarré par la borne)", None,
                             error="rien à vérifier hors de la borne")
    try:
        from bms_client.client import BackendClient

        client = BackendClient.from_config(config)
    except Exception as exc:  # noqa: BLE001
        return BackendReport(False, config.backend_url, False, error=type(exc).__name__)
    try:
        return check_backend(client, config.backend_url)
    finally:
        close = getattr(client, "close", None)
        if callable(close):
            close()


@dataclass(frozen=True)
class Diagnosis:
    terminal_id: str
    software_version: str
    reader: ReaderReport
    printer: PrinterReport
    backend: BackendReport

    @property
    def ok(self) -> bool:
        return self.reader.ok and self.printer.ok and self.backend.ok

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, **asdict(self)}


def diagnose(config: Config) -> Diagnosis:
    return Diagnosis(config.terminal_id, __version__, check_readers(config.reader_name),
                     check_printer(config), check_configured_backend(config))


def _yes(value: bool | None) -> str:
    return "oui" if value else ("non" if value is not None else "—")


def format_text(d: Diagnosis) -> str:
    def status(ok: bool) -> str:
        return "OK" if ok else "EN PANNE"

    lines = [f"Borne {d.terminal_id} — bms-kiosk {d.software_version}", ""]
    r = d.reader
    lines.append(f"[{status(r.ok)}] Lecteur de carte — service PC/SC {r.service}")
    if r.error:
        lines.append(f"    {r.error}")
    for info in r.readers:
        card = f"carte présente ({info.card_kind}), ATR {info.atr}" if info.card_present else "pas de carte"
        lines.append(f"    {info.name} : {card}")
    p = d.printer
    lines.append(f"[{status(p.ok)}] Imprimante — file {p.queue} : état {p.state}")
    if p.reasons:
        lines.append(f"    raisons : {', '.join(p.reasons)}")
    if p.message:
        lines.append(f"    message : {p.message}")
    lines.append(f"    travaux en attente : {p.queued_jobs}")
    if p.error:
        lines.append(f"    {p.error}")
    for key, value in sorted(p.options.items()):
        lines.append(f"    {key} = {value}")
    b = d.backend
    lines.append(f"[{status(b.ok)}] Serveur — {b.url} : joignable {_yes(b.reachable)}")
    if b.latency_ms is not None:
        lines.append(f"    latence {b.latency_ms:.0f} ms, version {b.version or '?'}")
    if b.error:
        lines.append(f"    {b.error}")
    lines.append("")
    lines.append("Tout fonctionne." if d.ok else "Au moins un élément est en panne.")
    return "\n".join(lines)


def run(config: Config, as_json: bool = False) -> tuple[str, int]:
    """Output and exit code (0 all OK, 1 something down)."""
    d = diagnose(config)
    text = json.dumps(d.as_dict(), ensure_ascii=False, indent=2) if as_json else format_text(d)
    return text, 0 if d.ok else 1
