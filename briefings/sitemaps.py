"""Sitemaps: an index (`/sitemap.xml`) over sections of at most 50,000 addresses each.

Sections: the fixed pages, briefings, exchanges (every permalink readers cite), topics,
entities, and people (spokespersons and outlets). Every address has a `lastmod`.

Briefings and exchanges run to a million rows, so their pages are ranges of ids, not
OFFSETs: page n holds the rows whose id falls in the nth run of 50,000 ids from the
smallest. Finding a page's rows is one range scan of the primary key, and the number of
pages one look-up of the smallest and largest id, however deep the page. A page holds
at most 50,000 addresses (fewer where rows were deleted or are unpublished).

Topic, entity and people pages list their newest exchanges, so they change when an
exchange of theirs is added: their `lastmod` is when the briefing of their most
recently added exchange (the highest id) was last updated, or for a spokesperson their
latest briefing. Each is found from the small link tables (tags, mentions) or an index,
never by joining a million exchanges.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from functools import cached_property
from typing import Any
from xml.sax.saxutils import escape

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connection
from django.db.models import Max, Min, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from .citations import absolute_url
from .models import Briefing, Entity, ExchangeTopic, Mention, Question, Topic

SECTION_SIZE = 50_000
# A lastmod is a day: read as a date, 50,000 of them load in a tenth of the time that
# time-zone-aware timestamps take.
UPDATED_DAY = TruncDate("updated_at", tzinfo=datetime.UTC)


class IdRangePage:
    """One page of an IdRangePaginator: the rows whose ids fall in its range."""

    def __init__(self, object_list: Sequence[Any]) -> None:
        self.object_list = object_list


class IdRangePaginator:
    """Pages of a queryset by runs of `per_page` ids: no OFFSET, no COUNT."""

    def __init__(self, rows: QuerySet, per_page: int) -> None:
        self.rows = rows
        self.per_page = per_page

    @cached_property
    def span(self) -> tuple[int | None, int | None]:
        # The whole table's ids (two ends of the primary key): a filter here would make
        # PostgreSQL read rows until it found the first and last that pass it.
        ids = self.rows.model._default_manager.aggregate(first=Min("id"), last=Max("id"))
        return ids["first"], ids["last"]

    @property
    def num_pages(self) -> int:
        first, last = self.span
        if first is None or last is None:
            return 1  # an empty section still answers, with no addresses
        return math.ceil((last - first + 1) / self.per_page)

    def page(self, number: object) -> IdRangePage:
        return IdRangePage(list(self.page_rows(number)))

    def page_rows(self, number: object) -> QuerySet:
        """The rows of page `number`, in id order; EmptyPage or PageNotAnInteger if none."""
        try:
            number = int(str(number))
        except ValueError:
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1 or number > self.num_pages:
            raise EmptyPage("That page contains no results")
        first = self.span[0]
        if first is None:
            return self.rows.none()
        start = first + (number - 1) * self.per_page
        return self.rows.filter(id__gte=start, id__lt=start + self.per_page).order_by("id")


def day_path(date: datetime.date, slug: str) -> str:
    """A briefing's address from its date and slug (urls.py's "briefing" route), built
    without reverse(): a page of 50,000 exchanges would spend most of its time there."""
    return f"/briefings/{date.year}/{date.month:02d}/{date.day:02d}/{slug}/"


class ArchiveSitemap(Sitemap):
    """A section whose pages never exceed SECTION_SIZE addresses."""

    limit = SECTION_SIZE
    changefreq: str | None = None

    def lastmod(self, item: Any) -> datetime.date | None:
        return None


class IdRangeSitemap(ArchiveSitemap):
    """A section of a large table, paged by id ranges (rows are value tuples)."""

    def rows(self) -> QuerySet:
        raise NotImplementedError

    @cached_property
    def paginator(self) -> IdRangePaginator:  # type: ignore[override]
        return IdRangePaginator(self.rows(), self.limit)

    def items(self) -> QuerySet:
        return self.rows()

    def lastmod(self, item: tuple) -> datetime.date:
        return item[-1]

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return Briefing.objects.published().aggregate(last=Max("updated_at"))["last"]


class BriefingSitemap(IdRangeSitemap):
    """Every published briefing."""

    changefreq = "monthly"

    def rows(self) -> QuerySet:
        return Briefing.objects.published().values_list("id", "date", "slug", UPDATED_DAY)

    def location(self, item: tuple) -> str:
        return day_path(item[1], item[2])


class ExchangePage(IdRangePage):
    """A page of exchanges as (id, number, briefing date, slug, updated at).

    The exchanges are read alone, from the covering index `question_sitemap` (no row of
    the wide exchange table is touched), and their briefings in a second query: a join
    would sort fifty thousand rows.
    """

    def __init__(self, rows: QuerySet) -> None:
        exchanges = list(rows.values_list("id", "number", "briefing_id"))
        ids = {briefing_id for _, _, briefing_id in exchanges}
        briefings = {
            pk: (date, slug, updated)
            for pk, date, slug, updated in Briefing.objects.filter(
                id__gte=min(ids, default=0), id__lte=max(ids, default=0)
            )
            .order_by()
            .values_list("id", "date", "slug", UPDATED_DAY)
            if pk in ids
        }
        super().__init__([(pk, n, *briefings[b]) for pk, n, b in exchanges if b in briefings])


class ExchangePaginator(IdRangePaginator):
    def page(self, number: object) -> IdRangePage:
        return ExchangePage(self.page_rows(number))


class ExchangeSitemap(IdRangeSitemap):
    """Every published exchange: the permalinks readers cite."""

    changefreq = "yearly"

    def rows(self) -> QuerySet:
        return Question.objects.published()

    @cached_property
    def paginator(self) -> IdRangePaginator:  # type: ignore[override]
        return ExchangePaginator(self.rows(), self.limit)

    def location(self, item: tuple) -> str:
        return f"{day_path(item[2], item[3])}{item[1]}/"


def updated_at_of(question_ids: dict[int, int]) -> dict[int, datetime.datetime]:
    """For each key, when the briefing of its exchange (by id) was last updated."""
    updated = dict(
        Question.objects.filter(id__in=set(question_ids.values()))
        .order_by()
        .values_list("id", "briefing__updated_at")
    )
    return {key: updated[qid] for key, qid in question_ids.items() if qid in updated}


class SubjectSitemap(ArchiveSitemap):
    """A section of subjects (small), each with its lastmod; rows are (path, lastmod)."""

    changefreq = "weekly"

    def subjects(self) -> list[tuple[str, datetime.datetime | None]]:
        raise NotImplementedError

    @cached_property
    def listed(self) -> list[tuple[str, datetime.datetime | None]]:
        return self.subjects()

    def items(self) -> list[tuple[str, datetime.datetime | None]]:
        return self.listed

    def location(self, item: tuple) -> str:
        return item[0]

    def lastmod(self, item: tuple) -> datetime.datetime | None:
        return item[1]

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return max((item[1] for item in self.listed if item[1]), default=None)


class TopicSitemap(SubjectSitemap):
    """Every topic page."""

    def subjects(self) -> list[tuple[str, datetime.datetime | None]]:
        newest = dict(
            ExchangeTopic.objects.filter(status__in=ExchangeTopic.TAGGED)
            .order_by()
            .values("topic_id")
            .annotate(last=Max("question_id"))
            .values_list("topic_id", "last")
        )
        updated = updated_at_of(newest)
        return [
            (reverse("briefings:topic", args=[slug]), updated.get(pk))
            for pk, slug in Topic.objects.order_by("slug").values_list("id", "slug")
        ]


class EntitySitemap(SubjectSitemap):
    """The page of every entity the exchanges name."""

    def subjects(self) -> list[tuple[str, datetime.datetime | None]]:
        found = [Mention.Origin.AUTOMATIC, Mention.Origin.EDITOR]
        newest = dict(
            Mention.objects.filter(origin__in=found)
            .order_by()
            .values("entity_id")
            .annotate(last=Max("question_id"))
            .values_list("entity_id", "last")
        )
        updated = updated_at_of(newest)
        named = Entity.objects.filter(id__in=list(newest)).order_by("slug")
        return [
            (reverse("briefings:entity", args=[slug]), updated.get(pk))
            for pk, slug in named.values_list("id", "slug")
        ]


# Each outlet's newest exchange, one index probe each (question_asker_id): a correlated
# subquery would leave the planner guessing and it walks the whole table instead.
NEWEST_ASKED_SQL = """
SELECT %s::bigint, (SELECT id FROM briefings_question
    WHERE asker_id = %s AND briefing_published ORDER BY id DESC LIMIT 1)
"""


class PeopleSitemap(SubjectSitemap):
    """Every spokesperson's and every outlet's page."""

    def subjects(self) -> list[tuple[str, datetime.datetime | None]]:
        spokespersons = (
            Entity.objects.filter(briefings__is_published=True)
            .values_list("slug")
            .annotate(last=Max("briefings__updated_at"))
            .order_by("slug")
        )
        rows = [
            (reverse("briefings:spokesperson", args=[slug]), last) for slug, last in spokespersons
        ]
        outlets = dict(Entity.objects.filter(kind=Entity.Kind.OUTLET).values_list("id", "slug"))
        newest: dict[int, int] = {}
        if outlets:
            with connection.cursor() as cursor:
                cursor.execute(
                    " UNION ALL ".join([NEWEST_ASKED_SQL] * len(outlets)),
                    [value for pk in outlets for value in (pk, pk)],
                )
                newest = {pk: qid for pk, qid in cursor.fetchall() if qid is not None}
        updated = updated_at_of(newest)
        rows += sorted(
            (reverse("briefings:outlet", args=[outlets[pk]]), updated.get(pk)) for pk in newest
        )
        return rows


class PageSitemap(ArchiveSitemap):
    """The home page and the lists a reader starts from."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "briefings:home",
            "briefings:briefing_list",
            "briefings:topic_list",
            "briefings:spokesperson_list",
            "briefings:outlet_list",
            "briefings:entity_list",
        ]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> datetime.datetime | None:
        return self.get_latest_lastmod()

    def get_latest_lastmod(self) -> datetime.datetime | None:
        if not hasattr(self, "_latest"):
            self._latest = Briefing.objects.published().aggregate(last=Max("updated_at"))["last"]
        return self._latest


SITEMAPS = {
    "pages": PageSitemap,
    "briefings": BriefingSitemap,
    "exchanges": ExchangeSitemap,
    "topics": TopicSitemap,
    "entities": EntitySitemap,
    "people": PeopleSitemap,
}

URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
)


@require_GET
def section(request: HttpRequest, section: str) -> HttpResponse:
    """One page (?p=n) of a section, written out directly: the sitemap template would take
    seconds over 50,000 addresses. The index is django.contrib.sitemaps' own view."""
    if section not in SITEMAPS:
        raise Http404(f"There is no sitemap section called {section!r}.")
    site = SITEMAPS[section]()
    number = request.GET.get("p", "1")
    try:
        page = site.paginator.page(number)
    except (EmptyPage, PageNotAnInteger):
        raise Http404(f"The {section} sitemap has no page {number!r}.") from None
    origin = f"{site.get_protocol(request.scheme)}://{request.get_host()}"
    changefreq = f"<changefreq>{site.changefreq}</changefreq>" if site.changefreq else ""
    lines = [URLSET_START]
    latest = None
    for item in page.object_list:
        lastmod = site.lastmod(item)
        # The day alone (W3C date); a datetime is in UTC, as PostgreSQL hands it over.
        stamp = f"<lastmod>{lastmod.isoformat()[:10]}</lastmod>" if lastmod else ""
        if lastmod and (latest is None or lastmod > latest):
            latest = lastmod
        lines.append(
            f"<url><loc>{escape(origin + site.location(item))}</loc>{stamp}{changefreq}</url>"
        )
    lines.append("</urlset>\n")
    response = HttpResponse("\n".join(lines), content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    if latest is not None:
        if not isinstance(latest, datetime.datetime):
            latest = datetime.datetime.combine(latest, datetime.time(), tzinfo=datetime.UTC)
        response.headers["Last-Modified"] = http_date(latest.timestamp())
    return response


ROBOTS = """\
User-agent: *
Allow: /
Disallow: /admin/
Disallow: /api/
Disallow: /search/export.
Sitemap: {sitemap}
"""


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """robots.txt: public pages open, the admin, the API and the exports closed; the sitemap."""
    sitemap = absolute_url(request, reverse("sitemap"))
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain; charset=utf-8")
