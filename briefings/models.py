"""The archive's data: briefings, their exchanges, and the people and topics they touch.

A briefing's transcript arrives as turns in order. Questions and answers make up the
exchanges readers cite; statements (opening remarks, announcements) and notes (stage
directions on their own line) keep their place between them, so the whole transcript
can be shown in order and nothing is lost. Every imported transcript is kept as a
revision, and every exchange number that ever answered keeps answering (see
`ExchangePermalink`).
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

LANGUAGES = [
    ("en", "English"),
    ("zh", "Chinese"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("ru", "Russian"),
    ("ar", "Arabic"),
]


class Source(models.Model):
    """An issuing body that holds briefings, e.g. the MFA or the White House."""

    slug = models.SlugField(unique=True, help_text="Short name used in URLs, e.g. 'mfa'.")
    name = models.CharField(max_length=200)
    main_language = models.CharField(max_length=8, choices=LANGUAGES, default="en")
    homepage = models.URLField(blank=True)
    is_demo = models.BooleanField(
        default=False, help_text="Fictional demo data, labelled as such on every page."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def briefing_slug(self, language: str, sequence: int = 1) -> str:
        """The URL slug of this source's briefing in a language, nth of its day."""
        slug = self.slug if language == self.main_language else f"{self.slug}-{language}"
        return slug if sequence == 1 else f"{slug}-{sequence}"


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


@lru_cache(maxsize=65536)  # an import normalizes the same few labels and names over and over
def normalize_alias(name: str) -> str:
    """The form aliases are matched in: case-folded, spaces collapsed, no leading 'the'."""
    folded = " ".join(name.replace("\xa0", " ").split()).casefold()
    if folded.startswith("the "):
        folded = folded[4:]
    return folded


# Askers printed without a name: the question is anonymous.
# A reporter going on in the same exchange: "Follow-up:", "追问：", "又问：", and "记者回答："
# when the reporter answers the spokesperson's own question and asks again.
FOLLOW_UP_LABELS = {
    "follow-up",
    "follow up",
    "followup",
    "follow-up question",
    "follow up question",
    "追问",
    "又问",
    "再问",
    "记者追问",
    "记者又问",
    "记者回答",
}
ANONYMOUS_ASKERS = {"q", "question", "问", "记者", "reporter", "journalist"} | FOLLOW_UP_LABELS


def plain_label(label: str) -> str:
    """A speaker label without its case, numbering and punctuation: 'Question 2.' is 'question'."""
    return normalize_alias(label).rstrip(" .:：0123456789")


def is_anonymous_asker(label: str) -> bool:
    """Whether an asker label names no outlet: 'Q', 'Q.', 'Question 2', '问', 'Follow-up'."""
    plain = plain_label(label)
    return not plain or plain in ANONYMOUS_ASKERS


def is_follow_up_label(label: str) -> bool:
    """Whether an asker label says the reporter goes on: 'Follow-up', '追问', '又问'."""
    return plain_label(label) in FOLLOW_UP_LABELS


def unnamed_asker_label(follow_up: bool, language: str) -> str:
    """What a transcript calls a journalist it does not name: Question or Follow-up, 记者 or
    追问 in Chinese."""
    if language == "zh":
        return "追问" if follow_up else "记者"
    return "Follow-up" if follow_up else "Question"


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

    def save(self, *args: object, **kwargs: object) -> None:
        self.normalized = normalize_alias(self.name)
        super().save(*args, **kwargs)


class SlugRedirect(models.Model):
    """A former slug of a row whose slug is its address, and the row it leads to now.

    Subclasses add the foreign key and name it in `target`.
    """

    target: ClassVar[str]

    old_slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        abstract = True
        ordering = ["old_slug"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {getattr(self, self.target).slug}"

    @classmethod
    def keep(cls, row: models.Model, old_slug: str) -> None:
        """Keep a row's former slug answering with a redirect to its current one."""
        # A slug the row takes back is its address again, not a redirect.
        cls.objects.filter(old_slug=row.slug).delete()  # type: ignore[attr-defined]
        if old_slug and old_slug != row.slug:  # type: ignore[attr-defined]
            cls.objects.update_or_create(old_slug=old_slug, defaults={cls.target: row})

    @classmethod
    def resolve(cls, rows: models.QuerySet, slug: str) -> models.Model | None:
        """The row with this slug, or the one whose former slug it is; None if neither."""
        row = rows.filter(slug=slug).first()
        if row is not None:
            return row
        old = cls.objects.filter(old_slug=slug).select_related(cls.target).first()
        return getattr(old, cls.target) if old is not None else None


class EntitySlugRedirect(SlugRedirect):
    """An entity slug that moved (after a merge or a rename) and where it points now."""

    target = "entity"

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="old_slugs")


class TopicQuerySet(models.QuerySet["Topic"]):
    def most_active(self, since: datetime.date) -> TopicQuerySet:
        """Topics by how many published exchanges since a day carry them, busiest first."""
        recent = Q(
            exchange_links__status__in=ExchangeTopic.TAGGED,
            exchange_links__question__briefing__is_published=True,
            exchange_links__question__briefing__date__gte=since,
        )
        return (
            self.annotate(recent_exchanges=models.Count("exchange_links", filter=recent))
            .filter(recent_exchanges__gt=0)
            .order_by("-recent_exchanges", "name")
        )


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


class BriefingQuerySet(models.QuerySet["Briefing"]):
    def published(self) -> BriefingQuerySet:
        """Briefings readers may see."""
        return self.filter(is_published=True)

    def on_day(self, day: datetime.date) -> BriefingQuerySet:
        return self.filter(date=day)

    def for_listing(self) -> BriefingQuerySet:
        """What a line in a list of briefings shows: source and spokespersons."""
        return self.select_related("source").prefetch_related("spokespersons")

    def with_openings(self, count: int = 3) -> BriefingQuerySet:
        """Prefetch each briefing's first `count` questions as `opening_questions`."""
        first = Question.objects.order_by("briefing_id", "position")[:count]
        return self.prefetch_related(
            models.Prefetch("questions", queryset=first, to_attr="opening_questions")
        )

    def span(self) -> dict[str, object]:
        """How many briefings there are and the first and last day: one query."""
        return self.aggregate(
            count=models.Count("pk"), first=models.Min("date"), last=models.Max("date")
        )

    def about(self, topic: Topic) -> BriefingQuerySet:
        """Briefings with an exchange tagged with the topic."""
        tagged = Question.objects.filter(
            topic_links__topic=topic, topic_links__status__in=ExchangeTopic.TAGGED
        )
        return self.filter(pk__in=tagged.values("briefing_id"))

    def before(self, briefing: Briefing) -> BriefingQuerySet:
        """Earlier briefings of the same source and language, the nearest first."""
        earlier = Q(date__lt=briefing.date) | Q(date=briefing.date, sequence__lt=briefing.sequence)
        return self.filter(
            earlier, source_id=briefing.source_id, language=briefing.language
        ).order_by("-date", "-sequence")

    def after(self, briefing: Briefing) -> BriefingQuerySet:
        """Later briefings of the same source and language, the nearest first."""
        later = Q(date__gt=briefing.date) | Q(date=briefing.date, sequence__gt=briefing.sequence)
        return self.filter(
            later, source_id=briefing.source_id, language=briefing.language
        ).order_by("date", "sequence")

    def counterpart_of(self, briefing: Briefing) -> BriefingQuerySet:
        """The same briefing in its other language, whichever side holds the link."""
        return self.filter(Q(pk=briefing.counterpart_id) | Q(counterpart=briefing)).exclude(
            pk=briefing.pk
        )


class Briefing(models.Model):
    """One press conference in one language, as published by its source."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="briefings")
    date = models.DateField(db_index=True)
    language = models.CharField(max_length=8, choices=LANGUAGES)
    sequence = models.PositiveSmallIntegerField(
        default=1,
        help_text="1 for the first briefing of this source, language and day, 2 for a second…",
    )
    slug = models.SlugField(
        max_length=40, editable=False, help_text="URL slug within the day: mfa, mfa-zh, mfa-2…"
    )
    title = models.CharField(max_length=500, blank=True, help_text="The title as published.")
    official_url = models.URLField("official URL", max_length=500, blank=True)
    spokespersons = models.ManyToManyField(Entity, blank=True, related_name="briefings")
    counterpart = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The same briefing in its other language.",
    )
    is_published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    objects = BriefingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "source__slug", "language", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "date", "language", "sequence"],
                name="one_briefing_per_source_day_language_sequence",
            ),
            models.UniqueConstraint(fields=["date", "slug"], name="briefing_slug_unique_per_day"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="briefing_sequence_positive"),
        ]
        indexes = [models.Index(fields=["source", "-date"])]

    def __str__(self) -> str:
        # Without a published title, the one citations use: "… press briefing, 7 April 2025".
        date = self.date
        return self.title or f"{self.source.name} press briefing, {date.day} {date:%B %Y}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.slug = self.source.briefing_slug(self.language, self.sequence)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        # Kept with the arguments it was made from: a card links the briefing and its
        # exchange, and a results page of twenty cards would otherwise reverse it twice each.
        args = self.url_args()
        made = self.__dict__.get("_url")
        if made is None or made[0] != args:
            made = self.__dict__["_url"] = (args, reverse("briefings:briefing", args=args))
        return made[1]

    def url_args(self) -> list[object]:
        return [self.date.year, f"{self.date.month:02d}", f"{self.date.day:02d}", self.slug]

    @property
    def current_revision(self) -> TranscriptRevision | None:
        return self.revisions.order_by("-number").first()


class BriefingPermalink(models.Model):
    """A date and slug under which a briefing once answered, kept when it moves."""

    date = models.DateField()
    slug = models.SlugField(max_length=40)
    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="old_permalinks")

    class Meta:
        ordering = ["-date", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["date", "slug"], name="briefing_permalink_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date}/{self.slug} → {self.briefing_id}"


class TranscriptRevision(models.Model):
    """A transcript as imported. A corrected re-import adds a revision; none is ever lost."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    filename = models.CharField(max_length=500, blank=True)
    format = models.CharField(max_length=20, blank=True)
    content_hash = models.CharField(
        max_length=64,
        help_text="SHA-256 of the parsed turns; the same transcript twice is unchanged.",
    )
    raw_text = models.TextField(help_text="The file as imported, decoded.")
    parsed = models.JSONField(help_text="The parser's output for this revision.")

    class Meta:
        ordering = ["briefing", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["briefing", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.briefing} — revision {self.number}"


# What each exchange's row holds for search, copied by PostgreSQL (see Question).
SEARCH_COPIES = [
    "briefing_date",
    "briefing_source",
    "briefing_language",
    "briefing_published",
    "briefing_spokesperson_ids",
    "tagged_topic_ids",
]


class QuestionQuerySet(models.QuerySet["Question"]):
    def published(self) -> QuestionQuerySet:
        """Exchanges of published briefings (read from the exchange's own copy)."""
        return self.filter(briefing_published=True)

    def with_topics(self) -> QuestionQuerySet:
        """Prefetch the exchanges' tagged topics (manual or accepted) as `tagged_topics`."""
        # Unordered: `tagged_topics` sorts by name, and ordering by the models' defaults
        # would join the exchange, its briefing and its source again.
        tagged = (
            ExchangeTopic.objects.filter(status__in=ExchangeTopic.TAGGED)
            .select_related("topic")
            .order_by()
        )
        return self.prefetch_related(
            models.Prefetch("topic_links", queryset=tagged, to_attr="tagged_topic_links")
        )

    def with_transcript(self) -> QuestionQuerySet:
        """Everything an exchange shows in full: asker, answers with speakers, notes, topics."""
        answers = Answer.objects.select_related("speaker").order_by("position")
        notes = Statement.objects.order_by("position")
        return (
            self.select_related("asker", "follows")
            .prefetch_related(
                models.Prefetch("answers", queryset=answers),
                models.Prefetch("notes", queryset=notes),
            )
            .with_topics()
        )

    def answered_by(self, entity: Entity) -> QuestionQuerySet:
        """Exchanges in which the entity answers (a spokesperson's exchanges)."""
        return self.filter(pk__in=Answer.objects.filter(speaker=entity).values("question_id"))

    def asked_by(self, entity: Entity) -> QuestionQuerySet:
        """Exchanges the entity opened with a question (an outlet's exchanges)."""
        return self.filter(asker=entity)

    def newest_first(self) -> QuestionQuerySet:
        return self.order_by("-briefing__date", "-briefing_id", "position")

    def for_listing(self) -> QuestionQuerySet:
        """What an exchange card needs, in a fixed number of queries.

        The answers come as a plain list (`listed_answers`): a prefetched queryset per
        exchange would cost a search page of twenty cards several milliseconds.
        """
        answers = Answer.objects.select_related("speaker").order_by("position")
        return (
            self.select_related("briefing", "briefing__source", "asker")
            .prefetch_related(
                models.Prefetch("answers", queryset=answers, to_attr="listed_answers")
            )
            .with_topics()
        )


class Question(models.Model):
    """A question turn, and the exchange it opens: the unit readers read, cite and tag.

    `number` is the exchange's permanent number within its briefing (its URL and
    `#q-<n>` anchor); `position` is its place among all the briefing's turns.
    Numbers are never reused: an exchange inserted by a correction takes a new number.
    """

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveIntegerField()
    position = models.PositiveIntegerField()
    asker_label = models.CharField(
        max_length=200, blank=True, help_text="As printed: 'China Daily', 'Q'."
    )
    asker = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions_asked"
    )
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        help_text="The question this one follows up.",
    )
    text = models.TextField()
    topics = models.ManyToManyField(
        Topic, through="ExchangeTopic", related_name="questions", blank=True
    )
    # Kept up to date by the importer (question weighted above answers).
    search_vector = SearchVectorField(null=True, editable=False)
    # Copies for search: the briefing's date, source, language, publication and
    # spokespersons, and the exchange's tagged topics. PostgreSQL writes them itself
    # (triggers in migration 0006) whenever an exchange is saved, its briefing changes
    # or its topics do, so search filters and counts a million exchanges from one row
    # each instead of joining briefings and tags. Read them from the database, not from
    # an instance saved in this process: only the database fills them in.
    briefing_date = models.DateField(null=True, editable=False)
    briefing_source = models.ForeignKey(
        Source,
        null=True,
        editable=False,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    briefing_language = models.CharField(max_length=8, null=True, editable=False)  # noqa: DJ001
    briefing_published = models.BooleanField(null=True, editable=False)
    briefing_spokesperson_ids = ArrayField(models.BigIntegerField(), null=True, editable=False)
    tagged_topic_ids = ArrayField(models.BigIntegerField(), null=True, editable=False)

    history = HistoricalRecords(excluded_fields=SEARCH_COPIES)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["briefing", "position"]
        constraints = [
            models.UniqueConstraint(fields=["briefing", "number"], name="question_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="question_number_positive"),
        ]
        indexes = [
            # A small pending list: an import adds its entries there cheaply and they are
            # merged in batches, while a search reads through at most 512 kB of them.
            GinIndex(
                fields=["search_vector"], name="question_search_vector", gin_pending_list_limit=512
            ),
            # Search walks exchanges newest (or oldest) first to fill a page of a common word.
            models.Index(fields=["briefing_date", "id"], name="question_date_id"),
        ]

    def __str__(self) -> str:
        return f"{self.briefing.date} #{self.number}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        # The "exchange" URL is the briefing's with the number after it (urls.py).
        return f"{self.briefing.get_absolute_url()}{self.number}/"

    @property
    def anchor(self) -> str:
        return f"q-{self.number}"

    @property
    def is_follow_up(self) -> bool:
        return self.follows_id is not None

    @property
    def asks_anonymously(self) -> bool:
        """Whether the transcript names no outlet for this question ('Q', '问', 'Follow-up')."""
        return is_anonymous_asker(self.asker_label)

    @property
    def asker_name(self) -> str:
        """The outlet that asked, as readers see it; "" for a journalist the transcript does
        not name. A follow-up printed 'Follow-up:' keeps the outlet of the question it follows."""
        if self.asks_anonymously and not self.is_follow_up:
            return ""
        if self.asker_id is not None and self.asker is not None:
            return self.asker.name
        return "" if self.asks_anonymously else self.asker_label.strip()

    @property
    def asker_role(self) -> str:
        """'Follow-up' or 'Question': what an unnamed journalist's turn is called."""
        return (
            "Follow-up" if self.is_follow_up or is_follow_up_label(self.asker_label) else "Question"
        )

    @property
    def asker_heading(self) -> str:
        """Who asked, for contents and titles: 'Reuters', 'Reuters (follow-up)', 'Question'."""
        name = self.asker_name
        if not name:
            return self.asker_role
        return f"{name} (follow-up)" if self.is_follow_up else name

    @property
    def transcript_label(self) -> str:
        """The question's speaker in the transcript: the outlet as printed, or for an unnamed
        journalist 'Question'/'Follow-up' (记者/追问 in a Chinese transcript)."""
        if not self.asks_anonymously:
            return self.asker_label.strip()
        return unnamed_asker_label(self.asker_role == "Follow-up", self.briefing.language)

    def turns(self) -> list[tuple[str, Question | Answer | Statement]]:
        """The exchange's turns in order, as (kind, turn): the question, answers and notes."""
        turns: list[tuple[str, Question | Answer | Statement]] = [("question", self)]
        turns += [("answer", answer) for answer in self.answers.all()]
        turns += [("note", note) for note in self.notes.all()]
        return sorted(turns, key=lambda turn: turn[1].position)

    @property
    def answer_list(self) -> list[Answer]:
        """The exchange's answers in order, as listed by for_listing or else prefetched or read."""
        listed = getattr(self, "listed_answers", None)
        return listed if listed is not None else list(self.answers.all())

    @property
    def first_answer(self) -> Answer | None:
        """The answer a card names the speaker of."""
        answers = self.answer_list
        return answers[0] if answers else None

    @property
    def tagged_topics(self) -> list[Topic]:
        """The exchange's topics: tagged by an editor or accepted suggestions, by name."""
        links = getattr(self, "tagged_topic_links", None)
        if links is None:
            links = self.topic_links.filter(status__in=ExchangeTopic.TAGGED).select_related("topic")
        return sorted((link.topic for link in links), key=lambda topic: topic.name)


class Answer(models.Model):
    """An answer turn within an exchange."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveIntegerField()
    speaker_label = models.CharField(max_length=200, blank=True)
    speaker = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers_given"
    )
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "position"]

    def __str__(self) -> str:
        return f"{self.speaker_label or 'Answer'}: {self.text[:60]}"


class Statement(models.Model):
    """A turn outside the questions and answers: opening remarks, announcements, stage notes.

    A note that falls inside an exchange (between its question and answers) belongs to it.
    """

    class Kind(models.TextChoices):
        STATEMENT = "statement", "Statement"
        NOTE = "note", "Note"

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="statements")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATEMENT)
    position = models.PositiveIntegerField()
    speaker_label = models.CharField(max_length=200, blank=True)
    speaker = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements_made"
    )
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["briefing", "position"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class MonthTotal(models.Model):
    """How many published exchanges one month holds: what search shows matches as a share of.

    Kept by the database (triggers in migration 0007) whenever exchanges are added,
    removed or their briefing is moved or (un)published, so the chart needs no count
    over a million rows.
    """

    month = models.DateField(primary_key=True, help_text="The month's first day.")
    exchanges = models.IntegerField()

    class Meta:
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.month:%B %Y}: {self.exchanges} exchanges"


class ExchangePermalink(models.Model):
    """Every exchange number a briefing has ever had, and what became of it.

    While the exchange exists, `question` points to it. When a correction merges it
    into another, `question` points there (its old URL redirects). When a correction
    removes it, `question` is empty and `removed_text` keeps what it said.
    """

    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="exchange_permalinks"
    )
    number = models.PositiveIntegerField()
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="permalinks"
    )
    removed_in = models.ForeignKey(
        TranscriptRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_text = models.JSONField(
        default=dict, blank=True, help_text="The exchange's turns as they last stood."
    )

    class Meta:
        ordering = ["briefing", "number"]
        constraints = [
            models.UniqueConstraint(fields=["briefing", "number"], name="exchange_permalink_unique")
        ]

    def __str__(self) -> str:
        return f"{self.briefing} #{self.number}"


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

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="topic_links")
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
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="mentions")
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


# Apostrophes and dots join what they stand in ("China's", "U.S."); every other mark
# (dashes of any length, slashes, ampersands, brackets) separates words.
SLUG_JOINERS = re.compile(r"['’‘`.]")
SLUG_SEPARATORS = re.compile(r"[^\w\s-]|_")


def slug_from_name(name: str) -> str:
    """A URL slug for a name: 'Taiwan–US relations' is taiwan-us-relations, 'U.S.' us."""
    return slugify(SLUG_SEPARATORS.sub(" ", SLUG_JOINERS.sub("", name)))


def unique_slug(model: type[models.Model], name: str, field: str = "slug") -> str:
    """A slug for name that no row of model has yet (`name`, `name-2`, …)."""
    base = slug_from_name(name)[:180].strip("-") or model._meta.model_name
    slug, n = base, 1
    while model._default_manager.filter(**{field: slug}).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
