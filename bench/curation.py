"""How fast editors' bulk work runs: tagging, suggesting and relinking over many exchanges.

Prints, for the exchanges already in the database (the synthetic archive works well),
the time and number of SQL queries of: adding one topic to N exchanges, removing it,
running the keyword rules of one topic, and relinking every exchange's mentions.
Everything runs inside a transaction that is rolled back, so the database is unchanged.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/briefings_bench
    .venv/bin/python manage.py generate_corpus --briefings 2000
    .venv/bin/python bench/curation.py [--exchanges 500] [--link 20000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")


def measure(label: str, work: Callable[[], object]) -> None:
    """Run work once and print its time, query count and result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - start
    print(f"{label:<48} {elapsed * 1000:9.1f} ms  {len(queries):4d} queries  → {result}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exchanges", type=int, default=500, help="how many to tag")
    parser.add_argument("--link", type=int, default=20000, help="how many to relink")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import transaction

    from briefings.linking import link_mentions
    from briefings.models import Question, Topic
    from briefings.topics import add_topics, remove_topics, suggest_topics

    ids = list(Question.objects.order_by("pk").values_list("pk", flat=True)[: args.exchanges])
    link_ids = list(Question.objects.order_by("pk").values_list("pk", flat=True)[: args.link])
    if not ids:
        sys.exit("No exchanges in the database: generate or import some first.")

    with transaction.atomic():
        topic = Topic.objects.create(
            name="Bench topic", slug="bench-topic", keywords="trade\nTaiwan\n台湾"
        )
        measure(f"add one topic to {len(ids)} exchanges", lambda: add_topics(ids, [topic]))
        measure(f"remove it from {len(ids)} exchanges", lambda: remove_topics(ids, [topic]))
        measure(
            f"keyword rules of one topic over {len(link_ids)}",
            lambda: suggest_topics(link_ids, topics=[topic]),
        )
        measure(f"relink mentions of {len(link_ids)} exchanges", lambda: link_mentions(link_ids))
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
