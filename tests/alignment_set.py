"""The labelled alignment set and how the aligner is measured against it.

`tests/golden/alignment/mfa-pairs.json` pairs, by reading both versions, the exchanges
and statements of every day in `corpus/` and `tests/site-snapshot/` that holds the
ministry's English and Chinese transcripts. `import_day` stores one such day through
the importer (which aligns it), `measure_stored` scores what was stored against the
labels, and `measure_generated` scores the aligner on versions changed on purpose: an
exchange dropped from one side, two merged into one, two swapped.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from briefings.alignment import Item, align, joined, load_items
from briefings.importer import ImportRun, import_data
from briefings.models import AlignedPair, Briefing
from briefings.parsing import Hints

ROOT = Path(__file__).resolve().parent.parent
MFA = Hints(source="mfa")
LABELS = ROOT / "tests" / "golden" / "alignment" / "mfa-pairs.json"


def labelled_days() -> list[dict[str, object]]:
    """The labelled days, oldest first."""
    return json.loads(LABELS.read_text(encoding="utf-8"))["days"]


@dataclass
class Score:
    """Pairs found, pairs expected, and how many of each were right."""

    found: int = 0
    expected: int = 0
    right_found: int = 0  # found pairs that were expected
    right_expected: int = 0  # expected pairs that were found
    misses: list[str] = field(default_factory=list)

    def add(
        self, found: set[tuple[int, int]], expected: list[set[tuple[int, int]]], label: str
    ) -> None:
        """Count one day. Each expected pair is a set of acceptable pairs: one, or two for a
        merged exchange, which may be paired with either of the two it renders."""
        acceptable = set().union(*expected) if expected else set()
        self.found += len(found)
        self.expected += len(expected)
        self.right_found += len(found & acceptable)
        self.right_expected += sum(1 for pairs in expected if pairs & found)
        self.misses += [f"{label}: wrong pair {pair}" for pair in sorted(found - acceptable)]
        self.misses += [
            f"{label}: missed pair {sorted(pairs)}" for pairs in expected if not pairs & found
        ]

    @property
    def precision(self) -> float:
        return self.right_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right_expected / self.expected if self.expected else 1.0

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.1%} ({self.right_found}/{self.found}), "
            f"recall {self.recall:.1%} ({self.right_expected}/{self.expected})"
        )


def import_day(day: dict[str, object], run: ImportRun | None = None) -> tuple[Briefing, Briefing]:
    """Import a labelled day's two versions; (English, Chinese)."""
    run = run or ImportRun()
    found = []
    for language in ("en", "zh"):
        path = ROOT / str(day[language])
        result = import_data(str(day[language]), path.read_bytes(), MFA, run=run)
        found.append(result.briefing)
    found[0].refresh_from_db()  # the second import linked the two
    return found[0], found[1]


def stored_pairs(english: Briefing) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """The exchange pairs (by number) and statement pairs (by order) stored for a day."""
    chinese = english.counterpart
    assert chinese is not None
    order = {}
    for briefing in (english, chinese):
        statements = briefing.statements.filter(kind="statement", question=None)
        for index, pk in enumerate(statements.order_by("position").values_list("pk", flat=True)):
            order[pk] = index + 1
    rows = AlignedPair.objects.filter(left_briefing=english).select_related("left", "right")
    exchanges = {(r.left.number, r.right.number) for r in rows if r.left and r.right}
    statements = {
        (order[r.left_statement_id], order[r.right_statement_id])
        for r in rows
        if r.left_statement_id and r.right_statement_id
    }
    return exchanges, statements


def labelled_pairs(day: dict[str, object], kind: str) -> set[tuple[int, int]]:
    """The pairs a labelled day expects (`exchanges` or `statements`), both sides present."""
    return {(a, b) for a, b in day[kind] if a is not None and b is not None}  # type: ignore[misc]


def measure_stored(days: list[dict[str, object]]) -> tuple[Score, Score]:
    """Import every day and score the stored exchange and statement pairs."""
    exchanges, statements = Score(), Score()
    run = ImportRun()
    for day in days:
        english, _ = import_day(day, run)
        found_exchanges, found_statements = stored_pairs(english)
        for score, found, kind in (
            (exchanges, found_exchanges, "exchanges"),
            (statements, found_statements, "statements"),
        ):
            score.add(found, [{pair} for pair in labelled_pairs(day, kind)], str(day["date"]))
    return exchanges, statements


Change = Callable[[list[Item], random.Random], tuple[list[Item], dict[int, set[int]]]]


def drop(items: list[Item], rng: random.Random) -> tuple[list[Item], dict[int, set[int]]]:
    """One exchange dropped: what it rendered is now alone."""
    at = rng.choice([i for i, item in enumerate(items) if item.kind == "exchange"])
    return items[:at] + items[at + 1 :], {items[at].pk: set()}


def merge(items: list[Item], rng: random.Random) -> tuple[list[Item], dict[int, set[int]]]:
    """Two consecutive exchanges made one: it renders either of the two."""
    starts = [
        i
        for i in range(len(items) - 1)
        if items[i].kind == "exchange" and items[i + 1].kind == "exchange"
    ]
    at = rng.choice(starts)
    first, second = items[at], items[at + 1]
    return items[:at] + [joined(first, second)] + items[at + 2 :], {
        first.pk: {first.pk},
        second.pk: {first.pk},
    }


def swap(items: list[Item], rng: random.Random) -> tuple[list[Item], dict[int, set[int]]]:
    """Two exchanges two places apart swapped: each still renders its counterpart."""
    starts = [
        i
        for i in range(len(items) - 2)
        if items[i].kind == "exchange" and items[i + 2].kind == "exchange"
    ]
    at = rng.choice(starts)
    changed = list(items)
    changed[at], changed[at + 2] = changed[at + 2], changed[at]
    return changed, {}


CHANGES: dict[str, Change] = {"dropped": drop, "merged": merge, "swapped": swap}


def variants(
    days: list[dict[str, object]], seed: int = 15
) -> Iterator[tuple[str, list[Item], list[Item], list[set[tuple[int, int]]]]]:
    """Each stored day changed on purpose, on each side in turn: (what was changed, left
    items, right items, expected pairs by item pk). Needs the days imported."""
    rng = random.Random(seed)
    for day in days:
        english = Briefing.objects.get(date=str(day["date"]), language="en")
        chinese = english.counterpart
        left, right = load_items(english, chinese)
        number = dict(english.questions.values_list("pk", "number"))
        number.update(chinese.questions.values_list("pk", "number"))
        labelled = labelled_pairs(day, "exchanges")
        pairs = [
            (a.pk, b.pk)
            for a in left
            for b in right
            if a.kind == b.kind == "exchange" and (number[a.pk], number[b.pk]) in labelled
        ]
        for name, change in CHANGES.items():
            for side in ("left", "right"):
                items = left if side == "left" else right
                if sum(item.kind == "exchange" for item in items) < 4:
                    continue
                changed, fate = change(items, rng)
                expected: dict[int, set[tuple[int, int]]] = {}
                for a, b in pairs:
                    mine, other = (a, b) if side == "left" else (b, a)
                    for now in fate.get(mine, {mine}):
                        pair = (now, other) if side == "left" else (other, now)
                        expected.setdefault(now, set()).add(pair)
                new_left, new_right = (changed, right) if side == "left" else (left, changed)
                label = f"{day['date']} {name} ({side})"
                yield label, new_left, new_right, list(expected.values())


def measure_generated(days: list[dict[str, object]]) -> dict[str, Score]:
    """Score the aligner on every day's changed versions, by kind of change."""
    scores = {name: Score() for name in CHANGES}
    for label, left, right, expected in variants(days):
        rows = align(left, right)
        found = {
            (left[r.left].pk, right[r.right].pk)
            for r in rows
            if r.left is not None and r.right is not None and left[r.left].kind == "exchange"
        }
        scores[label.split()[1]].add(found, expected, label)
    return scores
