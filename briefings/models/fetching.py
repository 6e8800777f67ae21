"""What the fetcher keeps: the pages it fetched, byte for byte, and a record of every run."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class FetchedPageQuerySet(models.QuerySet["FetchedPage"]):
    def without_content(self) -> FetchedPageQuerySet:
        """The pages' descriptions, not their bytes (lists and look-ups never need them)."""
        return self.defer("content")

    def latest_by_url(self, urls: list[str]) -> dict[str, FetchedPage]:
        """The newest stored fetch of each of these URLs that has one, without the bytes."""
        pages = (
            self.without_content()
            .filter(url__in=urls)
            .order_by("url", "-fetched_at", "-pk")
            .distinct("url")
        )
        return {page.url: page for page in pages}


class FetchedPage(models.Model):
    """A briefing page as the source's server sent it: the evidence a transcript came from.

    Stored only together with what was imported from it (one transaction), so a page here
    was read whole and imported, or found to hold a transcript the archive already had.
    A page fetched again with the same bytes is not stored twice.
    """

    url = models.URLField("URL", max_length=1000, help_text="The address it was fetched from.")
    fetch_source = models.CharField(
        max_length=40, blank=True, help_text="The fetch source that read it, e.g. mfa-en."
    )
    fetched_at = models.DateTimeField(default=timezone.now)
    status = models.PositiveSmallIntegerField("HTTP status")
    content_type = models.CharField(max_length=200, blank=True)
    etag = models.CharField("ETag", max_length=500, blank=True)
    last_modified = models.CharField(
        max_length=100, blank=True, help_text="The Last-Modified header as sent."
    )
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveIntegerField(help_text="Bytes.")
    content = models.BinaryField(help_text="The body exactly as received.")

    objects = FetchedPageQuerySet.as_manager()

    class Meta:
        ordering = ["-fetched_at", "-pk"]
        get_latest_by = "fetched_at"
        indexes = [models.Index(fields=["url", "-fetched_at"], name="fetchedpage_url_latest")]

    def __str__(self) -> str:
        return f"{self.url} ({self.fetched_at:%Y-%m-%d %H:%M})"


class FetchRun(models.Model):
    """One run of fetch_briefings: when, for which sources, and what came of it."""

    class Status(models.TextChoices):
        RUNNING = "running", "running"
        SUCCEEDED = "succeeded", "succeeded"
        FAILED = "failed", "some pages failed"
        INTERRUPTED = "interrupted", "interrupted"

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    sources = models.CharField(max_length=200, help_text="The fetch sources, e.g. mfa-en mfa-zh.")
    options = models.JSONField(default=dict, blank=True, help_text="The options it ran with.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    new = models.PositiveIntegerField(default=0)
    revised = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(
        default=0, help_text="Index entries that are not regular press conferences."
    )
    failed = models.PositiveIntegerField(default=0)
    report = models.TextField(blank=True, help_text="The summary per source and every failure.")

    class Meta:
        ordering = ["-started_at", "-pk"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"fetch of {self.sources} at {self.started_at:%Y-%m-%d %H:%M} ({self.status})"
