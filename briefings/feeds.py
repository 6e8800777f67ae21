"""Feeds: the latest briefings, and the newest exchanges of a topic, an entity, a
spokesperson, an outlet or any search.

Every feed is Atom at `…/feed/` and RSS 2.0 beside it at `…/feed/rss/`. An exchange's
entry links its permalink and carries its date, its asker (as the entry's author) and
the question and answers in full. The exchanges are those of the matching page, read
through the same QuerySets and, for a search, the same filters (`SearchFilterSet`), so
a filter that works on a page works the same in its feed.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import OrderBy
from django.db.models.expressions import RawSQL
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
)
from django.urls import URLPattern, path, reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe

from .citations import absolute_url
from .entities import mentioning_questions
from .filters import SearchFilterSet
from .models import (
    Briefing,
    BriefingQuerySet,
    Entity,
    EntitySlugRedirect,
    Question,
    QuestionQuerySet,
)
from .parsing.markup import as_html, without_deletions
from .search.results import EXACT_COST, estimated_matches
from .topics import find_topic, tagged_questions

FEED_LENGTH = 30
# XML 1.0 cannot carry these; a transcript keeps them, a feed shows a space.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Search parameters that change how a page shows results, not which: a feed leaves them out.
DISPLAY_PARAMS = {"page", "sort", "normalise", "exact"}


def xml_safe(text: str) -> str:
    """Text that XML 1.0 can carry: control characters become spaces."""
    return NOT_IN_XML.sub(" ", text)


def feed_query(params: Any) -> str:
    """A search's query string as its feed keeps it: the query and filters, in order."""
    kept = params.copy()
    for name in DISPLAY_PARAMS:
        kept.pop(name, None)
    return kept.urlencode()


class LatestBriefingsFeed(Feed):
    """The newest published briefings, each with its spokespersons and first questions."""

    feed_type = Atom1Feed
    title = "Briefing Archive: latest briefings"
    subtitle = description = "Government press briefings, newest first."

    def link(self) -> str:
        return absolute_url(None, reverse("briefings:briefing_list"))

    def items(self) -> BriefingQuerySet:
        return Briefing.objects.published().for_listing().with_openings()[:FEED_LENGTH]

    def item_title(self, item: Briefing) -> str:
        return xml_safe(str(item))

    def item_description(self, item: Briefing) -> str:
        people = ", ".join(person.name for person in item.spokespersons.all())
        questions = getattr(item, "opening_questions", [])
        openings = "; ".join(without_deletions(q.text)[:120] for q in questions)
        lines = [f"{item.source.name}, {item.date:%-d %B %Y}"]
        if people:
            lines.append(f"Spokesperson: {people}")
        if openings:
            lines.append(f"First questions: {openings}")
        # Atom's summary is type="html": readers render it, so the transcript's text is escaped.
        return xml_safe(linebreaks(escape("\n".join(lines))))

    def item_link(self, item: Briefing) -> str:
        return absolute_url(None, item.get_absolute_url())

    def item_pubdate(self, item: Briefing) -> datetime.datetime:
        return datetime.datetime.combine(item.date, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, item: Briefing) -> datetime.datetime:
        return item.updated_at


@dataclass
class Channel:
    """What one exchange feed follows: its title, the page it mirrors, its exchanges."""

    title: str
    description: str
    page: str
    address: str
    questions: QuestionQuerySet


class Moved(Exception):
    """The feed's subject answers at another address now (a renamed slug)."""


class BadQuery(Exception):
    """A search feed's query string names something that does not exist."""


class ExchangeFeed(Feed):
    """The newest exchanges of a channel, one entry per exchange, linking its permalink."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except Moved as moved:
            return HttpResponsePermanentRedirect(str(moved))
        except BadQuery as bad:
            return HttpResponseBadRequest(str(bad), content_type="text/plain; charset=utf-8")

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Channel:
        return self.channel(request, **kwargs)

    def channel(self, request: HttpRequest, **kwargs: Any) -> Channel:
        """The channel a request asks for; Http404, Moved or BadQuery when there is none."""
        raise NotImplementedError

    def title(self, channel: Channel) -> str:
        return xml_safe(channel.title)

    def subtitle(self, channel: Channel) -> str:
        return xml_safe(channel.description)

    def description(self, channel: Channel) -> str:
        return xml_safe(channel.description)

    def link(self, channel: Channel) -> str:
        return channel.page

    def feed_url(self, channel: Channel) -> str:
        return channel.address

    def items(self, channel: Channel) -> list[Question]:
        return list(channel.questions.for_listing()[:FEED_LENGTH])

    def item_title(self, item: Question) -> str:
        words = " ".join(without_deletions(item.text).split())
        short = words if len(words) <= 90 else words[:89].rsplit(" ", 1)[0] + "…"
        return xml_safe(f"{item.asker_heading}, {item.briefing.date:%-d %B %Y}: {short}")

    def item_description(self, item: Question) -> str:
        """The exchange in full as HTML: each turn a paragraph, led by who spoke."""
        turns = [(item.transcript_label, item.text)]
        turns += [(answer.speaker_label or "Answer", answer.text) for answer in item.answer_list]
        paragraphs = [
            (label if n == 0 else "", paragraph)
            for label, text in turns
            for n, paragraph in enumerate(p for p in text.split("\n\n") if p.strip())
        ]
        html = format_html_join(
            "\n",
            "<p>{}{}</p>",
            (
                # Struck-out words as the page shows them, in <del>; the rest escaped.
                (format_html("<strong>{}:</strong> ", label) if label else "", paragraph_html)
                for label, paragraph in paragraphs
                for paragraph_html in [mark_safe(as_html(paragraph))]  # escaped by as_html
            ),
        )
        return xml_safe(str(html))

    def item_link(self, item: Question) -> str:
        return absolute_url(None, item.get_absolute_url())

    def item_author_name(self, item: Question) -> str:
        return xml_safe(item.asker_heading)

    def item_pubdate(self, item: Question) -> datetime.datetime:
        return datetime.datetime.combine(item.briefing.date, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, item: Question) -> datetime.datetime:
        return item.briefing.updated_at

    def item_categories(self, item: Question) -> list[str]:
        return [xml_safe(topic.name) for topic in item.tagged_topics]


def moved_to(request: HttpRequest, slug: str) -> Moved:
    """The same feed under a subject's current slug."""
    return Moved(reverse(request.resolver_match.view_name, kwargs={"slug": slug}))  # type: ignore[union-attr]


def subject_channel(
    request: HttpRequest, title: str, description: str, page: str, questions: QuestionQuerySet
) -> Channel:
    return Channel(
        title=f"{title} — Briefing Archive",
        description=description,
        page=absolute_url(request, page),
        address=absolute_url(request, request.path),
        questions=questions.newest_first(),
    )


class TopicFeed(ExchangeFeed):
    """The newest exchanges tagged with a topic."""

    def channel(self, request: HttpRequest, **kwargs: Any) -> Channel:
        topic = find_topic(kwargs["slug"])
        if topic.slug != kwargs["slug"]:
            raise moved_to(request, topic.slug)
        return subject_channel(
            request,
            topic.name,
            f"Press briefing exchanges about {topic.name}, newest first.",
            topic.get_absolute_url(),
            tagged_questions(topic),
        )


def find_entity(request: HttpRequest, slug: str) -> Entity:
    """The entity with a slug; Moved for a former slug, Http404 for an unknown one."""
    entity = EntitySlugRedirect.resolve(Entity.objects.all(), slug)
    if entity is None:
        raise Http404("Nobody by that name in the archive.")
    if entity.slug != slug:
        raise moved_to(request, entity.slug)
    return entity


class EntityFeed(ExchangeFeed):
    """The newest exchanges that name an entity."""

    def channel(self, request: HttpRequest, **kwargs: Any) -> Channel:
        entity = find_entity(request, kwargs["slug"])
        return subject_channel(
            request,
            entity.name,
            f"Press briefing exchanges that name {entity.name}, newest first.",
            reverse("briefings:entity", args=[entity.slug]),
            mentioning_questions(entity),
        )


class SpokespersonFeed(ExchangeFeed):
    """The newest exchanges a spokesperson answered."""

    def channel(self, request: HttpRequest, **kwargs: Any) -> Channel:
        entity = find_entity(request, kwargs["slug"])
        return subject_channel(
            request,
            entity.name,
            f"Exchanges {entity.name} answered at press briefings, newest first.",
            reverse("briefings:spokesperson", args=[entity.slug]),
            Question.objects.published().answered_by(entity),
        )


class OutletFeed(ExchangeFeed):
    """The newest exchanges an outlet's reporters opened."""

    def channel(self, request: HttpRequest, **kwargs: Any) -> Channel:
        entity = find_entity(request, kwargs["slug"])
        return subject_channel(
            request,
            entity.name,
            f"Questions {entity.name} asked at press briefings, newest first.",
            reverse("briefings:outlet", args=[entity.slug]),
            Question.objects.published().asked_by(entity),
        )


class SearchFeed(ExchangeFeed):
    """The newest exchanges a search finds: /search/'s query and filters, newest first."""

    def channel(self, request: HttpRequest, **kwargs: Any) -> Channel:
        filterset = SearchFilterSet(request.GET or None, queryset=Question.objects.published())
        if filterset.is_bound and not filterset.is_valid():
            raise BadQuery("\n".join(filterset.problems()))
        query = feed_query(request.GET)
        data = filterset.form.cleaned_data if filterset.is_bound else {}
        words = (data.get("q") or "").strip()
        chosen = [
            f"{name} {request.GET[name]}"
            for name in filterset.filters
            if name != "q" and name not in DISPLAY_PARAMS and request.GET.get(name)
        ]
        title = f"Search: {words}" if words else "Search"
        if chosen:
            title += f" ({', '.join(chosen)})"
        page = reverse("briefings:search") + "?" + "&".join(filter(None, [query, "sort=newest"]))
        address = request.path + (f"?{query}" if query else "")
        return Channel(
            title=f"{title} — Briefing Archive",
            description="Press briefing exchanges this search finds, newest first.",
            page=absolute_url(request, page),
            address=absolute_url(request, address),
            questions=newest_matches(filterset.qs),
        )


def newest_matches(questions: QuestionQuerySet) -> QuestionQuerySet:
    """The matches in the search page's newest-first order, found the quick way round.

    PostgreSQL walks exchanges by date (question_date_id) until it has a feed's worth,
    which is quick for a common word and reads the whole archive for a word found
    nowhere. When the planner expects few matches to read (search's EXACT_COST), they
    are found through the word index first and then sorted: ordering by an expression
    keeps it from walking the date index.
    """
    matches = questions.order_by().values_list("id")
    _, cost = estimated_matches(*matches.query.sql_with_params())
    if cost > EXACT_COST:
        return questions.order_by("-briefing_date", "-id")
    by_date = RawSQL('"briefings_question"."briefing_date" + 0', [])
    return questions.order_by(OrderBy(by_date, descending=True), "-id")


def rss(feed: type[Feed]) -> type[Feed]:
    """The RSS 2.0 twin of an Atom feed."""
    return type(f"{feed.__name__}Rss", (feed,), {"feed_type": Rss201rev2Feed})


def feed_paths(route: str, feed: type[Feed], name: str) -> list[URLPattern]:
    """A feed at `route` (Atom) and its RSS twin at `route` + `rss/`."""
    return [path(route, feed(), name=name), path(f"{route}rss/", rss(feed)(), name=f"{name}_rss")]


urlpatterns = [
    *feed_paths("briefings/feed/", LatestBriefingsFeed, "feed"),
    *feed_paths("topics/<slug:slug>/feed/", TopicFeed, "topic_feed"),
    *feed_paths("entities/<slug:slug>/feed/", EntityFeed, "entity_feed"),
    *feed_paths("spokespersons/<slug:slug>/feed/", SpokespersonFeed, "spokesperson_feed"),
    *feed_paths("outlets/<slug:slug>/feed/", OutletFeed, "outlet_feed"),
    *feed_paths("search/feed/", SearchFeed, "search_feed"),
]
