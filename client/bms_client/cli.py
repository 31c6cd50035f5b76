"""``bms-client``: every call of the téléservices client from the command line, printing JSON.

Proves the client stands without the kiosk (no Qt). A session is opened in the same command:
``--nirs`` (assuré first) with ``--code`` or ``--sms-code``; then the command runs.

    bms-client --url http://127.0.0.1:8765 --terminal-key KEY --nirs 275096938301276 --code 1234 creance 1234567890123456A
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import date
from enum import Enum
from typing import Any

from bms_client.config import ConfigError, load_config
from bms_client.client import BackendClient
from bms_client.errors import BackendError
from bms_client.models import MESSAGES_PER_PAGE


def _plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Enum):
        return obj.value
    return obj


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bms-client", description="Client des téléservices (API /v1), sortie JSON")
    p.add_argument("--config", help="réglages TOML (backend_url, backend_terminal_key, délais…), sinon $BMS_CLIENT_CONFIG")
    p.add_argument("--url")
    p.add_argument("--terminal-key")
    p.add_argument("--nirs", help="NIR de la carte séparés par des virgules, l'assuré d'abord")
    p.add_argument("--code", help="code de sécurité")
    p.add_argument("--sms-code", help="code reçu par SMS")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("health")
    sub.add_parser("session", help="ouvrir une session et afficher son résumé")
    sub.add_parser("request-sms", help="envoyer un code par SMS (affiche le mobile masqué)")
    sub.add_parser("rights")
    a = sub.add_parser("attestation")
    a.add_argument("--beneficiary", help="NIR d'une personne (défaut : l'ensemble des bénéficiaires)")
    a.add_argument("--exoneration", action="store_true")
    sub.add_parser("attestation-ij")
    sub.add_parser("releve-fiscal")
    c = sub.add_parser("creance")
    c.add_argument("reference")
    pay = sub.add_parser("pay", help="ordre de paiement puis, si --result, son résultat")
    pay.add_argument("reference")
    pay.add_argument("amount")
    pay.add_argument("--lines", default="", help="autres références sélectionnées, séparées par des virgules")
    pay.add_argument("--idempotency-key")
    pay.add_argument("--result", choices=("accepted", "failed"))
    pay.add_argument("--authorisation", default="")
    pay.add_argument("--card-last4", default="")
    r = sub.add_parser("payment-result")
    r.add_argument("payment_id")
    r.add_argument("status", choices=("accepted", "failed"))
    r.add_argument("--authorisation", default="")
    r.add_argument("--card-last4", default="")
    s = sub.add_parser("payment-status")
    s.add_argument("payment_id")
    sub.add_parser("oc-overlaps")
    o = sub.add_parser("choose-oc")
    o.add_argument("choices", nargs="+", help="NIR=OC_ID pour chaque bénéficiaire concerné")
    o.add_argument("--idempotency-key")
    msgs = sub.add_parser("messages")
    msgs.add_argument("--offset", type=int, default=0)
    msgs.add_argument("--limit", type=int, default=MESSAGES_PER_PAGE)
    args = p.parse_args(argv)
    try:
        cfg = load_config(args.config, env="BMS_CLIENT_CONFIG")
    except ConfigError as exc:
        print(json.dumps({"error": "config", "message": str(exc)}, ensure_ascii=False))
        return 2
    url = args.url or cfg.backend_url
    key = args.terminal_key or cfg.backend_terminal_key
    if not url or not key:
        print(json.dumps({"error": "usage", "message": "--url et --terminal-key sont nécessaires"}))
        return 2
    client = BackendClient.from_config(cfg, base_url=url, terminal_key=key)
    nirs = [n.strip() for n in (args.nirs or "").split(",") if n.strip()]
    try:
        out: Any
        if args.command == "health":
            out = client.health()
        elif args.command == "request-sms":
            out = {"masked_mobile": client.request_sms_code(nirs)}
        else:
            if not nirs or not (args.code or args.sms_code):
                print(json.dumps({"error": "usage", "message": "--nirs et --code (ou --sms-code) sont nécessaires"}))
                return 2
            info = (client.open_session(nirs, args.code) if args.code
                    else client.open_session_sms(nirs, args.sms_code))
            try:
                out = _run(client, args, info)
            finally:
                client.close_session()
    except BackendError as exc:
        err = {"error": type(exc).__name__, "code": exc.code, "message": exc.message_fr}
        for attr in ("attempts_left", "reason", "field"):
            if hasattr(exc, attr):
                err[attr] = getattr(exc, attr)
        print(json.dumps(err, ensure_ascii=False, indent=2))
        return 1
    print(json.dumps(_plain(out), ensure_ascii=False, indent=2))
    return 0


def _run(client: BackendClient, args: argparse.Namespace, info: Any) -> Any:
    cmd = args.command
    if cmd == "session":
        return info
    if cmd == "rights":
        return client.rights()
    if cmd == "attestation":
        return client.attestation(args.beneficiary, args.exoneration)
    if cmd == "attestation-ij":
        return client.attestation_ij()
    if cmd == "releve-fiscal":
        return client.releve_fiscal()
    if cmd == "creance":
        return client.creance_lookup(args.reference)
    if cmd == "pay":
        lines = [x for x in args.lines.split(",") if x]
        order = client.pay_creance(args.reference, lines, args.amount, idempotency_key=args.idempotency_key)
        if not args.result:
            return order
        return {"order": order, "result": client.payment_result(order.payment_id, args.result == "accepted",
                                                                args.authorisation, args.card_last4)}
    if cmd == "payment-result":
        return client.payment_result(args.payment_id, args.status == "accepted", args.authorisation,
                                     args.card_last4)
    if cmd == "payment-status":
        return client.payment_status(args.payment_id)
    if cmd == "oc-overlaps":
        return client.oc_overlaps()
    if cmd == "choose-oc":
        return client.choose_oc(dict(c.split("=", 1) for c in args.choices), idempotency_key=args.idempotency_key)
    if cmd == "messages":
        return client.messages(args.offset, args.limit)
    raise SystemExit(f"commande inconnue : {cmd}")


if __name__ == "__main__":
    sys.exit(main())
