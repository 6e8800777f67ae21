"""What holds across languages in an exchange, and how strongly two items match.

Nothing is translated: the asking outlet or a statement's speaker (entities with aliases
in both languages), the entities mentioned, numbers and dates ("April 28" is 4月28日),
the Latin-script words a Chinese text keeps, and how long each text is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..parsing.dates import MONTH_NAMES, MONTHS

# What a pair is worth before evidence: items in order usually render each other.
PAIR_PRIOR = 0.6

EN_DATE = re.compile(
    rf"\b({MONTH_NAMES})\.?\s+(\d{{1,2}})\b|\b(\d{{1,2}})\s+({MONTH_NAMES})\b", re.I
)
ZH_DATE = re.compile(r"(\d{1,2})月(\d{1,2})日")
ZH_DAY = re.compile(r"(\d{1,2})日")
# Not the digits of a name such as COVID-19 or G20.
NUMBER = re.compile(r"(?<![A-Za-z0-9\-])\d[\d,]*(?:\.\d+)?")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]*[A-Za-z0-9]|[A-Z]")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Words in an English text, for the Latin words a Chinese text keeps.
EN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*")


@dataclass
class Item:
    """An exchange or statement as the aligner sees it: what holds across languages."""

    pk: int
    kind: str  # AlignedPair.Kind
    speaker: int | None  # the asking outlet, or a statement's speaker
    entities: frozenset[int] = frozenset()
    numbers: frozenset[str] = frozenset()
    latin: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()  # lowercased words, for another text's Latin words
    size: float = 1.0  # characters (Chinese) or words (English), at least 1


def text_features(text: str) -> dict[str, frozenset[str] | float]:
    """Numbers, dates, Latin words and length of a text, in a form both languages share."""
    numbers: set[str] = set()
    for match in EN_DATE.finditer(text):
        month = match.group(1) or match.group(4)
        day = match.group(2) or match.group(3)
        numbers.add(f"{MONTHS[month.lower()]}-{int(day)}")
    for month, day in ZH_DATE.findall(text):
        numbers.add(f"{int(month)}-{int(day)}")
    # The day alone too: 29日 in one version is "February 29" in the other.
    numbers.update(day.split("-")[1] for day in list(numbers))
    stripped = ZH_DATE.sub(" ", EN_DATE.sub(" ", text))
    stripped = ZH_DAY.sub(lambda match: f" {match.group(1)} ", stripped)
    for match in NUMBER.findall(stripped):
        value = match.replace(",", "").rstrip(".")
        # "1" and "2" number anything (first, second): too common to tell exchanges apart.
        if value and value not in {"1", "2"}:
            numbers.add(value)
    chinese = len(CJK.findall(text))
    if chinese > len(text) / 4:
        latin = {w.lower() for w in LATIN_WORD.findall(text) if len(w) > 1}
        size = float(chinese)
        words: frozenset[str] = frozenset()
    else:
        latin = set()
        found = EN_WORD.findall(text)
        size = float(len(found))
        words = frozenset(w.lower() for w in found)
    return {
        "numbers": frozenset(numbers),
        "latin": frozenset(latin),
        "words": words,
        "size": max(size, 1.0),
    }


def make_item(
    pk: int, kind: str, speaker: int | None, text: str, entities: frozenset[int] = frozenset()
) -> Item:
    """An item from its text and what the archive resolved in it."""
    return Item(pk, kind, speaker, entities, **text_features(text))  # type: ignore[arg-type]


def overlap(a: frozenset[object], b: frozenset[object]) -> tuple[float, int] | None:
    """Dice overlap of two sets (0 to 1) and the size of the smaller; None if one is empty."""
    if not a or not b:
        return None
    return 2 * len(a & b) / (len(a) + len(b)), min(len(a), len(b))


def latin_share(left: Item, right: Item) -> tuple[float, int] | None:
    """How many of the Latin words a Chinese text keeps the English one has, and how many."""
    kept, other = (left.latin, right.words) if left.latin else (right.latin, left.words)
    if not kept or not other:
        return None
    return len(kept & other) / len(kept), len(kept)


def pair_score(left: Item, right: Item, ratio: float, place: float = 0.0) -> float:
    """How strongly two items look like one rendering the other (higher is stronger).

    `ratio` is the usual size of a right item over a left one in this briefing pair;
    `place` how far apart the two stand, as a share of their briefings (0 to 1).
    """
    if left.kind != right.kind:
        return -math.inf
    score = PAIR_PRIOR
    if left.speaker is not None and right.speaker is not None:
        # The English version names the China Media Group's channels "CCTV" where the
        # Chinese one names 央广 or 国广: a different outlet is weak evidence against.
        score += 1.0 if left.speaker == right.speaker else -0.4
    for found, weight in (
        (overlap(left.entities, right.entities), 1.5),
        (overlap(left.numbers, right.numbers), 1.5),
        (latin_share(left, right), 1.0),
    ):
        if found is not None:
            share, amount = found
            # One shared number or name is less sure than several; nothing shared counts
            # against, though less: one version often leaves a number or a name out.
            sure = min(1.0, 0.5 + 0.25 * amount)
            score += weight * sure * (share - 0.5 * (1 - share))
    expected = left.size * ratio
    # Capped: a version that shortens an answer to a line is still the same exchange.
    score -= min(1.2, 0.8 * abs(math.log(right.size / expected)))
    score -= 2.0 * place
    return score


def size_ratio(left: Sequence[Item], right: Sequence[Item]) -> float:
    """The usual size of a right item over a left one, from the briefings' totals."""
    total_left = sum(item.size for item in left) or 1.0
    total_right = sum(item.size for item in right) or 1.0
    return total_right / total_left
