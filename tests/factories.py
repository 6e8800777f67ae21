"""Small builders for test data, straight into PostgreSQL (no parser involved)."""

from __future__ import annotations

import datetime
import importlib
import itertools

from django.contrib.auth.models import Group, Permission, User

from briefings.models import (
    Answer,
    Briefing,
    Entity,
    EntityAlias,
    ExchangePermalink,
    Question,
    Source,
    Statement,
    Topic,
    unique_slug,
)
from briefings.search import index_questions

_counter = itertools.count(1)


def make_source(slug: str = "mfa", **fields: object) -> Source:
    """The source with this slug, created on first use."""
    defaults = {"name": f"Source {slug}", "main_language": "en", **fields}
    return Source.objects.get_or_create(slug=slug, defaults=defaults)[0]


def make_entity(name: str, kind: str = Entity.Kind.PERSON, **fields: object) -> Entity:
    """An entity with its name as an alias, reusing one that already has the name."""
    alias = EntityAlias.objects.filter(name=name).select_related("entity").first()
    if alias:
        return alias.entity
    entity = Entity.objects.create(name=name, kind=kind, slug=unique_slug(Entity, name), **fields)
    EntityAlias.objects.create(entity=entity, name=name)
    return entity


def make_topic(name: str, **fields: object) -> Topic:
    return Topic.objects.get_or_create(
        name=name, defaults={"slug": unique_slug(Topic, name), **fields}
    )[0]


def make_briefing(
    date: datetime.date | str = "2020-03-04",
    *,
    source: str = "mfa",
    language: str = "en",
    sequence: int = 1,
    spokesperson: str | None = "Zhao Lijian",
    title: str = "",
    exchanges: int = 0,
    **fields: object,
) -> Briefing:
    """A briefing, with `exchanges` numbered question-and-answer pairs."""
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    briefing = Briefing.objects.create(
        source=make_source(source),
        date=date,
        language=language,
        sequence=sequence,
        title=title,
        **fields,
    )
    if spokesperson:
        briefing.spokespersons.add(make_entity(spokesperson))
    for n in range(1, exchanges + 1):
        add_exchange(briefing, f"Question {n} about item {next(_counter)}?", [f"Answer {n}."])
    return briefing


def last_position(briefing: Briefing) -> int:
    """The position of the briefing's last turn, 0 when it has none."""
    answers = Answer.objects.filter(question__briefing=briefing)
    return max(
        [0]
        + list(briefing.questions.values_list("position", flat=True))
        + list(answers.values_list("position", flat=True))
        + list(briefing.statements.values_list("position", flat=True))
    )


def add_exchange(
    briefing: Briefing,
    question: str,
    answers: list[str],
    *,
    asker: str | None = "China Daily",
    label: str | None = None,
    speaker: str | None = None,
    follows: Question | None = None,
    note: str | None = None,
) -> Question:
    """Append a question with its answers (and an optional note after them) to a briefing.

    `asker` names the outlet (None for an anonymous question); `label` is the asker as
    printed, when it differs ("Follow-up", "问")."""
    last = last_position(briefing)
    number = (
        briefing.exchange_permalinks.order_by("-number").values_list("number", flat=True).first()
        or 0
    ) + 1
    speaker_entity = (
        make_entity(speaker) if speaker else briefing.spokespersons.order_by("pk").first()
    )
    q = Question.objects.create(
        briefing=briefing,
        number=number,
        position=last + 1,
        asker_label=label or asker or "Q",
        asker=make_entity(asker, Entity.Kind.OUTLET) if asker else None,
        follows=follows,
        text=question,
    )
    for offset, text in enumerate(answers, start=2):
        Answer.objects.create(
            question=q,
            position=last + offset,
            speaker_label=speaker_entity.name if speaker_entity else "A",
            speaker=speaker_entity,
            text=text,
        )
    if note:
        Statement.objects.create(
            briefing=briefing,
            question=q,
            kind=Statement.Kind.NOTE,
            position=last + len(answers) + 2,
            text=note,
        )
    ExchangePermalink.objects.create(briefing=briefing, number=number, question=q)
    index_questions([q.pk])
    return q


def add_statement(briefing: Briefing, text: str, speaker: str = "") -> Statement:
    """Append an unlabelled (or labelled) statement such as an opening announcement."""
    last = last_position(briefing)
    return Statement.objects.create(
        briefing=briefing, position=last + 1, speaker_label=speaker, text=text
    )


def editors_group() -> Group:
    """The Editors group as its migrations make it (0004, and 0014 for the fetcher).

    Tests in transactions that are flushed afterwards (the browser tests) lose the rows
    made by data migrations; this puts the group back with the same permissions.
    """
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [
        f"{a}_{m}"
        for name in ("0004_editors_group", "0014_fetched_pages_and_runs")
        for m, actions in importlib.import_module(
            f"briefings.migrations.{name}"
        ).EDITOR_PERMISSIONS.items()
        for a in actions
    ]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="briefings", codename__in=codenames)
    )
    return group


def make_editor(username: str = "editor", password: str = "a-long-test-password") -> User:
    """An editor as the archive has them: a staff account in the Editors group, not a superuser."""
    editor = User.objects.create_user(username, password=password, is_staff=True)
    editor.groups.add(editors_group())
    return editor
