"""Index writes: each exchange's search document, rebuilt by id, by range or all at once."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections

from ..parsing.markup import without_deletions
from .chinese import CJK, segment

CONFIG = "english_unaccent"

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
# Struck-out words (parsing.markup) are left out of the index, here as in Python.
WITHOUT_DELETIONS = r"regexp_replace({}, '<del>.*?</del>', '', 'g')"
UPDATE_RANGE_SQL = f"""
UPDATE briefings_question AS q
SET search_vector = {document_sql(WITHOUT_DELETIONS.format("q.text"), "coalesce(a.body, '')")}
FROM briefings_question q2 LEFT JOIN (
    SELECT question_id,
        string_agg({WITHOUT_DELETIONS.format("text")}, E'\\n\\n' ORDER BY position) AS body
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

    The answers are the exchange's answer texts in order, joined by a blank line; struck-out
    words in them are left out.
    """
    if not documents:
        return
    with connections[using].cursor() as cursor:
        cursor.execute(
            UPDATE_SQL,
            [
                [row[0] for row in documents],
                [segment(without_deletions(row[1])) for row in documents],
                [segment(without_deletions(row[2])) for row in documents],
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
