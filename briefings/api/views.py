"""The API's endpoints: read-only viewsets over the pages' querysets and filter sets.

Exchanges are filtered by the search page's own SearchFilterSet and briefings by the
briefing list's BriefingFilter, so a query string means the same on a page and here.
Lists page by cursor (`next` links), which reads from an index where the previous page
stopped: the thousandth page costs what the first does.
"""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.decorators import method_decorator
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from ..filters import BriefingFilter, SearchFilterSet
from ..models import (
    Answer,
    Briefing,
    Entity,
    ExchangeTopic,
    Mention,
    Question,
    Statement,
    Topic,
)
from . import serializers

# Answers may be kept by browsers and shared caches this long, then revalidated with
# their ETag (a 304 costs no serialising on the client's side and no body on the wire).
MAX_AGE = 300
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class ArchiveCursor(CursorPagination):
    """Cursor pages in the view's order; `page_size` up to MAX_PAGE_SIZE."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_ordering(self, request: Request, queryset: QuerySet, view: Any) -> tuple[str, ...]:
        return view.ordering_for(request)

    def decode_cursor(self, request: Request) -> Any:
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {"cursor": ["This cursor was not given out by the API; follow a `next` link."]}
            ) from None


class Cached:
    """Cache-Control and an ETag on every successful read; 304 when the ETag still holds."""

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        set_response_etag(response)
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return get_conditional_response(request, etag=response["ETag"], response=response)


class ReadOnly(Cached, viewsets.ReadOnlyModelViewSet):
    """A list and a detail by id, newest (or first) in `ordering`."""

    pagination_class = ArchiveCursor
    ordering: tuple[str, ...] = ("slug",)

    def ordering_for(self, request: Request) -> tuple[str, ...]:
        return self.ordering

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # An id names one thing: the list's filters do not apply to it.
        return queryset if self.action == "retrieve" else super().filter_queryset(queryset)


def found_mentions() -> Prefetch:
    """An exchange's entities as `found_mentions`: the most named first, rejections left out."""
    mentions = (
        Mention.objects.filter(origin__in=[Mention.Origin.AUTOMATIC, Mention.Origin.EDITOR])
        .select_related("entity")
        .order_by("-count", "entity__name")
    )
    return Prefetch("mentions", queryset=mentions, to_attr="found_mentions")


class ExchangeFilter(SearchFilterSet):
    """The search page's filters, less its ways of showing counts (exact=1, normalise=1)."""


# Declared, so the page's form checks them; they mean nothing in a list of exchanges.
for option in ("exact", "normalise"):
    del ExchangeFilter.base_filters[option]


SORT = OpenApiParameter(
    "sort",
    str,
    enum=["newest", "oldest", "relevance"],
    description="newest (the default) or oldest first. The search page's `relevance` is "
    "accepted and lists newest first: the API and the exports return every match, while "
    "relevance ranks only the newest 500.",
)


@extend_schema_view(
    list=extend_schema(
        summary="Exchanges, filtered as on the search page",
        description="Every filter of /search/ (q, from, to, source, language, spokesperson, "
        "outlet, topic, entity, briefing) with the same meaning; `q` is a web-search style "
        'query (words, "a phrase", OR, -word).',
        parameters=[SORT],
    ),
    retrieve=extend_schema(summary="One exchange"),
)
class ExchangeViewSet(ReadOnly):
    serializer_class = serializers.ExchangeSerializer
    filterset_class = ExchangeFilter

    def get_queryset(self) -> QuerySet[Question]:
        return (
            Question.objects.published()
            .defer("search_vector")
            .for_listing()
            .prefetch_related(found_mentions())
        )

    def ordering_for(self, request: Request) -> tuple[str, ...]:
        # The search page's order by date (its index is on briefing_date, id).
        if request.query_params.get("sort") == "oldest":
            return ("briefing_date", "id")
        return ("-briefing_date", "-id")


@extend_schema_view(
    list=extend_schema(
        summary="Briefings, newest first, filtered as on the briefing list",
        description="The filters of /briefings/: date_from, date_to, source, spokesperson, "
        "topic, language.",
    ),
    retrieve=extend_schema(summary="One briefing with its whole transcript"),
)
class BriefingViewSet(ReadOnly):
    filterset_class = BriefingFilter
    ordering = ("-date", "-id")

    def get_serializer_class(self) -> type:
        if self.action == "retrieve":
            return serializers.BriefingDetailSerializer
        return serializers.BriefingSerializer

    def get_queryset(self) -> QuerySet[Briefing]:
        briefings = Briefing.objects.published().for_listing()
        if self.action != "retrieve":
            return briefings
        questions = (
            Question.objects.defer("search_vector")
            .select_related("asker")
            .prefetch_related(
                Prefetch(
                    "answers",
                    queryset=Answer.objects.select_related("speaker").order_by("position"),
                ),
                found_mentions(),
            )
            .with_topics()
            .order_by("position")
        )
        statements = (
            Statement.objects.filter(question__isnull=True)
            .select_related("speaker")
            .order_by("position")
        )
        return briefings.prefetch_related(
            Prefetch("questions", queryset=questions),
            Prefetch("statements", queryset=statements, to_attr="outside_statements"),
        )


@extend_schema_view(
    list=extend_schema(summary="Topics, by slug"), retrieve=extend_schema(summary="One topic")
)
class TopicViewSet(ReadOnly):
    serializer_class = serializers.TopicSerializer

    def get_queryset(self) -> QuerySet[Topic]:
        tagged = Q(
            exchange_links__status__in=ExchangeTopic.TAGGED,
            exchange_links__question__briefing_published=True,
        )
        return Topic.objects.select_related("parent").annotate(
            exchange_count=Count("exchange_links", filter=tagged)
        )


@extend_schema_view(
    list=extend_schema(summary="Entities named in published exchanges, by slug"),
    retrieve=extend_schema(summary="One entity"),
)
class EntityViewSet(ReadOnly):
    serializer_class = serializers.EntitySerializer

    def get_queryset(self) -> QuerySet[Entity]:
        return Entity.objects.named().prefetch_related("aliases")


@extend_schema_view(
    list=extend_schema(summary="Spokespersons of published briefings, by slug"),
    retrieve=extend_schema(summary="One spokesperson"),
)
class SpokespersonViewSet(ReadOnly):
    serializer_class = serializers.SpokespersonSerializer

    def get_queryset(self) -> QuerySet[Entity]:
        return Entity.objects.spokespersons()


@extend_schema_view(
    list=extend_schema(summary="Outlets that asked in published briefings, by slug"),
    retrieve=extend_schema(summary="One outlet"),
)
class OutletViewSet(ReadOnly):
    serializer_class = serializers.OutletSerializer

    def get_queryset(self) -> QuerySet[Entity]:
        return Entity.objects.outlets()


class SchemaView(Cached, SpectacularAPIView):
    """The OpenAPI 3 document, as JSON unless ?format=yaml."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]


# Redoc writes its styles into <style> elements as it renders and parses the schema in a
# worker it makes from a blob: URL. Scripts stay our own files only, as everywhere.
REDOC_POLICY = {"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]}


@method_decorator(csp_update(REDOC_POLICY), name="dispatch")
class DocsView(SpectacularRedocView):
    """The readable documentation: Redoc from our own static files, fonts included."""

    template_name = "api/docs.html"
