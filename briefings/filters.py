"""Filters for lists of exchanges and briefings, read from the query string."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import QuerySet

from .models import LANGUAGES, Briefing, Entity, ExchangeTopic, Mention, Question, Source, Topic
from .search import SORTS, clean, search_questions


def unknown(what: str) -> dict[str, str]:
    """The message for a slug that names nothing."""
    return {"invalid_choice": f"No {what} is called “%(value)s”."}


class SearchFilterSet(filters.FilterSet):
    """The filters of /search/: every one is a query-string parameter, and they combine."""

    q = filters.CharFilter(method="filter_query", label="Search for")
    # `from` is a Python keyword, so the two date filters are declared by name.
    locals()["from"] = filters.DateFilter(
        field_name="briefing__date", lookup_expr="gte", label="From"
    )
    to = filters.DateFilter(field_name="briefing__date", lookup_expr="lte", label="To")
    source = filters.ModelChoiceFilter(
        field_name="briefing__source",
        queryset=Source.objects.all(),
        to_field_name="slug",
        error_messages=unknown("source"),
    )
    language = filters.ChoiceFilter(
        field_name="briefing__language",
        choices=LANGUAGES,
        error_messages={"invalid_choice": "No language is called “%(value)s”."},
    )
    # The briefing's spokespersons: a small table, so counting per spokesperson stays
    # fast on a million exchanges (answers would be a join over every answer).
    spokesperson = filters.ModelChoiceFilter(
        field_name="briefing__spokespersons",
        queryset=Entity.objects.all(),
        to_field_name="slug",
        error_messages=unknown("spokesperson"),
    )
    outlet = filters.ModelChoiceFilter(
        field_name="asker",
        queryset=Entity.objects.all(),
        to_field_name="slug",
        error_messages=unknown("outlet"),
    )
    topic = filters.ModelChoiceFilter(
        method="filter_topic",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        error_messages=unknown("topic"),
    )
    entity = filters.ModelChoiceFilter(
        method="filter_entity",
        queryset=Entity.objects.all(),
        to_field_name="slug",
        error_messages=unknown("entity"),
    )
    briefing = filters.ModelChoiceFilter(
        field_name="briefing",
        queryset=Briefing.objects.all(),
        error_messages={"invalid_choice": "No briefing has the number “%(value)s”."},
    )
    # Not filters: how to show the results. Declared here so one form checks them all.
    sort = filters.ChoiceFilter(
        method="keep",
        choices=list(SORTS.items()),
        empty_label=None,
        error_messages={"invalid_choice": "Results can be sorted by relevance, newest or oldest."},
    )
    normalise = filters.ChoiceFilter(
        method="keep",
        choices=[("1", "As a share of all exchanges")],
        label="Share of all exchanges",
        error_messages={"invalid_choice": "Use normalise=1 to show shares, or leave it out."},
    )

    class Meta:
        model = Question
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # NUL and control characters cannot reach PostgreSQL; drop them before anything.
        if data is not None:
            data = data.copy()
            for key in list(data.keys()):
                data.setlist(key, [clean(value) for value in data.getlist(key)])
        super().__init__(data, *args, **kwargs)

    def filter_query(self, queryset: QuerySet[Question], name: str, value: str) -> QuerySet:
        return search_questions(value, queryset) if value.strip() else queryset

    def filter_topic(self, queryset: QuerySet[Question], name: str, value: Topic) -> QuerySet:
        return queryset.filter(
            topic_links__topic=value, topic_links__status__in=ExchangeTopic.TAGGED
        )

    def filter_entity(self, queryset: QuerySet[Question], name: str, value: Entity) -> QuerySet:
        found = [Mention.Origin.AUTOMATIC, Mention.Origin.EDITOR]
        return queryset.filter(mentions__entity=value, mentions__origin__in=found)

    def keep(self, queryset: QuerySet[Question], name: str, value: object) -> QuerySet:
        return queryset
