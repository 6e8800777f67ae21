"""Archive pages: the home page, the briefing list, date archives, a briefing and an exchange."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from functools import wraps

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse

from ..alignment.counterparts import exchange_counterpart, exchange_counterparts
from ..calendars import WEEKDAY_NAMES, month_calendar, year_calendars
from ..citations import absolute_url, cite_exchange, exchange_title
from ..corrections import latest_correction
from ..filters import BriefingFilter
from ..models import Briefing, BriefingPermalink, ExchangePermalink, Mention, Topic
from ..parsing.markup import without_deletions

PER_PAGE = 25
RECENT_WEEKS = 8
TWO_DIGITS = re.compile(r"^[0-9]{1,2}$")

View = Callable[..., HttpResponse]


def parse_day(year: int, month: str, day: str | None = None) -> datetime.date:
    """The date in a URL, or 404 for one that does not exist (2022/02/30)."""
    if not TWO_DIGITS.match(month) or (day is not None and not TWO_DIGITS.match(day)):
        raise Http404("No such date.")
    try:
        return datetime.date(int(year), int(month), int(day or 1))
    except (TypeError, ValueError, OverflowError):
        raise Http404("No such date.") from None


def dated(view: View) -> View:
    """Check a view's date URL parts: 404 for an impossible date, 301 to the canonical form
    (two-digit month and day, no leading zeros on the year or the exchange number)."""

    @wraps(view)
    def wrapper(request: HttpRequest, year: int, **kwargs: object) -> HttpResponse:
        month, day = kwargs.get("month"), kwargs.get("day")
        date = parse_day(year, str(month or "1"), None if day is None else str(day))
        canonical = dict(kwargs)
        if month is not None:
            canonical["month"] = f"{date.month:02d}"
        if day is not None:
            canonical["day"] = f"{date.day:02d}"
        name = request.resolver_match.view_name  # type: ignore[union-attr]
        url = reverse(name, kwargs={"year": year, **canonical})
        if url != request.path:
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
        return view(request, date, **{k: v for k, v in kwargs.items() if k not in {"month", "day"}})

    return wrapper


def covered_span(span: dict[str, object]) -> tuple[datetime.date, datetime.date] | None:
    first, last = span["first"], span["last"]
    if isinstance(first, datetime.date) and isinstance(last, datetime.date):
        return first, last
    return None


def home(request: HttpRequest) -> HttpResponse:
    """The latest briefings, the busiest topics of recent weeks, a search box."""
    published = Briefing.objects.published()
    span = published.span()
    covered = covered_span(span)
    topics = Topic.objects.none()
    if covered:
        # Recent relative to the newest briefing held, so an archive of past years still
        # shows what its last weeks were about.
        since = covered[1] - datetime.timedelta(weeks=RECENT_WEEKS)
        topics = Topic.objects.most_active(since)[:12]
    latest = published.for_listing().with_openings()[:8]
    return render(
        request,
        "briefings/home.html",
        {"latest": latest, "topics": topics, "span": span, "recent_weeks": RECENT_WEEKS},
    )


def briefing_list(request: HttpRequest) -> HttpResponse:
    """All briefings, newest first, filtered by the query string."""
    if any(value == "" for value in request.GET.values()):
        # The filter form sends every field; drop the empty ones so the shared address
        # says only what was chosen (?source=mfa, not ?date_from=&date_to=&source=mfa…).
        chosen = QueryDict(mutable=True)
        for key, values in request.GET.lists():
            chosen.setlist(key, [value for value in values if value != ""])
        query = chosen.urlencode()
        return redirect(f"{request.path}?{query}" if query else request.path)
    filterset = BriefingFilter(request.GET or None, queryset=Briefing.objects.published())
    status = 200
    if filterset.is_bound and not filterset.is_valid():
        # A bad filter value is named to the reader; nothing is listed under filters
        # that could not be read.
        page = Paginator(Briefing.objects.none(), PER_PAGE).get_page(1)
        status = 400
    else:
        briefings = (
            filterset.qs.for_listing().with_openings()
            if filterset.is_bound
            else (filterset.queryset.for_listing().with_openings())
        )
        page = Paginator(briefings, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "briefings/briefing_list.html",
        {"filter": filterset, "page": page},
        status=status,
    )


@dated
def year_archive(request: HttpRequest, date: datetime.date) -> HttpResponse:
    """A year's calendar of briefing days."""
    published = Briefing.objects.published()
    covered = covered_span(published.span())
    if covered is None or not covered[0].year <= date.year <= covered[1].year:
        raise Http404("The archive holds no briefings from that year.")
    briefings = list(published.filter(date__year=date.year).for_listing())
    return render(
        request,
        "briefings/briefing_archive_year.html",
        {
            "year": date.year,
            "months": year_calendars(date.year, briefings, covered),
            "briefing_count": len(briefings),
            "has_demo": any(briefing.source.is_demo for briefing in briefings),
            "weekdays": WEEKDAY_NAMES,
            "previous_year": date.year - 1 if date.year > covered[0].year else None,
            "next_year": date.year + 1 if date.year < covered[1].year else None,
        },
    )


def month_start(date: datetime.date) -> datetime.date:
    return date.replace(day=1)


@dated
def month_archive(request: HttpRequest, date: datetime.date) -> HttpResponse:
    """A month's calendar: who was at the podium each day, and the gaps."""
    published = Briefing.objects.published()
    covered = covered_span(published.span())
    if covered is None or not month_start(covered[0]) <= date <= covered[1]:
        raise Http404("The archive holds no briefings from that month.")
    briefings = list(
        published.filter(date__year=date.year, date__month=date.month)
        .for_listing()
        .order_by("date", "source__slug", "language", "sequence")
    )
    previous = (date - datetime.timedelta(days=1)).replace(day=1)
    following = (date + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "briefings/briefing_archive_month.html",
        {
            "month": month_calendar(date.year, date.month, briefings, covered),
            "briefings": briefings,
            "has_demo": any(briefing.source.is_demo for briefing in briefings),
            "weekdays": WEEKDAY_NAMES,
            "previous_month": previous if previous >= month_start(covered[0]) else None,
            "next_month": following if following <= covered[1] else None,
        },
    )


@dated
def day_archive(request: HttpRequest, date: datetime.date) -> HttpResponse:
    """The briefing(s) of one day."""
    briefings = list(Briefing.objects.published().on_day(date).for_listing().with_openings(5))
    if not briefings:
        raise Http404("No briefing on that day.")
    return render(
        request, "briefings/briefing_archive_day.html", {"day": date, "briefings": briefings}
    )


def find_briefing(date: datetime.date, slug: str) -> Briefing:
    """The briefing at a date and slug, or the one that once answered there; else 404."""
    briefing = (
        Briefing.objects.published().select_related("source").filter(date=date, slug=slug).first()
    )
    if briefing is not None:
        return briefing
    moved = (
        BriefingPermalink.objects.filter(date=date, slug=slug, briefing__is_published=True)
        .select_related("briefing")
        .first()
    )
    if moved is None:
        raise Http404("No briefing at this address.")
    return moved.briefing


@dated
def briefing_detail(request: HttpRequest, date: datetime.date, slug: str) -> HttpResponse:
    """A whole briefing: table of contents, then every turn in order."""
    briefing = find_briefing(date, slug)
    if briefing.date != date or briefing.slug != slug:
        return redirect(briefing, permanent=True)
    questions = list(briefing.questions.with_transcript())
    statements = briefing.statements.filter(question__isnull=True)
    transcript = sorted(
        [("statement", statement) for statement in statements]
        + [("exchange", question) for question in questions],
        key=lambda item: item[1].position,
    )
    published = Briefing.objects.published().select_related("source")
    counterpart = published.counterpart_of(briefing).first()
    # Each exchange's counterpart in the other version (views/bilingual.py): one query.
    counterparts = exchange_counterparts(briefing, counterpart) if counterpart else {}
    return render(
        request,
        "briefings/briefing_detail.html",
        {
            "briefing": briefing,
            "spokespersons": list(briefing.spokespersons.all()),
            "questions": questions,
            "contents": [(question, counterparts.get(question.pk)) for question in questions],
            "transcript": transcript,
            "previous": published.before(briefing).first(),
            "next": published.after(briefing).first(),
            "counterpart": counterpart,
            "correction": latest_correction(briefing),
        },
    )


@dated
def exchange_detail(
    request: HttpRequest, date: datetime.date, slug: str, number: int
) -> HttpResponse:
    """One exchange alone, with citations; a removed number shows what it said."""
    briefing = find_briefing(date, slug)
    if briefing.date != date or briefing.slug != slug:
        return redirect("briefings:exchange", *briefing.url_args(), number, permanent=True)
    mentions = Mention.objects.exclude(origin=Mention.Origin.REJECTED).select_related("entity")
    question = (
        briefing.questions.filter(number=number)
        .with_transcript()
        .prefetch_related(
            Prefetch("mentions", queryset=mentions.order_by("-count", "entity__name"))
        )
        .first()
    )
    if question is None:
        return exchange_elsewhere(request, briefing, number)
    question.briefing = briefing
    siblings = briefing.questions.values("number")
    previous = siblings.filter(position__lt=question.position).order_by("-position").first()
    following = siblings.filter(position__gt=question.position).order_by("position").first()
    permalink = absolute_url(request, question.get_absolute_url())
    first_words = " ".join(without_deletions(question.text).split())[:200]
    return render(
        request,
        "briefings/exchange_detail.html",
        {
            "briefing": briefing,
            "question": question,
            "permalink": permalink,
            "title": exchange_title(question),
            "first_words": first_words,
            "citations": cite_exchange(question, permalink),
            "previous_number": previous["number"] if previous else None,
            "next_number": following["number"] if following else None,
            "counterpart": exchange_counterpart(question, briefing),
        },
    )


def exchange_elsewhere(request: HttpRequest, briefing: Briefing, number: int) -> HttpResponse:
    """A number that is no longer an exchange: 301 where it moved, or what it said."""
    permalink = (
        ExchangePermalink.objects.filter(briefing=briefing, number=number)
        .select_related("question__briefing", "removed_in")
        .first()
    )
    if permalink is None:
        raise Http404("This briefing has no exchange with that number.")
    if permalink.question is not None:
        return redirect(permalink.question, permanent=True)
    removed = permalink.removed_text or {}
    revision = permalink.removed_in.number if permalink.removed_in else removed.get("revision")
    return render(
        request,
        "briefings/exchange_removed.html",
        {
            "briefing": briefing,
            "permalink": permalink,
            "turns": removed.get("turns", []),
            "revision": revision,
        },
    )


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, asked for by browsers and crawlers that read no page: the SVG icon."""
    # Not permanent: the icon's address carries a hash of its content in production.
    return redirect(static("favicon.svg"))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A friendly 404 that says what was not found and where to look instead."""
    message = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    return render(request, "404.html", {"message": message}, status=404)
