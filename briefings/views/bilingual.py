"""A briefing beside its other-language version: the links between counterpart exchanges,
and the side-by-side page (see briefings/alignment for how the two are lined up)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ..alignment import order_pair
from ..alignment.counterparts import ONLY_IN
from ..models import AlignedPair, Answer, Briefing, Question, Statement
from .archive import dated, find_briefing


@dataclass
class Cell:
    """One side of a row of the side-by-side page: an exchange or a statement, or nothing."""

    kind: str  # "exchange" | "statement"
    item: Question | Statement


@dated
def compare(request: HttpRequest, date: datetime.date, slug: str) -> HttpResponse:
    """A briefing beside its other-language version, row by row as aligned."""
    briefing = find_briefing(date, slug)
    if briefing.date != date or briefing.slug != slug:
        return redirect("briefings:compare", *briefing.url_args(), permanent=True)
    other = Briefing.objects.published().select_related("source").counterpart_of(briefing).first()
    if other is None:
        raise Http404("This briefing has no version in another language to compare it with.")
    left, right = order_pair(briefing, other)
    pairs = list(
        AlignedPair.objects.filter(left_briefing=left, right_briefing=right).order_by("row")
    )
    answers = Answer.objects.select_related("speaker").order_by("position")
    questions = {
        q.pk: q
        for q in Question.objects.filter(briefing__in=[left, right])
        .select_related("asker")
        .prefetch_related(
            Prefetch("answers", queryset=answers),
            Prefetch("notes", queryset=Statement.objects.order_by("position")),
        )
    }
    statements = {
        s.pk: s for s in Statement.objects.filter(briefing__in=[left, right], question__isnull=True)
    }
    by_id = {left.pk: left, right.pk: right}
    for question in questions.values():
        question.briefing = by_id[question.briefing_id]  # its language labels turns
    rows = []
    for pair in pairs:
        cells: list[Cell | None] = []
        for question_id, statement_id in (
            (pair.left_id, pair.left_statement_id),
            (pair.right_id, pair.right_statement_id),
        ):
            if question_id in questions:
                cells.append(Cell("exchange", questions[question_id]))
            elif statement_id in statements:
                cells.append(Cell("statement", statements[statement_id]))
            else:
                cells.append(None)
        rows.append({"pair": pair, "left": cells[0], "right": cells[1]})
    return render(
        request,
        "briefings/briefing_compare.html",
        {
            "briefing": briefing,
            "left": left,
            "right": right,
            "rows": rows,
            "only_left": ONLY_IN.get(left.language, f"only in the {left.language} version"),
            "only_right": ONLY_IN.get(right.language, f"only in the {right.language} version"),
            "canonical": reverse("briefings:compare", args=left.url_args()),
        },
    )
