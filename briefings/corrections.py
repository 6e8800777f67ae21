"""What readers are told about a corrected transcript: when, and how much of it changed.

A correction is a later revision of a briefing's transcript (see `TranscriptRevision`).
Readers see its date and how many exchanges it changed, added or removed; who imported
it, from which file, and the texts side by side stay in the editors' admin.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .models import Briefing

# One statement whatever the briefing: the latest two revisions' numbers and dates, and
# only when there are two, their exchanges compared inside PostgreSQL (the transcripts
# never leave the database). An exchange is a question turn with the answers and notes
# after it, up to the next question; statements (opening remarks) are not counted.
# "Changed or added" counts the latest revision's exchanges whose turns the previous one
# does not hold word for word; "removed" the exchange numbers this revision retired.
CORRECTION_SQL = """
WITH latest AS (
    SELECT id, number, created_at FROM briefings_transcriptrevision
    WHERE briefing_id = %(briefing)s ORDER BY number DESC LIMIT 2
), pair AS (
    SELECT r.number, r.parsed FROM briefings_transcriptrevision r JOIN latest USING (id)
    WHERE (SELECT count(*) FROM latest) = 2
), turns AS (
    SELECT pair.number, t.ord, t.turn->>'kind' AS kind, coalesce(t.turn->>'text', '') AS text
    FROM pair, jsonb_array_elements(coalesce(pair.parsed->'turns', '[]'::jsonb))
        WITH ORDINALITY AS t(turn, ord)
), grouped AS (
    SELECT number, ord, kind, text,
        count(*) FILTER (WHERE kind = 'question') OVER (PARTITION BY number ORDER BY ord)
            AS exchange
    FROM turns
), exchanges AS (
    SELECT number, md5(string_agg(kind || ':' || text, E'\\n' ORDER BY ord)) AS digest
    FROM grouped WHERE exchange > 0 AND kind <> 'statement' GROUP BY number, exchange
)
SELECT newest.number, newest.created_at,
    (SELECT count(*) FROM exchanges e WHERE e.number = newest.number AND NOT EXISTS (
        SELECT 1 FROM exchanges o WHERE o.number <> newest.number AND o.digest = e.digest)),
    (SELECT count(*) FROM briefings_exchangepermalink p
        WHERE p.removed_in_id = newest.id AND p.question_id IS NULL)
FROM (SELECT * FROM latest ORDER BY number DESC LIMIT 1) AS newest
"""


@dataclass(frozen=True)
class Correction:
    """The latest correction of a transcript, as readers are told of it."""

    revision: int
    date: datetime.date
    changed: int  # exchanges changed or added
    removed: int

    @property
    def summary(self) -> str:
        """'2 exchanges changed or added, 1 removed', or what changed when no exchange did."""
        parts = []
        if self.changed:
            parts.append(f"{self.changed} exchange{pluralize(self.changed)} changed or added")
        if self.removed:
            noun = "" if self.changed else f" exchange{pluralize(self.removed)}"
            parts.append(f"{self.removed}{noun} removed")
        return ", ".join(parts) or "the exchanges are unchanged; other text was corrected"


def latest_correction(briefing: Briefing) -> Correction | None:
    """The briefing's latest correction, or None when its transcript was never corrected."""
    with connection.cursor() as cursor:
        cursor.execute(CORRECTION_SQL, {"briefing": briefing.pk})
        row = cursor.fetchone()
    if row is None or row[0] <= 1:
        return None
    number, created_at, changed, removed = row
    return Correction(number, timezone.localdate(created_at), changed, removed)


def pluralize(count: int) -> str:
    return "" if count == 1 else "s"
