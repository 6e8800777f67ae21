"""How fast the reading pages render, and how many queries they run, for a long briefing.

It adds (once) a demo briefing of 300 exchanges to the database in DATABASE_URL, then
asks each reading page through Django's test client, in process, and prints the p50
and p95 time and the number of SQL queries of each. Use a dedicated database:

    createdb -h 127.0.0.1 -U postgres briefings_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/briefings_bench DEBUG=1
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/reading.py [--runs 20] [--exchanges 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")


def main() -> None:
    """Build the long briefing if needed, then time each page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--exchanges", type=int, default=300)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from briefings.models import Briefing, Source
    from tests.factories import add_exchange, add_statement, make_briefing

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    Source.objects.get_or_create(
        slug="bench", defaults={"name": "Benchmark Ministry", "is_demo": True}
    )
    briefing = Briefing.objects.filter(source__slug="bench", date="2001-01-02").first()
    if briefing is None:
        print(f"Adding a demo briefing of {args.exchanges} exchanges…", flush=True)
        briefing = make_briefing("2001-01-02", source="bench", title="A long briefing")
        add_statement(briefing, "Good afternoon. I have three announcements. " * 6)
        for n in range(1, args.exchanges + 1):
            add_exchange(
                briefing,
                f"Question {n}: could you tell us more about the talks? " * 3,
                ["We have released information on this. " * 12, "As I said, " * 10],
                note="(The spokesperson smiled.)" if n % 25 == 0 else None,
            )
    middle = briefing.questions.order_by("position")[args.exchanges // 2]
    pages = {
        "home": "/",
        "list": "/briefings/",
        "year": f"/briefings/{briefing.date.year}/",
        "month": f"/briefings/{briefing.date:%Y/%m}/",
        "briefing": briefing.get_absolute_url(),
        "exchange": middle.get_absolute_url(),
        "spokesperson": "/spokespersons/zhao-lijian/",
        "feed": "/briefings/feed/",
    }
    client = Client()
    print(f"{'page':<14}{'status':>7}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'KB':>8}")
    for name, url in pages.items():
        times = []
        connection.queries_log.clear()  # a full log (building the briefing) would hide new ones
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        for _ in range(args.runs):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
        print(
            f"{name:<14}{response.status_code:>7}{statistics.median(times):>9.1f}{p95:>9.1f}"
            f"{len(queries.captured_queries):>9}{len(response.content) / 1024:>8.0f}"
        )


if __name__ == "__main__":
    main()
