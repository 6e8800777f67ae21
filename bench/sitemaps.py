"""How fast the sitemap index and its sections answer on a large archive.

It starts gunicorn itself (127.0.0.1, 2 workers, DEBUG off, as bench/search.py does),
asks for /sitemap.xml and every page of every section it lists (the deepest exchange
pages included) over HTTP, several times each, and prints for each the number of
addresses, the size, and the median, p95 and slowest time. The target: the index and
any section under one second on 1,000,000 exchanges. The machine's load average is
printed before and after: measure when it is low.

Run it against a dedicated database filled with the synthetic archive:

    createdb -h 127.0.0.1 -U postgres briefings_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/briefings_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_corpus --briefings 40000   # 1,000,000 exchanges
    .venv/bin/python bench/sitemaps.py [--runs 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

# The server, the load average and the percentile come from the search benchmark.
_spec = importlib.util.spec_from_file_location("search_bench", ROOT / "bench" / "search.py")
assert _spec and _spec.loader
search_bench = importlib.util.module_from_spec(_spec)
sys.modules["search_bench"] = search_bench
_spec.loader.exec_module(search_bench)


def timed_get(url: str) -> tuple[float, bytes]:
    """Milliseconds to fetch a URL whole, and its body."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read()
    return (time.perf_counter() - start) * 1000, body


def addresses(body: bytes) -> int:
    """How many <url> or <sitemap> entries a sitemap holds."""
    root = ET.fromstring(body)
    return len(root.findall("s:url", NS)) + len(root.findall("s:sitemap", NS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="requests per address")
    args = parser.parse_args()

    port = search_bench.free_port()
    print(f"load average at the start: {search_bench.load()}")
    server = search_bench.start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        _, index = timed_get(f"{base}/sitemap.xml")
        sections = [
            urllib.parse.urlsplit(entry.findtext("s:loc", namespaces=NS) or "")
            for entry in ET.fromstring(index).findall("s:sitemap", NS)
        ]
        paths = ["/sitemap.xml"] + [
            part.path + (f"?{part.query}" if part.query else "") for part in sections
        ]
        print(f"{'address':40} {'entries':>8} {'MB':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
        worst = 0.0
        for path in paths:
            times = []
            body = b""
            for _ in range(args.runs):
                ms, body = timed_get(base + path)
                times.append(ms)
            worst = max(worst, max(times))
            print(
                f"{path:40} {addresses(body):>8,} {len(body) / 1e6:>6.1f} "
                f"{statistics.median(times):>7.0f} {search_bench.percentile(times, 95):>7.0f} "
                f"{max(times):>7.0f}"
            )
        print(f"slowest answer of {len(paths)} addresses × {args.runs} runs: {worst:.0f} ms")
    finally:
        server.terminate()
        server.wait()
    print(f"load average at the end: {search_bench.load()}")


if __name__ == "__main__":
    main()
