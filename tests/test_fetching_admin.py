"""Editors see the fetcher's last runs and open each page it kept, safely, as it arrived."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from briefings.models import Briefing, FetchedPage, FetchRun
from tests.factories import make_editor
from tests.site_replay import ZH_INDEX, Replay, run_fetch, serve_snapshot

pytestmark = pytest.mark.django_db

ZH_FOLDER = ZH_INDEX.rsplit("/", 1)[0]
JULY_2 = f"{ZH_FOLDER}/t1794237.shtml"
JULY_3 = f"{ZH_FOLDER}/t1794584.shtml"


@pytest.fixture
def fetched(client: Client) -> Iterator[Replay]:
    """A run of the Chinese index's first page, one page failing; an editor signed in."""
    with serve_snapshot() as site:
        site.faults[JULY_2] = "404"
        run_fetch(
            "mfa-zh", "--index-url", site.page_url(ZH_INDEX), "--max-pages", "1", "--delay", "0"
        )
        client.force_login(make_editor())
        yield site


def test_the_last_run_its_time_and_result_show_in_the_admin(
    client: Client, fetched: Replay
) -> None:
    run = FetchRun.objects.get()

    listing = client.get(reverse("admin:briefings_fetchrun_changelist")).content.decode()
    detail = client.get(reverse("admin:briefings_fetchrun_change", args=[run.pk])).content.decode()

    assert "some pages failed" in listing and "mfa-zh" in listing
    assert f"{run.started_at:%Y}" in listing
    assert (
        "mfa-zh: 12 new, 0 revised, 0 unchanged, 2 skipped as not a press conference, 1 failed"
        in detail
    )
    assert f"mfa-zh: failed: {fetched.page_url(JULY_2)}: HTTP 404 Not Found" in detail
    # Only the fetcher writes runs: editors read them.
    assert client.post(reverse("admin:briefings_fetchrun_delete", args=[run.pk])).status_code == 403


def test_an_editor_opens_the_original_page_as_text_never_as_a_live_page(
    client: Client, fetched: Replay
) -> None:
    briefing = Briefing.objects.get(date="2020-07-03", language="zh")
    page = FetchedPage.objects.get(url=fetched.page_url(JULY_3))
    original = reverse("admin:briefings_fetchedpage_original", args=[page.pk])

    # The briefing's page in the admin links its revision's original.
    change = client.get(reverse("admin:briefings_briefing_change", args=[briefing.pk]))
    assert original in change.content.decode()

    shown = client.get(original)
    assert shown.status_code == 200
    assert shown["Content-Type"] == "text/plain; charset=utf-8"
    assert "sandbox" in shown["Content-Security-Policy"]
    assert "default-src 'none'" in shown["Content-Security-Policy"]
    assert shown["X-Content-Type-Options"] == "nosniff"
    text = shown.content.decode()
    assert "2020年7月3日外交部发言人赵立坚主持例行记者会" in text
    assert "<script" in text  # the page's scripts are there to read, as text

    downloaded = client.get(original, {"download": "1"})
    assert downloaded.content == fetched.body(JULY_3)
    assert downloaded["Content-Disposition"] == 'attachment; filename="t1794584.shtml"'


def test_the_original_page_is_for_signed_in_editors_only(fetched: Replay) -> None:
    page = FetchedPage.objects.first()
    assert page is not None

    response = Client().get(reverse("admin:briefings_fetchedpage_original", args=[page.pk]))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
