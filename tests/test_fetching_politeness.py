"""The fetcher is polite: robots.txt, a pause between requests, its name, one run at a time."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection

from briefings.fetching.run import LOCK_KEY
from briefings.models import Briefing, FetchedPage, FetchRun
from tests.site_replay import ZH_INDEX, Replay, run_fetch, serve_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def site() -> Iterator[Replay]:
    with serve_snapshot() as replay:
        yield replay


def fetch(site: Replay, delay: str = "0") -> tuple[int, str]:
    return run_fetch(
        "mfa-zh", "--index-url", site.page_url(ZH_INDEX), "--max-pages", "1", "--delay", delay
    )


@pytest.mark.parametrize(
    "robots_txt",
    [
        "User-agent: *\nDisallow: /web/\n",
        "User-agent: BriefingArchive\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
    ],
    ids=["everyone", "this-archive"],
)
def test_robots_txt_disallowing_the_path_stops_the_fetch(site: Replay, robots_txt: str) -> None:
    site.robots_txt = robots_txt

    status, output = fetch(site)

    assert status == 1
    assert (
        f"mfa-zh: failed: {site.page_url(ZH_INDEX)}: index page 1: "
        f"{site.url}/robots.txt disallows it for BriefingArchive"
    ) in output
    # robots.txt was the only thing asked for.
    assert [r.path for r in site.requests] == ["/robots.txt"]
    assert not Briefing.objects.exists() and not FetchedPage.objects.exists()


def test_robots_txt_disallowing_other_paths_lets_the_fetch_go_on(site: Replay) -> None:
    site.robots_txt = "User-agent: *\nDisallow: /mfa_eng/\n"

    status, output = fetch(site)

    assert status == 0, output
    assert Briefing.objects.count() == 13


def test_robots_txt_crawl_delay_longer_than_the_delay_is_obeyed(site: Replay) -> None:
    site.robots_txt = "User-agent: *\nCrawl-delay: 1\n"
    site.faults[ZH_INDEX.replace("default.shtml", "t1794237.shtml")] = "404"

    run_fetch("mfa-zh", "--index-url", site.page_url(ZH_INDEX), "--max-pages", "1", "--delay", "0")

    robots, index, first_page = site.requests[:3]
    assert index.started - robots.started >= 1
    assert first_page.started - index.started >= 1


def test_the_delay_between_requests_is_honoured_one_request_at_a_time(site: Replay) -> None:
    status, output = fetch(site, delay="0.2")

    assert status == 0, output
    starts = [r.started for r in site.requests]
    assert len(starts) == 15  # robots.txt, the index page, 13 briefings
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 0.2
    assert site.most_in_flight == 1


def test_requests_name_the_archive_and_a_contact_address(site: Replay) -> None:
    fetch(site)

    agents = {r.headers.get("User-Agent") for r in site.requests}
    assert agents == {django_settings.FETCH_USER_AGENT}
    assert "BriefingArchive" in django_settings.FETCH_USER_AGENT
    assert django_settings.FETCH_CONTACT_URL in django_settings.FETCH_USER_AGENT


def test_a_run_does_not_start_while_another_holds_the_lock(site: Replay) -> None:
    database = connection.settings_dict
    with psycopg.connect(
        dbname=database["NAME"],
        user=database["USER"],
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])

        status, output = fetch(site)

    assert status == 1
    assert "another fetch_briefings run is under way; this one stops" in output
    assert site.requests == []
    assert not FetchRun.objects.exists()

    # Once the other run is over, the next one goes ahead.
    assert fetch(site)[0] == 0


def test_a_run_left_running_by_a_killed_process_is_marked_interrupted_by_the_next(
    site: Replay,
) -> None:
    killed = FetchRun.objects.create(sources="mfa-zh")  # as a run killed outright leaves it

    status, output = fetch(site)

    assert status == 0, output
    killed.refresh_from_db()
    assert killed.status == "interrupted"
    assert FetchRun.objects.exclude(pk=killed.pk).get().status == "succeeded"
