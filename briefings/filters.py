"""Filters for lists of exchanges and briefings, read from the query string.

Every filter state is a plain, shareable query string; slugs name sources, spokespersons
and topics so a filtered address is readable (`?source=mfa&spokesperson=zhao-lijian`).
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict

from .models import (
    LANGUAGES,
    AlignedPair,
    Briefing,
    BriefingQuerySet,
    Entity,
    ExchangeTopic,
    Mention,
    Question,
    Source,
    Topic,
)
from .search.chinese import clean
from .search.query import search_questions
from .search.results import SORTS


def unknown(what: str) -> dict[str, str]:
    """The message for a slug that names nothing."""
    return {"invalid_choice": f"No {what} is called “%(value)s”."}


class SearchFilterSet(filters.FilterSet):
    """The filters of /search/: every one is a query-string parameter, and they combine."""

    # Date, source and language are read from the exchange's copy of its briefing's
    # (Question.briefing_date…), so filtering a million exchanges joins no briefings.
    q = filters.CharFilter(method="filter_query", label="Search for")
    # `from` is a Python keyword, so the two date filters are declared by name.
    locals()["from"] = filters.DateFilter(
        field_name="briefing_date", lookup_expr="gte", label="From"
    )
    to = filters.DateFilter(field_name="briefing_date", lookup_expr="lte", label="To")
    source = filters.ModelChoiceFilter(
        field_name="briefing_source",
        queryset=Source.objects.all(),
        label="Source",
        to_field_name="slug",
        error_messages=unknown("source"),
    )
    language = filters.ChoiceFilter(
        field_name="briefing_language",
        choices=LANGUAGES,
        label="Language",
        error_messages={"invalid_choice": "No language is called “%(value)s”."},
    )
    # The briefing's spokespersons: a small table, so counting per spokesperson stays
    # fast on a million exchanges (answers would be a join over every answer).
    spokesperson = filters.ModelChoiceFilter(
        method="filter_spokesperson",
        queryset=Entity.objects.all(),
        label="Spokesperson",
        to_field_name="slug",
        error_messages=unknown("spokesperson"),
    )
    outlet = filters.ModelChoiceFilter(
        field_name="asker",
        queryset=Entity.objects.all(),
        label="Outlet",
        to_field_name="slug",
        error_messages=unknown("outlet"),
    )
    topic = filters.ModelChoiceFilter(
        method="filter_topic",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        label="Topic",
        error_messages=unknown("topic"),
    )
    entity = filters.ModelChoiceFilter(
        method="filter_entity",
        queryset=Entity.objects.all(),
        label="Entity",
        to_field_name="slug",
        error_messages=unknown("entity"),
    )
    briefing = filters.ModelChoiceFilter(
        field_name="briefing",
        queryset=Briefing.objects.all(),
        label="Briefing",
        error_messages={"invalid_choice": "No briefing has the number “%(value)s”."},
    )
    # The two language versions of a briefing (briefings/alignment): exchanges one version
    # leaves out, and the counterparts of the matches. Declared after every other filter:
    # django-filter applies them in this order, and the counterparts are of the matches.
    only_in = filters.ChoiceFilter(
        method="filter_only_in",
        choices=LANGUAGES,
        label="Only in one version",
        error_messages={"invalid_choice": "No language is called “%(value)s”."},
    )
    with_counterparts = filters.ChoiceFilter(
        method="filter_with_counterparts",
        choices=[("1", "With their counterparts in the other language")],
        label="With counterparts",
        error_messages={
            "invalid_choice": "Use with_counterparts=1 to add the counterparts, or leave it out."
        },
    )
    # Not filters: how to show the results. Declared here so one form checks them all.
    sort = filters.ChoiceFilter(
        method="keep",
        choices=list(SORTS.items()),
        empty_label=None,
        label="Sort",
        error_messages={"invalid_choice": "choose relevance, newest or oldest."},
    )
    normalise = filters.ChoiceFilter(
        method="keep",
        choices=[("1", "As a share of all exchanges")],
        label="Share of all exchanges",
        error_messages={"invalid_choice": "Use normalise=1 to show shares, or leave it out."},
    )

    exact = filters.ChoiceFilter(
        method="keep",
        choices=[("1", "Exact counts")],
        label="Exact counts",
        error_messages={"invalid_choice": "Use exact=1 for exact counts, or leave it out."},
    )

    class Meta:
        model = Question
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # NUL and control characters cannot reach PostgreSQL; drop them before anything.
        if isinstance(data, QueryDict):
            data = data.copy()
            for key in list(data.keys()):
                data.setlist(key, [clean(value) for value in data.getlist(key)])
        elif data is not None:
            data = {key: clean(str(value)) for key, value in data.items()}
        super().__init__(data, *args, **kwargs)

    def problems(self) -> list[str]:
        """What is wrong with the query string, one message per bad parameter."""
        return [
            f"{self.filters[name].label or name.capitalize()}: {message}"
            for name, messages in self.errors.items()
            for message in messages
        ]

    def filter_query(self, queryset: QuerySet[Question], name: str, value: str) -> QuerySet:
        return search_questions(value, queryset) if value.strip() else queryset

    def filter_spokesperson(
        self, queryset: QuerySet[Question], name: str, value: Entity
    ) -> QuerySet:
        # The spokesperson's briefings within the dates asked for: PostgreSQL then reads
        # just their exchanges, not every exchange of the dates or of the spokesperson.
        briefings = Briefing.objects.filter(spokespersons=value)
        data = self.form.cleaned_data
        if data.get("from"):
            briefings = briefings.filter(date__gte=data["from"])
        if data.get("to"):
            briefings = briefings.filter(date__lte=data["to"])
        return queryset.filter(briefing__in=briefings.values("pk"))

    def filter_topic(self, queryset: QuerySet[Question], name: str, value: Topic) -> QuerySet:
        return queryset.filter(
            topic_links__topic=value, topic_links__status__in=ExchangeTopic.TAGGED
        )

    def filter_entity(self, queryset: QuerySet[Question], name: str, value: Entity) -> QuerySet:
        found = [Mention.Origin.AUTOMATIC, Mention.Origin.EDITOR]
        return queryset.filter(mentions__entity=value, mentions__origin__in=found)

    def filter_only_in(self, queryset: QuerySet[Question], name: str, value: str) -> QuerySet:
        return queryset.filter(briefing_language=value, pk__in=AlignedPair.objects.alone())

    def filter_with_counterparts(
        self, queryset: QuerySet[Question], name: str, value: str
    ) -> QuerySet:
        # The matches so far, and the exchanges aligned with them, within what readers see.
        return self.queryset.filter(
            Q(pk__in=queryset.values("pk"))
            | Q(pk__in=AlignedPair.objects.counterparts_of(queryset.values("pk")))
        )

    def keep(self, queryset: QuerySet[Question], name: str, value: object) -> QuerySet:
        return queryset


BAD_DATE = "Write the date as YYYY-MM-DD, e.g. 2020-03-04."


class DateInput(forms.DateInput):
    input_type = "date"


class BriefingFilter(filters.FilterSet):
    """Filter briefings by date range, source, spokesperson, topic and language.

    Sources, spokespersons and topics are named by their slugs, so a filtered list
    has a readable address (`?source=mfa&spokesperson=zhao-lijian`).
    """

    # Every filter is labelled: django-filter names one it cannot find on the model
    # "[invalid name]", and these labels also name the filter in error messages.
    date_from = filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        label="From",
        widget=DateInput,
        error_messages={"invalid": BAD_DATE},
    )
    date_to = filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        label="To",
        widget=DateInput,
        error_messages={"invalid": BAD_DATE},
    )
    source = filters.ModelChoiceFilter(
        label="Source",
        queryset=Source.objects.all(),
        to_field_name="slug",
        empty_label="Any source",
        error_messages={"invalid_choice": "There is no source “%(value)s” in the archive."},
    )
    spokesperson = filters.ModelChoiceFilter(
        field_name="spokespersons",
        label="Spokesperson",
        queryset=Entity.objects.filter(
            pk__in=Briefing.spokespersons.through.objects.values("entity_id")
        ),
        to_field_name="slug",
        empty_label="Any spokesperson",
        error_messages={"invalid_choice": "No spokesperson “%(value)s” appears in the archive."},
    )
    topic = filters.ModelChoiceFilter(
        label="Topic",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        empty_label="Any topic",
        error_messages={"invalid_choice": "There is no topic “%(value)s”."},
    )
    # Its choices are the languages the archive holds (set per request in __init__).
    language = filters.ChoiceFilter(
        label="Language",
        choices=LANGUAGES,
        empty_label="Any language",
        error_messages={"invalid_choice": "“%(value)s” is not a language of the archive."},
    )

    class Meta:
        model = Briefing
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        held = set(
            Briefing.objects.published().order_by().values_list("language", flat=True).distinct()
        )
        language = self.filters["language"]
        language.extra["choices"] = [(code, name) for code, name in LANGUAGES if code in held]
        # A form field built before (the API's schema reads the class's filters) is copied
        # with the filter and would offer every language: build it anew from these choices.
        language.__dict__.pop("_field", None)

    def filter_topic(self, queryset: BriefingQuerySet, name: str, value: Topic) -> BriefingQuerySet:
        return queryset.about(value)

    def is_filtered(self) -> bool:
        """Whether any filter is set (so the page can offer to clear them)."""
        return any(self.data.get(name) for name in self.filters)
