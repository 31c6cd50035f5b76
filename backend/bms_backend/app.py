"""The /v1 API (FastAPI): routers in ``api/`` over a storage, business rules in ``rules.py``.

Wording of the outcomes: SPEC.md (texts.py). Contract: docs/backend.md, docs/openapi.json.
Errors are ``{"detail": {"code", "message", ...}}`` with ``field`` (invalid_field),
``attempts_left`` (wrong_code) or ``reason`` (not_eligible). NIRs never reach the log.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from bms_backend.api import admin, creances, droits, messages, oc, sessions
from bms_backend.api.common import API_VERSION, ApiError
from bms_backend.api.context import Context
from bms_backend.api.gate import BodyTooLarge, TerminalGate
from bms_backend.clock import Clock
from bms_backend.metrics import METRICS_PATH, BackendMetrics, MetricsMiddleware
from bms_backend.store import Conflict, open_store
from bms_backend.texts import FIELD_MESSAGES, MSG_CONFLICT, MSG_TOO_LARGE
from bms_client import messages as M
from bms_client.config import Config


def create_app(db_path: str | Path, config: Config | None = None, clock: Clock | None = None,
               test_hooks: bool = False) -> FastAPI:
    """The API over the database ``db_path`` (created, migrated and seeded if new).

    ``test_hooks`` adds /v1/admin/* (clock forward, SMS outbox), never in the OpenAPI document.
    """
    cfg = config or Config()
    clk = clock or Clock()
    store = open_store(db_path)
    store.seed(clk.today())
    app = FastAPI(title="BMS téléservices API", version=API_VERSION,
                  description="Téléservices de l'Assurance Maladie pour la borne multi-services et les "
                              "autres canaux. Voir docs/backend.md.",
                  # FastAPI's own OpenTelemetry hooks off: a check per request for nothing, and its
                  # exception logs could carry a NIR to whatever exporter the environment names
                  telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False,
                             "auto_configure": False})
    app.state.store, app.state.config, app.state.clock = store, cfg, clk
    app.add_middleware(TerminalGate, store=store)
    metrics = app.state.metrics = BackendMetrics(API_VERSION)
    app.add_middleware(MetricsMiddleware, metrics=metrics)  # added last: outermost, sees the gate's refusals

    @app.get(METRICS_PATH, include_in_schema=False)
    def _metrics() -> Response:
        body, content_type = metrics.exposition()
        return Response(body, media_type=content_type)

    ctx = Context(store, cfg, clk)
    for module in (sessions, droits, creances, oc, messages):
        app.include_router(module.router(ctx))
    if test_hooks:
        app.include_router(admin.router(ctx))

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(status_code=exc.status,
                            content={"detail": {"code": exc.code, "message": exc.message, **exc.extra}})

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request: Request, exc: BodyTooLarge) -> JSONResponse:
        return JSONResponse(status_code=413, content={"detail": {"code": "too_large", "message": MSG_TOO_LARGE}})

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": {"code": "conflict", "message": MSG_CONFLICT}})

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        loc = [str(p) for p in (errors[0].get("loc", ()) if errors else ()) if p not in ("body", "query", "path", "header")]
        field = loc[0] if loc else "body"
        return JSONResponse(status_code=422, content={"detail": {
            "code": "invalid_field", "field": field,
            "message": FIELD_MESSAGES.get(field, M.INVALID_FIELD.format(field=field))}})

    return app
