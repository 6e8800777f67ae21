"""A run of the fetcher: one at a time, recorded for the admin, every source in turn."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict

from django.db import connection
from django.utils import timezone

from ..importer import ImportRun
from ..models import FetchRun
from .client import PoliteClient
from .sources import FetchSource
from .walk import FetchOptions, Report, SourceTally, walk_source

# The PostgreSQL advisory lock every run holds, whatever machine or container it runs in:
# two runs at once would ask the site for everything twice and import it twice.
LOCK_KEY = int.from_bytes(
    hashlib.sha256(b"briefings.fetch_briefings").digest()[:8], "big", signed=True
)


class AlreadyRunning(Exception):
    """Another run holds the lock; this one did nothing."""


@contextmanager
def exclusive_run() -> Iterator[None]:
    """Hold the fetcher's lock for the block; AlreadyRunning when another run holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        (acquired,) = cursor.fetchone()
    if not acquired:
        running = FetchRun.objects.filter(status=FetchRun.Status.RUNNING).first()
        since = f" (since {running.started_at:%Y-%m-%d %H:%M} UTC)" if running else ""
        raise AlreadyRunning(f"another fetch_briefings run is under way{since}; this one stops")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def fetch_briefings(
    sources: list[FetchSource], options: FetchOptions, report: Report | None = None
) -> list[SourceTally]:
    """Walk every source in turn and import what is new; recorded as a FetchRun unless a dry run."""
    report = report or Report()
    with exclusive_run():
        record = None if options.dry_run else _start_record(sources, options)
        tallies: list[SourceTally] = []
        try:
            with PoliteClient(delay=options.delay) as client:
                run = ImportRun()
                for source in sources:
                    tally = walk_source(client, source, options, run, report)
                    tallies.append(tally)
                    report.line(tally.summary())
        except BaseException:
            if record is not None:
                _finish_record(record, tallies, FetchRun.Status.INTERRUPTED)
            raise
        if record is not None:
            failed = any(tally.failures for tally in tallies)
            status = FetchRun.Status.FAILED if failed else FetchRun.Status.SUCCEEDED
            _finish_record(record, tallies, status)
        return tallies


def _start_record(sources: list[FetchSource], options: FetchOptions) -> FetchRun:
    # Holding the lock, no other run is under way: one still marked running was killed.
    FetchRun.objects.filter(status=FetchRun.Status.RUNNING).update(
        status=FetchRun.Status.INTERRUPTED
    )
    chosen = {key: value for key, value in asdict(options).items() if value not in (None, {})}
    if options.since:
        chosen["since"] = options.since.isoformat()
    return FetchRun.objects.create(
        sources=" ".join(source.slug for source in sources), options=chosen
    )


def _finish_record(record: FetchRun, tallies: list[SourceTally], status: str) -> None:
    record.status = status
    record.finished_at = timezone.now()
    record.new = sum(t.new for t in tallies)
    record.revised = sum(t.revised for t in tallies)
    record.unchanged = sum(t.unchanged for t in tallies)
    record.skipped = sum(t.skipped for t in tallies)
    record.failed = sum(t.failed for t in tallies)
    lines = [tally.summary() for tally in tallies]
    for tally in tallies:
        lines.extend(f"{tally.source}: failed: {url}: {reason}" for url, reason in tally.failures)
    record.report = "\n".join(lines)
    record.save()
