"""Technicians' commands: ``bms-kiosk diag [--json]`` and ``bms-kiosk set-technician-code``.

Qt-free; a part that is down is reported as down, never as a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from bms_kiosk.settings import ConfigError, load_config

COMMANDS = ("diag", "set-technician-code")


def _diag(args: argparse.Namespace) -> int:
    from bms_kiosk.maintenance.diag import run

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"bms-kiosk diag: configuration refusée : {exc}", file=sys.stderr)
        return 2
    if args.backend_url:
        config = config.replace(backend_url=args.backend_url)
    text, code = run(config, as_json=args.json)
    print(text)
    return code


def _set_code(args: argparse.Namespace) -> int:
    from bms_kiosk.maintenance.access import CODE_MAX, CODE_MIN, hash_code, write_hash_to_config

    if args.code_stdin:
        code = sys.stdin.readline().strip()
    else:
        code = getpass.getpass("Nouveau code technicien (chiffres) : ")
        if getpass.getpass("Confirmez le code : ") != code:
            print("bms-kiosk: les deux codes diffèrent", file=sys.stderr)
            return 2
    if not (code.isdigit() and CODE_MIN <= len(code) <= CODE_MAX):
        print(f"bms-kiosk: le code doit faire {CODE_MIN} à {CODE_MAX} chiffres", file=sys.stderr)
        return 2
    line = f'technician_code_hash = "{hash_code(code)}"'
    if args.config:
        write_hash_to_config(args.config, line)
        print(f"bms-kiosk: empreinte du code technicien écrite dans {args.config}")
    else:
        print(line)
    return 0


def _settle_payment(args: argparse.Namespace) -> int:
    """A card payment whose outcome was unknown, settled from the terminal's journal; posted at the
    kiosk's next replay (health monitor), or now when the server answers."""
    from bms_kiosk.payment.outbox import Outbox

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"configuration refusée : {exc}", file=sys.stderr)
        return 2
    outbox = Outbox(config.payment_outbox_dir)
    if args.order_id is None:
        from bms_kiosk.payment.upkeep import technician_lines

        for entry in outbox.unknown():
            print("\n".join(technician_lines(entry)) + "\n")
        return 0
    try:
        outbox.settle(args.order_id, args.outcome == "accepte", args.authorisation, args.card_last4)
    except ValueError as exc:
        print(f"impossible : {exc}", file=sys.stderr)
        return 1
    print(f"ordre {args.order_id} : {args.outcome}, transmis au serveur au prochain contrôle de la borne")
    return 0


def run_command(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="bms-kiosk", description="Commandes du technicien")
    sub = p.add_subparsers(dest="command", required=True)
    d = sub.add_parser("diag", help="lecteurs et ATR, imprimante, serveur")
    d.add_argument("--json", action="store_true", help="sortie JSON")
    d.add_argument("--config", help="fichier TOML de configuration (sinon $BMS_KIOSK_CONFIG)")
    d.add_argument("--backend-url", help="vérifier ce serveur plutôt que celui de la configuration")
    d.set_defaults(fn=_diag)
    s = sub.add_parser("set-technician-code",
                       help="calcule l'empreinte du code technicien (l'écrit dans --config si donné)")
    s.add_argument("--config", help="fichier TOML où écrire technician_code_hash")
    s.add_argument("--code-stdin", action="store_true", help="lire le code sur l'entrée standard")
    s.set_defaults(fn=_set_code)
    r = sub.add_parser("settle-payment", help="paiements par carte à l'issue inconnue : les lister, ou en régler un "
                                               "d'après le journal du terminal de paiement")
    r.add_argument("order_id", nargs="?", help="l'ordre à régler (sans lui : la liste)")
    r.add_argument("outcome", nargs="?", choices=("accepte", "echoue"), help="ce que dit le journal du terminal")
    r.add_argument("--authorisation", default="", help="numéro d'autorisation (paiement accepté)")
    r.add_argument("--card-last4", default="", help="4 derniers chiffres de la carte (paiement accepté)")
    r.add_argument("--config", help="fichier TOML de configuration (sinon $BMS_KIOSK_CONFIG)")
    r.set_defaults(fn=_settle_payment)
    args = p.parse_args(argv)
    return int(args.fn(args))
