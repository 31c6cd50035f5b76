"""The outbox's upkeep, Qt-free: at start (interrupted payments become unknown, then replay) and
from the health monitor (replay), and what a technician reads about unknown orders.
"""

from __future__ import annotations

import logging
from typing import Any

from bms_kiosk.payment.exactly_once import ReplayReport, replay
from bms_kiosk.payment.outbox import Outbox, OutboxEntry

log = logging.getLogger(__name__)


def replay_outbox(outbox: Outbox, client: Any, at_start: bool = False) -> ReplayReport:
    """``at_start``: before any payment can begin (no card yet), ``in_flight`` entries were cut by a
    stop of the kiosk: the terminal may have debited, so they become unknown, never asked again."""
    if at_start:
        for entry in outbox.recover_interrupted():
            log.error("paiement %s : interrompu par un arrêt de la borne, à régler par un technicien", entry.order_id)
    report = replay(outbox, client)
    if report.posted or report.kept or report.unknown:
        log.info("paiements en attente : %d transmis, %d gardés, %d à régler", len(report.posted), len(report.kept),
                 len(report.unknown))
    return report


def technician_lines(entry: OutboxEntry) -> list[str]:
    """One unknown order as the maintenance screen shows it: the order, the amount, why, and the
    terminal's whitelisted answer fields (never the masked card number)."""
    terminal = dict(entry.terminal)
    cents = terminal.get("amount_cents")
    amount = f"{cents // 100},{cents % 100:02d} €" if isinstance(cents, int) else "?"
    lines = [f"Ordre {entry.order_id} — {amount} — {terminal.get('reason', '?')}"]
    answer = terminal.get("answer") or {}
    if answer:
        lines.append("Réponse du terminal : " + " ".join(f"{k}={v}" for k, v in sorted(answer.items())))
    if entry.authorisation:
        lines.append(f"Autorisation {entry.authorisation}, carte …{entry.card_last4}")
    if terminal.get("backend_code"):
        lines.append(f"Refusé par le serveur : {terminal['backend_code']} (résultat {terminal.get('posted_status')})")
    return lines
