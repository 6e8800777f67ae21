"""Health probes for compose and load balancers, and what a reader gets while the database
is down.

`/healthz` says the process answers (no database: a restarting PostgreSQL must not get
every app server killed); `/readyz` says it can serve pages: the database answers, every
migration on disk is applied, and the cache answers when one is configured.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from gunicorn.glogging import Logger

HEALTH_PATHS = frozenset({"/healthz", "/readyz"})

logger = logging.getLogger(__name__)

# Once a process has seen every migration applied it stays so: migrations are applied
# before new code starts, never taken back under running code.
_migrations_applied = False


def database_state() -> str:
    """'ok' when the primary answers a query, else why not."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        # A broken persistent connection must not stay in this thread for the next probe.
        connections["default"].close_if_unusable_or_obsolete()
        return f"unreachable: {str(error).strip().splitlines()[0] if str(error) else error!r}"
    return "ok"


def migrations_state() -> str:
    """'ok' when no migration on disk waits to be applied."""
    global _migrations_applied
    if _migrations_applied:
        return "ok"
    try:
        executor = MigrationExecutor(connections["default"])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return f"unknown: {error}"
    if plan:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in plan[:5])
        return f"{len(plan)} not applied: {names}"
    _migrations_applied = True
    return "ok"


def cache_state() -> str:
    """'ok' when the configured Redis answers a ping, 'not configured' without REDIS_URL."""
    if not getattr(settings, "REDIS_URL", ""):
        return "not configured"
    import redis

    try:
        # Its own short-lived client: the cache's would be a private attribute of Django's.
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5)
        client.ping()
        client.close()
    except Exception as error:  # any failure of the client means the same: no cache
        return f"unreachable: {error}"
    return "ok"


def readiness() -> tuple[bool, dict[str, str]]:
    """Whether this process can serve pages, with each check's state."""
    checks = {"database": database_state()}
    checks["migrations"] = migrations_state() if checks["database"] == "ok" else "unknown"
    checks["cache"] = cache_state()
    ready = all(state in {"ok", "not configured"} for state in checks.values())
    return ready, checks


class HealthCheckMiddleware:
    """Answers /healthz and /readyz before host checks, sessions and the database router."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return HttpResponse("ok\n", content_type="text/plain")
        if request.path == "/readyz":
            ready, checks = readiness()
            response = JsonResponse({"ready": ready, **checks}, status=200 if ready else 503)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a lost database answers 503 with Retry-After; any other error is a 500.

    Django calls it inside its handling of the exception, from whichever layer raised it
    (a view, or middleware such as the page cache reading the archive's version)."""
    from django.db import InterfaceError, OperationalError
    from django.views.defaults import server_error as plain_server_error

    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return plain_server_error(request)
    logger.warning("Database unavailable for %s: %s", request.path, error)
    response = HttpResponse(
        "The archive is briefly unavailable: its database is not answering. "
        "Please try again in a moment.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    return response


class QuietAccessLogger(Logger):
    """gunicorn's access log without the health probes, which compose sends every few seconds."""

    def access(self, resp: object, req: object, environ: dict, request_time: object) -> None:
        """Log the request unless it is a health probe."""
        if environ.get("PATH_INFO") in HEALTH_PATHS:
            return
        super().access(resp, req, environ, request_time)
