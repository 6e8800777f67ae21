"""Full-text search over exchanges, on PostgreSQL.

Each exchange (a question with its answers) has one search document in
`Question.search_vector`: the question weighted A, the answers B, both through the
`english_unaccent` configuration (English stemming, accents ignored; migration 0003).

Chinese has no spaces between words, and PostgreSQL's parser would take a whole run of
characters for one word. So Chinese runs are split into words with jieba before they
are indexed. The index takes jieba's search-engine split: each word of the plain split
preceded by the dictionary words of two and three characters inside it (新疆维吾尔自治区
comes with 新疆, 自治, 维吾尔 and 自治区), so a word is found inside a longer one. Queries
take the plain split, and a phrase asks for each word as many positions after the one
before it as the index put shorter words between them (stop words pad the phrase). The
words go into the same vector: the English stemmer leaves Chinese words as they are, so
one configuration serves both and a phrase can mix the two scripts.

A results page costs a fixed number of statements whatever the number of matches: one
to read the query, one that materialises the matching exchanges once and counts every
facet and the chart from that set in a single grouped pass, the page's rows, and one for
the highlighted snippets (ts_headline over the twenty exchanges shown). Everything the
counts read is on the exchange's own row (the briefing's date, source, language and
spokespersons and the exchange's tagged topics are copied there by PostgreSQL, see
migration 0006), so no count joins a million rows. A word found in hundreds of thousands
of exchanges is counted on a sample of the archive's pages and says so. Ranking
(`ts_rank_cd`, which favours words close together) runs only over the newest
`RANK_CANDIDATES` matches, found by walking exchanges by date, so a word found a
million times costs no more to rank than a rare one.
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

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, connections, transaction
from django.db.models import F, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import SEARCH_COPIES, Question

if TYPE_CHECKING:
    from django.http import QueryDict

CONFIG = "english_unaccent"
MAX_QUERY_CHARS = 300
PAGE_SIZE = 20
# Relevance ranks the newest 500 matches (25 pages); the page says so, and a date range
# or a filter narrows the matches to rank. Walking to 500 rather than 1,000 halves the
# time a word found in one exchange in twenty takes to rank.
RANK_CANDIDATES = 500
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
    """A run of Chinese characters split into words (jieba's plain split)."""
    return [word for word in tokenizer().cut(run) if word.strip()]


def word_with_parts(word: str) -> list[str]:
    """One word of the plain split as jieba's search-engine split gives it: the dictionary
    words of two, then three characters inside it, then the word itself.

    Tokenizer.cut_for_search emits exactly these for each word of the plain split (a test
    holds the two together); spelled out here because a query needs them word by word.
    """
    known = tokenizer().FREQ
    parts = []
    if len(word) > 2:
        parts += [word[i : i + 2] for i in range(len(word) - 1) if known.get(word[i : i + 2])]
    if len(word) > 3:
        parts += [word[i : i + 3] for i in range(len(word) - 2) if known.get(word[i : i + 3])]
    return [*parts, word]


def search_words(run: str) -> list[str]:
    """A run of Chinese characters as the index keeps it: jieba's search-engine split."""
    return [part for word in chinese_words(run) for part in word_with_parts(word)]


def segment(text: str) -> str:
    """Text with its Chinese runs split for the index (between WORD_BREAKs); the rest unchanged."""
    if not HAS_CJK.search(text):
        return text
    text = clean(text)
    return CJK_RUN.sub(
        lambda m: WORD_BREAK + WORD_BREAK.join(search_words(m.group())) + WORD_BREAK, text
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


def reindex_chinese(using: str = "default", batch: int = 2000) -> None:
    """Rebuild the search documents of the exchanges that hold Chinese text."""
    with connections[using].cursor() as cursor:
        cursor.execute(CHINESE_IDS_SQL, [f"[{CJK}]"] * 2)
        ids = [row[0] for row in cursor.fetchall()]
    for start in range(0, len(ids), batch):
        index_questions(ids[start : start + batch], using=using)


CHINESE_IDS_SQL = """
SELECT q.id FROM briefings_question q
WHERE q.text ~ %s OR EXISTS (
    SELECT 1 FROM briefings_answer a WHERE a.question_id = q.id AND a.text ~ %s
)
ORDER BY q.id
"""


# --- Queries ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedQuery:
    """What a person typed, made safe to hand to websearch_to_tsquery.

    `text` is matched against the index; `plain` is the same query without the stop
    words that space a Chinese phrase out, for snippets cut from plainly split text.
    """

    typed: str
    text: str
    notices: tuple[str, ...] = ()
    plain: str = ""


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
    return PreparedQuery(
        typed=typed,
        text=segment_query(text),
        notices=tuple(notices),
        plain=segment_query(text, spaced=False),
    )


# A stop word of the configuration: in a phrase it holds one position and matches any
# word there, so "新疆维吾尔自治区 the the the the 在" asks for 在 five positions later.
GAP = "the"


def segment_query(text: str, *, spaced: bool = True) -> str:
    """Split Chinese runs into words; outside quotes, a run of several words is a phrase.

    In the index, each Chinese word comes after the shorter words inside it, so within a
    phrase each one is preceded by as many GAPs (unless `spaced` is false).
    """
    if not HAS_CJK.search(text):
        return text
    out, position, in_quotes = [], 0, False
    for match in CJK_RUN.finditer(text):
        before = text[position : match.start()]
        in_quotes ^= before.count('"') % 2 == 1
        words = chinese_words(match.group())
        phrase = in_quotes or len(words) > 1
        if phrase and spaced:
            words = [" ".join([GAP] * (len(word_with_parts(word)) - 1) + [word]) for word in words]
        joined = " " + " ".join(words) + " "
        out.append(before + (f' "{joined.strip()}" ' if phrase and not in_quotes else joined))
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

    @property
    def box(self) -> SafeString:
        """The bar's SVG position and size as attributes (numbers only, so safe)."""
        return mark_safe(  # noqa: S308 - four numbers
            f'x="{self.x:g}" y="{self.y:g}" width="{self.width:g}" height="{self.height:g}"'
        )


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
TOTALS_SQL = "SELECT to_char(month, 'YYYY-MM'), exchanges FROM briefings_monthtotal"
HEADLINE_SQL = f"""
SELECT d.id, ts_headline('{CONFIG}', d.body, websearch_to_tsquery('{CONFIG}', %s),
    'StartSel={START}, StopSel={STOP}, MaxFragments=2, MaxWords=30, MinWords=12, '
    'FragmentDelimiter=" … "')
FROM unnest(%s::bigint[], %s::text[]) AS d(id, body)
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


def estimated_matches(sql: str, params: Sequence[object]) -> tuple[int, float]:
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
            if sort == "relevance":
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
            if sort == "relevance":
                page_sql = PAGE_BY_RANK_SQL.format(candidates=RANK_CANDIDATES)
                page_params = [prepared.text, PAGE_SIZE, offset]
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
    rows: Iterable[tuple[str, str, str, object]], scale: float, granularity: str
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


# A snippet shows at most two fragments, so only the first SNIPPET_RUNS runs of Chinese
# that hold a query word are split into words (jieba is the slowest part of a Chinese
# results page): the query's words where they occur, even inside a longer word (so 维吾尔
# is marked in 新疆维吾尔自治区), and jieba's plain split between them. When the query is all
# Chinese the text after the run that follows them is left out. The other runs are cut
# into pairs of characters (about a Chinese word's length, so fragments keep their
# length), which match no query word and read the same once the breaks are taken out.
SNIPPET_RUNS = 2
LATIN_WORD = re.compile(r"[^\W\d_]+")


def snippet_document(question: Question, words: Sequence[str] = (), *, cut: bool = False) -> str:
    """The text a snippet is cut from: the question, then its answers.

    `words` are the Chinese words of the query, which ts_headline is to find; `cut`
    says the query has no other words, so the text after them may be left out.
    """
    parts = [question.text, *(answer.text for answer in question.answer_list)]
    text = clean("\n\n".join(parts))
    if not HAS_CJK.search(text):
        return text
    out, position, segmented = [], 0, 0
    found = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    for match in CJK_RUN.finditer(text):
        run = match.group()
        out.append(text[position : match.start()])
        position = match.end()
        if segmented < SNIPPET_RUNS and any(word in run for word in words):
            segmented += 1
            pieces = words_around(run, found)
        else:
            pieces = [run[i : i + 2] for i in range(0, len(run), 2)]
        out.append(WORD_BREAK + WORD_BREAK.join(pieces) + WORD_BREAK)
        if cut and segmented == SNIPPET_RUNS and not any(word in run for word in words):
            return "".join(out)
    return "".join(out) + text[position:]


def words_around(run: str, found: re.Pattern[str]) -> list[str]:
    """A run of Chinese split at the query's words (`found`), the rest by jieba's plain split."""
    pieces: list[str] = []
    position = 0
    for match in found.finditer(run):
        pieces += chinese_words(run[position : match.start()]) if match.start() > position else []
        pieces.append(match.group())
        position = match.end()
    return pieces + (chinese_words(run[position:]) if position < len(run) else [])


def add_snippets(questions: list[Question], prepared: PreparedQuery) -> None:
    """Set `snippet` on each exchange: an escaped excerpt with the matches in <mark>."""
    if not questions:
        return
    # The query as plainly split: the snippet's text holds no shorter words to skip.
    query = prepared.plain or prepared.text
    words = CJK_RUN.findall(query)
    others = [w for w in LATIN_WORD.findall(CJK_RUN.sub(" ", query)) if w != "OR"]
    documents = [snippet_document(q, words, cut=bool(words) and not others) for q in questions]
    with connection.cursor() as cursor:
        cursor.execute(HEADLINE_SQL, [query, [q.id for q in questions], documents])
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
        cursor.execute(TOTALS_SQL)
        months = cursor.fetchall()
    if granularity == "month":
        return dict(months)
    years: dict[str, int] = {}
    for month, count in months:
        years[f"{month[:4]}-01"] = years.get(f"{month[:4]}-01", 0) + count
    return years


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
