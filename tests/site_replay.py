"""A replay of the ministry's site from tests/site-snapshot, over real HTTP on 127.0.0.1.

It serves every page of the snapshot's manifest.json at the page's own path (so
`http://127.0.0.1:<port>` stands for `https://www.fmprc.gov.cn`) with the status and
content type recorded, an ETag of its bytes, and 304 to an If-None-Match that matches.
It answers 404 to anything else, robots.txt included unless given one. A test can make a
page fail (`faults`), replace a page's bytes (`replaced`), and read every request the
server saw, with when it started and its headers (`requests`).
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

SNAPSHOT = Path(__file__).resolve().parent / "site-snapshot"
SITE = "https://www.fmprc.gov.cn"
EN_INDEX = "/mfa_eng/xwfw_665399/s2510_665401/2511_665403/default.shtml"
ZH_INDEX = "/web/wjdt_674879/fyrbt_674889/default.shtml"

# What a test can make a page do: "404", "500" (always), "500-once" (then the page),
# "429-once" (Retry-After: retry_after seconds, then the page), "slow" (wait `slow`
# seconds first), "truncated" (half the bytes of the length announced), "garbage"
# (binary noise served as text/html), "not-a-transcript" (an HTML page without one).
FAULTS = ("404", "500", "500-once", "429-once", "slow", "truncated", "garbage", "not-a-transcript")


@dataclass(frozen=True)
class SeenRequest:
    """A request as the server saw it."""

    path: str
    started: float  # time.monotonic() when the server began reading it
    headers: dict[str, str]
    status: int


@dataclass
class Replay:
    """The replay's state, which tests read and change while it runs."""

    pages: dict[str, tuple[Path, int, str]]
    url: str = ""
    robots_txt: str | None = None
    faults: dict[str, str] = field(default_factory=dict)
    replaced: dict[str, bytes] = field(default_factory=dict)
    conditional: bool = True
    slow: float = 1.0
    retry_after: str = "1"
    requests: list[SeenRequest] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def page_url(self, path: str) -> str:
        """The replay's address for a path of the site."""
        return self.url + path

    def body(self, path: str) -> bytes:
        """The bytes the replay serves for a page now."""
        return self.replaced.get(path) or self.pages[path][0].read_bytes()

    def seen(self, path_part: str = "") -> list[SeenRequest]:
        """The requests whose path contains path_part, in order."""
        with self.lock:
            return [r for r in self.requests if path_part in r.path]


def load_manifest() -> dict[str, tuple[Path, int, str]]:
    """The snapshot's pages by path: (file, status, content type)."""
    manifest = json.loads((SNAPSHOT / "manifest.json").read_text())
    return {
        urlsplit(url).path: (SNAPSHOT / entry["file"], entry["status"], entry["content_type"])
        for url, entry in manifest.items()
    }


def snapshot_url(path: str) -> str:
    """The page's address on the ministry's own site, as the manifest records it."""
    return SITE + path


class _Handler(BaseHTTPRequestHandler):
    replay: Replay
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle's algorithm holds the
    # body until the client's delayed ACK, some 40 ms a page on a kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        pass  # the tests read `requests`, not a log

    def do_GET(self) -> None:
        started = time.monotonic()
        replay = self.replay
        with replay.lock:
            replay.in_flight += 1
            replay.most_in_flight = max(replay.most_in_flight, replay.in_flight)
        try:
            status = self._answer(urlsplit(self.path).path)
        finally:
            with replay.lock:
                replay.in_flight -= 1
                replay.requests.append(
                    SeenRequest(self.path, started, dict(self.headers.items()), status)
                )

    def _answer(self, path: str) -> int:
        replay = self.replay
        if path == "/robots.txt" and replay.robots_txt is not None:
            return self._send(200, replay.robots_txt.encode(), "text/plain")
        fault = replay.faults.get(path)
        if fault in ("500-once", "429-once"):
            del replay.faults[path]
            if fault == "429-once":
                return self._send(
                    429, b"slow down", "text/plain", {"Retry-After": replay.retry_after}
                )
            return self._send(500, b"server error", "text/plain")
        if fault == "500":
            return self._send(500, b"server error", "text/plain")
        if path not in replay.pages or fault == "404":
            return self._send(404, b"not found", "text/plain")
        if fault == "slow":
            time.sleep(replay.slow)
        if fault == "garbage":
            return self._send(200, bytes(range(256)) * 40, "text/html")
        if fault == "not-a-transcript":
            page = b"<html><head><title>Notice</title></head><body><div></div></body></html>"
            return self._send(200, page, "text/html")
        body = replay.body(path)
        _, status, content_type = replay.pages[path]
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        if replay.conditional and self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", None, {"ETag": etag})
        if fault == "truncated":
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return status
        return self._send(status, body, content_type, {"ETag": etag})

    def _send(
        self, status: int, body: bytes, content_type: str | None, headers: dict | None = None
    ) -> int:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)) if status != 304 else "0")
        self.end_headers()
        if status != 304:
            self.wfile.write(body)
        return status


@contextmanager
def serve_snapshot() -> Iterator[Replay]:
    """Serve the snapshot on a free port of 127.0.0.1 for the block."""
    replay = Replay(load_manifest())
    handler = type("Handler", (_Handler,), {"replay": replay})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    replay.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield replay
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def run_fetch(*args: str) -> tuple[int, str]:
    """Run fetch_briefings as cron would: its exit status and everything it printed."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = io.StringIO()
    try:
        call_command("fetch_briefings", *args, stdout=out, stderr=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + f"CommandError: {error}\n"
    return 0, out.getvalue()
