"""The backend's Prometheus metrics, at ``GET /metrics`` (no terminal key: nothing personal in it).

Requests by method, route *template* (``/v1/creances/{reference}``, never the path a caller sent:
it can carry a reference) and status; their latency; exceptions that escaped a route, by class;
the build version. One registry per app (the tests run several servers in one process).

With ``--workers N`` every worker process keeps its own figures and a scrape reads the one that
answers: scrape each worker, or run one worker per port, for whole figures.
"""

from __future__ import annotations

import time
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, Info
from prometheus_client import ProcessCollector, generate_latest

PREFIX = "bms_backend"
METRICS_PATH = "/metrics"
UNMATCHED = "unmatched"  # no route answered (404, or the terminal gate refused before routing)
LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


def _version() -> str:
    try:
        return version("bms-backend")
    except PackageNotFoundError:
        return "unknown"


class BackendMetrics:
    def __init__(self, api_version: str) -> None:
        r = self.registry = CollectorRegistry()
        ProcessCollector(registry=r)
        Info(f"{PREFIX}_build", "Version of the backend software and of its API", registry=r).info(
            {"version": _version(), "api": api_version})
        self.requests = Counter(f"{PREFIX}_requests", "Requests answered, by route template and status",
                                ["method", "route", "status"], registry=r)
        self.seconds = Histogram(f"{PREFIX}_request_seconds", "Time to answer a request", ["method", "route"],
                                 buckets=LATENCY_BUCKETS, registry=r)
        self.exceptions = Counter(f"{PREFIX}_exceptions", "Exceptions that escaped a route, by class", ["kind"],
                                  registry=r)
        self.in_progress = Gauge(f"{PREFIX}_requests_in_progress", "Requests being answered", registry=r)

    def exposition(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class MetricsMiddleware:
    """ASGI middleware, outermost: every request is counted, the gate's refusals included."""

    def __init__(self, app: Any, metrics: BackendMetrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] == METRICS_PATH:
            return await self.app(scope, receive, send)
        m, status = self.metrics, 500
        start = time.monotonic()

        async def sending(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        m.in_progress.inc()
        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            m.exceptions.labels(type(exc).__name__).inc()
            raise
        finally:
            m.in_progress.dec()
            route = getattr(scope.get("route"), "path", None) or UNMATCHED  # the template, set by the router
            method = scope.get("method", "")
            m.requests.labels(method, route, str(status)).inc()
            m.seconds.labels(method, route).observe(time.monotonic() - start)
