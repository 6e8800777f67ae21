"""The exchanges readers read and cite: questions and their answers, and the statements between."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.safestring import SafeString
from simple_history.models import HistoricalRecords

from ..parsing.labels import is_anonymous_asker, is_follow_up_label, unnamed_asker_label
from ..parsing.stages import asked_after
from .curation import Entity, ExchangeTopic, Topic

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
            # The search index is five times the size of the text and no page shows it.
            .defer("search_vector", "follows__search_vector")
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
            .defer("search_vector")
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

    briefing = models.ForeignKey("Briefing", on_delete=models.CASCADE, related_name="questions")
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
    topics: models.ManyToManyField[Topic, ExchangeTopic] = models.ManyToManyField(
        Topic, through=ExchangeTopic, related_name="questions", blank=True
    )
    # Kept up to date by the importer (question weighted above answers).
    search_vector = SearchVectorField(null=True, editable=False)
    # Not stored: on a page of search results, its text with the words found marked
    # (search/snippets.py sets it).
    snippet: SafeString
    # Copies for search: the briefing's date, source, language, publication and
    # spokespersons, and the exchange's tagged topics. PostgreSQL writes them itself
    # (triggers in migration 0006) whenever an exchange is saved, its briefing changes
    # or its topics do, so search filters and counts a million exchanges from one row
    # each instead of joining briefings and tags. Read them from the database, not from
    # an instance saved in this process: only the database fills them in.
    briefing_date = models.DateField(null=True, editable=False)
    briefing_source = models.ForeignKey(
        "Source",
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
            # The sitemap (sitemaps.py): an outlet's newest exchange in one probe, and a
            # page of 50,000 permalinks read from the index alone, not from the wide rows.
            models.Index(fields=["asker", "id"], name="question_asker_id"),
            models.Index(
                fields=["id"],
                include=["number", "briefing", "briefing_published"],
                name="question_sitemap",
            ),
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
    def asked_after_briefing(self) -> bool:
        """Whether the transcript says it was asked after the briefing ("会后，有记者问及：…")."""
        return asked_after(self.text)

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

    briefing = models.ForeignKey("Briefing", on_delete=models.CASCADE, related_name="statements")
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
