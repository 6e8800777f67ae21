"""Full-text search over exchanges, on PostgreSQL.

Each exchange (a question with its answers) has one search document in
`Question.search_vector`: the question weighted A, the answers B.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

INDEX_SQL = """
UPDATE briefings_question AS q
SET search_vector =
    setweight(to_tsvector('english', unaccent(q.text)), 'A')
    || setweight(to_tsvector('english', unaccent(coalesce(a.body, ''))), 'B')
FROM briefings_question AS q2
LEFT JOIN (
    SELECT question_id, string_agg(text, ' ' ORDER BY position) AS body
    FROM briefings_answer WHERE question_id = ANY(%s) GROUP BY question_id
) AS a ON a.question_id = q2.id
WHERE q.id = q2.id AND q.id = ANY(%s)
"""


def index_questions(question_ids: Sequence[int]) -> None:
    """Rebuild the search documents of these exchanges (one statement)."""
    if not question_ids:
        return
    ids = list(question_ids)
    with connection.cursor() as cursor:
        cursor.execute(INDEX_SQL, [ids, ids])
