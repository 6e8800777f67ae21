"""The search page: the query and filters read, the results with their facets and chart."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from ..filters import SearchFilterSet
from ..models import LANGUAGES, Question
from ..search.chart import chart_granularity
from ..search.query import prepare_query, query_problem
from ..search.results import SORTS, run_search

FACET_PARAMS = {
    "spokesperson": "spokesperson",
    "outlet": "outlet",
    "topic": "topic",
    "source": "source",
    "language": "language",
    "only_in": "only_in",
}
FACET_VALUES_SHOWN = 12
FACET_TITLES = {
    "year": "Year",
    "spokesperson": "Spokesperson",
    "outlet": "Outlet",
    "topic": "Topic",
    "source": "Source",
    "language": "Language",
    "only_in": "In one version only",
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
    "only_in",
    "with_counterparts",
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
        context["errors"] = filterset.problems()
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
            if kind == "only_in":
                facet.label = f"Only in the {languages.get(facet.key, facet.key)} version"
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
        # The exports take the same filters; how the page shows them does not apply.
        export_query=with_params(params, normalise=None, exact=None),
    )
    return render(request, "briefings/search.html", context)
