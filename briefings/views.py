"""Public pages: thin views over the QuerySets in models.py."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render

from .filters import SearchFilterSet
from .models import LANGUAGES, Answer, Briefing, Entity, ExchangePermalink, Question, Topic
from .search import SORTS, chart_granularity, prepare_query, query_problem, run_search


def parse_day(year: int, month: str, day: str | None = None) -> datetime.date:
    """The date in a URL, or 404 for one that does not exist (2022/02/30)."""
    try:
        return datetime.date(int(year), int(month), int(day or 1))
    except (TypeError, ValueError):
        raise Http404("No such date.") from None


def home(request: HttpRequest) -> HttpResponse:
    latest = Briefing.objects.published().select_related("source")[:10]
    return render(request, "briefings/home.html", {"latest": latest})


def briefing_list(request: HttpRequest) -> HttpResponse:
    briefings = Briefing.objects.published().select_related("source")[:50]
    return render(request, "briefings/briefing_list.html", {"briefings": briefings})


def year_archive(request: HttpRequest, year: int) -> HttpResponse:
    parse_day(year, "1")
    briefings = Briefing.objects.published().filter(date__year=year).select_related("source")
    return render(request, "briefings/briefing_list.html", {"briefings": briefings})


def month_archive(request: HttpRequest, year: int, month: str) -> HttpResponse:
    first = parse_day(year, month)
    briefings = (
        Briefing.objects.published()
        .filter(date__year=first.year, date__month=first.month)
        .select_related("source")
    )
    return render(request, "briefings/briefing_list.html", {"briefings": briefings})


def day_archive(request: HttpRequest, year: int, month: str, day: str) -> HttpResponse:
    briefings = Briefing.objects.published().on_day(parse_day(year, month, day))
    return render(
        request, "briefings/briefing_list.html", {"briefings": briefings.select_related("source")}
    )


def get_briefing(year: int, month: str, day: str, slug: str) -> Briefing:
    """The briefing at a permalink, or 404."""
    return get_object_or_404(
        Briefing.objects.published().select_related("source"),
        date=parse_day(year, month, day),
        slug=slug,
    )


def briefing_detail(
    request: HttpRequest, year: int, month: str, day: str, slug: str
) -> HttpResponse:
    briefing = get_briefing(year, month, day, slug)
    questions = briefing.questions.prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("speaker"))
    ).select_related("asker")
    statements = briefing.statements.filter(question__isnull=True)
    return render(
        request,
        "briefings/briefing_detail.html",
        {"briefing": briefing, "questions": questions, "statements": statements},
    )


def exchange_detail(
    request: HttpRequest, year: int, month: str, day: str, slug: str, number: int
) -> HttpResponse:
    briefing = get_briefing(year, month, day, slug)
    question = briefing.questions.filter(number=number).select_related("asker").first()
    if question is None:
        permalink = get_object_or_404(ExchangePermalink, briefing=briefing, number=number)
        if permalink.question_id:
            return redirect(permalink.question, permanent=True)
        return render(
            request,
            "briefings/exchange_removed.html",
            {"briefing": briefing, "permalink": permalink},
        )
    return render(
        request,
        "briefings/exchange_detail.html",
        {"briefing": briefing, "question": question, "answers": question.answers.all()},
    )


def topic_list(request: HttpRequest) -> HttpResponse:
    return render(request, "briefings/topic_list.html", {"topics": Topic.objects.all()})


def exchanges_page(
    request: HttpRequest, title: str, questions: object, subject: object
) -> HttpResponse:
    return render(
        request,
        "briefings/exchange_list.html",
        {"title": title, "questions": questions, "subject": subject},
    )


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    questions = Question.objects.published().filter(topic_links__topic=topic).for_listing()
    return exchanges_page(request, topic.name, questions.order_by("-briefing__date")[:50], topic)


def entity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=slug)
    questions = Question.objects.published().filter(mentions__entity=entity).for_listing()
    return exchanges_page(request, entity.name, questions.order_by("-briefing__date")[:50], entity)


def spokesperson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=slug)
    questions = (
        Question.objects.published().filter(answers__speaker=entity).distinct().for_listing()
    )
    return exchanges_page(request, entity.name, questions.order_by("-briefing__date")[:50], entity)


def outlet_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=slug)
    questions = Question.objects.published().filter(asker=entity).for_listing()
    return exchanges_page(request, entity.name, questions.order_by("-briefing__date")[:50], entity)


FACET_PARAMS = {
    "spokesperson": "spokesperson",
    "outlet": "outlet",
    "topic": "topic",
    "source": "source",
    "language": "language",
}
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
    params = params.copy()
    params.pop("page", None)
    for key, value in changes.items():
        key = key.rstrip("_")
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


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
    results = run_search(
        filterset.qs,
        prepared,
        sort=data.get("sort") or "relevance",
        page=min(max(page, 1), 100_000),
        granularity=chart_granularity(data.get("from"), data.get("to")),
        normalise=data.get("normalise") == "1",
    )
    languages = dict(LANGUAGES)
    facets = []
    for kind, title in FACET_TITLES.items():
        values = results.facets.get(kind, [])
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
        normalise_href=with_params(params, normalise=None if data.get("normalise") else "1"),
        previous_href=with_params(params, page=str(results.page - 1)),
        next_href=with_params(params, page=str(results.page + 1)),
    )
    return render(request, "briefings/search.html", context)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
