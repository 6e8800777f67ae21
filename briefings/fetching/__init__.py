"""Fetching briefings from their sources' sites: politely, keeping the original bytes.

`fetch_briefings` (the command's whole work) walks each source's index newest first
(`walk`), fetches every briefing page it lists with the polite client (`client`: robots.txt,
a pause between requests, conditional requests, retries that back off), keeps the page's
bytes and imports it through the one importer in a single transaction (`pages`), and
records the run for the admin (`run`: one run at a time, by a PostgreSQL advisory lock).
What depends on one site's markup lives in one layout module per site (`fmprc`), and each
source is a declaration in `sources`.
"""

from .client import FetchFailed, PoliteClient
from .run import AlreadyRunning, exclusive_run, fetch_briefings
from .sources import SOURCES, FetchSource, get_sources
from .walk import FetchOptions, Report, SourceTally

__all__ = [
    "SOURCES",
    "AlreadyRunning",
    "FetchFailed",
    "FetchOptions",
    "FetchSource",
    "PoliteClient",
    "Report",
    "SourceTally",
    "exclusive_run",
    "fetch_briefings",
    "get_sources",
]
