"""Full-text search over exchanges on PostgreSQL; docs/search.md explains how it works."""

from .chart import Bar, chart_bars, chart_granularity, period_totals
from .chinese import chinese_words, clean, search_words, segment, tokenizer
from .index import (
    CONFIG,
    document_sql,
    index_documents,
    index_id_range,
    index_questions,
    reindex_all,
    reindex_chinese,
)
from .query import MAX_QUERY_CHARS, PreparedQuery, prepare_query, query_problem, search_questions
from .results import PAGE_SIZE, SORTS, Facet, SearchResults, run_search
from .snippets import add_snippets

__all__ = [
    "CONFIG",
    "MAX_QUERY_CHARS",
    "PAGE_SIZE",
    "SORTS",
    "Bar",
    "Facet",
    "PreparedQuery",
    "SearchResults",
    "add_snippets",
    "chart_bars",
    "chart_granularity",
    "chinese_words",
    "clean",
    "document_sql",
    "index_documents",
    "index_id_range",
    "index_questions",
    "period_totals",
    "prepare_query",
    "query_problem",
    "reindex_all",
    "reindex_chinese",
    "run_search",
    "search_questions",
    "search_words",
    "segment",
    "tokenizer",
]
