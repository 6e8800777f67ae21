"""How well the two language versions of a briefing are lined up: precision and recall.

Imports every labelled day of `tests/golden/alignment/mfa-pairs.json` (real English and
Chinese transcripts from corpus/ and tests/site-snapshot/, paired by reading them) into
the database, inside a transaction that is rolled back, and prints the precision and
recall of the stored exchange and statement pairs; then of the aligner on the same days
changed on purpose (an exchange dropped from one side, two merged, two swapped), with
the time the aligner took. Use a scratch database (it must be migrated):

    createdb -h 127.0.0.1 -U postgres briefings_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/briefings_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/alignment.py [--misses]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")


class RolledBack(Exception):
    """Raised to undo the imports."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every wrong or missed pair")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import transaction

    from tests.alignment_set import labelled_days, measure_generated, measure_stored

    days = labelled_days()
    try:
        with transaction.atomic():
            start = time.perf_counter()
            exchanges, statements = measure_stored(days)
            imported = time.perf_counter() - start
            start = time.perf_counter()
            generated = measure_generated(days)
            aligned = time.perf_counter() - start
            raise RolledBack
    except RolledBack:
        pass
    pairs = sum(len(day["exchanges"]) for day in days)
    print(f"labelled set: {len(days)} days, {pairs} exchange rows")
    print(f"real pairs, exchanges:  {exchanges}")
    print(f"real pairs, statements: {statements}")
    print(f"  ({imported:.1f} s to import and align {2 * len(days)} transcripts)")
    for name, score in generated.items():
        print(f"generated, {name:<8} {score}")
    print(f"  ({aligned:.2f} s to align the generated versions)")
    print(f"load average: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    if args.misses:
        for score in (exchanges, statements, *generated.values()):
            for miss in score.misses:
                print(" ", miss)


if __name__ == "__main__":
    main()
