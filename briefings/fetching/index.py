"""An index page of a source's site as its layout module reads it: what it lists, in order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class IndexEntry:
    """One item of an index page: where it is, its title, and its day when the index says."""

    url: str
    title: str
    date: date | None


@dataclass(frozen=True)
class IndexPage:
    """An index page's items, in the order listed, and how many pages the index has."""

    entries: tuple[IndexEntry, ...]
    page_count: int | None
