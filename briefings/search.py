"""Full-text search over exchanges, on PostgreSQL.

Each exchange (a question with its answers) has one search document in
`Question.search_vector`: the question weighted A, the answers B, both through the
`english_unaccent` configuration (English stemming, accents ignored; migration 0003).

Chinese has no spaces between words, and PostgreSQL's parser would take a whole run of
characters for one word. So Chinese runs are split into words with jieba before they
are indexed, and queries are split the same way. The words go into the same vector:
the English stemmer leaves Chinese words as they are, so one configuration serves both
and a phrase can mix the two scripts.

A results page costs a fixed number of statements whatever the number of matches: one
to read the query, one that materialises the matching exchanges once and counts every
facet and the chart from that set (one GROUP BY each), the page's rows, and one for the
highlighted snippets. Ranking (`ts_rank_cd`, which favours words close together) runs
only over the newest `RANK_CANDIDATES` matches, so a word found a million times costs
no more to rank than a rare one.
"""

from __future__ import annotations

import datetime
import json
import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery
from django.db import connection, connections, transaction
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Question

if TYPE_CHECKING:
    from django.http import QueryDict

CONFIG = "english_unaccent"
MAX_QUERY_CHARS = 300
PAGE_SIZE = 20
RANK_CANDIDATES = 1000
SORTS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}

# Snippet markers from Unicode's private use area; stripped from every text first, so
# they can only come from ts_headline and are swapped for <mark> after escaping.
START, STOP = "\ue000", "\ue001"
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK}]+")
HAS_CJK = re.compile(f"[{CJK}]")
# What the segmenter puts around Chinese words: PostgreSQL's parser reads it as a
# separator, and clean() removes it from every text first, so it can be taken out again
# for display without touching a space the transcript had.
WORD_BREAK = "\x1f"
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")


@cache
def tokenizer() -> Any:
    """jieba's tokenizer, loaded on first use (about a second) and quietly."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    instance = jieba.Tokenizer()
    instance.initialize()
    return instance


def chinese_words(run: str) -> list[str]:
    """A run of Chinese characters split into words."""
    return [word for word in tokenizer().cut(run) if word.strip()]


def segment(text: str) -> str:
    """Text with its Chinese runs split into words (between WORD_BREAKs); the rest unchanged."""
    if not HAS_CJK.search(text):
        return text
    text = clean(text)
    return CJK_RUN.sub(
        lambda m: WORD_BREAK + WORD_BREAK.join(chinese_words(m.group())) + WORD_BREAK, text
    )


def clean(text: str) -> str:
    """Text without NUL, control characters or the snippet markers."""
    return UNPRINTABLE.sub(" ", text)


# --- The index -------------------------------------------------------------------------

DOCUMENTS_SQL = """
SELECT q.id, q.text, coalesce(string_agg(a.text, E'\\n\\n' ORDER BY a.position), '')
FROM briefings_question q LEFT JOIN briefings_answer a ON a.question_id = q.id
WHERE q.id = ANY(%s) GROUP BY q.id
"""


def document_sql(question: str, answers: str) -> str:
    """An exchange's search document in SQL, from its question's and answers' segmented texts."""
    return (
        f"setweight(to_tsvector('{CONFIG}', {question}), 'A')"
        f" || setweight(to_tsvector('{CONFIG}', {answers}), 'B')"
    )


UPDATE_SQL = f"""
UPDATE briefings_question AS q
SET search_vector = {document_sql("d.question", "d.answers")}
FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS d(id, question, answers)
WHERE q.id = d.id
"""
# The same document built in SQL alone, for exchanges without Chinese (bulk loads).
UPDATE_RANGE_SQL = f"""
UPDATE briefings_question AS q
SET search_vector = {document_sql("q.text", "coalesce(a.body, '')")}
FROM briefings_question q2 LEFT JOIN (
    SELECT question_id, string_agg(text, E'\\n\\n' ORDER BY position) AS body
    FROM briefings_answer WHERE question_id BETWEEN %s AND %s GROUP BY question_id
) a ON a.question_id = q2.id
WHERE q.id = q2.id AND q.id BETWEEN %s AND %s
"""


def index_questions(question_ids: Sequence[int], using: str = "default") -> None:
    """Rebuild the search documents of these exchanges (two statements)."""
    if not question_ids:
        return
    with connections[using].cursor() as cursor:
        cursor.execute(DOCUMENTS_SQL, [list(question_ids)])
        rows = cursor.fetchall()
    index_documents(rows, using=using)


def index_documents(documents: Sequence[tuple[int, str, str]], using: str = "default") -> None:
    """Rebuild the search documents of exchanges given as (id, question, answers) (one statement).

    The answers are the exchange's answer texts in order, joined by a blank line.
    """
    if not documents:
        return
    with connections[using].cursor() as cursor:
        cursor.execute(
            UPDATE_SQL,
            [
                [row[0] for row in documents],
                [segment(row[1]) for row in documents],
                [segment(row[2]) for row in documents],
            ],
        )


def index_id_range(first: int, last: int, using: str = "default") -> None:
    """Rebuild the documents of exchanges first..last in SQL; for text without Chinese."""
    with connections[using].cursor() as cursor:
        cursor.execute(UPDATE_RANGE_SQL, [first, last, first, last])


def reindex_all(using: str = "default", batch: int = 2000) -> None:
    """Rebuild every exchange's search document."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT id FROM briefings_question ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
    for start in range(0, len(ids), batch):
        index_questions(ids[start : start + batch], using=using)


# --- Queries ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedQuery:
    """What a person typed, made safe to hand to websearch_to_tsquery."""

    typed: str
    text: str
    notices: tuple[str, ...] = ()


def prepare_query(typed: str) -> PreparedQuery:
    """Clean, shorten and segment a query; any string is accepted."""
    notices = []
    # NFC, so accents typed as combining marks meet the stored (composed) text.
    text = " ".join(unicodedata.normalize("NFC", clean(typed)).split())
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] or text[:MAX_QUERY_CHARS]
        notices.append(
            f"Your search was longer than {MAX_QUERY_CHARS} characters; "
            "only its beginning was used."
        )
    return PreparedQuery(typed=typed, text=segment_query(text), notices=tuple(notices))


def segment_query(text: str) -> str:
    """Split Chinese runs into words; outside quotes, a run of several words is a phrase."""
    if not HAS_CJK.search(text):
        return text
    out, position, in_quotes = [], 0, False
    for match in CJK_RUN.finditer(text):
        before = text[position : match.start()]
        in_quotes ^= before.count('"') % 2 == 1
        words = chinese_words(match.group())
        joined = " " + " ".join(words) + " "
        out.append(
            before + (f' "{joined.strip()}" ' if len(words) > 1 and not in_quotes else joined)
        )
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def search_questions(query: str, queryset: QuerySet[Question] | None = None) -> QuerySet[Question]:
    """Exchanges whose text matches a web-search style query (words, "phrases", OR, -word)."""
    queryset = Question.objects.published() if queryset is None else queryset
    prepared = prepare_query(query)
    return queryset.filter(
        search_vector=SearchQuery(prepared.text, config=CONFIG, search_type="websearch")
    )


def filtered_questions(params: QueryDict) -> QuerySet[Question]:
    """The exchanges a /search/ query string selects, for exports; none when it is invalid."""
    from .filters import SearchFilterSet

    filterset = SearchFilterSet(params, queryset=Question.objects.published())
    return filterset.qs if filterset.is_valid() else Question.objects.none()


def query_problem(prepared: PreparedQuery) -> str | None:
    """Why a query can find nothing ('the', '-china'), or None when it can."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT q::text, querytree(q) FROM websearch_to_tsquery('{CONFIG}', %s) q",
            [prepared.text],
        )
        tsquery, tree = cursor.fetchone()
    if not tsquery:
        return (
            "Your search has no words the index keeps: very common words such as "
            "“the” or “and” and punctuation are left out. Try a more specific word."
        )
    if tree == "T":
        return "Your search only excludes words; add a word to look for, e.g. Taiwan -Japan."
    return None


# --- Results, facets and the chart --------------------------------------------------------


@dataclass
class Facet:
    """One value of a facet: a spokesperson, a year… and how many results have it."""

    key: str
    label: str
    count: int


@dataclass
class Bar:
    """One period of the over-time chart."""

    period: str
    label: str
    count: int
    total: int | None
    value: float
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


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


TAGGED = "('manual', 'accepted')"
FACETS_SQL = f"""
WITH m (id, asker_id, briefing_id, date, source_id, language) AS MATERIALIZED ({{matches}})
SELECT 'total', '', '', count(*) FROM m
UNION ALL SELECT 'month', (extract(year FROM date) * 100 + extract(month FROM date))::text, '',
    count(*) FROM m WHERE %s GROUP BY 2
UNION ALL SELECT 'year', extract(year FROM date)::int::text, '', count(*) FROM m GROUP BY 2
UNION ALL SELECT 'spokesperson', e.slug, e.name, sum(mb.n) FROM (
        SELECT briefing_id, count(*) AS n FROM m GROUP BY 1
    ) mb
    JOIN briefings_briefing_spokespersons bs ON bs.briefing_id = mb.briefing_id
    JOIN briefings_entity e ON e.id = bs.entity_id GROUP BY 2, 3
UNION ALL SELECT 'outlet', e.slug, e.name, count(*) FROM m
    JOIN briefings_entity e ON e.id = m.asker_id GROUP BY 2, 3
UNION ALL SELECT 'topic', t.slug, t.name, count(*) FROM m
    JOIN briefings_exchangetopic et ON et.question_id = m.id AND et.status IN {TAGGED}
    JOIN briefings_topic t ON t.id = et.topic_id GROUP BY 2, 3
UNION ALL SELECT 'source', s.slug, s.name, count(*) FROM m
    JOIN briefings_source s ON s.id = m.source_id GROUP BY 2, 3
UNION ALL SELECT 'language', language, '', count(*) FROM m GROUP BY 2
"""
# Ranking looks at the newest matches only. When there are many, PostgreSQL finds the
# newest by walking briefings from the newest (`walk`), so a common word costs no more to
# rank than a rare one; when there are few, they come from the set the counts read.
PAGE_SQL = "SELECT id FROM m ORDER BY date {direction}, id {direction} LIMIT %s OFFSET %s"
PAGE_BY_RANK_SQL = f"""
SELECT c.id FROM (SELECT id, date FROM m ORDER BY date DESC, id DESC LIMIT {RANK_CANDIDATES}) c
JOIN briefings_question q ON q.id = c.id
ORDER BY ts_rank_cd(q.search_vector, websearch_to_tsquery('{CONFIG}', %s), 1) DESC,
    c.date DESC, c.id DESC
LIMIT %s OFFSET %s
"""
PAGE_WITH_MATCHES = """
WITH m (id, asker_id, briefing_id, date, source_id, language) AS MATERIALIZED (
    {matches} {walk})
{page}
"""
PAGE_IN_FACETS = """
UNION ALL SELECT 'page', p.id::text, '', p.n FROM (
    SELECT id, row_number() OVER () AS n FROM ({page}) s
) p
"""
TOTALS_SQL = """
SELECT to_char(date_trunc(%s, b.date), 'YYYY-MM'), count(*)
FROM briefings_question q JOIN briefings_briefing b ON b.id = q.briefing_id
WHERE b.is_published GROUP BY 1
"""
HEADLINE_SQL = f"""
SELECT d.id, ts_headline('{CONFIG}', d.body, websearch_to_tsquery('{CONFIG}', %s),
    'StartSel={START}, StopSel={STOP}, MaxFragments=2, MaxWords=30, MinWords=12, '
    'FragmentDelimiter=" … "')
FROM unnest(%s::bigint[], %s::text[]) AS d(id, body)
"""
# When the planner expects reading the matches to cost up to EXACT_COST (about 100 ms
# on a laptop: a few thousand rows, or a filter that narrows by briefing first), facets
# are counted exactly. Above it they are counted on a sample of the archive's pages and
# scaled, because reading every row of a word found half a million times takes seconds.
EXACT_COST = 10_000
SAMPLE_TARGET = 4000
SAMPLE_PERCENT = (0.5, 1.5)
MAIN_TABLE = 'FROM "briefings_question"'


def estimated_matches(sql: str, params: Sequence[object]) -> tuple[int, float]:
    """The planner's estimate of a query's rows and of its cost."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    return int(plan["Plan Rows"]), float(plan["Total Cost"])


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
    matches = questions.order_by().values_list(
        "id",
        "asker_id",
        "briefing_id",
        "briefing__date",
        "briefing__source_id",
        "briefing__language",
    )
    matches_sql, matches_params = matches.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # JIT compilation costs more than these short queries take, and the archive's
        # tables live in memory, where an index probe is nearly as cheap as a page read.
        cursor.execute("SET LOCAL jit = off; SET LOCAL random_page_cost = 1.1")
        estimate, cost = estimated_matches(matches_sql, matches_params)
        scale, sampled = 1.0, False
        counted_sql = matches_sql
        if cost > EXACT_COST and not exact and MAIN_TABLE in matches_sql:
            low, high = SAMPLE_PERCENT
            percent = round(min(high, max(low, 100 * SAMPLE_TARGET / estimate)), 2)
            scale, sampled = 100 / percent, True
            counted_sql = matches_sql.replace(
                MAIN_TABLE, f"{MAIN_TABLE} TABLESAMPLE SYSTEM ({percent}) REPEATABLE (1)", 1
            )
        if sort == "relevance":
            page_sql, page_params = PAGE_BY_RANK_SQL, [prepared.text, PAGE_SIZE, offset]
        else:
            direction = "DESC" if sort == "newest" else "ASC"
            page_sql, page_params = PAGE_SQL.replace("{direction}", direction), [PAGE_SIZE, offset]
        facets_sql = FACETS_SQL.format(matches=counted_sql)
        facets_params = [*matches_params, granularity == "month"]
        if sampled:
            # The page must come from every match, not the sample: a second statement,
            # in which PostgreSQL walks briefings from the newest until it has enough.
            cursor.execute(facets_sql, facets_params)
            rows = cursor.fetchall()
            limit = RANK_CANDIDATES if sort == "relevance" else offset + PAGE_SIZE
            way = "ASC" if sort == "oldest" else "DESC"
            walk = f"ORDER BY 4 {way}, 1 {way} LIMIT {limit}"
            cursor.execute(
                PAGE_WITH_MATCHES.format(matches=matches_sql, walk=walk, page=page_sql),
                [*matches_params, *page_params],
            )
            page_ids = [row[0] for row in cursor.fetchall()]
        else:
            # Few matches: the page comes from the same materialised set as the counts.
            cursor.execute(
                facets_sql + PAGE_IN_FACETS.format(page=page_sql), [*facets_params, *page_params]
            )
            rows = cursor.fetchall()
            page_ids = [
                int(row[1])
                for row in sorted((r for r in rows if r[0] == "page"), key=lambda r: r[3])
            ]
            rows = [row for row in rows if row[0] != "page"]

    total = 0
    facets: dict[str, list[Facet]] = {}
    periods: dict[str, int] = {}
    for kind, key, label, count in rows:
        count = round(float(count) * scale)
        if kind == "total":
            total = count
        elif kind == "month":
            periods[f"{key[:4]}-{key[4:]}"] = count
        else:
            if kind == "year" and granularity == "year":
                periods[f"{key}-01"] = count
            facets.setdefault(kind, []).append(Facet(key, label or key, count))
    for kind, values in facets.items():
        if kind == "year":
            values.sort(key=lambda f: f.key, reverse=True)
        else:
            values.sort(key=lambda f: (-f.count, f.label.casefold()))

    questions_on_page = page_questions(page_ids)
    if prepared is not None:
        add_snippets(questions_on_page, prepared)
    if sampled and questions_on_page:
        # A sample can miss a handful of matches that the page itself shows.
        total = max(total, offset + len(questions_on_page))
    shown = min(total, RANK_CANDIDATES) if sort == "relevance" else total
    totals = period_totals(granularity) if normalise else None
    return SearchResults(
        total=total,
        page=page,
        num_pages=max(1, math.ceil(shown / PAGE_SIZE)),
        questions=questions_on_page,
        facets=facets,
        bars=chart_bars(periods, granularity, totals),
        granularity=granularity,
        ranked_among=shown if sort == "relevance" and total > RANK_CANDIDATES else None,
        estimated=sampled,
    )


def page_questions(ids: list[int]) -> list[Question]:
    """The exchanges with these ids, in this order, with what a result card shows."""
    if not ids:
        return []
    found = Question.objects.filter(id__in=ids).for_listing().in_bulk()
    return [found[i] for i in ids if i in found]


def snippet_document(question: Question) -> str:
    """The text a snippet is cut from: the question, then its answers."""
    parts = [question.text, *(answer.text for answer in question.answers.all())]
    return segment(clean("\n\n".join(parts)))


def add_snippets(questions: list[Question], prepared: PreparedQuery) -> None:
    """Set `snippet` on each exchange: an escaped excerpt with the matches in <mark>."""
    if not questions:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            HEADLINE_SQL,
            [prepared.text, [q.id for q in questions], [snippet_document(q) for q in questions]],
        )
        headlines = dict(cursor.fetchall())
    for question in questions:
        question.snippet = mark_up(headlines.get(question.id, ""))


def mark_up(headline: str) -> SafeString:
    """A ts_headline result as safe HTML: everything escaped, then the markers made <mark>."""
    headline = headline.replace(WORD_BREAK, "")
    html = str(escape(headline)).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped on the line above


def chart_granularity(date_from: datetime.date | None, date_to: datetime.date | None) -> str:
    """Months when the date range is three years or less, else years."""
    if date_from and date_to and (date_to - date_from).days <= 3 * 366:
        return "month"
    return "year"


def period_totals(granularity: str) -> dict[str, int]:
    """All published exchanges per period, to show matches as a share of them."""
    with connection.cursor() as cursor:
        cursor.execute(TOTALS_SQL, [granularity])
        return dict(cursor.fetchall())


def each_period(first: str, last: str, granularity: str) -> Iterable[str]:
    """Every period key ('YYYY-MM') from first to last, years stepping by January."""
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        yield f"{year:04d}-{month:02d}"
        if granularity == "year":
            year += 1
        else:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)


CHART_WIDTH, CHART_HEIGHT = 600, 160


def chart_bars(
    periods: dict[str, int], granularity: str, totals: dict[str, int] | None
) -> list[Bar]:
    """Bars for the chart, gaps included, scaled to the chart's box."""
    if not periods:
        return []
    keys = list(each_period(min(periods), max(periods), granularity))
    bars = []
    for key in keys:
        count = periods.get(key, 0)
        total = totals.get(key, 0) if totals is not None else None
        value = (count / total if total else 0.0) if totals is not None else float(count)
        label = (
            key[:4]
            if granularity == "year"
            else datetime.date(int(key[:4]), int(key[5:7]), 1).strftime("%b %Y")
        )
        bars.append(Bar(key, label, count, total, value))
    top = max(bar.value for bar in bars) or 1
    step = CHART_WIDTH / len(bars)
    for n, bar in enumerate(bars):
        bar.width = round(step * 0.8, 2)
        bar.x = round(n * step + step * 0.1, 2)
        bar.height = round(bar.value / top * (CHART_HEIGHT - 20), 2)
        bar.y = round(CHART_HEIGHT - bar.height, 2)
    return bars
