"""Topics on exchanges: editors' tags, keyword suggestions, and the queue between them.

An `ExchangeTopic` row is one topic on one exchange. Manual and accepted rows are the
exchange's topics; suggested rows wait in the queue; rejected rows stay, so that a
suggestion an editor turned down is never made again.

Every function here writes in a fixed number of queries whatever the number of
exchanges, and records each change in the rows' history with the editor who made it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from .linking import (
    AFTER_WORD_START,
    CJK,
    WORD_END,
    batches,
    delete_rows,
    exchange_texts,
    insert_rows,
)
from .models import Entity, ExchangeTopic, Question, QuestionQuerySet, Topic, TopicSlugRedirect

Status = ExchangeTopic.Status


def record_history(
    links: Iterable[ExchangeTopic], history_type: str, user: User | AnonymousUser | None
) -> None:
    """Write history rows ('+' added, '~' changed, '-' removed) for links in one query."""
    history = ExchangeTopic.history.model
    now = timezone.now()
    user = user if user is not None and user.is_authenticated else None
    fields = [f.attname for f in history.tracked_fields]
    rows = [
        history(
            history_date=now,
            history_user=user,
            history_type=history_type,
            history_change_reason="",
            **{name: getattr(link, name) for name in fields},
        )
        for link in links
    ]
    history.objects.bulk_create(rows)


@transaction.atomic
def add_topics(
    question_ids: Sequence[int], topics: Sequence[Topic], user: User | AnonymousUser | None = None
) -> int:
    """Tag exchanges with topics; returns how many tags were added (already tagged count 0)."""
    ids, topic_ids = list(question_ids), [t.pk for t in topics]
    existing = {
        (link.question_id, link.topic_id): link
        for link in ExchangeTopic.objects.filter(question_id__in=ids, topic_id__in=topic_ids)
    }
    creator = user if user is not None and user.is_authenticated else None
    changed: list[ExchangeTopic] = []
    for qid in ids:
        for tid in topic_ids:
            link = existing.get((qid, tid))
            if link is not None and link.status in ExchangeTopic.TAGGED:
                continue
            # A suggestion (waiting or rejected) becomes the editor's own tag.
            changed.append(
                ExchangeTopic(
                    question_id=qid,
                    topic_id=tid,
                    status=Status.MANUAL,
                    created_by=creator,
                    created_at=timezone.now(),
                )
            )
    saved = ExchangeTopic.objects.bulk_create(
        changed,
        update_conflicts=True,
        unique_fields=["question", "topic"],
        update_fields=["status", "created_by"],
    )
    record_history(saved, "+", user)
    return len(saved)


@transaction.atomic
def remove_topics(
    question_ids: Sequence[int], topics: Sequence[Topic], user: User | AnonymousUser | None = None
) -> int:
    """Take topics off exchanges; returns how many tags were removed."""
    tagged = ExchangeTopic.objects.filter(
        question_id__in=list(question_ids),
        topic__in=list(topics),
        status__in=ExchangeTopic.TAGGED,
    )
    links = list(tagged)
    record_history(links, "-", user)
    delete_rows(ExchangeTopic, [link.pk for link in links])
    return len(links)


@transaction.atomic
def set_exchange_topics(
    wanted: Mapping[int, set[int]], user: User | AnonymousUser | None = None
) -> tuple[int, int]:
    """Make each exchange's tags exactly the topic ids given; returns (added, removed)."""
    ids = list(wanted)
    links = ExchangeTopic.objects.filter(question_id__in=ids)
    current = {(link.question_id, link.topic_id): link for link in links}
    removed = [
        link
        for (qid, tid), link in current.items()
        if link.status in ExchangeTopic.TAGGED and tid not in wanted[qid]
    ]
    additions: dict[int, list[int]] = {}
    for qid, topic_ids in wanted.items():
        for tid in topic_ids:
            link = current.get((qid, tid))
            if link is None or link.status not in ExchangeTopic.TAGGED:
                additions.setdefault(tid, []).append(qid)
    creator = user if user is not None and user.is_authenticated else None
    new = [
        ExchangeTopic(
            question_id=qid,
            topic_id=tid,
            status=Status.MANUAL,
            created_by=creator,
            created_at=timezone.now(),
        )
        for tid, qids in additions.items()
        for qid in qids
    ]
    saved = ExchangeTopic.objects.bulk_create(
        new,
        update_conflicts=True,
        unique_fields=["question", "topic"],
        update_fields=["status", "created_by"],
    )
    record_history(saved, "+", user)
    record_history(removed, "-", user)
    delete_rows(ExchangeTopic, [link.pk for link in removed])
    return len(saved), len(removed)


@transaction.atomic
def review_suggestions(
    links: QuerySet[ExchangeTopic], accept: bool, user: User | AnonymousUser | None = None
) -> int:
    """Accept or reject waiting suggestions; returns how many were reviewed."""
    waiting = list(links.filter(status=Status.SUGGESTED))
    status = Status.ACCEPTED if accept else Status.REJECTED
    for link in waiting:
        link.status = status
    ExchangeTopic.objects.filter(pk__in=[link.pk for link in waiting]).update(status=status)
    record_history(waiting, "~", user)
    return len(waiting)


def find_topic(slug: str) -> Topic:
    """The topic with a slug, or the one whose former slug it is; else 404."""
    topic = TopicSlugRedirect.resolve(Topic.objects.select_related("parent"), slug)
    if topic is None:
        raise Http404("There is no topic at this address.")
    return topic


# --- Keyword rules ---------------------------------------------------------------


def keyword_pattern(keyword: str) -> str:
    """A rule as a regular expression: a Chinese one anywhere, an English one as whole words."""
    keyword = " ".join(keyword.split())
    if CJK.search(keyword):
        return re.escape(keyword)
    # The word start is checked after the first character, as in linking.alias_parts:
    # the same test, but the regex engine then jumps to where that character is.
    first, rest = keyword[0], keyword[1:]
    words = r"\s+".join(re.escape(word) for word in rest.split(" "))
    return re.escape(first) + AFTER_WORD_START + words + WORD_END


def topic_rule(topic: Topic) -> re.Pattern[str] | None:
    """One pattern for all a topic's keyword lines, or None when it has none."""
    keywords = sorted(topic.keyword_list(), key=len, reverse=True)
    if not keywords:
        return None
    return re.compile("|".join(keyword_pattern(k) for k in keywords), re.IGNORECASE)


@dataclass
class SuggestReport:
    """What a suggestion run changed."""

    exchanges: int = 0
    suggested: int = 0
    withdrawn: int = 0  # waiting suggestions whose rule no longer matches

    def __str__(self) -> str:
        return (
            f"{self.exchanges} exchanges: {self.suggested} suggestions added, "
            f"{self.withdrawn} withdrawn"
        )


def suggest_topics(
    question_ids: Sequence[int] | None = None, topics: Iterable[Topic] | None = None
) -> SuggestReport:
    """Suggest topics whose keyword rules match these exchanges (all when None).

    An exchange already tagged with, suggested for or rejected from a topic is left as
    it is; a waiting suggestion whose rule no longer matches is withdrawn.
    """
    rules = keyword_rules(topics)
    report = SuggestReport()
    if not rules:
        return report
    for ids in batches(question_ids):
        with transaction.atomic():
            suggest_for_texts(exchange_texts(ids), rules, report=report)
    return report


def keyword_rules(topics: Iterable[Topic] | None = None) -> dict[int, re.Pattern[str]]:
    """Each topic's rule by topic id, for topics with keyword lines (all topics when None)."""
    return {
        topic.pk: rule
        for topic in (topics if topics is not None else Topic.objects.exclude(keywords=""))
        if (rule := topic_rule(topic)) is not None
    }


def suggest_for_texts(
    texts: Mapping[int, str],
    rules: Mapping[int, re.Pattern[str]],
    fresh: Collection[int] = (),
    report: SuggestReport | None = None,
) -> SuggestReport:
    """Suggest topics for exchanges given with their text (see exchange_texts), by these rules.

    The importer calls this with the texts it has just stored; `fresh` exchanges were
    created in the same transaction, so they have no topics to read back.
    """
    report = report if report is not None else SuggestReport()
    if not rules:
        return report
    report.exchanges += len(texts)
    stored = [qid for qid in texts if qid not in fresh]
    existing = {
        (link.question_id, link.topic_id): link
        for link in (
            ExchangeTopic.objects.filter(question_id__in=stored, topic_id__in=list(rules))
            if stored
            else []
        )
    }
    new: list[tuple[int, int]] = []  # (question, topic)
    stale: list[int] = []
    for qid, text in texts.items():
        for tid, rule in rules.items():
            link = existing.get((qid, tid))
            matches = rule.search(text) is not None
            if matches and link is None:
                new.append((qid, tid))
            elif not matches and link is not None and link.status == Status.SUGGESTED:
                stale.append(link.pk)
    now = timezone.now()
    insert_rows(
        ExchangeTopic,
        ["question", "topic", "status", "created_by", "created_at"],
        [(qid, tid, Status.SUGGESTED, None, now) for qid, tid in new],
        ignore_conflicts=True,
    )
    delete_rows(ExchangeTopic, stale)
    report.suggested += len(new)
    report.withdrawn += len(stale)
    return report


# --- What a topic's page shows ---------------------------------------------------


def tagged_questions(topic: Topic) -> QuestionQuerySet:
    """The published exchanges tagged with a topic (suggestions do not count)."""
    tagged = ExchangeTopic.objects.filter(topic=topic, status__in=ExchangeTopic.TAGGED)
    return Question.objects.published().filter(pk__in=tagged.values("question_id"))


def monthly_counts(questions: QuerySet[Question]) -> dict[str, int]:
    """How many of these exchanges fall in each month, as {'YYYY-MM': n} (one query)."""
    rows = (
        questions.order_by()
        .annotate(month=TruncMonth("briefing__date"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    return {f"{row['month']:%Y-%m}": row["n"] for row in rows}


def related_topics(topic: Topic, questions: QuerySet[Question], limit: int = 8) -> list[Topic]:
    """Topics most often tagged on the same exchanges, with `shared` counts."""
    return list(
        Topic.objects.filter(
            exchange_links__status__in=ExchangeTopic.TAGGED,
            exchange_links__question__in=questions.values("pk"),
        )
        .exclude(pk=topic.pk)
        .annotate(shared=Count("exchange_links"))
        .order_by("-shared", "name")[:limit]
    )


def top_spokespersons(questions: QuerySet[Question], limit: int = 5) -> list[Entity]:
    """Who answered these exchanges most often, with `exchanges` counts."""
    return list(
        Entity.objects.filter(answers_given__question__in=questions.values("pk"))
        .annotate(exchanges=Count("answers_given__question", distinct=True))
        .order_by("-exchanges", "name")[:limit]
    )


def top_outlets(questions: QuerySet[Question], limit: int = 5) -> list[Entity]:
    """Which outlets asked these exchanges most often, with `exchanges` counts."""
    return list(
        Entity.objects.filter(questions_asked__in=questions.values("pk"))
        .annotate(exchanges=Count("questions_asked"))
        .order_by("-exchanges", "name")[:limit]
    )
