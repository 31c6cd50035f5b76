"""``bms-backend``: serve the reference API, issue a terminal credential, write the OpenAPI document."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from bms_client.config import ConfigError, load_config

DEFAULT_DB = "bms-backend.sqlite3"
ENV_DB, ENV_TEST_HOOKS = "BMS_BACKEND_DB", "BMS_BACKEND_TEST_HOOKS"
CONFIG_ENV = "BMS_BACKEND_CONFIG"


def app_from_environment():
    """The app of one worker process of ``serve --workers N``."""
    from bms_backend.app import create_app
    return create_app(os.environ[ENV_DB], config=load_config(None, env=CONFIG_ENV), test_hooks=bool(os.environ.get(ENV_TEST_HOOKS)))


def openapi_document(config=None) -> dict:
    import tempfile

    from bms_backend.app import create_app
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Path(tmp) / "openapi.sqlite3", config=config)
        doc = app.openapi()
        app.state.store.close()
    return doc


def openapi_text() -> str:
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bms-backend", description="Serveur de référence des téléservices (API /v1)")
    parser.add_argument("--config", help="fichier TOML des seuils métier (sinon $BMS_BACKEND_CONFIG, sinon défauts)")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="servir l'API en HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--db", default=DEFAULT_DB,
                       help="fichier SQLite, ou URL PostgreSQL (postgresql://utilisateur@hôte/base)")
    serve.add_argument("--workers", type=int, default=1,
                       help="processus serveurs sur la même base (PostgreSQL conseillé au-delà de 1)")
    serve.add_argument("--test-hooks", action="store_true",
                       help="ajouter /v1/admin/* (avancer l'horloge, lire les SMS) — démonstration seulement")
    issue = sub.add_parser("issue-terminal", help="émettre l'identifiant secret d'une borne (affiché une fois)")
    issue.add_argument("terminal_id")
    issue.add_argument("--db", default=DEFAULT_DB)
    revoke = sub.add_parser("revoke-terminal", help="révoquer l'identifiant secret d'une borne (effet immédiat)")
    revoke.add_argument("terminal_id")
    revoke.add_argument("--db", default=DEFAULT_DB)
    unlock = sub.add_parser("unlock-account", help="débloquer le compte d'un assuré (conseiller)")
    unlock.add_argument("assure_nir")
    unlock.add_argument("--db", default=DEFAULT_DB)
    oa = sub.add_parser("openapi", help="écrire le document OpenAPI")
    oa.add_argument("--output", "-o", default="-")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config, env=CONFIG_ENV)
    except ConfigError as exc:
        print(f"bms-backend: {exc}", file=sys.stderr)
        return 2
    if args.command == "serve":
        import uvicorn

        from bms_backend.app import create_app
        # no access log: URLs may carry a NIR (attestation for one beneficiary)
        if args.workers > 1:
            # each worker process builds its app from these (uvicorn imports the factory by name)
            os.environ[ENV_DB], os.environ[ENV_TEST_HOOKS] = args.db, "1" if args.test_hooks else ""
            if args.config:
                os.environ[CONFIG_ENV] = args.config
            create_app(args.db, config=config).state.store.close()  # migrate and seed once, before the workers
            uvicorn.run("bms_backend.cli:app_from_environment", factory=True, workers=args.workers,
                        host=args.host, port=args.port, log_level="info", access_log=False)
            return 0
        app = create_app(args.db, config=config, test_hooks=args.test_hooks)
        uvicorn.run(app, host=args.host, port=args.port, log_level="info", access_log=False)
        return 0
    if args.command == "issue-terminal":
        from bms_backend.store import open_store
        store = open_store(args.db)
        key = store.issue_terminal(args.terminal_id, datetime.now(timezone.utc).isoformat(timespec="seconds"))
        store.close()
        print(key)
        return 0
    if args.command in ("revoke-terminal", "unlock-account"):
        from bms_backend.store import open_store
        store = open_store(args.db)
        if args.command == "revoke-terminal":
            done = store.revoke_terminal(args.terminal_id, datetime.now(timezone.utc).isoformat(timespec="seconds"))
            what = f"borne {args.terminal_id}"
        else:
            done = store.unlock_account(args.assure_nir)
            what = "compte"
        store.close()
        if not done:
            print(f"bms-backend: {what} inconnu(e) ou déjà fait", file=sys.stderr)
            return 1
        print(f"{what} : fait")
        return 0
    text = openapi_text()
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
