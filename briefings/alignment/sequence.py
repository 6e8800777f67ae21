"""Two ordered sequences of items aligned by dynamic programming (see the package)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from .evidence import Item, pair_score, size_ratio

# Below this a pair is not worth making: the items are better left on their own.
PAIR_THRESHOLD = 0.0
# Pairing items the order-keeping pass left alone needs this much evidence, and moving
# an item to another partner must gain this much.
RESCUE_THRESHOLD = 1.2
MOVE_MARGIN = 0.5
# A merge must add evidence over pairing one half and leaving the other alone.
MERGE_COST = 0.25


@dataclass
class Row:
    """One row of the alignment: indexes into the two sequences (None for nothing)."""

    left: int | None
    right: int | None
    score: float = 0.0


def joined(first: Item, second: Item) -> Item:
    """Two consecutive items read as one: what the other version made of them together."""
    return Item(
        first.pk,
        first.kind,
        first.speaker,
        first.entities | second.entities,
        first.numbers | second.numbers,
        first.latin | second.latin,
        first.words | second.words,
        first.size + second.size,
    )


def align(left: Sequence[Item], right: Sequence[Item]) -> list[Row]:
    """Align two ordered sequences: rows in order, each pairing two items or keeping one alone.

    Besides one-to-one, one item may stand for two consecutive ones across (a follow-up
    the other version folded into its question, an announcement read into an answer):
    the half with the stronger evidence of its own is paired, the other stays alone
    beside it.
    """
    n, m = len(left), len(right)
    ratio = size_ratio(left, right)

    def place(i: int, j: int) -> float:
        return abs(i / max(n, 1) - j / max(m, 1))

    scores = [
        [pair_score(a, b, ratio, place(i, j)) for j, b in enumerate(right)]
        for i, a in enumerate(left)
    ]

    def merged_right(i: int, j: int) -> float:  # left i renders right j and j + 1
        return pair_score(left[i], joined(right[j], right[j + 1]), ratio, place(i, j))

    def merged_left(i: int, j: int) -> float:  # right j renders left i and i + 1
        return pair_score(joined(left[i], left[i + 1]), right[j], ratio, place(i, j))

    # best[i][j]: the best total for the first i left and j right items; a gap costs 0.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[str, float]]] = [[("", 0.0)] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i:
                options.append((best[i - 1][j], ("left", 0.0)))
            if j:
                options.append((best[i][j - 1], ("right", 0.0)))
            if i and j and scores[i - 1][j - 1] > PAIR_THRESHOLD:
                score = scores[i - 1][j - 1]
                options.append((best[i - 1][j - 1] + score, ("pair", score)))
            if i and j > 1 and (score := merged_right(i - 1, j - 2)) > PAIR_THRESHOLD:
                options.append((best[i - 1][j - 2] + score - MERGE_COST, ("merged right", score)))
            if i > 1 and j and (score := merged_left(i - 2, j - 1)) > PAIR_THRESHOLD:
                options.append((best[i - 2][j - 1] + score - MERGE_COST, ("merged left", score)))
            best[i][j], step[i][j] = max(options, key=lambda option: option[0])
    rows: list[Row] = []
    i, j = n, m
    while i or j:
        move, score = step[i][j]
        if move == "pair":
            i, j = i - 1, j - 1
            rows.append(Row(i, j, score))
        elif move == "merged right":
            i, j = i - 1, j - 2
            if scores[i][j] >= scores[i][j + 1]:
                rows += [Row(None, j + 1), Row(i, j, score)]
            else:
                rows += [Row(i, j + 1, score), Row(None, j)]
        elif move == "merged left":
            i, j = i - 2, j - 1
            if scores[i][j] >= scores[i + 1][j]:
                rows += [Row(i + 1, None), Row(i, j, score)]
            else:
                rows += [Row(i + 1, j, score), Row(i, None)]
        elif move == "left":
            i -= 1
            rows.append(Row(i, None))
        else:
            j -= 1
            rows.append(Row(None, j))
    rows.reverse()
    return rescue_moved(rows, scores)


def rescue_moved(rows: list[Row], scores: list[list[float]]) -> list[Row]:
    """Undo what keeping the order costs when an exchange moved: swap partners across two
    rows, or take an item left alone across, whenever the evidence is clearly better."""
    improved = True
    while improved:
        improved = False
        pairs = [row for row in rows if row.left is not None and row.right is not None]
        for first, second in itertools.combinations(pairs, 2):
            crossed = (
                scores[first.left][second.right]  # type: ignore[index]
                + scores[second.left][first.right]  # type: ignore[index]
            )
            if crossed > first.score + second.score + MOVE_MARGIN:
                first.right, second.right = second.right, first.right
                first.score = scores[first.left][first.right]  # type: ignore[index]
                second.score = scores[second.left][second.right]  # type: ignore[index]
                improved = True
        for pair in pairs:
            for alone in rows:
                if alone.left is None and alone.right is not None:
                    score = scores[pair.left][alone.right]  # type: ignore[index]
                    if score > max(pair.score + MOVE_MARGIN, RESCUE_THRESHOLD):
                        pair.right, alone.right = alone.right, pair.right
                        pair.score = score
                        improved = True
                if alone.right is None and alone.left is not None:
                    score = scores[alone.left][pair.right]  # type: ignore[index]
                    if score > max(pair.score + MOVE_MARGIN, RESCUE_THRESHOLD):
                        pair.left, alone.left = alone.left, pair.left
                        pair.score = score
                        improved = True
    # Items still alone on both sides: paired when the evidence is strong.
    alone_left = [row for row in rows if row.right is None and row.left is not None]
    alone_right = [row for row in rows if row.left is None and row.right is not None]
    candidates = sorted(
        ((scores[a.left][b.right], a, b) for a in alone_left for b in alone_right),  # type: ignore[index]
        key=lambda candidate: -candidate[0],
    )
    taken: set[int] = set()
    for score, a, b in candidates:
        if score < RESCUE_THRESHOLD or id(a) in taken or id(b) in taken:
            continue
        taken.update((id(a), id(b)))
        a.right, a.score = b.right, score
    return [row for row in rows if id(row) not in taken or row.left is not None]


def order_rows(rows: list[Row]) -> list[Row]:
    """Rows in reading order: by the left item, a right item alone after what precedes it."""
    ordered = sorted((row for row in rows if row.left is not None), key=lambda row: row.left or 0)
    for alone in sorted((row for row in rows if row.left is None), key=lambda row: row.right or 0):
        at = 0
        for index, row in enumerate(ordered):
            if row.right is not None and row.right < alone.right:  # type: ignore[operator]
                at = index + 1
        ordered.insert(at, alone)
    return ordered
