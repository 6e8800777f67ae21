"""The English and Chinese versions of a briefing lined up exchange by exchange."""

from __future__ import annotations

import dataclasses

import pytest

from briefings.alignment import realign, set_pair
from briefings.importer import import_transcript, read_transcript
from briefings.models import AlignedPair, Briefing, Question
from tests.alignment_set import (
    MFA,
    ROOT,
    import_day,
    labelled_days,
    measure_generated,
    measure_stored,
    stored_pairs,
)

pytestmark = pytest.mark.django_db

DAYS = {str(day["date"]): day for day in labelled_days()}


def test_every_labelled_day_aligns_as_read_and_as_changed_on_purpose():
    # One import of the labelled set serves both measures: it takes some seconds.
    days = list(DAYS.values())
    exchanges, statements = measure_stored(days)

    print(f"\nexchanges: {exchanges}\nstatements: {statements}")
    assert exchanges.expected >= 370  # the whole labelled set was read
    for score in (exchanges, statements):
        assert score.precision >= 0.98, score.misses
        assert score.recall >= 0.95, score.misses

    # Exchanges dropped from one side, two merged into one, two swapped.
    for name, score in measure_generated(days).items():
        print(f"{name}: {score}")
        assert score.expected > 300, name
        assert score.precision >= 0.98, (name, score.misses)
        assert score.recall >= 0.95, (name, score.misses)


def pair_of(english: Briefing, number: int) -> AlignedPair:
    return AlignedPair.objects.select_related("left", "right").get(
        left_briefing=english, left__number=number
    )


def reimport(path: str, change: object = None) -> Briefing:
    """Import a labelled file again, its turns changed by `change` (a revision)."""
    text, parsed = read_transcript((ROOT / path).read_bytes(), MFA, filename=path)
    if change is not None:
        parsed = dataclasses.replace(parsed, turns=tuple(change(list(parsed.turns))))
    result = import_transcript(parsed, raw_text=text + "\n", filename=path, hints=MFA)
    return result.briefing


def without_exchange(number: int):
    """Turns with the nth question and its answers left out."""

    def change(turns):
        kept, seen, skipping = [], 0, False
        for turn in turns:
            if turn.kind == "question":
                seen += 1
                skipping = seen == number
            elif turn.kind == "statement":
                skipping = False
            if not skipping:
                kept.append(turn)
        return kept

    return change


def test_a_correction_survives_reimporting_unchanged_text():
    day = DAYS["2020-06-02"]
    english, chinese = import_day(day)
    pair = pair_of(english, 3)
    pair.right = None  # the editor says: no counterpart
    set_pair(pair)

    for language in ("en", "zh"):
        reimport(str(day[language]))
    realign(chinese)  # and recomputed from either side

    pair.refresh_from_db()
    assert pair.edited and pair.right is None
    assert stored_pairs(english)[0] == {(n, n) for n in range(1, 8)} - {(3, 3)}


def test_a_revision_that_drops_an_exchange_keeps_corrections_and_realigns_the_rest():
    day = DAYS["2020-06-02"]
    english, chinese = import_day(day)
    # An editor says English 4 has no counterpart (wrongly, but it is their word).
    pair = pair_of(english, 4)
    pair.right = None
    set_pair(pair)

    reimport(str(day["zh"]), without_exchange(2))  # the Chinese version drops its 2nd

    found, _ = stored_pairs(english)
    assert found == {(1, 1), (3, 3), (5, 5), (6, 6), (7, 7)}
    pair.refresh_from_db()
    assert pair.edited and pair.right is None  # the correction stands
    alone = AlignedPair.objects.get(left_briefing=english, left__number=2)
    assert alone.right is None and not alone.edited
    # Chinese 4 lost its partner to the correction: it is only in the Chinese version.
    assert AlignedPair.objects.get(right__number=4, right__briefing=chinese).left is None


def test_a_revision_that_inserts_an_exchange_leaves_the_rest_paired():
    day = DAYS["2020-06-02"]
    english, chinese = import_day(day)
    edited = pair_of(english, 1)
    set_pair(edited)  # confirmed by an editor as it was

    def insert(turns):
        at = next(i for i, turn in enumerate(turns) if turn.kind == "question" and i > 2)
        added = [
            dataclasses.replace(turns[at], text="A question the Chinese version does not have?"),
            dataclasses.replace(turns[at + 1], text="An answer given in English only."),
        ]
        return turns[:at] + added + turns[at:]

    reimport(str(day["en"]), insert)

    found, _ = stored_pairs(english)
    new = Question.objects.get(briefing=english, text__startswith="A question the Chinese")
    assert AlignedPair.objects.get(left=new).right is None
    assert found == {(n, n) for n in range(1, 8)}  # every old exchange keeps its counterpart
    edited.refresh_from_db()
    assert edited.edited and edited.right.number == 1


def test_briefings_that_stop_being_counterparts_lose_their_alignment():
    english, chinese = import_day(DAYS["2020-06-02"])
    assert AlignedPair.objects.of_briefing(english.pk).exists()

    Briefing.objects.filter(pk__in=[english.pk, chinese.pk]).update(counterpart=None)
    english.refresh_from_db()
    realign(english)

    assert not AlignedPair.objects.of_briefing(english.pk).exists()
