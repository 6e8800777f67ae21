"""What editors curate: entities and their aliases, topics, topic tags and mentions."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..parsing.labels import normalize_alias
from ..parsing.transcript import LANGUAGES
from .slugs import SlugRedirect


class EntityQuerySet(models.QuerySet["Entity"]):
    """Entities in the roles the index pages list, each with how often (one query each)."""

    def spokespersons(self) -> EntityQuerySet:
        """People at the podium of published briefings: `briefing_count`, `first`, `last` day."""
        published = Q(briefings__is_published=True)
        return (
            self.annotate(
                briefing_count=models.Count("briefings", filter=published),
                first=models.Min("briefings__date", filter=published),
                last=models.Max("briefings__date", filter=published),
            )
            .filter(briefing_count__gt=0)
            .order_by("name")
        )

    def outlets(self) -> EntityQuerySet:
        """Outlets that asked in published briefings, with how many exchanges they opened."""
        asked = Q(questions_asked__briefing_published=True)
        return (
            self.annotate(exchange_count=models.Count("questions_asked", filter=asked))
            .filter(exchange_count__gt=0)
            .order_by("name")
        )

    def named(self) -> EntityQuerySet:
        """Entities named in published exchanges (rejected links aside), with how many."""
        found = Q(
            mentions__question__briefing_published=True,
            mentions__origin__in=["auto", "editor"],  # Mention.Origin, less REJECTED
        )
        return (
            self.annotate(exchange_count=models.Count("mentions", filter=found))
            .filter(exchange_count__gt=0)
            .order_by("kind", "name")
        )


class Entity(models.Model):
    """A person, organisation, outlet, country or place named in the archive."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        OUTLET = "outlet", "Outlet"
        COUNTRY = "country", "Country"
        PLACE = "place", "Place"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    wikidata_id = models.CharField(
        "Wikidata id", max_length=20, blank=True, help_text="e.g. Q148 for China."
    )

    history = HistoricalRecords()

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        constraints = [
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[0-9]+$"),
                name="entity_wikidata_id_format",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.OUTLET:
            return reverse("briefings:outlet", args=[self.slug])
        return reverse("briefings:entity", args=[self.slug])

    @property
    def wikidata_url(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""


class EntityAlias(models.Model):
    """Another name an entity goes by: 'The Global Times' for Global Times, 耿爽 for Geng Shuang."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, unique=True, editable=False)
    language = models.CharField(max_length=8, blank=True, choices=LANGUAGES)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entity aliases"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalized = normalize_alias(self.name)
        super().save(*args, **kwargs)


class EntitySlugRedirect(SlugRedirect):
    """An entity slug that moved (after a merge or a rename) and where it points now."""

    target = "entity"

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="old_slugs")


class TopicQuerySet(models.QuerySet["Topic"]):
    def most_active(self, since: datetime.date) -> TopicQuerySet:
        """Topics by how many published exchanges since a day carry them, busiest first."""
        # Counted from the exchanges' own copies of their tags and briefing (kept by
        # triggers, see QuestionQuerySet): the recent exchanges only, read through their
        # date index, rather than every tag ever joined to its exchange and briefing
        # (600 ms on a million exchanges, against 15 ms).
        with connection.cursor() as cursor:
            cursor.execute(RECENT_TOPIC_COUNTS, [since])
            counts = dict(cursor.fetchall())
        recent = models.Case(
            *(models.When(pk=pk, then=models.Value(n)) for pk, n in counts.items()),
            default=models.Value(0),
            output_field=models.IntegerField(),
        )
        return (
            self.filter(pk__in=list(counts))
            .annotate(recent_exchanges=recent)
            .order_by("-recent_exchanges", "name")
        )


RECENT_TOPIC_COUNTS = """
SELECT topic_id, count(*) FROM (
    SELECT unnest(tagged_topic_ids) AS topic_id FROM briefings_question
    WHERE briefing_published AND briefing_date >= %s
) AS tags GROUP BY topic_id
"""


class Topic(models.Model):
    """A curated theme that editors attach to exchanges, e.g. 'Xinjiang'."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    keywords = models.TextField(
        blank=True,
        help_text="One word or phrase per line, in any language. "
        "Exchanges that contain one are suggested for this topic.",
    )

    history = HistoricalRecords()

    objects = TopicQuerySet.as_manager()
    # Not stored: on the topic list, the topics under this one (views/subjects.py sets it).
    subtopics: list[Topic]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("briefings:topic", args=[self.slug])

    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


class TopicSlugRedirect(SlugRedirect):
    """A topic slug that moved (the topic's address was renamed) and the topic it names now."""

    target = "topic"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="old_slugs")


class ExchangeTopic(models.Model):
    """A topic on an exchange: set by an editor, or suggested by a keyword rule.

    Suggestions are kept apart from tags: only manual and accepted ones count as the
    exchange's topics. A rejected suggestion stays rejected.
    """

    class Status(models.TextChoices):
        MANUAL = "manual", "Tagged by an editor"
        ACCEPTED = "accepted", "Suggested and accepted"
        SUGGESTED = "suggested", "Suggested"
        REJECTED = "rejected", "Suggested and rejected"

    TAGGED = (Status.MANUAL, Status.ACCEPTED)

    question = models.ForeignKey("Question", on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="exchange_links")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "question"]
        constraints = [
            models.UniqueConstraint(fields=["question", "topic"], name="exchange_topic_unique")
        ]
        indexes = [models.Index(fields=["topic", "status"])]

    def __str__(self) -> str:
        return f"{self.topic} on {self.question_id} ({self.status})"


class Mention(models.Model):
    """An entity named in an exchange's text, found from its aliases or set by an editor."""

    class Origin(models.TextChoices):
        AUTOMATIC = "auto", "Found from aliases"
        EDITOR = "editor", "Set by an editor"
        REJECTED = "rejected", "Rejected by an editor"

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    question = models.ForeignKey("Question", on_delete=models.CASCADE, related_name="mentions")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.AUTOMATIC)
    count = models.PositiveIntegerField(default=1, help_text="How often the exchange names it.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "entity"]
        constraints = [
            models.UniqueConstraint(fields=["question", "entity"], name="mention_unique")
        ]
        indexes = [models.Index(fields=["entity", "origin"])]

    def __str__(self) -> str:
        return f"{self.entity} in {self.question_id}"
