"""An Atom feed of the latest briefings."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .citations import absolute_url
from .models import Briefing, BriefingQuerySet


class LatestBriefingsFeed(Feed):
    """The newest published briefings, each with its spokespersons and first questions."""

    feed_type = Atom1Feed
    title = "Briefing Archive: latest briefings"
    subtitle = "Government press briefings, newest first."

    def link(self) -> str:
        return absolute_url(None, reverse("briefings:briefing_list"))

    def items(self) -> BriefingQuerySet:
        return Briefing.objects.published().for_listing().with_openings()[:30]

    def item_title(self, item: Briefing) -> str:
        return str(item)

    def item_description(self, item: Briefing) -> str:
        people = ", ".join(person.name for person in item.spokespersons.all())
        openings = "; ".join(q.text[:120] for q in getattr(item, "opening_questions", []))
        lines = [f"{item.source.name}, {item.date:%-d %B %Y}"]
        if people:
            lines.append(f"Spokesperson: {people}")
        if openings:
            lines.append(f"First questions: {openings}")
        return "\n".join(lines)

    def item_link(self, item: Briefing) -> str:
        return absolute_url(None, item.get_absolute_url())

    def item_pubdate(self, item: Briefing) -> datetime.datetime:
        return datetime.datetime.combine(item.date, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, item: Briefing) -> datetime.datetime:
        return item.updated_at
