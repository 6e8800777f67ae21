"""Public pages: thin views over the QuerySets in models.py.

Dates in URLs are checked once, by `dated`: an impossible date is a 404, and a
month or day written without its leading zero is sent (301) to the two-digit form,
so every page has one address.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
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

from .calendars import WEEKDAY_NAMES, month_calendar, year_calendars
from .citations import cite_exchange, exchange_title
from .corrections import latest_correction
from .entities import mentioned_with, mentioning_questions
from .filters import BriefingFilter, SearchFilterSet
from .models import (
    LANGUAGES,
    Briefing,
    BriefingPermalink,
    Entity,
    EntitySlugRedirect,
    ExchangePermalink,
    ExchangeTopic,
    Mention,
    Question,
    QuestionQuerySet,
    Topic,
)
from .search import (
    SORTS,
    Bar,
    chart_bars,
    chart_granularity,
    prepare_query,
    query_problem,
    run_search,
)
from .templatetags.archive import absolute_url
from .topics import (
    find_topic,
    monthly_counts,
    related_topics,
    tagged_questions,
    top_outlets,
    top_spokespersons,
)

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
    return render(
        request,
        "briefings/briefing_detail.html",
        {
            "briefing": briefing,
            "spokespersons": list(briefing.spokespersons.all()),
            "questions": questions,
            "transcript": transcript,
            "previous": published.before(briefing).first(),
            "next": published.after(briefing).first(),
            "counterpart": published.counterpart_of(briefing).first(),
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
    first_words = " ".join(question.text.split())[:200]
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
    if permalink.question_id:
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


def topic_list(request: HttpRequest) -> HttpResponse:
    """Every topic with how many exchanges carry it, subtopics under their parent."""
    tagged = Q(
        exchange_links__status__in=ExchangeTopic.TAGGED,
        exchange_links__question__briefing__is_published=True,
    )
    # An annotated (grouped) query drops the model's ordering: order by name here.
    every = list(
        Topic.objects.annotate(exchanges=Count("exchange_links", filter=tagged)).order_by("name")
    )
    children: dict[int, list[Topic]] = {}
    for topic in every:
        children.setdefault(topic.parent_id or 0, []).append(topic)
    for topic in every:
        topic.subtopics = children.get(topic.pk, [])
    return render(request, "briefings/topic_list.html", {"topics": children.get(0, [])})


def exchanges_page(
    request: HttpRequest, title: str, questions: object, subject: object
) -> HttpResponse:
    return render(
        request,
        "briefings/exchange_list.html",
        {"title": title, "questions": questions, "subject": subject},
    )


def month_chart(questions: QuerySet[Question]) -> list[Bar]:
    """Bars of how many of these exchanges fall in each month, gaps included."""
    return chart_bars(monthly_counts(questions), "month", None)


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A topic: its exchanges newest first, when it came up, and what goes with it."""
    topic = find_topic(slug)
    if topic.slug != slug:
        return redirect(topic, permanent=True)
    questions = tagged_questions(topic)
    page = Paginator(questions.for_listing().newest_first(), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "topic": topic,
        "page": page,
        "bars": month_chart(questions),
        "related": related_topics(topic, questions),
        "spokespersons": top_spokespersons(questions),
        "outlets": top_outlets(questions),
        "subtopics": topic.children.all(),
    }
    return render(request, "briefings/topic_detail.html", context)


def spokesperson_list(request: HttpRequest) -> HttpResponse:
    """Everyone who spoke at a published briefing: how many briefings, from when to when."""
    people = Entity.objects.spokespersons()
    return render(request, "briefings/spokesperson_list.html", {"people": people})


def outlet_list(request: HttpRequest) -> HttpResponse:
    """Every outlet that asked a question, with how many exchanges it opened."""
    return render(request, "briefings/outlet_list.html", {"outlets": Entity.objects.outlets()})


def entity_list(request: HttpRequest) -> HttpResponse:
    """Everyone and everything the exchanges name, by kind, with how many exchanges."""
    return render(request, "briefings/entity_list.html", {"entities": Entity.objects.named()})


def entity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An entity: what it is, when it was named, the exchanges naming it, who it comes with."""
    entity = find_entity(slug)
    if entity.slug != slug:
        return redirect("briefings:entity", entity.slug, permanent=True)
    questions = mentioning_questions(entity)
    page = Paginator(questions.for_listing().newest_first(), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "entity": entity,
        "page": page,
        "bars": month_chart(questions),
        "companions": mentioned_with(entity, questions),
    }
    return render(request, "briefings/entity_detail.html", context)


def find_entity(slug: str) -> Entity:
    """The entity with a slug, or the one an old slug now points to; else 404."""
    entity = EntitySlugRedirect.resolve(Entity.objects.all(), slug)
    if entity is None:
        raise Http404("Nobody by that name in the archive.")
    return entity  # type: ignore[return-value]


def person_page(
    request: HttpRequest, slug: str, role: str, questions_of: Callable[[Entity], QuestionQuerySet]
) -> HttpResponse:
    """A spokesperson's or an outlet's exchanges, newest first, with how many and when."""
    entity = find_entity(slug)
    if entity.slug != slug:
        return redirect(f"briefings:{role}", entity.slug, permanent=True)
    questions = questions_of(entity)
    years = [d.year for d in questions.dates("briefing__date", "year")]
    page = Paginator(questions.for_listing().newest_first(), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "briefings/person_detail.html",
        {"entity": entity, "role": role, "page": page, "years": years},
    )


def spokesperson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A spokesperson: the exchanges they answered."""
    return person_page(
        request, slug, "spokesperson", lambda e: Question.objects.published().answered_by(e)
    )


def outlet_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A news outlet: the exchanges its reporters opened."""
    return person_page(request, slug, "outlet", lambda e: Question.objects.published().asked_by(e))


FACET_PARAMS = {
    "spokesperson": "spokesperson",
    "outlet": "outlet",
    "topic": "topic",
    "source": "source",
    "language": "language",
}
FACET_VALUES_SHOWN = 12
FACET_TITLES = {
    "year": "Year",
    "spokesperson": "Spokesperson",
    "outlet": "Outlet",
    "topic": "Topic",
    "source": "Source",
    "language": "Language",
}
FILTER_PARAMS = [
    "from",
    "to",
    "source",
    "language",
    "spokesperson",
    "outlet",
    "topic",
    "entity",
    "briefing",
]


def with_params(params: QueryDict, **changes: str | None) -> str:
    """The query string with some parameters set (or removed, for None), from page 1."""
    # A plain dict, not QueryDict.copy(): a results page makes fifty of these links.
    lists = {key: params.getlist(key) for key in params if key != "page"}
    for key, value in changes.items():
        key = key.rstrip("_")
        if value is None:
            lists.pop(key, None)
        else:
            lists[key] = [value]
    return "?" + urlencode(lists, doseq=True) if lists else "?"


def search(request: HttpRequest) -> HttpResponse:
    filterset = SearchFilterSet(request.GET or None, queryset=Question.objects.published())
    context: dict[str, object] = {"filterset": filterset, "query": "", "errors": []}
    if not filterset.is_bound:
        return render(request, "briefings/search.html", context)
    params = filterset.data
    if not filterset.is_valid():
        context["errors"] = [
            f"{filterset.filters[name].label or name.capitalize()}: {message}"
            for name, messages in filterset.errors.items()
            for message in messages
        ]
        return render(request, "briefings/search.html", context, status=400)
    data = filterset.form.cleaned_data
    query = data.get("q") or ""
    context["query"] = query
    prepared = prepare_query(query) if query.strip() else None
    notices = list(prepared.notices) if prepared else []
    problem = query_problem(prepared) if prepared else None
    active = [
        (name, params[name], with_params(params, **{name + "_": None}))
        for name in FILTER_PARAMS
        if params.get(name)
    ]
    context.update(notices=notices, problem=problem, active=active)
    if problem or (prepared is None and not active):
        return render(request, "briefings/search.html", context)
    try:
        page = int(params.get("page", "1"))
    except ValueError:
        page = 1
        notices.append("That page number is not a number; here is the first page.")
    if page < 1:
        page = 1
        notices.append("Pages are numbered from 1; here is the first page.")
    options = {
        "sort": data.get("sort") or "relevance",
        "granularity": chart_granularity(data.get("from"), data.get("to")),
        "normalise": data.get("normalise") == "1",
        "exact": data.get("exact") == "1",
    }
    results = run_search(filterset.qs, prepared, page=min(page, 100_000), **options)
    if page > results.num_pages:
        # Past the end: the last page instead (found once the matches are counted).
        last = results.num_pages
        if results.total:
            notices.append(
                f"There {'is only 1 page' if last == 1 else f'are only {last:,} pages'} "
                "of results; here is the last."
            )
            results = run_search(filterset.qs, prepared, page=last, **options)
        results.page = last
    languages = dict(LANGUAGES)
    facets = []
    for kind, title in FACET_TITLES.items():
        values = results.facets.get(kind, [])[:FACET_VALUES_SHOWN]
        for facet in values:
            if kind == "year":
                facet.href = with_params(
                    params, from_=f"{facet.key}-01-01", to=f"{facet.key}-12-31"
                )
            else:
                facet.href = with_params(params, **{FACET_PARAMS[kind]: facet.key})
            if kind == "language":
                facet.label = languages.get(facet.key, facet.key)
        if values:
            facets.append((title, values))
    context.update(
        results=results,
        facets=facets,
        sort=data.get("sort") or ("relevance" if prepared else "newest"),
        sort_links=[(key, label, with_params(params, sort=key)) for key, label in SORTS.items()],
        normalise=data.get("normalise") == "1",
        exact_href=with_params(params, exact="1"),
        normalise_href=with_params(params, normalise=None if data.get("normalise") else "1"),
        previous_href=with_params(params, page=str(results.page - 1)),
        next_href=with_params(params, page=str(results.page + 1)),
    )
    return render(request, "briefings/search.html", context)


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
