"""``bms-backend``: serve the reference API, issue a terminal credential, write the OpenAPI document."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from bms_client.config import ConfigError, load_config

DEFAULT_DB = "bms-backend.sqlite3"


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
    serve.add_argument("--db", default=DEFAULT_DB)
    serve.add_argument("--test-hooks", action="store_true",
                       help="ajouter /v1/admin/* (avancer l'horloge, lire les SMS) — démonstration seulement")
    issue = sub.add_parser("issue-terminal", help="émettre l'identifiant secret d'une borne (affiché une fois)")
    issue.add_argument("terminal_id")
    issue.add_argument("--db", default=DEFAULT_DB)
    oa = sub.add_parser("openapi", help="écrire le document OpenAPI")
    oa.add_argument("--output", "-o", default="-")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config, env="BMS_BACKEND_CONFIG")
    except ConfigError as exc:
        print(f"bms-backend: {exc}", file=sys.stderr)
        return 2
    if args.command == "serve":
        import uvicorn

        from bms_backend.app import create_app
        app = create_app(args.db, config=config, test_hooks=args.test_hooks)
        # no access log: URLs may carry a NIR (attestation for one beneficiary)
        uvicorn.run(app, host=args.host, port=args.port, log_level="info", access_log=False)
        return 0
    if args.command == "issue-terminal":
        from bms_backend.store import Store
        store = Store(args.db)
        key = store.issue_terminal(args.terminal_id, datetime.now(timezone.utc).isoformat(timespec="seconds"))
        store.close()
        print(key)
        return 0
    text = openapi_text()
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
