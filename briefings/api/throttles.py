"""How often one client may call the API and the exports, counted in the shared cache."""

from __future__ import annotations

import logging

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class ClientRateThrottle(SimpleRateThrottle):
    """Requests per client address at the rate named by a setting (API_RATE).

    The rate is read from the settings on every request rather than once at start-up
    (as DRF's scoped throttles do), so an operator's change and a test's override apply.
    """

    scope = "api"
    setting = "API_RATE"

    def get_rate(self) -> str:
        return getattr(settings, self.setting)

    def get_cache_key(self, request: object, view: object) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request: object, view: object) -> bool:
        """Count the request; with the shared cache down, let it through uncounted rather
        than answer 500 (readers keep reading; the limit resumes with Redis)."""
        try:
            return super().allow_request(request, view)
        except Exception:  # any failure of the cache client: Redis down or unreachable
            logger.warning("Rate limits not counted: the cache is unreachable", exc_info=True)
            return True


class ExportRateThrottle(ClientRateThrottle):
    """Exports per client address (EXPORT_RATE): each may stream a million rows."""

    scope = "export"
    setting = "EXPORT_RATE"
