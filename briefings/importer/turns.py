"""A transcript's turns written as rows: exchanges, answers, statements and permalinks."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from django.db import connection
from django.db.models import Max, Model

from ..linking import insert_rows
from ..models import (
    Answer,
    Briefing,
    Entity,
    ExchangePermalink,
    Question,
    Statement,
    TranscriptRevision,
    is_follow_up_label,
)
from ..parsing import Turn
from ..parsing.markup import without_deletions
from ..search.chinese import segment
from ..search.index import document_sql, index_documents
from .revisions import match_questions, retire_exchanges
from .speakers import EntityResolver


class AnswerRow(NamedTuple):
    """An answer as inserted (in the order of ANSWER_FIELDS): no model instance needed."""

    question_id: int
    position: int
    speaker_label: str
    speaker_id: int | None
    text: str


class StatementRow(NamedTuple):
    """A statement or note as inserted (in the order of STATEMENT_FIELDS)."""

    briefing_id: int
    question_id: int | None  # the exchange a note is part of; None for a statement
    kind: str
    position: int
    speaker_label: str
    speaker_id: int | None
    text: str


ANSWER_FIELDS = ["question", "position", "speaker_label", "speaker", "text"]
STATEMENT_FIELDS = ["briefing", "question", "kind", "position", "speaker_label", "speaker", "text"]


@dataclass
class StoredTurns:
    """A briefing's turns as rows: the exchanges in order, their answers, the statements."""

    briefing: Briefing
    questions: list[Question]
    answers: list[AnswerRow]  # in order
    statements: list[StatementRow]
    fresh: set[int]  # the ids of the exchanges new in this revision
    is_new: bool  # a new briefing: nothing of it is stored yet

    @cached_property
    def documents(self) -> list[tuple[int, str, str]]:
        """(id, question, answers joined by a blank line) of each exchange, for the index.

        As read after the corrections: struck-out words are neither searched nor linked.
        """
        answers: dict[int, list[str]] = {q.pk: [] for q in self.questions}
        for answer in self.answers:
            answers[answer.question_id].append(without_deletions(answer.text))
        return [
            (q.pk, without_deletions(q.text), "\n\n".join(answers[q.pk])) for q in self.questions
        ]

    def texts(self) -> dict[int, str]:
        """The whole text of each exchange, as linking.exchange_texts reads it."""
        return {
            pk: f"{question}\n\n{answers}" if answers else question
            for pk, question, answers in self.documents
        }

    def write(self) -> None:
        """Insert the new exchanges, update the kept ones; insert answers, statements, permalinks.

        No statement here reads a row count, so this can run in a pipeline (see pipeline).
        """
        fresh = [q for q in self.questions if q.pk in self.fresh]
        insert_questions(fresh, self.documents)
        kept = [q for q in self.questions if q.pk not in self.fresh]
        if kept:
            Question.objects.bulk_update(
                kept, ["position", "asker_label", "asker", "text", "number", "follows"]
            )
            index_documents([doc for doc in self.documents if doc[0] not in self.fresh])
        insert_rows(Answer, ANSWER_FIELDS, self.answers)
        insert_rows(Statement, STATEMENT_FIELDS, self.statements)
        # Every number points at its exchange again; a number once retired and now back
        # (a correction undone) is no longer marked removed.
        insert_rows(
            ExchangePermalink,
            ["briefing", "number", "question", "removed_in", "removed_text"],
            [(self.briefing.pk, q.number, q.pk, None, {}) for q in self.questions],
            unique_fields=["briefing", "number"],
            update_fields=[] if self.is_new else ["question", "removed_in", "removed_text"],
        )


def arrange_turns(
    briefing: Briefing,
    revision: TranscriptRevision,
    turns: Iterable[Turn],
    entities: EntityResolver,
    spokespersons: Sequence[Entity | None],
    is_new: bool = False,
) -> StoredTurns:
    """The briefing's turns as rows to write, keeping exchange numbers (see the package docstring).

    For a correction this already retires removed exchanges and deletes the old answers and
    statements; `StoredTurns.write` then stores the rest.
    """
    # A new briefing has nothing stored to match, retire or delete: skip those queries.
    old_questions = [] if is_new else list(briefing.questions.order_by("position"))
    # Answers and statements with the index of their question in place of its id.
    answers: list[AnswerRow] = []
    statements: list[StatementRow] = []
    new_questions: list[Question] = []
    follow_ups: dict[int, int] = {}  # question index -> index of the question it follows
    current: int | None = None
    for position, turn in enumerate(turns, start=1):
        label = turn.speaker or ""
        if turn.kind == "question":
            question = Question(
                briefing_id=briefing.pk,
                position=position,
                asker_label=label[:200],
                text=turn.text,
            )
            if is_follow_up_label(label) and new_questions:
                follow_ups[len(new_questions)] = len(new_questions) - 1
                question.asker = new_questions[-1].asker
            else:
                question.asker = entities.outlet(label) if label else None
            new_questions.append(question)
            current = len(new_questions) - 1
        elif turn.kind == "answer" and current is not None:
            speaker = entities.speaker(label, spokespersons) if label else None
            answers.append(
                AnswerRow(
                    current, position, label[:200], speaker.pk if speaker else None, turn.text
                )
            )
        else:
            kind = Statement.Kind.NOTE if turn.kind == "note" else Statement.Kind.STATEMENT
            speaker = entities.speaker(label, spokespersons) if label else None
            if kind == Statement.Kind.STATEMENT:
                current = None
            statements.append(
                StatementRow(
                    briefing.pk,
                    current,
                    kind,
                    position,
                    label[:200],
                    speaker.pk if speaker else None,
                    turn.text,
                )
            )

    matches = match_questions(old_questions, new_questions)
    kept = {old.pk for old in matches.values()}
    removed = [old for old in old_questions if old.pk not in kept]
    next_number = 1
    if not is_new:
        retire_exchanges(briefing, revision, removed, new_questions, matches)
        briefing.statements.all().delete()
        Answer.objects.filter(question__briefing=briefing).delete()
        next_number += briefing.exchange_permalinks.aggregate(n=Max("number"))["n"] or 0
    fresh: list[Question] = []
    for index, question in enumerate(new_questions):
        old = matches.get(index)
        if old is not None:
            question.pk, question.number = old.pk, old.number
        else:
            question.number = next_number
            next_number += 1
            fresh.append(question)
    # Ids first, so that a follow-up is stored pointing at its question in one insert.
    for question, pk in zip(fresh, reserve_ids(Question, len(fresh)), strict=True):
        question.pk = pk
    for index, followed in follow_ups.items():
        new_questions[index].follows = new_questions[followed]
    # The exchanges have their ids now: in place of their indexes in the rows.
    return StoredTurns(
        briefing,
        new_questions,
        [row._replace(question_id=new_questions[row.question_id].pk) for row in answers],
        [
            row._replace(question_id=new_questions[row.question_id].pk)
            if row.question_id is not None
            else row
            for row in statements
        ],
        {q.pk for q in fresh},
        is_new,
    )


def insert_questions(questions: list[Question], documents: list[tuple[int, str, str]]) -> None:
    """Insert new exchanges with their search documents, in one statement.

    Written once, rather than inserted and then indexed: an update rewrites every row
    and its six indexes again.
    """
    if not questions:
        return
    names = ("id", "briefing", "number", "position", "asker_label", "asker", "follows", "text")
    concrete = {field.name: field for field in Question._meta.concrete_fields}
    fields = [concrete[name] for name in names]
    by_id = {pk: (question, answers) for pk, question, answers in documents}
    records = [
        {
            **{field.column: getattr(q, field.attname) for field in fields},
            "question_document": segment(by_id[q.pk][0]),
            "answers_document": segment(by_id[q.pk][1]),
        }
        for q in questions
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    types = ", ".join(f"{quote(field.column)} {field.db_type(connection)}" for field in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Question._meta.db_table)} ({columns}, search_vector) "
            f"SELECT {columns}, {document_sql('question_document', 'answers_document')} "
            f"FROM json_to_recordset(%s) AS d({types}, question_document text, "
            "answers_document text)",
            [json.dumps(records)],
        )


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """Ids for rows about to be inserted, drawn from the table's own sequence (one query)."""
    if not count:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


@contextmanager
def pipeline() -> Iterator[None]:
    """Send the block's statements without waiting for each one's result (psycopg's pipeline).

    The block costs one round trip to PostgreSQL instead of one per statement, and Python
    goes on (matching mentions, say) while PostgreSQL writes. A statement whose rows are
    read still waits for them; but psycopg has no row count to give until the block ends,
    so nothing inside may depend on one (a model's save() does: it updates, and inserts
    when no row was updated). An error surfaces at the end, as Django's exception.
    """
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield


def commit_without_waiting_for_disk() -> None:
    """Let the current transaction's commit return before its WAL is flushed to disk.

    For bulk imports: each briefing's commit no longer waits for the disk. A crash of
    the database server (not of the importer) can lose the last half second or so of
    commits, whole transactions only, never part of one; importing the files again
    restores them. Everything else about the transaction is unchanged.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
