"""Fetch sources: where a briefing room's transcripts are listed, and which items to take.

A fetch source is a declaration, not code: its first index page, its language, the
archive source it imports into, the module that reads its site's layout, and the
title rule that tells a briefing from the other items the index lists. Adding a
briefing room (the White House, the State Department) is one more entry here and, when
its site is laid out differently, one more small layout module beside `fmprc`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from . import fmprc
from .index import IndexPage


class SiteLayout(Protocol):
    """What a layout module (such as `fmprc`) offers: how its index is paged and read."""

    def index_page_url(self, first_page: str, number: int) -> str: ...

    def read_index(self, text: str, url: str) -> IndexPage: ...

    def looks_complete(self, text: str) -> bool: ...


@dataclass(frozen=True)
class FetchSource:
    """A list of briefings on a site, in one language, imported into one archive source."""

    slug: str
    name: str
    index_url: str
    language: str
    archive_source: str
    layout: SiteLayout
    briefing_title: re.Pattern[str]

    def is_briefing(self, title: str) -> bool:
        """Whether an index item is a briefing to import (else it is skipped and counted)."""
        return bool(self.briefing_title.search(title))

    def mirrored(self, mirror: str) -> str:
        """This source's first index page on a mirror of its whole site (`mirror` + path)."""
        return mirror.rstrip("/") + urlsplit(self.index_url).path

    def official_url(self, url: str, index_url: str) -> str:
        """The address on the source's own site of a page fetched from a mirror of it.

        A mirror (`--index-url`, a local replay) keeps the site's paths below the index, so
        a page's place relative to the mirror's index is its place relative to the real one.
        """
        mirror_folder = urljoin(index_url, ".")
        if index_url == self.index_url or not url.startswith(mirror_folder):
            return url
        return urljoin(self.index_url, url[len(mirror_folder) :])


SOURCES: dict[str, FetchSource] = {
    source.slug: source
    for source in (
        FetchSource(
            slug="mfa-en",
            name="Ministry of Foreign Affairs: regular press conferences (English)",
            index_url=(
                "https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/2511_665403/"
                "default.shtml"
            ),
            language="en",
            archive_source="mfa",
            layout=fmprc,
            # "Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference on
            # July 3, 2020"; the index lists nothing else, but a stray item is not taken.
            briefing_title=re.compile(r"\bRegular Press Conference\b", re.IGNORECASE),
        ),
        FetchSource(
            slug="mfa-zh",
            name="Ministry of Foreign Affairs: spokesperson's remarks (发言人表态), Chinese",
            index_url="https://www.fmprc.gov.cn/web/wjdt_674879/fyrbt_674889/default.shtml",
            language="zh",
            archive_source="mfa",
            layout=fmprc,
            # "2020年7月3日外交部发言人赵立坚主持例行记者会" (earlier years: "…举行例行记者会",
            # "…在例行记者会上答记者问"); the index mixes in statements and remarks
            # ("外交部发言人就…发表谈话", "…答记者问"), which are not regular press conferences.
            briefing_title=re.compile(r"例行记者会"),
        ),
    )
}


def get_sources(slugs: list[str]) -> list[FetchSource]:
    """The fetch sources of these slugs, in order; KeyError naming the unknown ones."""
    unknown = [slug for slug in slugs if slug not in SOURCES]
    if unknown:
        raise KeyError(
            f"unknown fetch source {', '.join(unknown)} (known: {', '.join(sorted(SOURCES))})"
        )
    return [SOURCES[slug] for slug in dict.fromkeys(slugs)]
