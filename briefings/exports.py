"""Any search as rows, one per exchange, in CSV or JSON Lines (served by views/exports.py).

The exchanges are the search page's, selected by its SearchFilterSet from the same query
string, in date order (newest first, or oldest with sort=oldest; relevance ranks only a
page's worth, so an export of every match is in date order). Rows stream as PostgreSQL
reads them: `iterator(chunk_size=…)` reads the exchanges through a server-side cursor,
and each chunk's answers, topics, entities, briefings and names come in one query each,
so a million rows go out in the memory of one chunk.

Rows are read as tuples, not model instances: building five or six instances per
exchange (answers, tags, mentions and their entities) made the ORM, not PostgreSQL or
the network, the export's limit, at about 1,500 rows a second.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from .citations import absolute_url
from .filters import SearchFilterSet
from .models import Answer, Briefing, Entity, ExchangeTopic, Mention, Question, Source

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
# Exchanges read from PostgreSQL (and their related rows fetched) at a time: large
# enough that five queries per chunk cost little, small enough to take a few megabytes.
CHUNK = 2000
# Bytes gathered before they are sent: one write per row would cost more than the row.
FLUSH_AT = 64 * 1024
# Several values in one CSV cell (topics, entities, spokespersons) are joined by this.
SEPARATOR = "; "
# What each exchange's own row gives; its briefing's date, language, source and
# spokespersons are copied there for search, so the cursor joins nothing.
FIELDS = (
    "id",
    "briefing_id",
    "number",
    "asker_label",
    "asker_id",
    "text",
    "briefing_date",
    "briefing_language",
    "briefing_source_id",
    "briefing_spokesperson_ids",
)


def exported_questions(filterset: SearchFilterSet) -> QuerySet[Question]:
    """The exchanges a valid search selects, in date order, as tuples of FIELDS."""
    oldest = filterset.form.cleaned_data.get("sort") == "oldest"
    order = ("briefing_date", "id") if oldest else ("-briefing_date", "-id")
    return filterset.qs.order_by(*order).values_list(*FIELDS)


def chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    """Rows in lists of `size`."""
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def exchange_rows(questions: QuerySet, request: HttpRequest) -> Iterator[dict[str, Any]]:
    """Each exchange as a row (lists for topics, entities and spokespersons)."""
    sources = dict(Source.objects.values_list("id", "slug"))
    # In a transaction, the server-side cursor is an ordinary one that PostgreSQL reads
    # as it goes; outside one, Django declares it WITH HOLD, and PostgreSQL would first
    # copy the whole result aside.
    with transaction.atomic():
        for chunk in chunks(questions.iterator(chunk_size=CHUNK), CHUNK):
            yield from chunk_rows(chunk, sources, request)


def chunk_rows(
    chunk: list[tuple], sources: dict[int, str], request: HttpRequest
) -> Iterator[dict[str, Any]]:
    """The rows of one chunk of exchanges, their related data read in five queries."""
    ids = [row[0] for row in chunk]
    answers = defaultdict(list)
    for question_id, label, speaker_id, text in (
        Answer.objects.filter(question_id__in=ids)
        .order_by("question_id", "position")
        .values_list("question_id", "speaker_label", "speaker_id", "text")
    ):
        answers[question_id].append((label, speaker_id, text))
    topics = defaultdict(list)
    for question_id, name in (
        ExchangeTopic.objects.filter(question_id__in=ids, status__in=ExchangeTopic.TAGGED)
        .order_by("question_id", "topic__name")
        .values_list("question_id", "topic__name")
    ):
        topics[question_id].append(name)
    entities = defaultdict(list)
    for question_id, name in (
        Mention.objects.filter(
            question_id__in=ids, origin__in=[Mention.Origin.AUTOMATIC, Mention.Origin.EDITOR]
        )
        .order_by("question_id", "-count", "entity__name")
        .values_list("question_id", "entity__name")
    ):
        entities[question_id].append(name)
    briefings = {
        pk: absolute_url(
            request,
            reverse(
                "briefings:briefing",
                args=[date.year, f"{date.month:02d}", f"{date.day:02d}", slug],
            ),
        )
        for pk, date, slug in Briefing.objects.filter(pk__in={row[1] for row in chunk}).values_list(
            "pk", "date", "slug"
        )
    }
    people = {row[4] for row in chunk} | {a[1] for found in answers.values() for a in found}
    people |= {pk for row in chunk for pk in row[9] or ()}
    names = dict(Entity.objects.filter(pk__in=people - {None}).values_list("pk", "name"))
    for pk, briefing, number, label, asker, text, date, language, source, podium in chunk:
        said = answers[pk]
        # Who answered this exchange; the briefing's spokespersons if no answer says.
        speakers = [names[s] if s else speaker_label for speaker_label, s, _ in said]
        speakers = [name for name in dict.fromkeys(speakers) if name]
        yield {
            "exchange_id": pk,
            "briefing_date": date.isoformat(),
            "source": sources.get(source, ""),
            "language": language,
            "spokesperson": speakers or sorted(names[p] for p in podium or () if p in names),
            "asker_as_printed": label,
            "outlet": names.get(asker, "") if asker else "",
            "question": text,
            "answer": "\n\n".join(answer[2] for answer in said),
            "topics": topics[pk],
            "entities": entities[pk],
            "permalink": f"{briefings[briefing]}{number}/",
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
