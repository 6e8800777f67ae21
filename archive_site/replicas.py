"""Read replicas: public page views read from them; everything else uses the primary.

Readers far outnumber editors, so the reads of a public GET go to one of the
DATABASE_REPLICA_URLS. The primary keeps every write, every admin page, every management
command and every request that comes right after a write by the same browser: a replica
lags behind the primary, and an editor who just saved must see what they saved.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
# Set by a non-GET request, read by the next requests: "read from the primary until then".
READ_YOUR_WRITES_COOKIE = "primary_reads"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The replica this request reads from, one for the whole request so that all its reads see
# the same moment; outside a request (commands, the shell, tests of the ORM) nothing sets
# it, so reads stay on the primary.
_replica: ContextVar[str] = ContextVar("replica", default=PRIMARY)


def replica_aliases() -> list[str]:
    """The configured replicas' database aliases."""
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def admin_prefix() -> str:
    """The admin's path, which always reads from the primary."""
    return "/" + settings.ADMIN_URL


def reads_may_use_replica(request: HttpRequest) -> bool:
    """Whether this request's reads can come from a replica without showing it stale data."""
    return (
        request.method in SAFE_METHODS
        and READ_YOUR_WRITES_COOKIE not in request.COOKIES
        and not request.path.startswith(admin_prefix())
    )


class PrimaryReplicaRouter:
    """Sends reads to a replica when the request allows it, and all writes to the primary."""

    def db_for_read(self, model: type[Model], **hints: object) -> str:
        """The request's replica for a public read; the primary otherwise."""
        return _replica.get()

    def db_for_write(self, model: type[Model], **hints: object) -> str:
        """Writes always go to the primary."""
        return PRIMARY

    def allow_relation(self, first: Model, second: Model, **hints: object) -> bool:
        """Rows are the same rows on the primary and its replicas."""
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        """Migrations run on the primary; a streaming replica copies them."""
        return db == PRIMARY


class ReadYourWritesMiddleware:
    """Chooses where the request reads from, and after a write pins its author to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        replicas = replica_aliases()
        chosen = random.choice(replicas) if replicas and reads_may_use_replica(request) else None
        token = _replica.set(chosen or PRIMARY)
        try:
            response = self.get_response(request)
        finally:
            _replica.reset(token)
        if request.method not in SAFE_METHODS and replica_aliases():
            # Longer than the replicas' lag, so the next pages show what was just written.
            response.set_cookie(
                READ_YOUR_WRITES_COOKIE,
                "1",
                max_age=settings.READ_YOUR_WRITES_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
