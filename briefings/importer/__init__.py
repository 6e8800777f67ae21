"""The one write path for transcripts: the admin upload and the command line both call it.

`import_transcript` stores a parsed transcript in one transaction: a new briefing, or a
new revision of the briefing it corrects, or nothing at all when the transcript is
unchanged. A failure anywhere leaves the database as it was.

Exchange numbers are permanent. Re-importing a corrected transcript matches its
questions to the stored ones (same or similar text, in order); a matched exchange
keeps its number, and so its permalink and its topics; an inserted one takes a new
number; a removed one leaves its text in `ExchangePermalink` so its URL still says
what it was.

This module is the importer's whole public side; the rest is by concern: `files`
(which files some paths stand for), `run` (what a run of imports reads once),
`speakers` (the entities behind printed labels), `revisions` (which briefing a
transcript corrects, which exchanges keep their numbers) and `turns` (the rows written).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import MD5

from ..alignment import realign
from ..linking import insert_rows, link_texts
from ..models import Briefing, TranscriptRevision
from ..parsing import NO_HINTS, Hints, ParsedTranscript, TranscriptError, parse_transcript
from ..parsing.decoding import decode_bytes
from ..parsing.furniture import Furniture, read_furniture
from ..topics import suggest_for_texts
from .exceptions import ImportRejected
from .files import FileSelection, TranscriptFile, read_files, select_files
from .revisions import find_briefing, link_counterpart, transcript_hash
from .run import KNOWN_SOURCES, ImportRun
from .speakers import is_role, transcript_names
from .turns import arrange_turns, commit_without_waiting_for_disk, pipeline

__all__ = [
    "KNOWN_SOURCES",
    "FileSelection",
    "ImportRejected",
    "ImportResult",
    "ImportRun",
    "already_stored",
    "import_data",
    "import_transcript",
    "TranscriptFile",
    "read_files",
    "read_transcript",
    "select_files",
]


@dataclass
class ImportResult:
    """What one import did."""

    status: str  # "imported" | "revised" | "unchanged"
    briefing: Briefing
    revision: TranscriptRevision
    warnings: list[str] = field(default_factory=list)
    exchanges: int = 0
    dry_run: bool = False
    parsed: ParsedTranscript | None = None
    raw_text: str = ""


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result


def import_transcript(
    parsed: ParsedTranscript,
    *,
    raw_text: str,
    filename: str = "",
    hints: Hints = NO_HINTS,
    user: User | None = None,
    dry_run: bool = False,
    run: ImportRun | None = None,
) -> ImportResult:
    """Store a parsed transcript as a new briefing or a new revision; all or nothing.

    The hints (those the file was parsed with) give the source, date and spokesperson
    where the parse has none. Importing many files, pass one `ImportRun` to every call:
    it keeps what each import would otherwise read again (see ImportRun).
    """
    run = run if run is not None else ImportRun()
    before = run.mark()
    try:
        with transaction.atomic():
            result = _import(parsed, raw_text, filename, hints, user, run)
            result.parsed, result.raw_text = parsed, raw_text
            if dry_run:
                result.dry_run = True
                raise _DryRun(result)
            return result
    except _DryRun as rollback:
        run.rolled_back(before)
        return rollback.result
    except BaseException:
        run.rolled_back(before)
        raise


def _import(
    parsed: ParsedTranscript,
    raw_text: str,
    filename: str,
    hints: Hints,
    user: User | None,
    run: ImportRun,
) -> ImportResult:
    # What the file says wins; the hint fills in only what it lacks (as in the parser).
    source = run.source(parsed.source or hints.source)
    day = parsed.date or hints.date
    if day is None:
        raise ImportRejected(
            "no date in the file; give one (the date field of the upload form, "
            "or --date on the command line)"
        )
    if not any(turn.kind in ("question", "answer", "statement") for turn in parsed.turns):
        raise ImportRejected("the transcript has no turns to store")
    names = list(parsed.spokespersons) or ([hints.spokesperson] if hints.spokesperson else [])
    warnings = list(parsed.warnings)
    parsed_json = parsed.to_json()
    content_hash = transcript_hash(parsed, day, source.slug, parsed_json)

    # The source's briefings that day in every language: the ones in this language are
    # what the transcript may correct, the others its possible counterpart.
    that_day = list(Briefing.objects.filter(source=source, date=day).order_by("sequence"))
    same_day = [b for b in that_day if b.language == parsed.language]
    briefing = find_briefing(source, day, parsed, same_day)
    if briefing is not None:
        current = briefing.revisions.order_by("-number").first()
        if current is not None and current.content_hash == content_hash:
            return ImportResult(
                "unchanged", briefing, current, warnings, briefing.questions.count()
            )

    is_new = briefing is None
    if briefing is None:
        briefing = Briefing(source=source, date=day, language=parsed.language)
        briefing.sequence = max((b.sequence for b in same_day), default=0) + 1
    briefing.title = parsed.title or briefing.title
    briefing.official_url = parsed.official_url or briefing.official_url
    _set_furniture(briefing, read_furniture(parsed.header, parsed.footer))
    briefing.save()
    number = 1 if is_new else (briefing.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = TranscriptRevision.objects.create(
        briefing=briefing,
        number=number,
        created_by=user,
        filename=filename[:500],
        format=parsed.format,
        content_hash=content_hash,
        raw_text=raw_text,
        parsed=parsed_json,
    )
    run.refresh()
    entities = run.entities
    entities.preload(transcript_names(parsed, names))
    # A background call's "SENIOR ADMINISTRATION OFFICIAL" is a role, not a person to list.
    spokespersons = [entities.person(name) for name in names if not is_role(name)]
    people = list(dict.fromkeys(p for p in spokespersons if p is not None))
    if not is_new:
        briefing.spokespersons.set(people)
    stored = arrange_turns(briefing, revision, parsed.turns, entities, spokespersons, is_new)
    matcher, rules = run.matcher(), run.topic_rules()
    # The writes go out together, in one round trip: see pipeline.
    with pipeline():
        if run.bulk:
            commit_without_waiting_for_disk()
        if is_new:
            insert_rows(
                Briefing.spokespersons.through,
                ["briefing", "entity"],
                [(briefing.pk, person.pk) for person in people],
            )
        stored.write()
        link_counterpart(briefing, that_day)
        # The exchanges' texts as just stored, rather than read back: the mentions and
        # the topic suggestions are made from them, as the search documents were.
        texts = stored.texts()
        link_texts(texts, matcher, fresh=stored.fresh)
        suggest_for_texts(texts, rules, fresh=stored.fresh)
    # After the pipeline: the alignment reads the exchanges and mentions just written.
    if briefing.counterpart_id:
        realign(briefing)
    return ImportResult(
        "imported" if is_new else "revised", briefing, revision, warnings, len(stored.questions)
    )


def _set_furniture(briefing: Briefing, furniture: Furniture) -> None:
    """Place and times from the transcript where it gives them; its correction notice as is."""
    briefing.place = furniture.place or briefing.place
    if furniture.starts_at is not None:
        briefing.starts_at = furniture.starts_at
    if furniture.ends_at is not None:
        briefing.ends_at = furniture.ends_at
    briefing.time_zone = furniture.time_zone or briefing.time_zone
    # A revision without the notice is a transcript no longer marked corrected.
    briefing.correction_notice = furniture.correction_notice


def read_transcript(
    data: bytes | str, hints: Hints = NO_HINTS, *, filename: str = ""
) -> tuple[str, ParsedTranscript]:
    """Decode and parse a file: its text and its parse, or ImportRejected naming the line."""
    try:
        text = decode_bytes(data) if isinstance(data, bytes) else data
        parsed = parse_transcript(text, hints, filename=filename or None)
    except TranscriptError as error:
        raise ImportRejected(str(error)) from None
    return text, parsed


def import_data(
    filename: str,
    data: bytes | str,
    hints: Hints = NO_HINTS,
    *,
    user: User | None = None,
    dry_run: bool = False,
    run: ImportRun | None = None,
) -> ImportResult:
    """Parse and import one transcript's content (bytes as uploaded, or decoded text)."""
    text, parsed = read_transcript(data, hints, filename=filename)
    return import_transcript(
        parsed,
        raw_text=text,
        filename=filename,
        hints=hints,
        user=user,
        dry_run=dry_run,
        run=run,
    )


def already_stored(files: dict[str, str]) -> set[str]:
    """Which of these files (name -> decoded text) some revision already holds, word for word."""
    digests = {name: hashlib.md5(text.encode()).hexdigest() for name, text in files.items()}
    stored = (
        TranscriptRevision.objects.filter(filename__in=list(files))
        .annotate(digest=MD5("raw_text"))
        .values_list("filename", "digest")
    )
    return {name for name, digest in stored if digests.get(name) == digest}
