"""Walking a source's index, newest first: which pages to read and when to stop.

By default the walk is incremental: it reads index pages until one lists nothing it has
not fetched before (every briefing it lists has a stored page), fetching each listed
briefing again only conditionally, so a correction published on a recent page becomes a
revision. `since` walks back to a day instead, whatever is already stored: the backfill.
`max_pages` bounds either walk, and the index's own page count ends it.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..importer import ImportRun
from ..models import FetchedPage
from ..parsing import TranscriptError
from ..parsing.decoding import decode_bytes
from .client import FetchFailed, PoliteClient
from .index import IndexEntry, IndexPage
from .pages import PageOutcome, PageRejected, take_page
from .sources import FetchSource

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchOptions:
    """How far to walk and how: the command's options."""

    # The first index page to read instead of a source's own (a mirror), by source slug.
    index_urls: dict[str, str] = field(default_factory=dict)
    max_pages: int | None = None
    since: datetime.date | None = None
    delay: float = 2.0
    dry_run: bool = False


@dataclass
class SourceTally:
    """What a walk of one source did, for its summary line."""

    source: str
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        """The one line a cron mail shows for this source."""
        return (
            f"{self.source}: {self.new} new, {self.revised} revised, {self.unchanged} unchanged, "
            f"{self.skipped} skipped as not a press conference, {self.failed} failed"
        )


class Report:
    """Where a walk says what it does; the command shows it, tests read it. Silent here."""

    def line(self, text: str) -> None:
        """A line for the log (a failure, a new briefing)."""

    def failure(self, text: str) -> None:
        """A line saying what failed and why."""
        self.line(text)

    def detail(self, text: str) -> None:
        """A line worth showing only when asked for more (-v 2)."""

    def pages(self, entries: list[IndexEntry], label: str) -> Iterable[IndexEntry]:
        """The entries, wrapped in a progress bar where someone is watching."""
        return entries


def walk_source(
    client: PoliteClient,
    source: FetchSource,
    options: FetchOptions,
    run: ImportRun,
    report: Report,
) -> SourceTally:
    """Read a source's index pages and take the briefings they list; never raises FetchFailed."""
    tally = SourceTally(source.slug)
    first_page = options.index_urls.get(source.slug) or source.index_url
    for number, index in _index_pages(client, source, first_page, options, tally, report):
        wanted: list[IndexEntry] = []
        reached_since = False
        for entry in index.entries:
            if options.since and entry.date and entry.date < options.since:
                reached_since = True
            elif not source.is_briefing(entry.title):
                tally.skipped += 1
                report.detail(f"{source.slug}: skipped (not a press conference): {entry.title}")
            else:
                wanted.append(entry)
        stored = FetchedPage.objects.latest_by_url([entry.url for entry in wanted])
        unseen = sum(entry.url not in stored for entry in wanted)
        count = f" of {index.page_count}" if index.page_count else ""
        report.detail(
            f"{source.slug}: index page {number + 1}{count}: {len(index.entries)} listed, "
            f"{len(wanted)} to read, {unseen} not fetched before"
        )
        label = f"{source.slug} p.{number + 1}"
        for entry in report.pages(wanted, label):
            _take(
                client,
                source,
                entry,
                first_page,
                stored.get(entry.url),
                run,
                options,
                tally,
                report,
            )
        if options.since:
            if reached_since:
                break  # the index is newest first: what follows is older still
        elif not unseen:
            break  # incremental: this page held nothing new, nor will older ones
    return tally


def _index_pages(
    client: PoliteClient,
    source: FetchSource,
    first_page: str,
    options: FetchOptions,
    tally: SourceTally,
    report: Report,
) -> Iterator[tuple[int, IndexPage]]:
    """The index's pages in order, until the index ends, max_pages, or one fails."""
    number, page_count = 0, None
    while (options.max_pages is None or number < options.max_pages) and (
        page_count is None or number < page_count
    ):
        url = source.layout.index_page_url(first_page, number)
        try:
            fetched = client.get(url)
            index = source.layout.read_index(decode_bytes(fetched.content), fetched.url)
        except (FetchFailed, TranscriptError) as error:
            _fail(tally, report, url, f"index page {number + 1}: {error}")
            return
        if not index.entries:
            _fail(tally, report, url, f"index page {number + 1} lists no pages (a new layout?)")
            return
        page_count = index.page_count or page_count
        yield number, index
        number += 1


def _take(
    client: PoliteClient,
    source: FetchSource,
    entry: IndexEntry,
    first_page: str,
    stored: FetchedPage | None,
    run: ImportRun,
    options: FetchOptions,
    tally: SourceTally,
    report: Report,
) -> None:
    official_url = source.official_url(entry.url, first_page)
    try:
        outcome = take_page(
            client,
            source,
            entry.url,
            official_url=official_url,
            stored=stored,
            run=run,
            dry_run=options.dry_run,
        )
    except (FetchFailed, PageRejected) as error:
        _fail(tally, report, entry.url, str(error))
        return
    except Exception as error:
        # A fault of the archive's own (its transaction rolled back): the page is reported
        # and tried again next run, the traceback logged, and the other pages go on.
        logger.exception("fetching %s", entry.url)
        _fail(tally, report, entry.url, f"could not be imported ({error!r})")
        return
    _count(tally, outcome)
    if outcome.status in ("new", "revised"):
        briefing = outcome.briefing
        where = f"{briefing.date} {briefing.get_absolute_url()}" if briefing else ""
        verb = "would be " + outcome.status if options.dry_run else outcome.status
        report.line(f"{source.slug}: {verb}: {where} ({outcome.exchanges} exchanges) {entry.url}")


def _count(tally: SourceTally, outcome: PageOutcome) -> None:
    if outcome.status == "new":
        tally.new += 1
    elif outcome.status == "revised":
        tally.revised += 1
    else:
        tally.unchanged += 1


def _fail(tally: SourceTally, report: Report, url: str, reason: str) -> None:
    tally.failures.append((url, reason))
    report.failure(f"{tally.source}: failed: {url}: {reason}")
