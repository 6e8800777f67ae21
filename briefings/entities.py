"""Keeping entities tidy: merging duplicates into the one that stays.

"Global Times" created by one import and "The Global Times" by another are one outlet.
Merging moves everything that points at the duplicate to the kept entity, keeps the
duplicate's slug as a redirect (its page URL keeps answering), and deletes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, QuerySet

from .models import (
    Answer,
    Briefing,
    Entity,
    EntityAlias,
    EntitySlugRedirect,
    Mention,
    Question,
    QuestionQuerySet,
    Statement,
    normalize_alias,
)


@dataclass
class MergeReport:
    """What a merge moved."""

    merged: int = 0
    mentions: int = 0
    questions: int = 0
    answers: int = 0
    statements: int = 0
    briefings: int = 0
    aliases: int = 0

    def __str__(self) -> str:
        return (
            f"{self.merged} merged: moved {self.mentions} mentions, {self.questions} questions "
            f"asked, {self.answers} answers, {self.statements} statements, "
            f"{self.briefings} briefings as spokesperson and {self.aliases} aliases"
        )


@transaction.atomic
def merge_entities(keep: Entity, duplicates: Sequence[Entity]) -> MergeReport:
    """Fold duplicates into keep: references, aliases and slugs move; duplicates are deleted."""
    report = MergeReport()
    dupes = [d for d in duplicates if d.pk != keep.pk]
    dupe_ids = [d.pk for d in dupes]
    if not dupes:
        return report

    # Mentions: where both are named in an exchange, the kept one takes the counts.
    moving = Mention.objects.filter(entity_id__in=dupe_ids)
    kept_mentions = {m.question_id: m for m in Mention.objects.filter(entity=keep)}
    for mention in moving:
        target = kept_mentions.get(mention.question_id)
        if target is None:
            mention.entity = keep
            mention.save(update_fields=["entity"])
            kept_mentions[mention.question_id] = mention
        else:
            if target.origin == Mention.Origin.AUTOMATIC:
                # An editor's choice on either side wins over an automatic match.
                target.origin = mention.origin
            target.count += mention.count
            target.save(update_fields=["count", "origin"])
            mention.delete()
        report.mentions += 1

    report.questions = Question.objects.filter(asker_id__in=dupe_ids).update(asker=keep)
    report.answers = Answer.objects.filter(speaker_id__in=dupe_ids).update(speaker=keep)
    report.statements = Statement.objects.filter(speaker_id__in=dupe_ids).update(speaker=keep)

    through = Briefing.spokespersons.through
    rows = through.objects.filter(entity_id__in=dupe_ids)
    briefing_ids = set(rows.values_list("briefing_id", flat=True))
    report.briefings = len(briefing_ids)
    rows.delete()
    through.objects.bulk_create(
        [through(briefing_id=b, entity_id=keep.pk) for b in briefing_ids], ignore_conflicts=True
    )

    for alias in EntityAlias.objects.filter(entity_id__in=dupe_ids):
        alias.entity = keep
        alias.save()  # one at a time, so each move is in the alias's history
        report.aliases += 1
    known = set(keep.aliases.values_list("normalized", flat=True))
    for dupe in dupes:
        if normalize_alias(dupe.name) not in known:
            EntityAlias.objects.create(entity=keep, name=dupe.name)
            known.add(normalize_alias(dupe.name))
            report.aliases += 1

    EntitySlugRedirect.objects.filter(entity_id__in=dupe_ids).update(entity=keep)
    for dupe in dupes:
        EntitySlugRedirect.objects.update_or_create(old_slug=dupe.slug, defaults={"entity": keep})
        dupe.delete()
        report.merged += 1
    return report


def mentioning_questions(entity: Entity) -> QuestionQuerySet:
    """The published exchanges that name an entity (mentions an editor rejected do not count)."""
    mentions = Mention.objects.filter(entity=entity).exclude(origin=Mention.Origin.REJECTED)
    return Question.objects.published().filter(pk__in=mentions.values("question_id"))


def mentioned_with(entity: Entity, questions: QuerySet[Question], limit: int = 8) -> list[Entity]:
    """The entities most often named in the same exchanges, with `shared` counts."""
    return list(
        Entity.objects.filter(
            mentions__question__in=questions.values("pk"),
            mentions__origin__in=[Mention.Origin.AUTOMATIC, Mention.Origin.EDITOR],
        )
        .exclude(pk=entity.pk)
        .annotate(shared=Count("mentions"))
        .order_by("-shared", "name")[:limit]
    )
