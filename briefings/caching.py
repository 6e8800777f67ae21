"""Public pages cached whole, revalidated by ETag, and never served stale.

Every page a reader sees is a function of its address, the archive's contents and the
code that renders it. The archive's contents have a version number that PostgreSQL
raises on every write (see `briefings/models/versions.py`); the code has a release
fingerprint. So a page's `ETag` is the pair, and its entry in the shared cache is keyed
on the pair and the address: after any write, every old entry and `ETag` stops matching
at once, with nothing to find and delete. A write costs the whole cache, which is cheap
for an archive written in bursts (imports, editing) and read all the time.

The version is read before the view runs: a page rendered while a write commits is
stored under the older number, which the write has already made obsolete.

`Last-Modified` is sent for clients that show it, but only `If-None-Match` earns a 304:
its one-second resolution cannot tell two writes in the same second apart.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from .models import Version, current_version

logger = logging.getLogger(__name__)

# Pages that cite one thing and rarely change: browsers and proxies may keep them long,
# revalidating by ETag afterwards. Every other public page is a list that an import
# changes, kept briefly.
PERMALINKS = {"briefings:briefing", "briefings:exchange"}
LISTS = {
    "briefings:home",
    "briefings:briefing_list",
    "briefings:feed",
    "briefings:year",
    "briefings:month",
    "briefings:day",
    "briefings:topic_list",
    "briefings:topic",
    "briefings:entity_list",
    "briefings:entity",
    "briefings:spokesperson_list",
    "briefings:spokesperson",
    "briefings:outlet_list",
    "briefings:outlet",
    "briefings:search",
    "sitemap",
}
# Entries expire on their own too, so a cache without an eviction policy stays small.
ENTRY_SECONDS = 24 * 3600


def release_fingerprint(root: Path) -> tuple[str, float]:
    """A hash of the code and templates that render pages, and their newest change time."""
    if os.environ.get("RELEASE"):
        return os.environ["RELEASE"], 0.0
    digest = hashlib.sha1()
    newest = 0.0
    for folder, pattern in (("briefings", "*.py"), ("templates", "*.html")):
        for path in sorted((root / folder).rglob(pattern)):
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
            newest = max(newest, stat.st_mtime)
    return digest.hexdigest()[:12], newest


RELEASE, RELEASED_AT = release_fingerprint(Path(settings.BASE_DIR))


def page_policy(view_name: str) -> int | None:
    """How many seconds browsers and proxies may keep a page, or None when not cached."""
    if view_name in PERMALINKS:
        return settings.PERMALINK_MAX_AGE
    if view_name in LISTS:
        return settings.LIST_MAX_AGE
    return None


def version_etag(version: Version) -> str:
    # Weak: a proxy that compresses the page keeps a weak ETag as it is.
    return f'W/"{version.number}-{RELEASE}"'


def cache_key(request: HttpRequest, version: Version) -> str:
    """The page's entry: address (with scheme and host, which canonical links name),
    archive version and release."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha1(address.encode()).hexdigest()
    return f"page:{RELEASE}:{version.number}:{digest}"


def inm_matches(request: HttpRequest, etag: str) -> bool:
    """Whether If-None-Match names this ETag (weak comparison, as RFC 9110 asks for GET)."""
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


class PublicPageCache:
    """Middleware: ETag, Last-Modified and Cache-Control on public pages, 304 on a matching
    If-None-Match, and whole pages from the shared cache. Off when PAGE_CACHE is false."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        state: PageState | None = getattr(request, "_page_state", None)
        if state is None or state.served:
            return response
        if response.status_code == 200 and self.cacheable(response):
            self.mark(response, state)
            if request.method == "GET":
                self.store(state.key, response)
        elif not response.has_header("Cache-Control") and (
            response.status_code == 200 or response.status_code >= 400
        ):
            # What was rendered for one reader (a cookie set) or an error: not shared.
            patch_cache_control(response, no_cache=True)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return None
        max_age = page_policy(request.resolver_match.view_name)  # type: ignore[union-attr]
        if max_age is None:
            return None
        version = current_version()
        state = PageState(version, max_age, cache_key(request, version))
        request._page_state = state  # type: ignore[attr-defined]
        if inm_matches(request, version_etag(version)):
            state.served = True
            return self.mark(HttpResponseNotModified(), state)
        cached = self.fetch(state.key) if request.method == "GET" else None
        if cached is not None:
            state.served = True
            return self.mark(cached, state)
        return None

    def cacheable(self, response: HttpResponseBase) -> bool:
        """A complete page the same for every reader: no cookie set, nothing streamed,
        no caching decided by the view itself."""
        return (
            isinstance(response, HttpResponse)
            and not response.cookies
            and not response.has_header("Cache-Control")
            and "Cookie" not in response.get("Vary", "")
        )

    def mark(self, response: HttpResponseBase, state: PageState) -> HttpResponseBase:
        """The page's validators and how long it may be kept."""
        response["ETag"] = version_etag(state.version)
        changed = state.version.changed_at.timestamp() if state.version.changed_at else 0.0
        response["Last-Modified"] = http_date(max(changed, RELEASED_AT))
        # must-revalidate: once max-age has passed, a cache asks again (a 304 if nothing
        # changed) rather than showing what it holds.
        patch_cache_control(response, public=True, max_age=state.max_age, must_revalidate=True)
        return response

    def fetch(self, key: str) -> HttpResponse | None:
        """The stored page, or None; a cache that does not answer means no cache."""
        try:
            stored = cache.get(key)
        except Exception:  # Redis down or unreachable: serve the page uncached.
            logger.warning("page cache unavailable", exc_info=True)
            return None
        if stored is None:
            return None
        status, headers, content = pickle.loads(stored)
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response

    def store(self, key: str, response: HttpResponseBase) -> None:
        assert isinstance(response, HttpResponse)
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() in ("content-type", "content-language", "x-robots-tag")
        ]
        stored = pickle.dumps((response.status_code, headers, response.content), protocol=5)
        try:
            cache.set(key, stored, ENTRY_SECONDS)
        except Exception:  # As in fetch: the page is served, only not kept.
            logger.warning("page cache unavailable", exc_info=True)


class PageState:
    """What process_view learned about a page, for the response on its way out."""

    __slots__ = ("key", "max_age", "served", "version")

    def __init__(self, version: Version, max_age: int, key: str) -> None:
        self.version = version
        self.max_age = max_age
        self.key = key
        self.served = False
