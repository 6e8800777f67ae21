"""How fast briefings are fetched and imported from a local replay, and what the record would take.

It serves tests/site-snapshot (the ministry's two English and two Chinese index pages and
the 110 pages they list) on 127.0.0.1 and runs the fetcher against it as
`fetch_briefings mfa-en mfa-zh --index-url <replay> --max-pages 2 --delay 0` would:

1. fetching alone: every briefing page through the polite client, nothing parsed;
2. a first run: every page fetched, kept and imported (parsing included);
3. a second run: every page asked for again conditionally (answered 304), nothing parsed.

It prints pages per second for each, the load average, and the time the whole record
(about 6,000 days in English and Chinese, 12,000 pages and their index pages) would take
at the default delay of 2 s. The pause runs from the end of one request to the start of
the next, so a page's parsing and import happen within it: a page costs the delay or its
import, whichever is longer, plus its request.

It writes to the database, so run it against a scratch one (it migrates it, and refuses one
that already holds briefings unless given --flush, which rebuilds the archive's tables):

    createdb -h 127.0.0.1 -U postgres briefings_bench_fetch
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/briefings_bench_fetch
    .venv/bin/python bench/fetch.py [--flush]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RECORD_DAYS = 6_000  # regular press conferences since 2002, each in English and Chinese
EN_PER_INDEX_PAGE = 40  # the English index lists only press conferences, 40 a page
ZH_PER_INDEX_PAGE = 13  # the Chinese index: 15 items a page, 13 of them press conferences
DEFAULT_DELAY = 2.0


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a scratch database (see this script's docstring).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
    os.environ["DEBUG"] = "0"  # no log of every query
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(16).hex())
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flush", action="store_true", help="rebuild the archive's tables first")
    args = parser.parse_args()
    setup_django()

    from django.core.management import call_command

    from briefings.fetching import SOURCES, FetchOptions, PoliteClient, fetch_briefings
    from briefings.models import Briefing, FetchedPage
    from briefings.search import tokenizer
    from tests.site_replay import serve_snapshot

    call_command("migrate", verbosity=0)
    if Briefing.objects.exists() or FetchedPage.objects.exists():
        if not args.flush:
            sys.exit("The database already holds briefings: use a scratch one, or --flush.")
        call_command("migrate", "briefings", "zero", verbosity=0)
        call_command("migrate", verbosity=0)
    tokenizer()  # jieba loads once per process; not a cost of each page

    sources = [SOURCES["mfa-en"], SOURCES["mfa-zh"]]
    print(f"Load average before: {os.getloadavg()[0]:.2f}")
    with serve_snapshot() as site:
        options = FetchOptions(
            index_urls={s.slug: s.mirrored(site.url) for s in sources}, max_pages=2, delay=0
        )
        pages = [path for path in site.pages if "/t" in path and site.pages[path][0].exists()]

        # 1. Fetching alone, through the polite client (robots.txt, no pause).
        started = time.perf_counter()
        with PoliteClient(delay=0) as client:
            sizes = [len(client.get(site.page_url(path)).content) for path in pages]
        fetch_seconds = time.perf_counter() - started
        per_fetch = fetch_seconds / len(pages)
        print(
            f"Fetching alone: {len(pages)} pages ({sum(sizes) / 1e6:.1f} MB) in "
            f"{fetch_seconds:.2f} s: {len(pages) / fetch_seconds:.0f} pages/s"
        )

        # 2. A first run: fetched, kept and imported.
        before = len(site.requests)
        started = time.perf_counter()
        tallies = fetch_briefings(sources, options)
        first_seconds = time.perf_counter() - started
        requests = len(site.requests) - before
        imported = sum(t.new for t in tallies)
        failed = sum(t.failed for t in tallies)
        print(
            f"First run: {imported} pages fetched and imported ({failed} failed, "
            f"{requests} requests with index pages and robots.txt) in {first_seconds:.2f} s: "
            f"{imported / first_seconds:.1f} pages/s"
        )

        # 3. A second run: every page asked for conditionally, nothing changed.
        before = len(site.requests)
        started = time.perf_counter()
        tallies = fetch_briefings(sources, options)
        second_seconds = time.perf_counter() - started
        checked = sum(t.unchanged for t in tallies)
        print(
            f"Second run: {checked} pages unchanged (304) in {second_seconds:.2f} s: "
            f"{checked / second_seconds:.0f} pages/s"
        )

    per_page = first_seconds / imported
    per_import = max(per_page - per_fetch, 0.0)
    record_pages = 2 * RECORD_DAYS
    index_pages = -(-RECORD_DAYS // EN_PER_INDEX_PAGE) + -(-RECORD_DAYS // ZH_PER_INDEX_PAGE)
    total = record_pages + index_pages
    seconds = record_pages * (max(DEFAULT_DELAY, per_import) + per_fetch) + index_pages * (
        DEFAULT_DELAY + per_fetch
    )
    print(
        f"Whole record at the default delay: {record_pages:,} briefing pages and about "
        f"{index_pages:,} index pages ({total:,} requests), each {DEFAULT_DELAY:g} s apart "
        f"(import {per_import * 1000:.0f} ms a page, within the pause; request "
        f"{per_fetch * 1000:.1f} ms): {seconds / 3600:.1f} hours"
    )
    print(f"Load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
