"""A page that fails is reported with its reason, leaves nothing behind, and is tried next run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from briefings.models import Briefing, FetchedPage, FetchRun
from tests.site_replay import ZH_INDEX, Replay, run_fetch, serve_snapshot

pytestmark = pytest.mark.django_db

JULY_2 = ZH_INDEX.rsplit("/", 1)[0] + "/t1794237.shtml"  # 2020年7月2日…主持例行记者会


@pytest.fixture
def site(settings: object) -> Iterator[Replay]:
    settings.FETCH_TIMEOUT = 0.3  # type: ignore[attr-defined]
    settings.FETCH_BACKOFF = 0.05  # type: ignore[attr-defined]
    settings.FETCH_RETRIES = 2  # type: ignore[attr-defined]
    with serve_snapshot() as replay:
        replay.slow = 1.0
        yield replay


def fetch(site: Replay) -> tuple[int, str]:
    return run_fetch(
        "mfa-zh", "--index-url", site.page_url(ZH_INDEX), "--max-pages", "1", "--delay", "0"
    )


@pytest.mark.parametrize(
    "fault, reason",
    [
        ("404", "HTTP 404 Not Found"),
        ("500", "HTTP 500 Internal Server Error after 3 tries"),
        ("slow", "no answer within 0.3 s (3 tries)"),
        ("truncated", "the answer was cut short"),
        ("garbage", "not a transcript: line 1: not a text file"),
        ("not-a-transcript", "not a transcript: line 1: no paragraphs in the page's body"),
    ],
)
def test_a_faulty_page_is_reported_and_leaves_nothing_behind(
    site: Replay, fault: str, reason: str
) -> None:
    site.faults[JULY_2] = fault

    status, output = fetch(site)

    assert status == 1
    assert f"mfa-zh: failed: {site.page_url(JULY_2)}: {reason}" in output
    # The others went on.
    assert (
        "mfa-zh: 12 new, 0 revised, 0 unchanged, 2 skipped as not a press conference, 1 failed"
        in output
    )
    assert "CommandError: 1 page(s) failed; see above" in output
    # Nothing of the failed page is stored: no briefing, no kept page.
    assert not Briefing.objects.filter(date="2020-07-02").exists()
    assert not FetchedPage.objects.filter(url__endswith="t1794237.shtml").exists()
    assert Briefing.objects.count() == 12
    run = FetchRun.objects.get()
    assert (run.status, run.new, run.failed) == ("failed", 12, 1)
    assert f"failed: {site.page_url(JULY_2)}: {reason}" in run.report


def test_a_page_that_failed_is_fetched_again_on_the_next_run(site: Replay) -> None:
    site.faults[JULY_2] = "404"
    fetch(site)
    del site.faults[JULY_2]

    status, output = fetch(site)

    assert status == 0, output
    assert "mfa-zh: 1 new, 0 revised, 12 unchanged" in output
    assert Briefing.objects.filter(date="2020-07-02", language="zh").exists()


def test_a_page_that_answers_500_then_200_is_imported_after_a_pause(site: Replay) -> None:
    site.faults[JULY_2] = "500-once"

    status, output = run_fetch(
        "mfa-zh", "--index-url", site.page_url(ZH_INDEX), "--max-pages", "1", "--delay", "0.1"
    )

    assert status == 0, output
    assert Briefing.objects.filter(date="2020-07-02", language="zh").exists()
    first, second = site.seen(JULY_2)
    assert (first.status, second.status) == (500, 200)
    assert second.started - first.started >= 0.1


def test_retry_after_is_obeyed_up_to_the_cap(site: Replay, settings: object) -> None:
    settings.FETCH_BACKOFF_MAX = 0.5  # type: ignore[attr-defined]
    site.faults[JULY_2] = "429-once"
    site.retry_after = "30"  # far longer than the cap: the fetcher waits the cap, not this

    status, output = fetch(site)

    assert status == 0, output
    first, second = site.seen(JULY_2)
    assert (first.status, second.status) == (429, 200)
    assert 0.5 <= second.started - first.started < 5


def test_an_index_page_that_fails_stops_its_source_and_not_the_others(site: Replay) -> None:
    site.faults[ZH_INDEX] = "500"

    status, output = run_fetch(
        "mfa-zh", "mfa-en", "--index-url", site.url, "--max-pages", "1", "--delay", "0"
    )

    assert status == 1
    assert f"mfa-zh: failed: {site.page_url(ZH_INDEX)}: index page 1: HTTP 500" in output
    assert "mfa-en: 40 new" in output
    assert not Briefing.objects.filter(language="zh").exists()
