"""Sitemaps of the public pages: briefings and every exchange's permalink."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Briefing, BriefingQuerySet, Question, QuestionQuerySet


class BriefingSitemap(Sitemap):
    """Every published briefing."""

    changefreq = "monthly"

    def items(self) -> BriefingQuerySet:
        return Briefing.objects.published().order_by("-date", "pk")

    def lastmod(self, item: Briefing) -> datetime.datetime:
        return item.updated_at


class ExchangeSitemap(Sitemap):
    """Every published exchange: the permalinks readers cite."""

    changefreq = "yearly"

    def items(self) -> QuestionQuerySet:
        return (
            Question.objects.published()
            .select_related("briefing")
            .only("number", "briefing__date", "briefing__slug", "briefing__updated_at")
            .order_by("-briefing__date", "briefing_id", "number")
        )

    def lastmod(self, item: Question) -> datetime.datetime:
        return item.briefing.updated_at


class PageSitemap(Sitemap):
    """The home page and the list of briefings."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return ["briefings:home", "briefings:briefing_list"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "briefings": BriefingSitemap, "exchanges": ExchangeSitemap}
