"""A results page: the matches counted by facet and month in one pass, and the page of them."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, QuerySet, Value

from ..models import SEARCH_COPIES, Question
from .chart import Bar, chart_bars, period_totals
from .index import CONFIG
from .query import PreparedQuery
from .snippets import add_snippets

PAGE_SIZE = 20
# Relevance ranks the newest 500 matches (25 pages); the page says so, and a date range
# or a filter narrows the matches to rank (docs/search.md says why 500).
RANK_CANDIDATES = 500
SORTS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}


@dataclass
class Facet:
    """One value of a facet: a spokesperson, a year… and how many results have it."""

    key: str
    label: str
    count: int
    href: str = ""  # the search narrowed to this value (the results view sets it)


@dataclass
class SearchResults:
    """One page of results with the counts around it."""

    total: int
    page: int
    num_pages: int
    questions: list[Question]
    facets: dict[str, list[Facet]]
    bars: list[Bar]
    granularity: str
    ranked_among: int | None = None
    estimated: bool = False
    notices: list[str] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def first_index(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.questions else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * PAGE_SIZE + len(self.questions)


# What every statement reads of the matching exchanges, all from the exchange's own row
# (its briefing's date, source, language and spokespersons and its tagged topics are
# copied there).
MATCH_COLUMNS = (
    "id",
    "asker_id",
    "briefing_date",
    "briefing_source_id",
    "briefing_language",
    "briefing_spokesperson_ids",
    "tagged_topic_ids",
)
MATCHES = "m (id, asker_id, date, source_id, language, spokesperson_ids, topic_ids) AS MATERIALIZED"
# The exchanges the other language version of their briefing leaves out (few: a
# handful a day), counted by language for the "only in one version" facet.
ALONE = """
SELECT left_id FROM briefings_alignedpair
WHERE kind = 'exchange' AND right_id IS NULL AND left_id IS NOT NULL
UNION ALL SELECT right_id FROM briefings_alignedpair
WHERE kind = 'exchange' AND left_id IS NULL AND right_id IS NOT NULL
"""
# One pass over the matches counts them in every grouping at once (hashed grouping
# sets). Months give the chart and the year facet. Spokespersons and topics are counted
# by their combination (a briefing may have two spokespersons, an exchange several
# topics), which takes a handful of groups, then spread over each one. Only the few
# grouped rows are joined to names.
FACETS_SQL = f"""
WITH {MATCHES} ({{matches}}),
g (kind, month, asker_id, source_id, language, spokesperson_ids, topic_ids, n) AS (
    SELECT CASE GROUPING(month, asker_id, source_id, language, spokesperson_ids, topic_ids)
            WHEN 63 THEN 'total' WHEN 31 THEN 'month' WHEN 47 THEN 'outlet'
            WHEN 55 THEN 'source' WHEN 59 THEN 'language' WHEN 61 THEN 'spokesperson'
            ELSE 'topic' END,
        month, asker_id, source_id, language, spokesperson_ids, topic_ids, count(*)
    FROM (
        SELECT date_trunc('month', date::timestamp) AS month, asker_id, source_id, language,
            spokesperson_ids, topic_ids
        FROM m
    ) r
    GROUP BY GROUPING SETS (
        (), (month), (asker_id), (source_id), (language), (spokesperson_ids), (topic_ids)
    )
)
SELECT g.kind, coalesce(to_char(g.month, 'YYYY-MM'), g.language, e.slug, s.slug, ''),
    coalesce(e.name, s.name, ''), g.n
FROM g
LEFT JOIN briefings_entity e ON e.id = g.asker_id
LEFT JOIN briefings_source s ON s.id = g.source_id
WHERE g.kind IN ('total', 'month', 'language', 'source') OR e.id IS NOT NULL
UNION ALL SELECT g.kind, e.slug, e.name, sum(g.n)
FROM g CROSS JOIN unnest(g.spokesperson_ids) AS spoken (id)
JOIN briefings_entity e ON e.id = spoken.id
WHERE g.kind = 'spokesperson' GROUP BY g.kind, e.slug, e.name
UNION ALL SELECT g.kind, t.slug, t.name, sum(g.n)
FROM g CROSS JOIN unnest(g.topic_ids) AS tagged (id)
JOIN briefings_topic t ON t.id = tagged.id
WHERE g.kind = 'topic' GROUP BY g.kind, t.slug, t.name
UNION ALL SELECT 'only_in', m.language, '', count(*)
FROM m JOIN ({ALONE}) AS alone (id) ON alone.id = m.id GROUP BY m.language
"""
# Ranking looks at the newest RANK_CANDIDATES matches only. When there are few matches,
# those come from the set the counts read, and their vectors are read again to rank
# them. When there are many, PostgreSQL walks exchanges by date from the newest
# (on question_date_id) until it has found them, ranking each as it reads it, so a word
# found a million times costs no more to rank than a rare one.
PAGE_SQL = "SELECT id FROM m ORDER BY date {direction}, id {direction} LIMIT %s OFFSET %s"
PAGE_BY_RANK_SQL = f"""
SELECT c.id FROM (SELECT id, date FROM m ORDER BY date DESC, id DESC LIMIT {{candidates}}) c
JOIN briefings_question q ON q.id = c.id
ORDER BY ts_rank_cd(q.search_vector, websearch_to_tsquery('{CONFIG}', %s), 1) DESC,
    c.date DESC, c.id DESC
LIMIT %s OFFSET %s
"""
WALK_SQL = f"""
WITH {MATCHES} ({{matches}} ORDER BY 3 {{way}}, 1 {{way}} LIMIT {{limit}})
SELECT id FROM m ORDER BY date {{way}}, id {{way}} LIMIT %s OFFSET %s
"""
WALK_BY_RANK_SQL = f"""
WITH {MATCHES.replace("topic_ids)", "topic_ids, rank)")} (
    {{matches}} ORDER BY 3 DESC, 1 DESC LIMIT {{candidates}}
)
SELECT id FROM m ORDER BY rank DESC, date DESC, id DESC LIMIT %s OFFSET %s
"""
PAGE_IN_FACETS = """
UNION ALL SELECT 'page', p.id::text, '', p.n FROM (
    SELECT id, row_number() OVER () AS n FROM ({page}) s
) p
"""
# When the planner expects reading the matches to cost up to EXACT_COST (some 20,000
# rows read: a few thousand matches, or a filter that narrows by date or spokesperson
# first), facets are counted exactly. Above it they are counted on a sample of the
# archive's pages and scaled, because reading every row of a word found half a million
# times takes seconds; a sample cannot narrow by filters, so below it counting exactly
# is the quicker way too.
EXACT_COST = 20_000
SAMPLE_TARGET = 3000
SAMPLE_PERCENT = (0.25, 1.0)
MAIN_TABLE = 'FROM "briefings_question"'


def estimated_matches(sql: str, params: Sequence[Any]) -> tuple[int, float]:
    """The planner's estimate of a query's rows and of its cost."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    return int(plan["Plan Rows"]), float(plan["Total Cost"])


def ranked(questions: QuerySet[Question], prepared: PreparedQuery) -> QuerySet:
    """The matching exchanges as MATCH_COLUMNS and, last, their relevance to the query."""
    query = SearchQuery(prepared.text, config=CONFIG, search_type="websearch")
    # Cover density, which favours the words close together, as PAGE_BY_RANK_SQL ranks.
    rank = SearchRank(F("search_vector"), query, cover_density=True, normalization=Value(1))
    return questions.order_by().annotate(rank=rank).values_list(*MATCH_COLUMNS, "rank")


def run_search(
    questions: QuerySet[Question],
    prepared: PreparedQuery | None,
    *,
    sort: str = "relevance",
    page: int = 1,
    granularity: str = "year",
    normalise: bool = False,
    exact: bool = False,
) -> SearchResults:
    """The page of `questions` (already filtered) to show, with facet counts and the chart."""
    if prepared is None and sort == "relevance":
        sort = "newest"
    page = max(1, page)
    offset = (page - 1) * PAGE_SIZE
    matches = questions.order_by().values_list(*MATCH_COLUMNS)
    matches_sql, params = matches.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # JIT compilation costs more than these short queries take, and the archive's
        # tables live in memory, where an index probe is nearly as cheap as a page read.
        cursor.execute("SET LOCAL jit = off; SET LOCAL random_page_cost = 1.1")
        estimate, cost = estimated_matches(matches_sql, params)
        sampled = cost > EXACT_COST and not exact and MAIN_TABLE in matches_sql
        scale = 1.0
        if sampled:
            # Counted on a sample of the archive's pages, then the page from every match.
            low, high = SAMPLE_PERCENT
            percent = round(min(high, max(low, 100 * SAMPLE_TARGET / estimate)), 2)
            scale = 100 / percent
            counted_sql = matches_sql.replace(
                MAIN_TABLE, f"{MAIN_TABLE} TABLESAMPLE SYSTEM ({percent}) REPEATABLE (1)", 1
            )
            cursor.execute(FACETS_SQL.format(matches=counted_sql), params)
            rows = cursor.fetchall()
            if sort == "relevance" and prepared is not None:
                walk, walk_params = ranked(questions, prepared).query.sql_with_params()
                page_sql = WALK_BY_RANK_SQL.format(matches=walk, candidates=RANK_CANDIDATES)
            else:
                way = "ASC" if sort == "oldest" else "DESC"
                walk, walk_params = matches_sql, params
                page_sql = WALK_SQL.format(matches=walk, way=way, limit=offset + PAGE_SIZE)
            cursor.execute(page_sql, [*walk_params, PAGE_SIZE, offset])
            page_ids = [row[0] for row in cursor.fetchall()]
        else:
            # Few matches: the page comes from the same materialised set as the counts.
            if sort == "relevance" and prepared is not None:
                page_sql = PAGE_BY_RANK_SQL.format(candidates=RANK_CANDIDATES)
                page_params: list[str | int] = [prepared.text, PAGE_SIZE, offset]
            else:
                direction = "DESC" if sort == "newest" else "ASC"
                page_sql = PAGE_SQL.replace("{direction}", direction)
                page_params = [PAGE_SIZE, offset]
            cursor.execute(
                FACETS_SQL.format(matches=matches_sql) + PAGE_IN_FACETS.format(page=page_sql),
                [*params, *page_params],
            )
            rows = cursor.fetchall()
            page_ids = [
                int(row[1])
                for row in sorted((r for r in rows if r[0] == "page"), key=lambda r: r[3])
            ]
            rows = [row for row in rows if row[0] != "page"]

    total, facets, periods = read_counts(rows, scale, granularity)
    questions_on_page = page_questions(page_ids)
    if prepared is not None:
        add_snippets(questions_on_page, prepared)
    if sampled and questions_on_page:
        # A sample can miss a handful of matches that the page itself shows.
        total = max(total, offset + len(questions_on_page))
    ranked_among = sort == "relevance" and total > RANK_CANDIDATES
    shown = RANK_CANDIDATES if ranked_among else total
    totals = period_totals(granularity) if normalise else None
    return SearchResults(
        total=total,
        page=page,
        num_pages=max(1, math.ceil(shown / PAGE_SIZE)),
        questions=questions_on_page,
        facets=facets,
        bars=chart_bars(periods, granularity, totals),
        granularity=granularity,
        ranked_among=RANK_CANDIDATES if ranked_among else None,
        estimated=sampled,
    )


def read_counts(
    rows: Iterable[tuple[str, str, str, float]], scale: float, granularity: str
) -> tuple[int, dict[str, list[Facet]], dict[str, int]]:
    """The total, the facets and the chart's periods from the counting statement's rows."""
    total = 0
    counts: dict[str, dict[tuple[str, str], float]] = {}
    for kind, key, label, count in rows:
        if kind == "total":
            total = round(float(count) * scale)
            continue
        if kind == "month":
            # Months make the chart (or, summed, the years) and the year facet.
            years = counts.setdefault("year", {})
            years[key[:4], ""] = years.get((key[:4], ""), 0) + float(count)
        counts.setdefault(kind, {})[key, label] = float(count)
    facets = {
        kind: [Facet(key, label or key, round(n * scale)) for (key, label), n in found.items()]
        for kind, found in counts.items()
        if kind != "month"
    }
    for kind, values in facets.items():
        if kind == "year":
            values.sort(key=lambda f: f.key, reverse=True)
        else:
            values.sort(key=lambda f: (-f.count, f.label.casefold()))
    if granularity == "month":
        periods = {key: round(n * scale) for (key, _), n in counts.get("month", {}).items()}
    else:
        periods = {f"{f.key}-01": f.count for f in facets.get("year", [])}
    return total, facets, periods


def page_questions(ids: list[int]) -> list[Question]:
    """The exchanges with these ids, in this order, with what a result card shows."""
    if not ids:
        return []
    found = (
        Question.objects.filter(id__in=ids)
        .order_by()
        .defer("search_vector", *SEARCH_COPIES)
        .for_listing()
        .in_bulk()
    )
    return [found[i] for i in ids if i in found]
