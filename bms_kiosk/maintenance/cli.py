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
    args = p.parse_args(argv)
    return int(args.fn(args))
