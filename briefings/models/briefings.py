"""Briefings and their sources, transcript revisions, and permalinks that survive a move."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..parsing.transcript import LANGUAGES
from .curation import Entity, ExchangeTopic, Topic
from .exchanges import Question
from .fetching import FetchedPage


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
    # What the transcript's front and back matter say (parsing.furniture): the room or
    # place, the times as printed on the page (in its time zone), a correction notice.
    place = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where it was held: 'James S. Brady Press Briefing Room'.",
    )
    starts_at = models.TimeField("start time", null=True, blank=True)
    ends_at = models.TimeField("end time", null=True, blank=True)
    time_zone = models.CharField(
        max_length=8, blank=True, help_text="The times' zone as printed: 'EST', 'EDT'."
    )
    correction_notice = models.TextField(
        blank=True, help_text="The source's notice that the transcript was corrected."
    )
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

    def save(self, *args: Any, **kwargs: Any) -> None:
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
    def time_span(self) -> str:
        """The times as the page printed them: "1:06–1:52 p.m. EST", or "" when it gave none."""
        start, end = self.starts_at, self.ends_at
        if start is None and end is None:
            return ""
        zone = f" {self.time_zone}" if self.time_zone else ""
        if start is None or end is None:
            word = "from" if end is None else "until"
            return f"{word} {_clock(start or end)}{zone}"  # type: ignore[arg-type]
        if (start.hour < 12) == (end.hour < 12):  # "1:06–1:52 p.m.": one half of the day
            return f"{_clock(start).rsplit(' ', 1)[0]}–{_clock(end)}{zone}"
        return f"{_clock(start)}–{_clock(end)}{zone}"

    @property
    def place_and_time(self) -> str:
        """Where and when, as the transcript says: "Aboard Air Force One, 2:52–3:20 p.m. EST"."""
        return ", ".join(part for part in (self.place, self.time_span) if part)

    @property
    def current_revision(self) -> TranscriptRevision | None:
        return self.revisions.order_by("-number").first()


def _clock(time: datetime.time) -> str:
    """A time as the transcripts print it, in lower case: "1:06 p.m.", "12:00 p.m."."""
    hour = time.hour % 12 or 12
    return f"{hour}:{time.minute:02d} {'a.m.' if time.hour < 12 else 'p.m.'}"


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
    fetched_page = models.ForeignKey(
        FetchedPage,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
        help_text="The page of the source's site it was fetched from, when it was fetched.",
    )

    class Meta:
        ordering = ["briefing", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["briefing", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.briefing} — revision {self.number}"


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
