"""Any search as rows, one per exchange, in CSV or JSON Lines (served by views/exports.py).

The exchanges are the search page's, selected by its SearchFilterSet from the same query
string, in date order (newest first, or oldest with sort=oldest; relevance ranks only a
page's worth, so an export of every match is in date order). Rows stream as PostgreSQL
reads them: `iterator(chunk_size=…)` reads through a server-side cursor and fetches the
answers, topics, entities and spokespersons of each chunk in one query each, so a
million rows go out in the memory of one chunk.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from .citations import absolute_url
from .filters import SearchFilterSet
from .models import Answer, Mention, Question

COLUMNS = [
    "exchange_id",
    "briefing_date",
    "source",
    "language",
    "spokesperson",
    "asker_as_printed",
    "outlet",
    "question",
    "answer",
    "topics",
    "entities",
    "permalink",
]
# Rows read from PostgreSQL (and related rows fetched) at a time: large enough that the
# four queries per chunk cost little, small enough that a chunk takes a few megabytes.
CHUNK = 2000
# Bytes gathered before they are sent: one write per row would cost more than the row.
FLUSH_AT = 64 * 1024
# Several values in one CSV cell (topics, entities, spokespersons) are joined by this.
SEPARATOR = "; "


def exported_questions(filterset: SearchFilterSet) -> QuerySet[Question]:
    """The exchanges a valid search selects, in date order, with what a row shows."""
    oldest = filterset.form.cleaned_data.get("sort") == "oldest"
    order = ("briefing_date", "id") if oldest else ("-briefing_date", "-id")
    answers = Answer.objects.select_related("speaker").order_by("position")
    mentions = (
        Mention.objects.filter(origin__in=[Mention.Origin.AUTOMATIC, Mention.Origin.EDITOR])
        .select_related("entity")
        .order_by("-count", "entity__name")
    )
    return (
        filterset.qs.order_by(*order)
        .defer("search_vector")
        .select_related("briefing__source", "asker")
        .prefetch_related(
            Prefetch("answers", queryset=answers, to_attr="listed_answers"),
            Prefetch("mentions", queryset=mentions, to_attr="found_mentions"),
            "briefing__spokespersons",
        )
        .with_topics()
    )


def exchange_rows(questions: QuerySet[Question], request: HttpRequest) -> Iterator[dict[str, Any]]:
    """Each exchange as a row (lists for topics, entities and spokespersons)."""
    # In a transaction, the server-side cursor is an ordinary one that PostgreSQL reads
    # as it goes; outside one, Django declares it WITH HOLD, and PostgreSQL would first
    # copy the whole result aside.
    with transaction.atomic():
        briefing_urls: dict[int, str] = {}
        for question in questions.iterator(chunk_size=CHUNK):
            briefing = question.briefing
            if briefing.pk not in briefing_urls:
                if len(briefing_urls) > CHUNK:
                    briefing_urls.clear()
                briefing_urls[briefing.pk] = absolute_url(request, briefing.get_absolute_url())
            answers = question.listed_answers  # type: ignore[attr-defined]
            speakers = [a.speaker.name if a.speaker else a.speaker_label for a in answers]
            speakers = [name for name in dict.fromkeys(speakers) if name]
            yield {
                "exchange_id": question.pk,
                "briefing_date": briefing.date.isoformat(),
                "source": briefing.source.slug,
                "language": briefing.language,
                # Who answered this exchange; the briefing's spokespersons if no answer says.
                "spokesperson": speakers or [p.name for p in briefing.spokespersons.all()],
                "asker_as_printed": question.asker_label,
                "outlet": question.asker.name if question.asker else "",
                "question": question.text,
                "answer": "\n\n".join(answer.text for answer in answers),
                "topics": [topic.name for topic in question.tagged_topics],
                "entities": [m.entity.name for m in question.found_mentions],  # type: ignore[attr-defined]
                "permalink": f"{briefing_urls[briefing.pk]}{question.number}/",
            }


def csv_lines(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The rows as CSV in UTF-8, after a byte order mark and a header line."""
    # The byte order mark tells spreadsheet programs the file is UTF-8; without it Excel
    # reads a CSV in the machine's legacy code page and shows 中国 or “quotes” as mojibake.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([SEPARATOR.join(v) if isinstance(v, list) else v for v in row.values()])
        if buffer.tell() >= FLUSH_AT:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def jsonl_lines(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The rows as JSON Lines: one JSON object per line, UTF-8, no byte order mark."""
    lines: list[str] = []
    size = 0
    for row in rows:
        line = json.dumps(row, ensure_ascii=False)
        lines.append(line)
        size += len(line)
        if size >= FLUSH_AT:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines, size = [], 0
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")
