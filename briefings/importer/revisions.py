"""Which stored briefing a transcript corrects, and which exchanges keep their numbers."""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json

from ..models import Briefing, ExchangePermalink, Question, Source, TranscriptRevision
from ..parsing import ParsedTranscript


def transcript_hash(
    parsed: ParsedTranscript,
    day: datetime.date,
    source: str,
    parsed_json: dict[str, object] | None = None,
) -> str:
    """A fingerprint of what the archive stores from a transcript."""
    payload = {**(parsed_json or parsed.to_json()), "date": day.isoformat(), "source": source}
    payload.pop("warnings", None)
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def find_briefing(
    source: Source,
    day: datetime.date,
    parsed: ParsedTranscript,
    candidates: list[Briefing] | None = None,
) -> Briefing | None:
    """The stored briefing this transcript is a version of, if any.

    Same official URL, else the same title, else mostly the same questions: a
    correction. Anything else on the same day is a second briefing. `candidates` are
    the source's briefings that day in the transcript's language, when already read.
    """
    if candidates is None:
        candidates = list(
            Briefing.objects.filter(source=source, date=day, language=parsed.language).order_by(
                "sequence"
            )
        )
    for briefing in candidates:
        if parsed.official_url and briefing.official_url:
            if parsed.official_url == briefing.official_url:
                return briefing
            continue
        if parsed.title and briefing.title and parsed.title.strip() == briefing.title.strip():
            return briefing
        old = " ".join(briefing.questions.values_list("text", flat=True))
        new = " ".join(t.text for t in parsed.turns if t.kind == "question")
        if similarity(old, new) >= 0.5:
            return briefing
    return None


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1 (word-level, quick)."""
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def match_questions(old: list[Question], new: list[Question]) -> dict[int, Question]:
    """Pair new questions (by index) with stored ones: equal texts, then similar ones."""
    if not old:
        return {}
    old_keys = [normalize_text(q.text) for q in old]
    new_keys = [normalize_text(q.text) for q in new]
    matches: dict[int, Question] = {}
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                matches[j1 + offset] = old[i1 + offset]
        elif tag == "replace":
            # An edited question: pair it with the most similar one in the same gap.
            free_old = list(range(i1, i2))
            for j in range(j1, j2):
                best, best_score = None, 0.6
                for i in free_old:
                    score = similarity(old_keys[i], new_keys[j])
                    if score > best_score:
                        best, best_score = i, score
                if best is not None:
                    matches[j] = old[best]
                    free_old.remove(best)
    return matches


def normalize_text(text: str) -> str:
    return " ".join(text.split()).casefold()


def retire_exchanges(
    briefing: Briefing,
    revision: TranscriptRevision,
    removed: list[Question],
    new_questions: list[Question],
    matches: dict[int, Question],
) -> None:
    """Keep what removed exchanges said; point a merged one at the exchange that absorbed it."""
    for old in removed:
        snapshot = {
            "turns": [{"kind": "question", "speaker": old.asker_label, "text": old.text}]
            + [
                {"kind": "answer", "speaker": a.speaker_label, "text": a.text}
                for a in old.answers.order_by("position")
            ],
            "revision": revision.number - 1,
        }
        absorbed_by = next(
            (
                index
                for index, q in enumerate(new_questions)
                if normalize_text(old.text) in normalize_text(q.text) and index in matches
            ),
            None,
        )
        ExchangePermalink.objects.update_or_create(
            briefing=briefing,
            number=old.number,
            defaults={
                "question": matches[absorbed_by] if absorbed_by is not None else None,
                "removed_in": revision,
                "removed_text": snapshot,
            },
        )
        old.delete()


def link_counterpart(briefing: Briefing, that_day: list[Briefing] | None = None) -> None:
    """Link a briefing with the same day's briefing of its source in the other language.

    `that_day` is the source's briefings of that day as read before this import, if known.
    """
    if briefing.counterpart_id or briefing.sequence != 1:
        return
    if that_day is None:
        that_day = list(Briefing.objects.filter(source=briefing.source, date=briefing.date))
    other = next(
        (
            b
            for b in sorted(that_day, key=lambda b: b.pk)
            if b.sequence == 1
            and b.counterpart_id is None
            and b.language != briefing.language
            and b.pk != briefing.pk
        ),
        None,
    )
    if other is None:
        return
    Briefing.objects.filter(pk=briefing.pk).update(counterpart=other)
    Briefing.objects.filter(pk=other.pk).update(counterpart=briefing)
    briefing.counterpart = other
