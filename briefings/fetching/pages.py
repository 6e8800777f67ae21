"""One briefing page: fetched, checked, kept as evidence and imported, all or nothing."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from django.db import transaction

from ..importer import ImportRejected, ImportRun, import_transcript, read_transcript
from ..models import Briefing, FetchedPage, TranscriptRevision
from ..parsing import Hints, TranscriptError
from ..parsing.decoding import decode_bytes
from .client import Fetched, PoliteClient
from .sources import FetchSource

# What an HTML page may be served as; anything else is not a transcript page.
HTML_TYPES = ("text/html", "application/xhtml+xml")


class PageRejected(Exception):
    """A page arrived but is not a whole transcript; the message says why."""


@dataclass(frozen=True)
class PageOutcome:
    """What taking one page did: new, revised or unchanged (failures raise instead)."""

    status: str
    briefing: Briefing | None = None
    page: FetchedPage | None = None
    exchanges: int = 0


def take_page(
    client: PoliteClient,
    source: FetchSource,
    url: str,
    *,
    official_url: str,
    stored: FetchedPage | None,
    run: ImportRun,
    dry_run: bool = False,
) -> PageOutcome:
    """Fetch a briefing page and import it; FetchFailed or PageRejected when that fails.

    `stored` is the page's newest stored fetch, if any: the request is then conditional,
    and the same bytes again are not parsed again. Nothing is stored unless the whole
    page was read and imported (or found to hold a transcript the archive already has),
    and nothing at all on a dry run.
    """
    fetched = client.get(
        url,
        etag=stored.etag if stored else "",
        last_modified=stored.last_modified if stored else "",
    )
    digest = hashlib.sha256(fetched.content).hexdigest()
    if fetched.not_modified or (stored is not None and stored.sha256 == digest):
        return PageOutcome("unchanged", page=stored)
    text = _checked_text(source, fetched)
    hints = Hints(format="html", source=source.archive_source, language=source.language)
    try:
        text, parsed = read_transcript(text, hints, filename=url)
    except ImportRejected as error:
        raise PageRejected(f"not a transcript: {error}") from None
    if not parsed.official_url:
        parsed = dataclasses.replace(parsed, official_url=official_url)
    with transaction.atomic():
        page = None if dry_run else _store(source, url, fetched, digest)
        try:
            result = import_transcript(
                parsed,
                raw_text=text,
                filename=official_url,
                hints=hints,
                dry_run=dry_run,
                run=run,
            )
        except ImportRejected as error:
            raise PageRejected(str(error)) from None
        if page is not None and result.status != "unchanged":
            TranscriptRevision.objects.filter(pk=result.revision.pk).update(fetched_page=page)
    status = "new" if result.status == "imported" else result.status
    return PageOutcome(status, result.briefing, page, result.exchanges)


def _checked_text(source: FetchSource, fetched: Fetched) -> str:
    """The page decoded, when it is a whole HTML page; PageRejected otherwise."""
    media_type = fetched.content_type.split(";")[0].strip().lower()
    if media_type and media_type not in HTML_TYPES:
        raise PageRejected(f"not a transcript page: served as {media_type}")
    try:
        text = decode_bytes(fetched.content)
    except TranscriptError as error:
        raise PageRejected(f"not a transcript: {error}") from None
    if not source.layout.looks_complete(text):
        raise PageRejected(
            f"the page was cut short ({len(fetched.content):,} bytes, no closing </html>)"
        )
    return text


def _store(source: FetchSource, url: str, fetched: Fetched, digest: str) -> FetchedPage:
    # Kept under the address the index gave (even when the server redirected), so the
    # next run finds it and asks conditionally.
    return FetchedPage.objects.create(
        url=url[:1000],
        fetch_source=source.slug,
        status=fetched.status,
        content_type=fetched.content_type[:200],
        etag=fetched.etag[:500],
        last_modified=fetched.last_modified[:100],
        sha256=digest,
        size=len(fetched.content),
        content=fetched.content,
    )
