"""Mentions of entities in exchanges, found from the entities' aliases.

Every alias becomes one alternative of a single compiled pattern, longest first, so
"United States of America" wins over "United States" at the same place. The rules
follow how names are written:

- Chinese aliases (美国, 世卫组织) match anywhere in the text: Chinese has no spaces
  between words, so a substring is the word.
- All-capital acronyms (US, UN, WHO, U.S.) match only in capitals: "who" and "us"
  are ordinary words.
- Other names match as whole words, case-insensitively except for their first
  letter: "GLOBAL TIMES" and "Global times" are the outlet, "the paper" in a sentence
  is not the outlet The Paper.

Mentions an editor set or rejected are never touched; automatic ones are recomputed.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Model

from .models import Answer, Entity, EntityAlias, Mention, Question, normalize_alias

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A Latin name ends where a Latin letter or digit does not follow; Chinese characters
# around it are fine (在WHO的会议上).
LETTER = r"[0-9A-Za-z\u00c0-\u024f]"
WORD_END = rf"(?!{LETTER})"
# Checked after a name's first character: the character before the name is not a letter
# or digit. ("." stands for the first character, which is never a line break.)
AFTER_WORD_START = rf"(?<!{LETTER}.)"
BATCH = 2000


def delete_rows(model: type[Model], pks: Sequence[int]) -> int:
    """Delete rows by id in one statement.

    A queryset delete() of a model with history loads every row and writes a history
    row for each, one query apiece; callers here record history themselves, in bulk.
    """
    if not pks:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{model._meta.db_table}" WHERE id = ANY(%s)', [list(pks)])
        return cursor.rowcount


def insert_rows(
    model: type[Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    ignore_conflicts: bool = False,
    unique_fields: Sequence[str] = (),
    update_fields: Sequence[str] = (),
) -> int:
    """Insert rows (values in the order of `fields`) in one statement, as bulk_create does.

    The rows travel as one JSON array that PostgreSQL reads into the table's own row type
    (json_populate_recordset), so each value is converted by the column it lands in.
    bulk_create() prepares every value of every instance one by one in Python, which was
    most of an import's time. The conflict options are bulk_create's; like it, this
    writes no history.
    """
    if not rows:
        return 0
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    concrete = {field.name: field for field in model._meta.concrete_fields}
    columns = [concrete[name].column for name in fields]
    records = json.dumps([dict(zip(columns, row, strict=True)) for row in rows], default=json_value)
    names = ", ".join(quote(column) for column in columns)
    sql = (
        f"INSERT INTO {table} ({names}) "
        f"SELECT {names} FROM json_populate_recordset(NULL::{table}, %s)"
    )
    if ignore_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    elif update_fields:
        unique = [quote(concrete[name].column) for name in unique_fields]
        updates = [quote(concrete[name].column) for name in update_fields]
        sql += f" ON CONFLICT ({', '.join(unique)}) DO UPDATE SET " + ", ".join(
            f"{column} = EXCLUDED.{column}" for column in updates
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [records])
        return cursor.rowcount


def json_value(value: object) -> object:
    """A value json.dumps cannot write, as PostgreSQL reads it: dates in ISO format."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"cannot store {value!r} through insert_rows")


@dataclass
class LinkReport:
    """What a linking run changed."""

    exchanges: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept: int = 0  # set or rejected by an editor, left alone
    entities: Counter[str] = field(default_factory=Counter)  # entity name -> new mentions

    def __str__(self) -> str:
        return (
            f"{self.exchanges} exchanges: {self.created} mentions added, "
            f"{self.updated} recounted, {self.deleted} removed, "
            f"{self.kept} set by editors kept"
        )


def is_acronym(name: str) -> bool:
    """'US', 'U.S.', 'WHO': all letters capital, at least two of them."""
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters) and " " not in name.strip()


def alias_pattern(name: str) -> str:
    """The regular expression one alias matches as (see the module docstring)."""
    heads, body, whole_word = alias_parts(name)
    head = heads[0] if len(heads) == 1 else f"[{''.join(heads)}]"
    return head + (AFTER_WORD_START + body + WORD_END if whole_word else body)


def alias_parts(name: str) -> tuple[tuple[str, ...], str, bool]:
    """An alias's pattern as the characters it may begin with, the rest, and whether it is
    a whole word.

    Every alias starts with a plain character and checks the word start after it, so
    the one pattern can group aliases by first character: the regex engine skips to
    places where a name can begin and tries only the names that begin there. A name
    written in lower case ('dpa') may also begin with the capital: it goes in both groups.
    """
    name = " ".join(name.split())
    if CJK.search(name):
        return (re.escape(name[0]),), re.escape(name[1:]), False
    first, rest = name[0], name[1:]
    body = r"\s+".join(re.escape(word) for word in rest.split(" "))
    firsts = [first]
    if first.isalpha() and first.islower() and len(first.upper()) == 1:
        firsts.append(first.upper())
    if not is_acronym(name):
        body = f"(?i:{body})" if body else ""
    return tuple(re.escape(char) for char in firsts), body, True


def group_pattern(head: str, tails: list[tuple[str, bool]]) -> str:
    """The pattern of the aliases that begin with one character, longest first.

    When all of them are whole words, the word checks are written once for the group:
    the start check is the same for each, and when the end check fails after one name
    the engine goes on to the next, as it would with a check in each. The pattern then
    compiles four times quicker (a 300-alias matcher in 30 ms rather than 100).
    """
    if all(whole_word for _, whole_word in tails):
        bodies = "|".join(body for body, _ in tails)
        return f"{head}{AFTER_WORD_START}(?:{bodies}){WORD_END}"
    alternatives = "|".join(
        AFTER_WORD_START + body + WORD_END if whole_word else body for body, whole_word in tails
    )
    return f"{head}(?:{alternatives})"


class AliasMatcher:
    """One compiled pattern over every alias, and the entity each match names."""

    def __init__(self, aliases: Iterable[tuple[str, int]]) -> None:
        self.entity_by_key: dict[str, int] = {}
        names: set[str] = set()
        for name, entity_id in aliases:
            name = " ".join(name.split())
            if name:
                self.entity_by_key[normalize_alias(name)] = entity_id
                names.add(name)
        # Longest first within each group, so the longest name at a place wins. Every
        # group begins with one plain character: then the regex engine looks only at the
        # places where one of them is (a single group beginning with a class such as
        # [dD] would make it try every group at every character, ten times slower).
        groups: dict[str, list[tuple[str, bool]]] = {}
        for name in sorted(names, key=lambda n: (-len(n), n)):
            heads, body, whole_word = alias_parts(name)
            for head in heads:
                groups.setdefault(head, []).append((body, whole_word))
        pattern = "|".join(group_pattern(head, tails) for head, tails in groups.items())
        self.regex = re.compile(pattern) if pattern else None

    @classmethod
    def from_database(cls) -> AliasMatcher:
        """A matcher over every alias stored."""
        # An entity's own name counts even when no alias repeats it.
        names = list(Entity.objects.values_list("name", "pk"))
        return cls([*names, *EntityAlias.objects.values_list("name", "entity_id")])

    def find(self, text: str) -> Counter[int]:
        """How often each entity is named in text."""
        found: Counter[int] = Counter()
        if self.regex is None:
            return found
        for match in self.regex.finditer(text):
            entity_id = self.entity_by_key.get(normalize_alias(match.group()))
            if entity_id is not None:
                found[entity_id] += 1
        return found


def exchange_texts(question_ids: Sequence[int]) -> dict[int, str]:
    """The text of each exchange: its question and answers (two queries)."""
    texts = dict(Question.objects.filter(pk__in=question_ids).values_list("pk", "text"))
    answers = (
        Answer.objects.filter(question_id__in=question_ids)
        .order_by("question_id", "position")
        .values_list("question_id", "text")
    )
    for question_id, text in answers:
        texts[question_id] += "\n\n" + text
    return texts


def batches(question_ids: Sequence[int] | None) -> Iterator[list[int]]:
    """Question ids in batches, every question when none are given."""
    if question_ids is None:
        ids = list(Question.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = list(question_ids)
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def link_mentions(
    question_ids: Sequence[int] | None = None, matcher: AliasMatcher | None = None
) -> LinkReport:
    """Recompute the automatic mentions of these exchanges (all when None) from the aliases."""
    matcher = matcher or AliasMatcher.from_database()
    report = LinkReport()
    for ids in batches(question_ids):
        with transaction.atomic():
            link_texts(exchange_texts(ids), matcher, report=report)
    return report


def link_texts(
    texts: Mapping[int, str],
    matcher: AliasMatcher,
    fresh: Collection[int] = (),
    report: LinkReport | None = None,
) -> LinkReport:
    """Recompute the automatic mentions of exchanges given with their text (see exchange_texts).

    The importer calls this with the texts it has just stored; `fresh` exchanges were
    created in the same transaction, so they have no mentions to read back.
    """
    report = report if report is not None else LinkReport()
    found = {qid: matcher.find(text) for qid, text in texts.items()}
    report.exchanges += len(found)
    stored = [qid for qid in texts if qid not in fresh]
    existing = {
        (m.question_id, m.entity_id): m
        for m in (Mention.objects.filter(question_id__in=stored) if stored else [])
    }
    create: list[tuple[int, int, str, int]] = []  # question, entity, origin, count
    update: list[Mention] = []
    delete: list[int] = []
    for qid, counts in found.items():
        for entity_id, count in counts.items():
            mention = existing.get((qid, entity_id))
            if mention is None:
                create.append((qid, entity_id, Mention.Origin.AUTOMATIC, count))
            elif mention.origin == Mention.Origin.AUTOMATIC and mention.count != count:
                mention.count = count
                update.append(mention)
    for (qid, entity_id), mention in existing.items():
        if mention.origin != Mention.Origin.AUTOMATIC:
            report.kept += 1
        elif entity_id not in found.get(qid, ()):
            delete.append(mention.pk)
    insert_rows(Mention, ["question", "entity", "origin", "count"], create, ignore_conflicts=True)
    Mention.objects.bulk_update(update, ["count"])
    delete_rows(Mention, delete)
    report.created += len(create)
    report.updated += len(update)
    report.deleted += len(delete)
    return report
