"""`manage.py fetch_briefings` against a replay of the ministry's site over real HTTP."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest

from briefings.models import Briefing, FetchedPage, FetchRun, Question, TranscriptRevision
from tests.site_replay import EN_INDEX, ZH_INDEX, Replay, run_fetch, serve_snapshot, snapshot_url

pytestmark = pytest.mark.django_db

ZH_FOLDER = ZH_INDEX.rsplit("/", 1)[0]
EN_FOLDER = EN_INDEX.rsplit("/", 1)[0]
# The first Chinese index page lists 15 items: 13 regular press conferences and two
# statements, "外交部发言人就全国人大常委会审议通过香港国安法发表谈话" and a reply to a question.
ZH_FIRST_PAGE_BRIEFINGS = 13
JULY_2 = f"{ZH_FOLDER}/t1794237.shtml"  # 2020年7月2日外交部发言人赵立坚主持例行记者会


@pytest.fixture
def site(settings: object) -> Iterator[Replay]:
    """The replay, with short timeouts and backoffs so that faults are quick to meet."""
    settings.FETCH_TIMEOUT = 0.5  # type: ignore[attr-defined]
    settings.FETCH_BACKOFF = 0.05  # type: ignore[attr-defined]
    settings.FETCH_RETRIES = 2  # type: ignore[attr-defined]
    with serve_snapshot() as replay:
        yield replay


def fetch_zh_first_page(site: Replay, *more: str) -> tuple[int, str]:
    return run_fetch("mfa-zh", "--index-url", site.url, "--max-pages", "1", "--delay", "0", *more)


def test_first_run_imports_every_press_conference_the_two_index_pages_list(site: Replay) -> None:
    status, output = run_fetch(
        "mfa-en", "mfa-zh", "--index-url", site.url, "--max-pages", "2", "--delay", "0"
    )

    assert status == 0, output
    assert (
        "mfa-en: 80 new, 0 revised, 0 unchanged, 0 skipped as not a press conference, 0 failed"
        in output
    )
    assert (
        "mfa-zh: 26 new, 0 revised, 0 unchanged, 4 skipped as not a press conference, 0 failed"
        in output
    )
    english = Briefing.objects.filter(language="en")
    chinese = Briefing.objects.filter(language="zh")
    assert english.count() == 80 and chinese.count() == 26
    assert set(Briefing.objects.values_list("source__slug", flat=True)) == {"mfa"}
    july_3 = Briefing.objects.get(date="2020-07-03", language="zh")
    assert july_3.title == "2020年7月3日外交部发言人赵立坚主持例行记者会"
    assert july_3.slug == "mfa-zh"
    # The index's other items were never asked for.
    assert not site.seen("t1793459.shtml")  # 外交部发言人就…香港国安法发表谈话
    # Every briefing records its page on the ministry's own site, not the replay's.
    assert july_3.official_url == snapshot_url(f"{ZH_FOLDER}/t1794584.shtml")
    assert not Briefing.objects.filter(official_url__contains="127.0.0.1").exists()
    # The English and Chinese versions of each day the Chinese pages cover are counterparts.
    for briefing in chinese:
        assert briefing.counterpart is not None, briefing
        assert briefing.counterpart.language == "en"
        assert briefing.counterpart.date == briefing.date
    # Each revision names the page it came from, kept byte for byte.
    revision = july_3.revisions.get()
    page = revision.fetched_page
    assert page is not None
    original = site.body(f"{ZH_FOLDER}/t1794584.shtml")
    assert bytes(page.content) == original
    assert page.sha256 == hashlib.sha256(original).hexdigest() and page.size == len(original)
    assert page.status == 200 and page.content_type == "text/html" and page.etag
    assert page.fetch_source == "mfa-zh"
    assert FetchedPage.objects.count() == 106
    assert not TranscriptRevision.objects.filter(fetched_page=None).exists()
    run = FetchRun.objects.get()
    assert (run.status, run.new, run.skipped, run.failed) == ("succeeded", 106, 4, 0)
    assert run.finished_at is not None and run.sources == "mfa-en mfa-zh"


def test_a_second_run_fetches_no_briefing_page_again_and_changes_nothing(site: Replay) -> None:
    fetch_zh_first_page(site)
    revisions, pages = TranscriptRevision.objects.count(), FetchedPage.objects.count()
    first_run = len(site.requests)

    status, output = fetch_zh_first_page(site)

    assert status == 0, output
    assert f"mfa-zh: 0 new, 0 revised, {ZH_FIRST_PAGE_BRIEFINGS} unchanged" in output
    second_run = [r for r in site.requests[first_run:] if r.path.endswith(".shtml")]
    briefing_pages = [r for r in second_run if "/t" in r.path]
    assert len(briefing_pages) == ZH_FIRST_PAGE_BRIEFINGS
    # Each was asked for only if it changed, and the server answered that it had not.
    assert all(r.headers.get("If-None-Match") for r in briefing_pages)
    assert {r.status for r in briefing_pages} == {304}
    assert TranscriptRevision.objects.count() == revisions
    assert FetchedPage.objects.count() == pages
    assert list(FetchRun.objects.values_list("status", "new", "unchanged")) == [
        ("succeeded", 0, ZH_FIRST_PAGE_BRIEFINGS),
        ("succeeded", ZH_FIRST_PAGE_BRIEFINGS, 0),
    ]


def test_incremental_run_stops_at_the_first_index_page_with_nothing_new(site: Replay) -> None:
    fetch_zh_first_page(site)

    status, output = run_fetch("mfa-zh", "--index-url", site.url, "--delay", "0")

    assert status == 0, output
    assert not site.seen("default_1.shtml")


def test_the_same_bytes_again_are_not_parsed_again(
    site: Replay, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetch_zh_first_page(site)
    site.conditional = False  # a server that answers every request in full
    parsed: list[str] = []
    from briefings.fetching import pages

    original = pages.read_transcript
    monkeypatch.setattr(
        pages, "read_transcript", lambda *a, **k: parsed.append(k["filename"]) or original(*a, **k)
    )

    status, output = fetch_zh_first_page(site)

    assert status == 0, output
    assert f"{ZH_FIRST_PAGE_BRIEFINGS} unchanged" in output
    assert parsed == []
    assert FetchedPage.objects.count() == ZH_FIRST_PAGE_BRIEFINGS


def test_a_changed_page_becomes_a_revision_naming_the_page_it_came_from(site: Replay) -> None:
    fetch_zh_first_page(site)
    briefing = Briefing.objects.get(date="2020-07-02", language="zh")
    numbers = list(briefing.questions.values_list("number", "text"))
    # The ministry corrects a word of an answer on the published page.
    corrected = site.body(JULY_2).replace("共同主持，".encode(), "共同主持（更正），".encode(), 1)
    assert corrected != site.body(JULY_2)
    site.replaced[JULY_2] = corrected

    status, output = fetch_zh_first_page(site)

    assert status == 0, output
    assert f"mfa-zh: 0 new, 1 revised, {ZH_FIRST_PAGE_BRIEFINGS - 1} unchanged" in output
    assert "mfa-zh: revised: 2020-07-02 /briefings/2020/07/02/mfa-zh/" in output
    first, second = briefing.revisions.order_by("number")
    assert second.fetched_page is not None and first.fetched_page is not None
    assert bytes(second.fetched_page.content) == corrected
    assert bytes(first.fetched_page.content) != corrected  # the earlier evidence is kept
    assert "（更正）" in second.raw_text
    # Exchanges keep their numbers, so their permalinks keep working.
    assert [
        n for n, _ in Question.objects.filter(briefing=briefing).values_list("number", "text")
    ] == [n for n, _ in numbers]


def test_dry_run_fetches_and_checks_but_stores_nothing(site: Replay) -> None:
    status, output = fetch_zh_first_page(site, "--dry-run")

    assert status == 0, output
    assert "mfa-zh: would be new: 2020-07-03 /briefings/2020/07/03/mfa-zh/" in output
    assert f"mfa-zh: {ZH_FIRST_PAGE_BRIEFINGS} new" in output
    assert "Dry run: nothing was stored." in output
    assert not Briefing.objects.exists()
    assert not FetchedPage.objects.exists()
    assert not FetchRun.objects.exists()


def test_since_walks_back_to_a_day_past_pages_already_stored(site: Replay) -> None:
    run_fetch("mfa-en", "--index-url", site.url, "--max-pages", "1", "--delay", "0")
    assert Briefing.objects.count() == 40

    # The first page holds nothing new, but the backfill goes on to the day asked for
    # (the second page's last item is of 5 March, before it) and stops there.
    status, output = run_fetch(
        "mfa-en", "--index-url", site.url, "--since", "2020-03-06", "--delay", "0"
    )

    assert status == 0, output
    assert "mfa-en: 39 new, 0 revised, 40 unchanged" in output
    assert Briefing.objects.filter(date__lt="2020-03-06").count() == 0
    assert Briefing.objects.count() == 79
    assert not site.seen("default_2.shtml")


def test_index_page_missing_from_the_site_is_reported_after_the_pages_before_it(
    site: Replay,
) -> None:
    # Without --max-pages a first run walks on while every page is new; the snapshot ends
    # with the second page, and the replay answers 404 for the third, as the site sometimes does.
    status, output = run_fetch("mfa-zh", "--index-url", site.url, "--delay", "0")

    assert status == 1
    assert (
        f"mfa-zh: failed: {site.url}{ZH_FOLDER}/default_2.shtml: index page 3: HTTP 404" in output
    )
    assert (
        "mfa-zh: 26 new, 0 revised, 0 unchanged, 4 skipped as not a press conference, 1 failed"
        in output
    )
    assert Briefing.objects.count() == 26
    assert FetchRun.objects.get().status == "failed"


def test_english_index_page_url_can_be_given_for_one_source(site: Replay) -> None:
    status, output = run_fetch(
        "mfa-en", "--index-url", site.page_url(EN_INDEX), "--max-pages", "1", "--delay", "0"
    )

    assert status == 0, output
    assert "mfa-en: 40 new" in output
    assert Briefing.objects.filter(
        official_url=snapshot_url(f"{EN_FOLDER}/t1794629.shtml"), date="2020-07-03"
    ).exists()


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["mfa-fr"], "unknown fetch source mfa-fr (known: mfa-en, mfa-zh)"),
        (["mfa-en", "--since", "last week"], "not a day as YYYY-MM-DD: 'last week'"),
        (["mfa-en", "--max-pages", "0"], "must be 1 or more, not 0"),
        (["mfa-en", "--delay", "-1"], "must be between 0 and 3600 seconds"),
        (["mfa-en", "--index-url", "ftp://example.org/"], "must be an http(s) address"),
        (
            [
                "mfa-en",
                "mfa-zh",
                "--index-url",
                "http://a/",
                "--index-url",
                "http://b/",
                "--index-url",
                "http://c/",
            ],
            "3 --index-url options for 2 sources",
        ),
    ],
)
def test_bad_arguments_get_a_clear_message_and_change_nothing(
    arguments: list[str], message: str
) -> None:
    status, output = run_fetch(*arguments)

    assert status != 0
    assert message in output
    assert not FetchRun.objects.exists()
