"""The one write path for transcripts: the admin upload and the command line both call it.

`import_transcript` stores a parsed transcript in one transaction: a new briefing, or a
new revision of the briefing it corrects, or nothing at all when the transcript is
unchanged. A failure anywhere leaves the database as it was.

Exchange numbers are permanent. Re-importing a corrected transcript matches its
questions to the stored ones (same or similar text, in order); a matched exchange
keeps its number, and so its permalink and its topics; an inserted one takes a new
number; a removed one leaves its text in `ExchangePermalink` so its URL still says
what it was.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from glob import glob, has_magic
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Max, Model
from django.db.models.functions import MD5

from .linking import AliasMatcher, field_values, insert_rows, link_texts
from .models import (
    Answer,
    Briefing,
    Entity,
    EntityAlias,
    ExchangePermalink,
    Question,
    Source,
    Statement,
    Topic,
    TranscriptRevision,
    is_anonymous_asker,
    is_follow_up_label,
    normalize_alias,
    unique_slug,
)
from .parsing import ParsedTranscript, TranscriptError, Turn, parse_transcript
from .parsing.decoding import decode_bytes
from .search import document_sql, index_documents, segment
from .topics import keyword_rules, suggest_for_texts

# Sources the archive knows how to name when a transcript says where it is from.
KNOWN_SOURCES = {
    "mfa": {
        "name": "Ministry of Foreign Affairs of the People's Republic of China",
        "main_language": "en",
        "homepage": "https://www.fmprc.gov.cn/",
    },
    "whitehouse": {
        "name": "The White House",
        "main_language": "en",
        "homepage": "https://www.whitehouse.gov/",
    },
}

# Speakers that are a role, not a person the archive can name.
ROLE_SPEAKERS = {
    "moderator",
    "operator",
    "aide",
    "senior administration official",
    "administration official",
    "staff",
    "a",
    "答",
}
HONORIFIC = re.compile(
    r"^(mr|ms|mrs|dr|director|chair|secretary|admiral|general|ambassador|deputy)\.?\s+", re.I
)
# 路透社记者 asks for Reuters: the outlet is the label without the trailing 'reporter'.
ZH_REPORTER_SUFFIX = re.compile(r"(记者|的记者)$")


def outlet_name(label: str) -> str:
    """The outlet a Chinese asker label names: "《澳大利亚人报》记者" is 澳大利亚人报."""
    name = ZH_REPORTER_SUFFIX.sub("", label.strip()) or label.strip()
    if name.startswith("《") and name.endswith("》") and len(name) > 2:
        name = name[1:-1]
    return name


class ImportRejected(Exception):
    """A transcript that cannot be stored as it is; the message says why."""


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
    source: str | None = None,
    date: datetime.date | None = None,
    spokesperson: str | None = None,
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    run: ImportRun | None = None,
) -> ImportResult:
    """Store a parsed transcript as a new briefing or a new revision; all or nothing.

    Importing many files, pass one `ImportRun` to every call: it keeps what each import
    would otherwise read again (see ImportRun).
    """
    run = run if run is not None else ImportRun()
    before = run.mark()
    try:
        with transaction.atomic():
            result = _import(parsed, raw_text, filename, source, date, spokesperson, user, run)
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
    source_slug: str | None,
    date: datetime.date | None,
    spokesperson: str | None,
    user: AbstractBaseUser | None,
    run: ImportRun,
) -> ImportResult:
    # What the file says wins; the hint fills in only what it lacks (as in the parser).
    source = run.source(parsed.source or source_slug)
    day = parsed.date or date
    if day is None:
        raise ImportRejected(
            "no date in the file; give one (the date field of the upload form, "
            "or --date on the command line)"
        )
    if not any(turn.kind in ("question", "answer", "statement") for turn in parsed.turns):
        raise ImportRejected("the transcript has no turns to store")
    names = list(parsed.spokespersons) or ([spokesperson] if spokesperson else [])
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
    if is_new:
        through = Briefing.spokespersons.through
        through.objects.bulk_create(
            [through(briefing_id=briefing.pk, entity_id=person.pk) for person in people]
        )
    else:
        briefing.spokespersons.set(people)
    stored = store_turns(briefing, revision, parsed.turns, entities, spokespersons, is_new)
    link_counterpart(briefing, that_day)
    # The exchanges' texts as just stored, rather than read back: the mentions and the
    # topic suggestions are made from them, as the search documents were.
    texts = stored.texts()
    link_texts(texts, run.matcher(), fresh=stored.fresh)
    suggest_for_texts(texts, run.topic_rules(), fresh=stored.fresh)
    return ImportResult(
        "imported" if is_new else "revised", briefing, revision, warnings, len(stored.questions)
    )


def transcript_names(parsed: ParsedTranscript, spokespersons: Iterable[str]) -> set[str]:
    """Every name the transcript's labels could be an alias of, to look up in one query."""
    names = set(spokespersons)
    for turn in parsed.turns:
        label = (turn.speaker or "").strip()
        if label:
            plain = HONORIFIC.sub("", label).strip()
            names.update((label, plain, outlet_name(label)))
    return names


def read_transcript(
    data: bytes | str,
    *,
    filename: str = "",
    format: str = "auto",  # noqa: A002 - the name of the command-line option
    source: str | None = None,
    date: datetime.date | None = None,
    language: str | None = None,
    spokesperson: str | None = None,
) -> tuple[str, ParsedTranscript]:
    """Decode and parse a file: its text and its parse, or ImportRejected naming the line."""
    try:
        text = decode_bytes(data) if isinstance(data, bytes) else data
        parsed = parse_transcript(
            text,
            format=format,
            source=source,
            date=date,
            language=language,
            spokesperson=spokesperson,
            filename=filename or None,
        )
    except TranscriptError as error:
        raise ImportRejected(str(error)) from None
    return text, parsed


def import_file(
    path: Path,
    *,
    format: str = "auto",  # noqa: A002 - the name of the command-line option
    source: str | None = None,
    date: datetime.date | None = None,
    language: str | None = None,
    spokesperson: str | None = None,
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    run: ImportRun | None = None,
) -> ImportResult:
    """Read, parse and import one transcript file; ImportRejected says why it cannot be."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ImportRejected(f"cannot read the file: {error.strerror or error}") from None
    return import_data(
        Path(path).name,
        data,
        format=format,
        source=source,
        date=date,
        language=language,
        spokesperson=spokesperson,
        user=user,
        dry_run=dry_run,
        run=run,
    )


def import_data(
    filename: str,
    data: bytes | str,
    *,
    format: str = "auto",  # noqa: A002 - the name of the command-line option
    source: str | None = None,
    date: datetime.date | None = None,
    language: str | None = None,
    spokesperson: str | None = None,
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    run: ImportRun | None = None,
) -> ImportResult:
    """Parse and import one transcript's content (bytes as uploaded, or decoded text)."""
    text, parsed = read_transcript(
        data,
        filename=filename,
        format=format,
        source=source,
        date=date,
        language=language,
        spokesperson=spokesperson,
    )
    return import_transcript(
        parsed,
        raw_text=text,
        filename=filename,
        source=source,
        date=date,
        spokesperson=spokesperson,
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


# --- Which files a folder holds -------------------------------------------------------

TRANSCRIPT_SUFFIXES = (".txt", ".html", ".htm", ".md")
# A page saved as .html and its body copied out as .txt are one briefing, and the page
# says more (its official URL, bold questions): import the page and leave the copy out.
PREFERRED_SUFFIXES = (".html", ".htm", ".md", ".txt")


@dataclass
class FileSelection:
    """The transcript files a list of paths stands for, and what was left out and why."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    duplicates: list[tuple[Path, Path]] = field(default_factory=list)  # (left out, imported)
    missing: list[str] = field(default_factory=list)


def select_files(paths: Iterable[str | Path]) -> FileSelection:
    """Expand files, folders (recursively) and glob patterns into the transcripts to import.

    In folders, files that are not text, HTML or Markdown are skipped, and so are
    documentation files named in capitals (README.md, SOURCES.md). A file named
    explicitly is always tried.
    """
    selection = FileSelection()
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if hidden or child.is_dir():
                    continue
                reason = _not_a_transcript(child)
                if reason:
                    selection.skipped.append((child, reason))
                else:
                    found.append(child)
        elif path.is_file():
            found.append(path)
        elif has_magic(str(given)):
            matches = sorted(Path(match) for match in glob(str(given), recursive=True))
            if not matches:
                selection.missing.append(f"{given}: no file matches this pattern")
            for match in matches:
                if match.is_file():
                    found.append(match)
                elif match.is_dir():
                    sub = select_files([match])
                    found.extend(sub.files)
                    selection.skipped.extend(sub.skipped)
        else:
            selection.missing.append(f"{given}: no such file or folder")

    unique = list(dict.fromkeys(path.resolve() for path in found))
    by_page: dict[tuple[Path, str], list[Path]] = {}
    for path in unique:
        by_page.setdefault((path.parent, path.stem), []).append(path)
    for path in unique:
        copies = by_page[(path.parent, path.stem)]
        best = min(copies, key=lambda p: _preference(p.suffix.lower()))
        if path == best:
            selection.files.append(path)
        else:
            selection.duplicates.append((path, best))
    return selection


def _preference(suffix: str) -> int:
    return (
        PREFERRED_SUFFIXES.index(suffix)
        if suffix in PREFERRED_SUFFIXES
        else len(PREFERRED_SUFFIXES)
    )


def _not_a_transcript(path: Path) -> str:
    """Why a file found in a folder is not imported, or '' when it is a transcript."""
    if path.suffix.lower() not in TRANSCRIPT_SUFFIXES:
        return "not a text, HTML or Markdown file"
    if path.stem.isupper():
        return "documentation (its name is in capitals)"
    return ""


def is_role(name: str) -> bool:
    """Whether a speaker name is a role ('Moderator', 'Senior Administration Official')."""
    plain = normalize_alias(HONORIFIC.sub("", name.strip()))
    return plain in ROLE_SPEAKERS or plain.endswith(" official")


def resolve_source(slug: str | None) -> Source:
    """The source of a transcript; the sources the archive knows are created on first use."""
    if not slug:
        raise ImportRejected(
            "the file does not say which briefing room it is from; give a source "
            "(the source field of the upload form, or --source on the command line)"
        )
    source = Source.objects.filter(slug=slug).first()
    if source is not None:
        return source
    if slug not in KNOWN_SOURCES:
        known = ", ".join(sorted({*KNOWN_SOURCES, *Source.objects.values_list("slug", flat=True)}))
        raise ImportRejected(f"unknown source {slug!r} (known: {known})")
    return Source.objects.create(slug=slug, **KNOWN_SOURCES[slug])


def transcript_hash(
    parsed: ParsedTranscript,
    day: datetime.date,
    source: str,
    parsed_json: dict[str, object] | None = None,
) -> str:
    """A fingerprint of what the archive stores from a transcript."""
    payload = {**(parsed_json or parsed.to_json()), "date": day.isoformat(), "source": source}
    payload.pop("warnings", None)
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def find_briefing(
    source: Source,
    day: datetime.date,
    parsed: ParsedTranscript,
    candidates: list[Briefing] | None = None,
) -> Briefing | None:
    """The stored briefing this transcript is a version of, if any.

    Same official URL, else the same title, else mostly the same questions: a
    correction. Anything else on the same day is a second briefing. `candidates` are
    the source's briefings that day in the transcript's language, when already read.
    """
    if candidates is None:
        candidates = list(
            Briefing.objects.filter(source=source, date=day, language=parsed.language).order_by(
                "sequence"
            )
        )
    for briefing in candidates:
        if parsed.official_url and briefing.official_url:
            if parsed.official_url == briefing.official_url:
                return briefing
            continue
        if parsed.title and briefing.title and parsed.title.strip() == briefing.title.strip():
            return briefing
        old = " ".join(briefing.questions.values_list("text", flat=True))
        new = " ".join(t.text for t in parsed.turns if t.kind == "question")
        if similarity(old, new) >= 0.5:
            return briefing
    return None


def next_sequence(source: Source, day: datetime.date, language: str) -> int:
    used = Briefing.objects.filter(source=source, date=day, language=language).aggregate(
        n=Max("sequence")
    )["n"]
    return (used or 0) + 1


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1 (word-level, quick)."""
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


class EntityResolver:
    """Finds (or creates) the entity a printed label names, through aliases, once per label."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str], Entity | None] = {}
        # normalized alias -> its entity, or None when looked up and not found
        self.known: dict[str, Entity | None] = {}
        self.created = 0  # entities this resolver added to the archive

    def preload(self, names: Iterable[str]) -> None:
        """Look up the aliases of many names at once (one query), so later lookups are free."""
        wanted = {normalize_alias(name) for name in names if name} - self.known.keys() - {""}
        if not wanted:
            return
        aliases = EntityAlias.objects.select_related("entity").filter(normalized__in=wanted)
        for alias in aliases:
            self.known[alias.normalized] = alias.entity
        for key in wanted:
            self.known.setdefault(key, None)

    def lookup(self, name: str) -> Entity | None:
        key = normalize_alias(name)
        if key not in self.known:
            self.preload([name])
        return self.known.get(key)

    def get_or_create(self, name: str, kind: str) -> Entity | None:
        name = " ".join(name.split()).strip(" :：")
        if not name:
            return None
        key = (normalize_alias(name), kind)
        if key not in self.cache:
            entity = self.lookup(name)
            if entity is None:
                entity = Entity.objects.create(
                    kind=kind, name=name, slug=unique_slug(Entity, name or kind)
                )
                alias = EntityAlias.objects.create(entity=entity, name=name)
                self.known[alias.normalized] = entity
                self.created += 1
            self.cache[key] = entity
        return self.cache[key]

    def person(self, name: str) -> Entity | None:
        return self.get_or_create(name, Entity.Kind.PERSON)

    def outlet(self, label: str) -> Entity | None:
        """The outlet behind an asker label, or None for an anonymous 'Q'."""
        label = label.strip()
        if is_anonymous_asker(label):
            return None
        known = self.lookup(label)
        if known is not None:
            return known
        return self.get_or_create(outlet_name(label), Entity.Kind.OUTLET)

    def speaker(self, label: str, spokespersons: Sequence[Entity | None]) -> Entity | None:
        """The person behind a speaker label: 'MS. PSAKI' is Jen Psaki when she is briefing."""
        plain = HONORIFIC.sub("", label.strip()).strip()
        if not plain or is_role(plain):
            return spokespersons[0] if len(spokespersons) == 1 and plain.upper() == "A" else None
        for person in spokespersons:
            if person is None:
                continue
            if normalize_alias(person.name) == normalize_alias(plain):
                return person
            if normalize_alias(person.name.split()[-1]) == normalize_alias(plain.split()[-1]):
                return person
        known = self.lookup(plain)
        if known is not None:
            return known
        if plain.isupper():  # 'MR. DEESE': a surname alone; name it as printed, title-cased
            plain = plain.title()
        return self.person(plain)


class ImportRun:
    """What a run of imports reads once instead of once per transcript.

    The entities found by alias, the alias matcher (one large regular expression, slow
    to compile), the topics' keyword rules and the sources. The command, the upload and
    the demo loader each use one run for all their files; `import_transcript` makes its
    own when given none. What it keeps is read again when it may have changed:

    - when an import of the run created an entity (its name is an alias to link);
    - when an import was rolled back (a dry run, a failure) after creating one;
    - when someone else changed an entity, an alias or a topic: every change to those
      leaves a row in their history tables, whose highest ids are checked in one query
      before each import. (Two changes committed out of the order of their ids can hide
      the first until the next change; `link_entities` and `suggest_topics` redo it all.)

    A source (its slug and main language) is read once per run.
    """

    def __init__(self) -> None:
        self.stamp: tuple[int | None, ...] | None = None
        self.sources: dict[str | None, Source] = {}
        self.forget()

    def forget(self) -> None:
        """Drop everything kept; it is read again when next needed."""
        self.entities = EntityResolver()
        self._matcher: AliasMatcher | None = None
        self._matcher_created = 0
        self._topic_rules: dict[int, re.Pattern[str]] | None = None

    def refresh(self) -> None:
        """Forget what was kept if the archive's entities, aliases or topics changed since."""
        stamp = history_stamp()
        if stamp != self.stamp:
            self.forget()
            self.stamp = stamp

    def mark(self) -> tuple[EntityResolver, int]:
        """Where the run stands before an import, to tell afterwards what it created."""
        return self.entities, self.entities.created

    def rolled_back(self, before: tuple[EntityResolver, int]) -> None:
        """An import was undone: forget the entities and sources it may have created."""
        self.sources.clear()
        if (self.entities, self.entities.created) != before:
            self.forget()

    def source(self, slug: str | None) -> Source:
        """The source of this slug (see resolve_source), read once per run."""
        if slug not in self.sources:
            self.sources[slug] = resolve_source(slug)
        return self.sources[slug]

    def matcher(self) -> AliasMatcher:
        """The alias matcher, with the entities created by this run."""
        if self._matcher is None or self._matcher_created != self.entities.created:
            self._matcher = AliasMatcher.from_database()
            self._matcher_created = self.entities.created
        return self._matcher

    def topic_rules(self) -> dict[int, re.Pattern[str]]:
        """The topics' keyword rules by topic id."""
        if self._topic_rules is None:
            self._topic_rules = keyword_rules()
        return self._topic_rules


def history_stamp() -> tuple[int | None, ...]:
    """The newest history row of entities, aliases and topics: it changes with any of them."""
    with connection.cursor() as cursor:
        cursor.execute(history_stamp_sql())
        return tuple(cursor.fetchone())


@cache
def history_stamp_sql() -> str:
    """The query of history_stamp (simple_history's models are slow to look up)."""
    tables = [model.history.model._meta.db_table for model in (Entity, EntityAlias, Topic)]
    return "SELECT " + ", ".join(f'(SELECT max(history_id) FROM "{t}")' for t in tables)


@dataclass
class StoredTurns:
    """What store_turns wrote: the exchanges in order, their answers, the new exchanges' ids."""

    questions: list[Question]
    answers: list[Answer]  # in order
    fresh: set[int]

    @cached_property
    def documents(self) -> list[tuple[int, str, str]]:
        """(id, question, answers joined by a blank line) of each exchange, for the index."""
        answers: dict[int, list[str]] = {q.pk: [] for q in self.questions}
        for answer in self.answers:
            answers[answer.question_id].append(answer.text)
        return [(q.pk, q.text, "\n\n".join(answers[q.pk])) for q in self.questions]

    def texts(self) -> dict[int, str]:
        """The whole text of each exchange, as linking.exchange_texts reads it."""
        return {
            pk: f"{question}\n\n{answers}" if answers else question
            for pk, question, answers in self.documents
        }


def store_turns(
    briefing: Briefing,
    revision: TranscriptRevision,
    turns: Iterable[Turn],
    entities: EntityResolver,
    spokespersons: Sequence[Entity | None],
    is_new: bool = False,
) -> StoredTurns:
    """Replace the briefing's turns with these, keeping exchange numbers (see module docstring)."""
    # A new briefing has nothing stored to match, retire or delete: skip those queries.
    old_questions = [] if is_new else list(briefing.questions.order_by("position"))
    answers: list[tuple[int, Answer]] = []  # (index of its question, answer)
    statements: list[tuple[int | None, Statement]] = []
    new_questions: list[Question] = []
    follow_ups: dict[int, int] = {}  # question index -> index of the question it follows
    current: int | None = None
    for position, turn in enumerate(turns, start=1):
        label = turn.speaker or ""
        if turn.kind == "question":
            question = Question(
                briefing_id=briefing.pk,
                position=position,
                asker_label=label[:200],
                text=turn.text,
            )
            if is_follow_up_label(label) and new_questions:
                follow_ups[len(new_questions)] = len(new_questions) - 1
                question.asker = new_questions[-1].asker
            else:
                question.asker = entities.outlet(label) if label else None
            new_questions.append(question)
            current = len(new_questions) - 1
        elif turn.kind == "answer" and current is not None:
            answer = Answer(position=position, speaker_label=label[:200], text=turn.text)
            answer.speaker = entities.speaker(label, spokespersons) if label else None
            answers.append((current, answer))
        else:
            kind = Statement.Kind.NOTE if turn.kind == "note" else Statement.Kind.STATEMENT
            statement = Statement(
                briefing_id=briefing.pk,
                kind=kind,
                position=position,
                speaker_label=label[:200],
                text=turn.text,
            )
            if label:
                statement.speaker = entities.speaker(label, spokespersons)
            if kind == Statement.Kind.STATEMENT:
                current = None
            statements.append((current, statement))

    matches = match_questions(old_questions, new_questions)
    kept = {old.pk for old in matches.values()}
    removed = [old for old in old_questions if old.pk not in kept]
    next_number = 1
    if not is_new:
        retire_exchanges(briefing, revision, removed, new_questions, matches)
        briefing.statements.all().delete()
        Answer.objects.filter(question__briefing=briefing).delete()
        next_number += briefing.exchange_permalinks.aggregate(n=Max("number"))["n"] or 0
    fresh: list[Question] = []
    for index, question in enumerate(new_questions):
        old = matches.get(index)
        if old is not None:
            question.pk, question.number = old.pk, old.number
        else:
            question.number = next_number
            next_number += 1
            fresh.append(question)
    # Ids first, so that a follow-up is stored pointing at its question in one insert.
    for question, pk in zip(fresh, reserve_ids(Question, len(fresh)), strict=True):
        question.pk = pk
    for index, followed in follow_ups.items():
        new_questions[index].follows = new_questions[followed]
    for index, answer in answers:
        answer.question_id = new_questions[index].pk
    fresh_ids = {q.pk for q in fresh}
    stored = StoredTurns(new_questions, [answer for _, answer in answers], fresh_ids)
    insert_questions(fresh, stored.documents)
    kept_questions = [q for q in new_questions if q.pk not in fresh_ids]
    if kept_questions:
        Question.objects.bulk_update(
            kept_questions, ["position", "asker_label", "asker", "text", "number", "follows"]
        )
        index_documents([doc for doc in stored.documents if doc[0] not in fresh_ids])

    fields = ["question", "position", "speaker_label", "speaker", "text"]
    insert_rows(Answer, fields, field_values([answer for _, answer in answers], fields))
    for index, statement in statements:
        statement.question_id = new_questions[index].pk if index is not None else None
    fields = ["briefing", "question", "kind", "position", "speaker_label", "speaker", "text"]
    insert_rows(Statement, fields, field_values([st for _, st in statements], fields))
    # Every number points at its exchange again; a number once retired and now back
    # (a correction undone) is no longer marked removed.
    insert_rows(
        ExchangePermalink,
        ["briefing", "number", "question", "removed_in", "removed_text"],
        [(briefing.pk, q.number, q.pk, None, {}) for q in new_questions],
        unique_fields=["briefing", "number"],
        update_fields=[] if is_new else ["question", "removed_in", "removed_text"],
    )
    return stored


def insert_questions(questions: list[Question], documents: list[tuple[int, str, str]]) -> None:
    """Insert new exchanges with their search documents, in one statement.

    Written once, rather than inserted and then indexed: an update rewrites every row
    and its six indexes again.
    """
    if not questions:
        return
    names = ("id", "briefing", "number", "position", "asker_label", "asker", "follows", "text")
    fields = [Question._meta.get_field(name) for name in names]
    by_id = {pk: (question, answers) for pk, question, answers in documents}
    records = [
        {
            **{field.column: getattr(q, field.attname) for field in fields},
            "question_document": segment(by_id[q.pk][0]),
            "answers_document": segment(by_id[q.pk][1]),
        }
        for q in questions
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    types = ", ".join(f"{quote(field.column)} {field.db_type(connection)}" for field in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Question._meta.db_table)} ({columns}, search_vector) "
            f"SELECT {columns}, {document_sql('question_document', 'answers_document')} "
            f"FROM json_to_recordset(%s) AS d({types}, question_document text, "
            "answers_document text)",
            [json.dumps(records)],
        )


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """Ids for rows about to be inserted, drawn from the table's own sequence (one query)."""
    if not count:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def match_questions(old: list[Question], new: list[Question]) -> dict[int, Question]:
    """Pair new questions (by index) with stored ones: equal texts, then similar ones."""
    if not old:
        return {}
    old_keys = [normalize_text(q.text) for q in old]
    new_keys = [normalize_text(q.text) for q in new]
    matches: dict[int, Question] = {}
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                matches[j1 + offset] = old[i1 + offset]
        elif tag == "replace":
            # An edited question: pair it with the most similar one in the same gap.
            free_old = list(range(i1, i2))
            for j in range(j1, j2):
                best, best_score = None, 0.6
                for i in free_old:
                    score = similarity(old_keys[i], new_keys[j])
                    if score > best_score:
                        best, best_score = i, score
                if best is not None:
                    matches[j] = old[best]
                    free_old.remove(best)
    return matches


def normalize_text(text: str) -> str:
    return " ".join(text.split()).casefold()


def retire_exchanges(
    briefing: Briefing,
    revision: TranscriptRevision,
    removed: list[Question],
    new_questions: list[Question],
    matches: dict[int, Question],
) -> None:
    """Keep what removed exchanges said; point a merged one at the exchange that absorbed it."""
    for old in removed:
        snapshot = {
            "turns": [{"kind": "question", "speaker": old.asker_label, "text": old.text}]
            + [
                {"kind": "answer", "speaker": a.speaker_label, "text": a.text}
                for a in old.answers.order_by("position")
            ],
            "revision": revision.number - 1,
        }
        absorbed_by = next(
            (
                index
                for index, q in enumerate(new_questions)
                if normalize_text(old.text) in normalize_text(q.text) and index in matches
            ),
            None,
        )
        ExchangePermalink.objects.update_or_create(
            briefing=briefing,
            number=old.number,
            defaults={
                "question": matches[absorbed_by] if absorbed_by is not None else None,
                "removed_in": revision,
                "removed_text": snapshot,
            },
        )
        old.delete()


def link_counterpart(briefing: Briefing, that_day: list[Briefing] | None = None) -> None:
    """Link a briefing with the same day's briefing of its source in the other language.

    `that_day` is the source's briefings of that day as read before this import, if known.
    """
    if briefing.counterpart_id or briefing.sequence != 1:
        return
    if that_day is None:
        that_day = list(Briefing.objects.filter(source=briefing.source, date=briefing.date))
    other = next(
        (
            b
            for b in sorted(that_day, key=lambda b: b.pk)
            if b.sequence == 1
            and b.counterpart_id is None
            and b.language != briefing.language
            and b.pk != briefing.pk
        ),
        None,
    )
    if other is None:
        return
    Briefing.objects.filter(pk=briefing.pk).update(counterpart=other)
    Briefing.objects.filter(pk=other.pk).update(counterpart=briefing)
    briefing.counterpart = other
