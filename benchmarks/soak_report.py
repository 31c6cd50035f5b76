"""The soak's end: the privacy sweep (disk, log buffer, the kiosk's memory) and the figures (table, RSS PNG).

Needles: every shipped test card's NIRs, names (nom, prénom) and birth dates (as on the card and as
shown, JJ/MM/AAAA). Where they may legitimately be: the backend's database (the server's data, not
the terminal's) and the cups-pdf output folder (the paper handed to the person); nowhere else.

The report itself (stdout, the JSON verdict) holds counts, paths and the test cards' names (which
card's NIRs were found), never a needle: a report is copied around, pasted in an issue.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

# one pattern per first digit: a literal first byte lets the regex engine skip ahead (4× faster on 200 MB)
NIR_ASCII = (re.compile(rb"1[0-9]{14}"), re.compile(rb"2[0-9]{14}"))
NIR_UTF16 = (re.compile(rb"1\x00(?:[0-9]\x00){14}"), re.compile(rb"2\x00(?:[0-9]\x00){14}"))
MAX_FILE = 64 * 1024 * 1024


@dataclass
class Needles:
    nirs: set[str]
    words: set[str]  # names and birth dates
    card_of: dict[str, str] = field(default_factory=dict)  # NIR → the shipped card's name (famille4…)

    def __post_init__(self) -> None:
        # whole words only: "ANNE" is in "EN PANNE", "Martin" in a PPD's credits
        self.pattern = re.compile(rb"(?<![\w/])(?:" + b"|".join(re.escape(w.encode()) for w in sorted(self.words))
                                  + rb")(?![\w/])")


def needles() -> Needles:
    from bms_kiosk.hardware.virtual_card import load_card, shipped_cards

    nirs: set[str] = set()
    words: set[str] = set()
    card_of: dict[str, str] = {}
    for card, path in shipped_cards().items():
        for b in load_card(path).beneficiaries:
            if b.get("nir"):
                nirs.add(str(b["nir"]))
                card_of[str(b["nir"])] = card
            nom, prenom = str(b.get("nom", "")), str(b.get("prenom", ""))
            words.update(w for w in (nom, prenom) if len(w) >= 4)  # as on the card, in capitals
            if nom and prenom:
                words.update({f"{prenom.title()} {nom}", f"{prenom} {nom}", f"{nom} {prenom}"})  # as shown
            birth = str(b.get("naissance", ""))
            if len(birth) == 8 and birth.isdigit():
                words.update({birth, f"{birth[6:]}/{birth[4:6]}/{birth[:4]}"})
    return Needles(nirs, words, card_of)


def find_in(data: bytes, n: Needles, with_words: bool = True) -> list[str]:
    """What of the needles ``data`` holds (NIRs in latin-1/UTF-8 and UTF-16, the words in UTF-8)."""
    found = {m.group().decode() for p in NIR_ASCII for m in p.finditer(data)} & n.nirs
    found |= {m.group().decode("utf-16-le") for p in NIR_UTF16 for m in p.finditer(data)} & n.nirs
    if with_words:
        found |= {m.group().decode() for m in n.pattern.finditer(data)}
    return sorted(found)


@dataclass
class Sweep:
    files_scanned: int = 0
    disk_hits: list[tuple[str, list[str]]] = field(default_factory=list)  # in the terminal's places
    outside_hits: list[tuple[str, list[str]]] = field(default_factory=list)  # /tmp, home: maybe other processes
    cores: list[str] = field(default_factory=list)
    spool_files: list[str] = field(default_factory=list)
    log_buffer_lines: int | None = None
    log_buffer_hits: list[str] = field(default_factory=list)
    memory_mb: float = 0.0
    memory_nirs: dict[str, int] = field(default_factory=dict)  # region kind → occurrences
    memory_distinct: int = 0
    memory_cards: dict[str, int] = field(default_factory=dict)  # card → how many of its NIRs were found
    live_strings: int | None = None  # Python str objects alive in the kiosk holding a NIR-like number
    live_holders: dict[str, int] = field(default_factory=dict)
    live_paths: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)


def _files(root: Path, skip: Iterable[Path]) -> Iterable[Path]:
    skipped = [p.resolve() for p in skip]
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath).resolve()
        dirnames[:] = [d for d in dirnames if (here / d).resolve() not in skipped]
        for name in filenames:
            path = here / name
            if path.resolve() not in skipped and path.is_file() and not path.is_symlink():
                yield path


def scan_files(paths: Iterable[Path], n: Needles, since: float | None = None) -> tuple[int, list[tuple[str, list[str]]]]:
    count, hits = 0, []
    for path in paths:
        try:
            st = path.stat()
            if since is not None and st.st_mtime < since:
                continue
            if st.st_size > MAX_FILE:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        count += 1
        found = find_in(data, n)
        if found:
            hits.append((str(path), found))
    return count, hits


def read_memory(pid: int) -> Iterable[tuple[str, bytes]]:
    """The readable, writable regions of a process (heap, anonymous, stacks): what it allocated."""
    maps = Path(f"/proc/{pid}/maps").read_text().splitlines()
    with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        for line in maps:
            parts = line.split(None, 5)
            span, perms = parts[0], parts[1]
            name = parts[5] if len(parts) > 5 else ""
            if not perms.startswith("rw") or name.startswith("[v"):  # [vvar], [vdso], [vsyscall]
                continue
            start, end = (int(x, 16) for x in span.split("-"))
            kind = "heap" if name == "[heap]" else "stack" if name.startswith("[stack") else \
                "file" if name.startswith("/") else "anonymous"
            try:
                mem.seek(start)
                yield kind, mem.read(end - start)
            except (OSError, ValueError, OverflowError):
                continue


def scan_memory(pid: int, n: Needles, sweep: Sweep) -> None:
    distinct: set[str] = set()
    total = 0
    for kind, data in read_memory(pid):
        total += len(data)
        if not data.strip(b"\0"):
            continue
        for pattern, codec in [(p, "ascii") for p in NIR_ASCII] + [(p, "utf-16-le") for p in NIR_UTF16]:
            for m in pattern.finditer(data):
                nir = m.group().decode(codec)
                if nir in n.nirs:
                    distinct.add(nir)
                    sweep.memory_nirs[kind] = sweep.memory_nirs.get(kind, 0) + 1
    sweep.memory_mb = total / 1e6
    sweep.memory_distinct = len(distinct)
    for nir in distinct:
        card = n.card_of.get(nir, "?")
        sweep.memory_cards[card] = sweep.memory_cards.get(card, 0) + 1


def core_places(run_dir: Path) -> list[Path]:
    places = [run_dir, Path("/var/crash"), Path("/var/lib/systemd/coredump")]
    pattern = Path("/proc/sys/kernel/core_pattern")
    try:
        core = pattern.read_text().strip()
        if core.startswith("/"):
            places.append(Path(core).parent)
    except OSError:
        pass
    return places


def privacy_sweep(soak: Any) -> Sweep:
    t = time.monotonic()
    n = needles()
    sweep = Sweep()
    run_dir: Path = soak.run_dir
    cupsd = soak.cupsd
    # the terminal's places: everything the run wrote but the server's database and the paper
    skip = [cupsd.output_dir, run_dir / "backend.sqlite3", run_dir / "backend.sqlite3-wal",
            run_dir / "backend.sqlite3-shm", run_dir / "backend.sqlite3-journal"]
    count, hits = scan_files(_files(run_dir, skip), n)
    sweep.files_scanned += count
    sweep.disk_hits += hits
    spool = Path(cupsd.root) / "spool"
    sweep.spool_files = sorted(str(p.relative_to(spool)) for p in spool.rglob("*")
                               if p.is_file() and p.name.startswith("d"))  # d<job>-<doc>: a document kept
    # outside the run folder: /tmp and the home folders, files changed during the soak
    since = soak.started_wall
    # (the files directly in /tmp, and the home folders, not their caches: other processes of this
    # machine, tests of other checkouts, write their own folders there)
    outside = [p for p in Path("/tmp").iterdir() if p.is_file()]
    for home in (Path.home(), *Path("/home").glob("*")):
        # where an application writes in a home folder (the others are the tools' own business)
        outside += [p for p in home.iterdir() if p.is_file()]
        for sub in (home / ".config", home / ".local" / "share", home / ".local" / "state"):
            if sub.is_dir():
                outside += list(_files(sub, []))
    t_disk = time.monotonic()
    count, hits = scan_files(outside, n, since=since)
    sweep.files_scanned += count
    sweep.outside_hits += hits
    for place in core_places(run_dir):
        if place.is_dir():
            sweep.cores += [str(p) for p in place.glob("core*") if p.is_file()]
    # the kiosk's log buffer (what a technician sees), and its memory after the last visit ended
    sweep.parts["files"] = time.monotonic() - t
    t_kiosk = time.monotonic()
    soak.command(c="gc")
    soak.wait_event("gc", 30)
    soak.command(c="logbuf")
    lines = soak.wait_event("logbuf", 30)["lines"]
    if lines is not None:
        sweep.log_buffer_lines = len(lines)
        sweep.log_buffer_hits = find_in("\n".join(lines).encode(), n)
    import hashlib

    soak.command(c="live", hashes=[hashlib.sha256(nir.encode()).hexdigest() for nir in n.nirs])
    live = soak.wait_event("live", 60)
    sweep.live_strings = live["strings"]
    sweep.live_holders = live["holders"]
    sweep.live_paths = live.get("paths", {})
    sweep.parts["log buffer, live objects"] = time.monotonic() - t_kiosk
    t_memory = time.monotonic()
    if soak.kiosk is not None and soak.kiosk.poll() is None:
        scan_memory(soak.kiosk.pid, n, sweep)
    sweep.parts["memory"] = time.monotonic() - t_memory
    sweep.seconds = time.monotonic() - t
    return sweep


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def draw_rss(points: list[tuple[int, int]], path: Path, title: str) -> None:
    """The kiosk's RSS after each visit, drawn with Qt (no plotting library)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen, QPolygonF

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (fonts need it)
    w, h, left, right, top, bottom = 1200, 600, 90, 30, 50, 60
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    xs = [v for v, _ in points] or [0, 1]
    ys = [kb / 1024 for _, kb in points] or [0, 1]
    x0, x1 = min(xs), max(max(xs), min(xs) + 1)
    y0, y1 = min(ys), max(ys)
    pad = max(1.0, (y1 - y0) * 0.1)
    y0, y1 = y0 - pad, y1 + pad

    def at(x: float, y: float) -> QPointF:
        return QPointF(left + (x - x0) / (x1 - x0) * (w - left - right),
                       h - bottom - (y - y0) / (y1 - y0) * (h - top - bottom))

    p.setPen(QPen(QColor("#888"), 1))
    p.drawRect(QRectF(left, top, w - left - right, h - top - bottom))
    for i in range(6):
        y = y0 + (y1 - y0) * i / 5
        p.drawText(QRectF(0, at(x0, y).y() - 10, left - 8, 20),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{y:.0f} MB")
        x = x0 + (x1 - x0) * i / 5
        p.drawText(QRectF(at(x, y0).x() - 50, h - bottom + 5, 100, 20), Qt.AlignmentFlag.AlignCenter, f"{x:.0f}")
    p.drawText(QRectF(0, h - 25, w, 20), Qt.AlignmentFlag.AlignCenter, "visites")
    p.drawText(QRectF(0, 10, w, 30), Qt.AlignmentFlag.AlignCenter, title)
    p.setPen(QPen(QColor("#0b5ed7"), 2))
    step = max(1, len(points) // 2000)
    p.drawPolyline(QPolygonF([at(v, kb / 1024) for v, kb in points[::step]]))
    p.end()
    image.save(str(path))


def report(soak: Any, elapsed: float, sweep: Sweep | None) -> int:
    f = soak.figures
    a = soak.args
    rss = dict(f.rss)

    def rss_at(v: int) -> float | None:
        return rss[v] / 1024 if v in rss else None

    print()
    print(f"{'visits':34s} {f.visits}  in {elapsed:.0f} s ({f.visits / max(elapsed, 1e-9):.2f} visits/s)")
    print(f"{'back on the attract screen':34s} {f.back_home} ({100 * f.back_home / max(f.visits, 1):.1f} %)")
    print(f"{'crashes (kiosk process ended)':34s} {f.crashes}")
    print(f"{'exceptions caught by the failsafe':34s} {f.unhandled}")
    print(f"{'stuck screens':34s} {len(f.stuck)}")
    for s in f.stuck[:10]:
        print(f"    {s}")
    longest = max(f.stalls, default=(0, ""))
    print(f"{'GUI stalls over 50 ms':34s} {len(f.stalls)}  (longest {longest[0]} ms"
          f"{', at ' + longest[1] if longest[1] else ''})")
    if f.stalls:
        by_state: dict[str, int] = {}
        for _, st in f.stalls:
            by_state[st] = by_state.get(st, 0) + 1
        print("    stalls by state: " + ", ".join(f"{k} {v}" for k, v in sorted(by_state.items(), key=lambda x: -x[1])[:8]))
    if f.durations:
        print(f"{'visit (card in → attract)':34s} median {statistics.median(f.durations):6.2f} s   "
              f"p95 {pct(f.durations, .95):6.2f} s   max {max(f.durations):6.2f} s")
    if f.durations:
        mean = statistics.fmean
        print(f"{'where a visit goes (mean)':34s} in the visit {mean(f.durations):5.2f} s, set-up "
              f"{mean(f.setup or [0]) * 1000:4.0f} ms, put back {mean(f.teardown or [0]) * 1000:4.0f} ms, "
              f"home → next card {mean(f.between or [0]) * 1000:4.0f} ms")
    cpu = getattr(soak, "cpu", {})
    if cpu and f.visits:
        print(f"{'CPU per visit':34s} " + ", ".join(f"{k} {v / f.visits * 1000:.0f} ms" for k, v in cpu.items())
              + f"  ({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")
    if f.returns:
        late = sum(r > 2.0 for r in f.returns)
        print(f"{'card out → attract':34s} median {statistics.median(f.returns) * 1000:6.0f} ms  "
              f"p95 {pct(f.returns, .95) * 1000:6.0f} ms  max {max(f.returns) * 1000:6.0f} ms  (over 2 s: {late})")
    for v in dict.fromkeys((1, 100, 1000, f.visits)):
        if rss_at(v) is not None:
            print(f"{'RSS after ' + str(v) + ' visits':34s} {rss_at(v):7.1f} MB")
    if rss_at(100) is not None and rss_at(1000) is not None:
        print(f"{'RSS growth, visit 100 → 1000':34s} {rss_at(1000) - rss_at(100):+7.1f} MB")
    if rss_at(1000) is not None and f.visits > 1000:
        print(f"{'RSS growth, visit 1000 → ' + str(f.visits):34s} {rss_at(f.visits) - rss_at(1000):+7.1f} MB")
    print(f"{'backend restarts (fault)':34s} {soak.backend.restarts}")
    print(f"{'screens with nothing to tap':34s} {len(f.cannot)}" + (f" {sorted(set(f.cannot))}" if f.cannot else ""))
    print(f"{'cards inserted again':34s} {f.reinserts}  (the kiosk showed no reading within 5 s)")
    total = sum(f.state_time.values()) or 1.0
    print("time in visits by state: " + ", ".join(
        f"{k} {v / max(f.visits, 1) * 1000:.0f} ms" for k, v in sorted(f.state_time.items(), key=lambda x: -x[1])[:24])
        + " (per visit)")
    print("by service: " + ", ".join(f"{k} {v}" for k, v in sorted(f.by_service.items())))
    print("by fault:   " + ", ".join(f"{k} {v}" for k, v in sorted(f.by_fault.items())) +
          f"  (no fault: {f.visits - sum(f.by_fault.values())})")
    print(f"states seen: {len(f.states_seen)} — " + ", ".join(f"{k} {v}" for k, v in sorted(f.states_seen.items())))
    for visit, counts in sorted(f.counts.items()):
        print(f"objects after {visit} visits: python {counts['py_total']}, Qt (window + journey) {counts['qt_total']}, "
              f"widgets {counts['widgets']}")
    print()
    if sweep is None:
        sweep = Sweep()
        print("privacy sweep: not run (--no-sweep)")
    else:
        print_sweep(sweep)
    png = Path(a.png) if a.png else soak.run_dir / "soak-rss.png"
    title = (f"RSS de la borne — {f.visits} visites, graine {a.seed}, "
             f"fautes {a.fault_rate:.0%}, cartes {a.cards}")
    draw_rss(f.rss, png, title)
    print(f"RSS curve: {png}")
    verdict = {
        "visits": f.visits, "back_home": f.back_home, "crashes": f.crashes, "unhandled": f.unhandled,
        "stuck": len(f.stuck), "stalls": len(f.stalls), "longest_stall_ms": longest[0],
        "rss_kb": f.rss, "counts": f.counts, "malloc": f.malloc, "returns_max": max(f.returns, default=0.0),
        # counts and places only, never a needle (the module's docstring)
        "disk_hits": [(path, len(found)) for path, found in sweep.disk_hits],
        "outside_hits": [(path, len(found)) for path, found in sweep.outside_hits],
        "spool_files": sweep.spool_files, "cores": sweep.cores,
        "log_buffer_hits": len(sweep.log_buffer_hits), "live_strings": sweep.live_strings,
        "memory_nirs": sweep.memory_nirs, "memory_mb": sweep.memory_mb, "memory_distinct": sweep.memory_distinct,
        "memory_cards": sweep.memory_cards, "by_fault": f.by_fault, "by_service": f.by_service,
        "states_seen": f.states_seen}
    if a.json:
        Path(a.json).write_text(json.dumps(verdict))
    ok = f.crashes == 0 and not f.stuck and f.back_home == f.visits and f.unhandled == 0
    print("VERDICT: " + ("OK" if ok else "FAILED"))
    return 0 if ok else 1


def print_sweep(sweep: Sweep) -> None:
    print(f"privacy sweep ({sweep.seconds:.1f} s: " + ", ".join(f"{k} {v:.1f} s" for k, v in sweep.parts.items())
          + f"): {sweep.files_scanned} files scanned")
    print(f"  terminal's files (run folder but the server's database and the paper): "
          f"{len(sweep.disk_hits)} with personal data")
    for path, found in sweep.disk_hits[:10]:
        print(f"    {path}: {len(found)} needle(s)")
    print(f"  /tmp and home folders, changed during the soak: {len(sweep.outside_hits)} with personal data"
          + (" (other processes on this machine write there too)" if sweep.outside_hits else ""))
    for path, found in sweep.outside_hits[:10]:
        print(f"    {path}: {len(found)} needle(s)")
    print(f"  CUPS spool documents left: {len(sweep.spool_files)}; core dumps: {len(sweep.cores)}")
    if sweep.log_buffer_lines is not None:
        print(f"  kiosk log buffer: {sweep.log_buffer_lines} lines, {len(sweep.log_buffer_hits)} needle(s)")
    print(f"  kiosk memory after the last visit ({sweep.memory_mb:.0f} MB read from /proc/PID/mem): "
          f"{sum(sweep.memory_nirs.values())} NIR occurrence(s) of {sweep.memory_distinct} card NIR(s) "
          + (str(sweep.memory_nirs) if sweep.memory_nirs else "")
          + (" of the cards " + ", ".join(f"{k} ({v})" for k, v in sorted(sweep.memory_cards.items()))
             if sweep.memory_cards else ""))
    print(f"  live Python strings holding a NIR-like number in the kiosk: {sweep.live_strings}"
          + (f" {sweep.live_holders}" if sweep.live_holders else ""))
    for path, count in sweep.live_paths.items():
        print(f"    {count} held by {path}")
