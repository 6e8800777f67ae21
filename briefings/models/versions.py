"""The archive's version: one number that every write to the archive raises.

Pages are cached whole and answered with `ETag`s keyed on this number (see
`briefings/caching.py`), so a cached page can never outlive a change to what it shows.
PostgreSQL raises it, not Python: a statement trigger on every `briefings_` table (migration
0013) bumps it in the same transaction as the write, whichever path wrote (the importer,
the admin, tagging, a merge, a management command, psql). The new number becomes visible
exactly when the write does; a reader that reads the number first and renders second
therefore never stores an old page under a new number.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connections, models, router
from django.db.backends.utils import CursorWrapper


class ArchiveVersion(models.Model):
    """The single row holding the archive's version number and when it last changed."""

    # Always 1: the table holds one row, written only by the trigger (see the module).
    id = models.SmallIntegerField(primary_key=True, default=1)
    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        db_table = "briefings_archiveversion"

    def __str__(self) -> str:
        return f"archive version {self.number}"


@dataclass(frozen=True)
class Version:
    """The archive's version as a page is rendered against it."""

    number: int
    changed_at: datetime.datetime | None


# What the trigger does (migration 0013), for writes made with the triggers off.
RAISE_VERSION = """
INSERT INTO briefings_archiveversion AS v (id, number, changed_at)
VALUES (1, nextval('briefings_archiveversion_number'), clock_timestamp())
ON CONFLICT (id) DO UPDATE
SET number = excluded.number, changed_at = greatest(v.changed_at, excluded.changed_at)
"""


def raise_version(cursor: CursorWrapper) -> None:
    """Raise the archive's version, in the cursor's transaction."""
    cursor.execute(RAISE_VERSION)


def current_version() -> Version:
    """The archive's version now, in one indexed read (no ORM: it runs on every page)."""
    # From the database this request reads its pages from (a replica for public pages):
    # a number newer than the rows it renders would store an old page under a new number.
    with connections[router.db_for_read(ArchiveVersion)].cursor() as cursor:
        cursor.execute("SELECT number, changed_at FROM briefings_archiveversion WHERE id = 1")
        row = cursor.fetchone()
    # No row only before the first write (or after a test flush): an empty archive.
    return Version(row[0], row[1]) if row else Version(0, None)
