"""The ministry's site as it was laid out until 2021 (www.fmprc.gov.cn): its index pages.

An index page lists items newest first, each `<li><a href="./t1794629.shtml">title</a>`
(the Chinese index adds the day, `(2020-07-03)`). Its pages are `default.shtml`,
`default_1.shtml`, … and their number is written by JavaScript, `var countPage = 67`:
there is no plain "next" link to follow. Everything that depends on this markup is here;
a source on another layout gets a module of its own with the same three functions.
"""

from __future__ import annotations

import re
import warnings
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

from ..parsing.dates import find_date
from .index import IndexEntry, IndexPage

PAGE_COUNT = re.compile(r"\bvar\s+countPage\s*=\s*(\d+)")
# An article page of the old layout: t<id>.shtml (t<id>_<n>.shtml for later parts).
ARTICLE = re.compile(r"(?:^|/)t\d+(?:_\d+)?\.shtml$")
FIRST_PAGE = re.compile(r"default\.s?html?$")


def index_page_url(first_page: str, number: int) -> str:
    """The address of the index's page `number` (0 is the first page itself)."""
    if number == 0:
        return first_page
    folder = FIRST_PAGE.sub("", first_page) if FIRST_PAGE.search(first_page) else first_page
    if not folder.endswith("/"):
        folder += "/"
    return f"{folder}default_{number}.shtml"


def read_index(text: str, url: str) -> IndexPage:
    """The articles an index page lists (links resolved against url) and its page count."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "html.parser")
    folder = urljoin(url, ".")
    entries: list[IndexEntry] = []
    seen: set[str] = set()
    for item in soup.find_all("li"):
        link = item.find("a", href=True)
        if link is None:
            continue
        href = str(link["href"]).strip()
        target = urljoin(url, href)
        # Only this index's own articles: the menus link other sections' pages.
        if not ARTICLE.search(urlsplit(target).path) or not target.startswith(folder):
            continue
        if target in seen:
            continue
        seen.add(target)
        title = " ".join(link.get_text(" ", strip=True).split())
        found = find_date(" ".join(item.get_text(" ", strip=True).split()))
        day = found.as_date() if found is not None and found.year else None
        entries.append(IndexEntry(target, title, day))
    count = PAGE_COUNT.search(text)
    return IndexPage(tuple(entries), int(count.group(1)) if count else None)


def looks_complete(text: str) -> bool:
    """Whether a page of this layout arrived whole: every one closes its html element."""
    return "</html>" in text[-2000:].lower()
