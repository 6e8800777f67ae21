"""What a page says about an exchange's other-language version: a link to it, or a flag
that the other version leaves it out."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from ..models import AlignedPair, Briefing, Question

# The link to an exchange's other version, in the language of that version's readers.
LINK_TEXT = {"zh": "This exchange in Chinese", "en": "本问答英文版"}
# An exchange the other version leaves out is in one version only: this one's.
ONLY_IN = {"en": "only in the English version", "zh": "only in the Chinese version"}
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}


@dataclass(frozen=True)
class Counterpart:
    """What an exchange's page says about its other-language version."""

    own_language: str
    language: str  # of the other version
    url: str | None  # the counterpart exchange's address; None when it has none

    @property
    def link_text(self) -> str:
        """'This exchange in Chinese' on an English page, 本问答英文版 on a Chinese one."""
        return LINK_TEXT.get(self.language) or (
            f"This exchange in {LANGUAGE_NAMES.get(self.language, self.language)}"
        )

    @property
    def only_in(self) -> str:
        """'only in the English version', for an exchange the other version leaves out."""
        name = LANGUAGE_NAMES.get(self.own_language, self.own_language)
        return ONLY_IN.get(self.own_language) or f"only in the {name} version"


def exchange_counterparts(briefing: Briefing, counterpart: Briefing) -> dict[int, Counterpart]:
    """Each exchange's counterpart (by exchange id), for a briefing's contents: one query.

    Exchanges the alignment has no row for (not aligned yet) are left out.
    """
    rows = (
        AlignedPair.objects.filter(kind=AlignedPair.Kind.EXCHANGE)
        .filter(
            Q(left_briefing=briefing, right_briefing=counterpart)
            | Q(left_briefing=counterpart, right_briefing=briefing)
        )
        .values_list("left_briefing_id", "left_id", "right_id", "left__number", "right__number")
    )
    base = counterpart.get_absolute_url()
    found = {}
    for left_briefing, left, right, left_number, right_number in rows:
        mine, other = (left, right_number) if left_briefing == briefing.pk else (right, left_number)
        if mine is not None:
            url = f"{base}{other}/" if other is not None else None
            found[mine] = Counterpart(briefing.language, counterpart.language, url)
    return found


def exchange_counterpart(question: Question, briefing: Briefing) -> Counterpart | None:
    """The exchange's counterpart, if its briefing has another version: one query."""
    if briefing.counterpart_id is None:
        return None
    pair = (
        AlignedPair.objects.filter(Q(left_id=question.pk) | Q(right_id=question.pk))
        .select_related("left", "right", "left_briefing", "right_briefing")
        .first()
    )
    if pair is None:
        return None
    other = pair.other(question.pk)
    other_briefing = pair.right_briefing if pair.left_id == question.pk else pair.left_briefing
    url = f"{other_briefing.get_absolute_url()}{other.number}/" if other is not None else None
    return Counterpart(briefing.language, other_briefing.language, url)
