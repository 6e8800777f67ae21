"""The polite HTTP client: robots.txt obeyed, a pause between requests, retries that back off.

One client serves one run. It asks a host for one thing at a time and waits `delay`
seconds (or the host's robots.txt Crawl-delay, when longer) between the end of one
request and the start of the next, retries included. It names the archive and a contact
address in its User-Agent, and asks again for a page it has already stored only if the
page changed (If-None-Match, If-Modified-Since): a 304 costs the site almost nothing.

On 429 and 5xx answers, timeouts and dropped connections it tries again a few times,
waiting longer each time (as long as Retry-After asks, up to a cap), through urllib3's
Retry, the retry support requests is built on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import IncompleteRead, NewConnectionError, ReadTimeoutError
from urllib3.util.retry import Retry

# Answers worth asking again for: the server is busy or broke for a moment.
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchFailed(Exception):
    """A page could not be fetched; the message says why, as a person would read it."""


@dataclass(frozen=True)
class Fetched:
    """A server's answer: 200 with the body, or 304 (unchanged since the stored copy)."""

    url: str
    status: int
    content: bytes
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class PoliteRetry(Retry):
    """urllib3's Retry that never asks again sooner than the client's pause."""

    def __init__(self, *args: Any, pause: float = 0.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pause = pause

    def new(self, **kwargs: Any) -> PoliteRetry:
        retry = super().new(**kwargs)
        retry.pause = self.pause
        return retry

    def sleep(self, response: Any = None) -> None:
        # The first retry's backoff is 0 in urllib3, and a Retry-After may be shorter
        # than the pause: either way the host still gets its pause between requests.
        started = time.monotonic()
        super().sleep(response)
        remaining = self.pause - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)


class PoliteClient:
    """Fetches pages one at a time, obeying robots.txt and pausing between requests."""

    def __init__(
        self,
        *,
        delay: float,
        user_agent: str | None = None,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        backoff_max: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay = delay
        self.user_agent = user_agent or settings.FETCH_USER_AGENT
        self.timeout = settings.FETCH_TIMEOUT if timeout is None else timeout
        self.retries = settings.FETCH_RETRIES if retries is None else retries
        self.backoff = settings.FETCH_BACKOFF if backoff is None else backoff
        self.backoff_max = settings.FETCH_BACKOFF_MAX if backoff_max is None else backoff_max
        self.sleep = sleep
        self.session = requests.Session()
        self.session.headers["User-Agent"] = self.user_agent
        self.robots: dict[str, RobotFileParser] = {}
        # Why a host is out of bounds when its robots.txt could not be read as rules.
        self.refusals: dict[str, str] = {}
        self.pauses: dict[str, float] = {}
        self.last_request: dict[str, float] = {}
        self.requests_made = 0

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
        """The page at url (304 when the stored copy's validators still hold); FetchFailed."""
        host = self._host(url)
        rules = self.robots.get(host) or self._read_robots(host)
        if not rules.can_fetch(self.user_agent, url):
            raise FetchFailed(
                self.refusals.get(host)
                or f"{host}/robots.txt disallows it for {self._agent_name()}"
            )
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        response = self._request(host, url, headers)
        if response.status_code == 304:
            return Fetched(response.url, 304, b"", **self._validators(response))
        if response.status_code != 200:
            raise FetchFailed(f"HTTP {response.status_code} {response.reason}{_tries(response)}")
        return Fetched(response.url, 200, response.content, **self._validators(response))

    def _request(self, host: str, url: str, headers: dict[str, str]) -> requests.Response:
        self._wait(host)
        try:
            response = self.session.get(url, headers=headers, timeout=self.timeout)
        except requests.RequestException as error:
            raise FetchFailed(self._failure(error)) from None
        finally:
            # The pause runs from the end of this request (and of its retries).
            self.last_request[host] = time.monotonic()
            self.requests_made += 1
        return response

    def _failure(self, error: requests.RequestException) -> str:
        """Why a request failed, as a person would read it."""
        cause = _innermost(error)
        if isinstance(error, requests.Timeout) or isinstance(
            cause, TimeoutError | ReadTimeoutError
        ):
            return f"no answer within {self.timeout:g} s ({1 + self.retries} tries)"
        if isinstance(error, requests.exceptions.ChunkedEncodingError):
            if isinstance(cause, IncompleteRead):
                got, missing = int(cause.partial), int(cause.expected or 0)
                return f"the answer was cut short ({got:,} of {got + missing:,} bytes)"
            return f"the answer was cut short ({_reason(cause)})"
        if isinstance(cause, NewConnectionError):
            # "HTTPConnection(host=…): Failed to establish a new connection: [Errno 111] …"
            return f"could not connect ({str(cause).split(': ', 1)[-1]})"
        return f"the request failed ({_reason(cause)})"

    def _wait(self, host: str) -> None:
        last = self.last_request.get(host)
        if last is None:
            return
        remaining = self.pauses.get(host, self.delay) - (time.monotonic() - last)
        if remaining > 0:
            self.sleep(remaining)

    def _read_robots(self, host: str) -> RobotFileParser:
        """Read a host's robots.txt once a run, and set the host's pause and retries."""
        rules = RobotFileParser(f"{host}/robots.txt")
        self._mount(host, self.delay)
        try:
            response = self._request(host, f"{host}/robots.txt", {})
        except FetchFailed as failure:
            raise FetchFailed(f"{host}/robots.txt could not be read: {failure}") from None
        if response.status_code == 200:
            rules.parse(response.text.splitlines())
        elif response.status_code in (401, 403) or response.status_code >= 500:
            # Forbidden or broken: take it as "keep out" rather than guess (as search
            # engines do), until a later run reads it again.
            rules.parse(["User-agent: *", "Disallow: /"])
            self.refusals[host] = (
                f"{host}/robots.txt answered HTTP {response.status_code}: not fetching from it"
            )
        else:
            rules.parse([])  # none (404): everything is allowed
        crawl_delay = rules.crawl_delay(self.user_agent)
        pause = max(self.delay, float(crawl_delay or 0))
        self.pauses[host] = pause
        self._mount(host, pause)
        self.robots[host] = rules
        return rules

    def _mount(self, host: str, pause: float) -> None:
        retry = PoliteRetry(
            total=self.retries,
            connect=self.retries,
            read=self.retries,
            status=self.retries,
            other=0,
            redirect=5,
            status_forcelist=RETRIED_STATUSES,
            allowed_methods=frozenset({"GET"}),
            backoff_factor=self.backoff,
            backoff_max=self.backoff_max,
            retry_after_max=self.backoff_max,
            respect_retry_after_header=True,
            raise_on_status=False,
            pause=pause,
        )
        # One connection per host: never two requests to it at once.
        adapter = HTTPAdapter(max_retries=retry, pool_connections=1, pool_maxsize=1)
        self.session.mount(f"{host}/", adapter)

    def _agent_name(self) -> str:
        return self.user_agent.split("/")[0]

    @staticmethod
    def _host(url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchFailed(f"not an http(s) address: {url!r}")
        return f"{parts.scheme}://{parts.netloc}"

    @staticmethod
    def _validators(response: requests.Response) -> dict[str, str]:
        return {
            "content_type": response.headers.get("Content-Type", ""),
            "etag": response.headers.get("ETag", ""),
            "last_modified": response.headers.get("Last-Modified", ""),
        }


def _tries(response: requests.Response) -> str:
    """' after N tries' when the answer came after retries."""
    retries = getattr(response.raw, "retries", None)
    history = getattr(retries, "history", ()) or ()
    return f" after {len(history) + 1} tries" if history else ""


def _innermost(error: BaseException) -> BaseException:
    """The error at the bottom of requests' and urllib3's wrapping."""
    while True:
        inner = next((a for a in error.args if isinstance(a, BaseException)), None)
        inner = inner or getattr(error, "reason", None)
        if not isinstance(inner, BaseException) or inner is error:
            return error
        error = inner


def _reason(error: BaseException) -> str:
    return str(error) or type(error).__name__
