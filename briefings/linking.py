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

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Model

from .models import Answer, Entity, EntityAlias, Mention, Question, normalize_alias

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A Latin name ends where a Latin letter or digit does not follow; Chinese characters
# around it are fine (在WHO的会议上).
LETTER = r"[0-9A-Za-z\u00c0-\u024f]"
WORD_START = rf"(?<!{LETTER})"
WORD_END = rf"(?!{LETTER})"
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
    head, tail = alias_parts(name)
    return head + tail


def alias_parts(name: str) -> tuple[str, str]:
    """An alias's pattern split after its first character.

    Every alias starts with a plain character and checks the word start after it, so
    the one pattern can group aliases by first character: the regex engine skips to
    places where a name can begin and tries only the names that begin there.
    """
    name = " ".join(name.split())
    if CJK.search(name):
        return re.escape(name[0]), re.escape(name[1:])
    first, rest = name[0], name[1:]
    tail = r"\s+".join(re.escape(word) for word in rest.split(" "))
    if first.isalpha() and first.islower():
        head = f"[{re.escape(first)}{re.escape(first.upper())}]"
    else:
        head = re.escape(first)
    if not is_acronym(name):
        tail = f"(?i:{tail})" if tail else ""
    # After the first character: the one before it must not be a letter or digit.
    return head, rf"(?<!{LETTER}.)" + tail + WORD_END


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
        # Longest first within each group, so the longest name at a place wins.
        groups: dict[str, list[str]] = {}
        for name in sorted(names, key=lambda n: (-len(n), n)):
            head, tail = alias_parts(name)
            groups.setdefault(head, []).append(tail)
        pattern = "|".join(f"{head}(?:{'|'.join(tails)})" for head, tails in groups.items())
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
            _link_batch(ids, matcher, report)
    return report


def _link_batch(ids: list[int], matcher: AliasMatcher, report: LinkReport) -> None:
    found = {qid: matcher.find(text) for qid, text in exchange_texts(ids).items()}
    report.exchanges += len(found)
    existing = {
        (m.question_id, m.entity_id): m for m in Mention.objects.filter(question_id__in=ids)
    }
    create: list[Mention] = []
    update: list[Mention] = []
    delete: list[int] = []
    for qid, counts in found.items():
        for entity_id, count in counts.items():
            mention = existing.get((qid, entity_id))
            if mention is None:
                create.append(Mention(question_id=qid, entity_id=entity_id, count=count))
            elif mention.origin == Mention.Origin.AUTOMATIC and mention.count != count:
                mention.count = count
                update.append(mention)
    for (qid, entity_id), mention in existing.items():
        if mention.origin != Mention.Origin.AUTOMATIC:
            report.kept += 1
        elif entity_id not in found.get(qid, ()):
            delete.append(mention.pk)
    Mention.objects.bulk_create(create, ignore_conflicts=True)
    Mention.objects.bulk_update(update, ["count"])
    delete_rows(Mention, delete)
    report.created += len(create)
    report.updated += len(update)
    report.deleted += len(delete)
