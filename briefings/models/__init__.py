"""The archive's data: briefings, their exchanges, and the people and topics they touch.

A briefing's transcript arrives as turns in order. Questions and answers make up the
exchanges readers cite; statements (opening remarks, announcements) and notes (stage
directions on their own line) keep their place between them, so the whole transcript
can be shown in order and nothing is lost. Every imported transcript is kept as a
revision, and every exchange number that ever answered keeps answering (see
`ExchangePermalink`).

By concern: `briefings` (sources, briefings, revisions, permalinks), `exchanges`
(questions, answers, statements), `curation` (entities, topics, tags, mentions),
`alignment` (a briefing beside its other-language version), `fetching` (pages fetched
from a source's site, runs of the fetcher), `slugs`, and `versions` (the number every
write raises, for caching). Everything is importable from here, as
`from briefings.models import Briefing`.
"""

from ..parsing.labels import (
    is_anonymous_asker,
    is_follow_up_label,
    normalize_alias,
    unnamed_asker_label,
)
from ..parsing.transcript import LANGUAGES
from .alignment import AlignedPair, AlignedPairQuerySet
from .briefings import (
    Briefing,
    BriefingPermalink,
    BriefingQuerySet,
    ExchangePermalink,
    Source,
    TranscriptRevision,
)
from .curation import (
    Entity,
    EntityAlias,
    EntityQuerySet,
    EntitySlugRedirect,
    ExchangeTopic,
    Mention,
    Topic,
    TopicQuerySet,
    TopicSlugRedirect,
)
from .exchanges import (
    SEARCH_COPIES,
    Answer,
    MonthTotal,
    Question,
    QuestionQuerySet,
    Statement,
)
from .fetching import FetchedPage, FetchedPageQuerySet, FetchRun
from .slugs import SlugRedirect, slug_from_name, unique_slug
from .versions import ArchiveVersion, Version, current_version

__all__ = [
    "AlignedPair",
    "AlignedPairQuerySet",
    "LANGUAGES",
    "SEARCH_COPIES",
    "Answer",
    "ArchiveVersion",
    "Briefing",
    "BriefingPermalink",
    "BriefingQuerySet",
    "Entity",
    "EntityAlias",
    "EntityQuerySet",
    "EntitySlugRedirect",
    "ExchangePermalink",
    "ExchangeTopic",
    "FetchRun",
    "FetchedPage",
    "FetchedPageQuerySet",
    "Mention",
    "MonthTotal",
    "Question",
    "QuestionQuerySet",
    "SlugRedirect",
    "Source",
    "Statement",
    "Topic",
    "TopicQuerySet",
    "TopicSlugRedirect",
    "TranscriptRevision",
    "Version",
    "current_version",
    "is_anonymous_asker",
    "is_follow_up_label",
    "normalize_alias",
    "slug_from_name",
    "unique_slug",
    "unnamed_asker_label",
]
