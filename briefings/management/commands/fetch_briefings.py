"""Fetch new and corrected briefings from their sources' sites and import them."""

from __future__ import annotations

import datetime
import sys
from argparse import ArgumentTypeError
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from briefings.fetching import (
    SOURCES,
    AlreadyRunning,
    FetchOptions,
    FetchSource,
    Report,
    fetch_briefings,
    get_sources,
)
from briefings.fetching.index import IndexEntry


class Command(BaseCommand):
    help = (
        "Fetch briefings from the sources' sites (newest first; by default until an index "
        f"page holds nothing new) and import them. Sources: {', '.join(SOURCES)}. Prints a "
        "summary line per source; exits 1 when any page failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("sources", nargs="+", metavar="SOURCE", help=", ".join(SOURCES))
        parser.add_argument(
            "--index-url",
            action="append",
            default=[],
            metavar="URL",
            help=(
                "read a mirror instead: the first index page of the SOURCE (repeat it for "
                "several, in their order), or one address standing for the whole site's "
                "(http://127.0.0.1:8001 for https://www.fmprc.gov.cn, the paths kept)"
            ),
        )
        parser.add_argument(
            "--max-pages", type=_positive, metavar="N", help="read at most N index pages a source"
        )
        parser.add_argument(
            "--since",
            type=_day,
            metavar="YYYY-MM-DD",
            help="walk back to this day, whatever is already stored (a backfill)",
        )
        parser.add_argument(
            "--delay",
            type=_seconds,
            default=2.0,
            metavar="SECONDS",
            help="pause between requests to a host (default 2)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="fetch and check everything, store nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            sources = get_sources(list(options["sources"]))
        except KeyError as error:
            raise CommandError(error.args[0]) from None
        fetch = FetchOptions(
            index_urls=_index_urls(sources, list(options["index_url"])),
            max_pages=options["max_pages"],
            since=options["since"],
            delay=options["delay"],
            dry_run=options["dry_run"],
        )
        try:
            tallies = fetch_briefings(sources, fetch, CommandReport(self, options["verbosity"]))
        except AlreadyRunning as error:
            raise CommandError(str(error)) from None
        if fetch.dry_run:
            self.stdout.write("Dry run: nothing was stored.")
        failed = sum(tally.failed for tally in tallies)
        if failed:
            raise CommandError(f"{failed} page(s) failed; see above", returncode=1)


class CommandReport(Report):
    """Log lines on stdout (one per event, for a cron mail), a progress bar on a terminal."""

    def __init__(self, command: BaseCommand, verbosity: int) -> None:
        self.command = command
        self.verbosity = verbosity
        self.bar: tqdm[IndexEntry] | None = None

    def line(self, text: str) -> None:
        if self.verbosity >= 1:
            self._write(text)

    def failure(self, text: str) -> None:
        self._write(text)  # whatever the verbosity: a cron mail must say what failed

    def detail(self, text: str) -> None:
        if self.verbosity >= 2:
            self._write(text)

    def pages(self, entries: list[IndexEntry], label: str) -> Iterable[IndexEntry]:
        self.bar = tqdm(
            entries,
            desc=label,
            unit="page",
            file=sys.stderr,
            leave=False,
            disable=not sys.stderr.isatty(),  # a bar only for a person watching
        )
        return self.bar

    def _write(self, text: str) -> None:
        if self.bar is not None and not self.bar.disable:
            self.bar.write(text, file=sys.stdout)
        else:
            self.command.stdout.write(text)


def _index_urls(sources: list[FetchSource], urls: list[str]) -> dict[str, str]:
    """Each source's first index page on the mirror the --index-url options name."""
    for url in urls:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise CommandError(f"--index-url must be an http(s) address, not {url!r}")
    if not urls:
        return {}
    # A bare address (no path) stands for the whole site, whatever the number of sources.
    if len(urls) == 1 and (len(sources) > 1 or urlsplit(urls[0]).path in ("", "/")):
        return {source.slug: source.mirrored(urls[0]) for source in sources}
    if len(urls) == len(sources):
        return {source.slug: url for source, url in zip(sources, urls, strict=True)}
    raise CommandError(
        f"{len(urls)} --index-url options for {len(sources)} sources: give one per SOURCE, "
        "or one for the whole site"
    )


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise ArgumentTypeError(f"must be 1 or more, not {number}")
    return number


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"not a day as YYYY-MM-DD: {value!r}") from None


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not 0 <= seconds <= 3600:
        raise ArgumentTypeError(f"must be between 0 and 3600 seconds, not {value}")
    return seconds
