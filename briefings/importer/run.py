"""What a run of imports reads once: sources, entities, the alias matcher, topic rules."""

from __future__ import annotations

import re
from functools import cache

from django.db import connection

from ..linking import AliasMatcher
from ..models import Entity, EntityAlias, Source, Topic
from ..topics import keyword_rules
from .exceptions import ImportRejected
from .speakers import EntityResolver

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

    A `bulk` run (the commands, the demo loader) commits each import without waiting
    for the disk: see importer.turns.commit_without_waiting_for_disk.
    """

    def __init__(self, *, bulk: bool = False) -> None:
        self.bulk = bulk
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
