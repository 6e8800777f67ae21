"""A briefing beside its other-language version, lined up exchange by exchange.

The ministry edits its English and Chinese transcripts separately: the English one
sometimes drops an exchange, splits or joins follow-ups, or shortens an answer. The
two versions keep the order of the room, so they are aligned as two ordered sequences
by dynamic programming (Needleman–Wunsch with a free gap): each step pairs an item with
one across, pairs it with two consecutive ones across (a merge: the first is paired,
the second stays beside it alone), or leaves one side's item alone. The pair score
(`evidence`) adds up what holds across languages, without translating anything:

- the asking outlet (outlets are entities with English and Chinese aliases, so
  "Reuters" and 路透社记者 are one), or the speaker of a statement;
- the entities both texts mention (mentions come from the same aliases);
- numbers and dates ("April 28" is 4月28日), and Latin-script words the Chinese text
  keeps (WHO, COVID-19, a name);
- how long each is compared with the rest of the briefing, and where it stands.

Sequence-alignment libraries score pairs over an alphabet (Biopython's PairwiseAligner,
sequence-align); here every pair of items has its own score, which a short recurrence
over a score matrix handles directly (`sequence`). Afterwards, where keeping the order
cost a pair (an exchange moved to another place), partners are swapped or items left
alone are paired when the evidence is clearly better.

Rows an editor set (`AlignedPair.edited`) are kept as they are; the rest of the
alignment is recomputed around them whenever either version is imported again.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from ..models import AlignedPair, Answer, Briefing, Mention, Question, Statement
from .evidence import Item, make_item, pair_score, text_features
from .sequence import Row, align, joined, order_rows

__all__ = [
    "Item",
    "Row",
    "align",
    "counterpart",
    "joined",
    "load_items",
    "make_item",
    "order_pair",
    "pair_score",
    "realign",
    "set_pair",
    "text_features",
]


def order_pair(briefing: Briefing, other: Briefing) -> tuple[Briefing, Briefing]:
    """(left, right): the version in its source's main language on the left."""
    main = briefing.source.main_language
    if (other.language == main) != (briefing.language == main):
        return (other, briefing) if other.language == main else (briefing, other)
    return (briefing, other) if briefing.pk < other.pk else (other, briefing)


def load_items(left: Briefing, right: Briefing) -> tuple[list[Item], list[Item]]:
    """Both briefings' exchanges and statements in order, as items (four queries)."""
    ids = [left.pk, right.pk]
    questions = list(
        Question.objects.filter(briefing_id__in=ids)
        .order_by("position")
        .values_list("pk", "briefing_id", "position", "asker_id", "text")
    )
    texts = {pk: [text] for pk, _, _, _, text in questions}
    for question_id, text in Answer.objects.filter(question__briefing_id__in=ids).values_list(
        "question_id", "text"
    ):
        texts[question_id].append(text)
    entities: dict[int, set[int]] = {}
    mentioned = Mention.objects.filter(question__briefing_id__in=ids).exclude(
        origin=Mention.Origin.REJECTED
    )
    for question_id, entity_id in mentioned.values_list("question_id", "entity_id"):
        entities.setdefault(question_id, set()).add(entity_id)
    statements = Statement.objects.filter(
        briefing_id__in=ids, kind=Statement.Kind.STATEMENT, question__isnull=True
    ).values_list("pk", "briefing_id", "position", "speaker_id", "text")
    placed: dict[int, list[tuple[int, Item]]] = {left.pk: [], right.pk: []}
    for pk, briefing_id, position, asker_id, _ in questions:
        item = make_item(
            pk,
            AlignedPair.Kind.EXCHANGE,
            asker_id,
            "\n\n".join(texts[pk]),
            frozenset(entities.get(pk, ())),
        )
        placed[briefing_id].append((position, item))
    for pk, briefing_id, position, speaker_id, text in statements:
        placed[briefing_id].append(
            (position, make_item(pk, AlignedPair.Kind.STATEMENT, speaker_id, text))
        )
    return (
        [item for _, item in sorted(placed[left.pk], key=lambda placed: placed[0])],
        [item for _, item in sorted(placed[right.pk], key=lambda placed: placed[0])],
    )


def counterpart(briefing: Briefing) -> Briefing | None:
    """The briefing's other-language version, if it has one."""
    return Briefing.objects.counterpart_of(briefing).select_related("source").first()


@transaction.atomic
def realign(briefing: Briefing) -> int:
    """Recompute a briefing's alignment with its counterpart; how many rows it has.

    Rows an editor set stay as they are (while their exchanges exist) and the rest is
    aligned around them; rows with a briefing that is no longer its counterpart go.
    """
    other = counterpart(briefing)
    stale = AlignedPair.objects.of_briefing(briefing.pk)
    if other is None:
        stale.delete()
        return 0
    left, right = order_pair(briefing, other)
    stale.exclude(left_briefing=left, right_briefing=right).delete()
    left_items, right_items = load_items(left, right)
    kept = list(AlignedPair.objects.filter(left_briefing=left, right_briefing=right, edited=True))
    exchange = AlignedPair.Kind.EXCHANGE
    left_at = {item.pk: i for i, item in enumerate(left_items) if item.kind == exchange}
    right_at = {item.pk: i for i, item in enumerate(right_items) if item.kind == exchange}
    fixed_left = {pair.left_id for pair in kept}
    fixed_right = {pair.right_id for pair in kept}
    free_left = [
        i for i, item in enumerate(left_items) if item.kind != exchange or item.pk not in fixed_left
    ]
    free_right = [
        j
        for j, item in enumerate(right_items)
        if item.kind != exchange or item.pk not in fixed_right
    ]
    rows = [
        Row(
            None if row.left is None else free_left[row.left],
            None if row.right is None else free_right[row.right],
            row.score,
        )
        for row in align([left_items[i] for i in free_left], [right_items[j] for j in free_right])
    ]
    by_row: dict[int, AlignedPair] = {}
    for pair in kept:
        row = Row(left_at.get(pair.left_id), right_at.get(pair.right_id), pair.score)  # type: ignore[arg-type]
        by_row[id(row)] = pair
        rows.append(row)
    fresh: list[AlignedPair] = []
    for number, row in enumerate(order_rows(rows), start=1):
        edited = by_row.get(id(row))
        if edited is not None:
            edited.row = number
            continue
        a = None if row.left is None else left_items[row.left]
        b = None if row.right is None else right_items[row.right]
        kind = a.kind if a is not None else b.kind if b is not None else ""
        is_exchange = kind == exchange
        fresh.append(
            AlignedPair(
                left_briefing=left,
                right_briefing=right,
                kind=kind,
                row=number,
                left_id=a.pk if a and is_exchange else None,
                right_id=b.pk if b and is_exchange else None,
                left_statement_id=a.pk if a and not is_exchange else None,
                right_statement_id=b.pk if b and not is_exchange else None,
                score=round(row.score, 3) if a and b else 0.0,
            )
        )
    AlignedPair.objects.filter(left_briefing=left, right_briefing=right, edited=False).delete()
    AlignedPair.objects.bulk_create(fresh)
    if kept:
        AlignedPair.objects.bulk_update(kept, ["row"])
    return len(fresh) + len(kept)


def set_pair(pair: AlignedPair) -> None:
    """Store an editor's pair: it frees the exchanges it takes from other rows, then realigns."""
    taken = Q(pk__in=[])
    if pair.left_id:
        taken |= Q(left_id=pair.left_id)
    if pair.right_id:
        taken |= Q(right_id=pair.right_id)
    with transaction.atomic():
        others = AlignedPair.objects.filter(taken).exclude(pk=pair.pk)
        # An edited row that loses an exchange to this one is no longer the editor's word.
        others.delete()
        pair.edited = True
        pair.save()
        realign(pair.left_briefing)
