"""A reader in Chromium: home → month → briefing → exchange → copied link → back in context."""

import pytest
from playwright.sync_api import expect

from briefings.models import ExchangeTopic
from tests.factories import add_exchange, add_statement, make_briefing, make_topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 360}


@pytest.fixture
def march_2020(settings, live_server):
    """A few real-looking briefings, with permalinks named on the live server."""
    settings.SITE_URL = live_server.url
    make_briefing("2020-03-02", spokesperson="Zhao Lijian", exchanges=4)
    briefing = make_briefing(
        "2020-03-04",
        spokesperson="Zhao Lijian",
        title="Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference "
        "on March 4, 2020",
        official_url="https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/",
    )
    add_statement(briefing, "I'd like to start with an update on international cooperation.")
    covid = make_topic("COVID-19")
    for n in range(1, 13):
        question = add_exchange(
            briefing,
            f"Question {n}: the WHO says the outbreak is slowing in China. "
            "Will China share its experience with other countries? " * 2,
            ["China has been sharing its experience with the international community. " * 3],
            asker="Reuters" if n % 2 else "CCTV",
            note="(The spokesperson paused.)" if n == 3 else None,
        )
        ExchangeTopic.objects.create(question=question, topic=covid)
    make_briefing("2020-03-05", spokesperson="Geng Shuang", exchanges=2)
    return briefing


def test_reader_goes_from_home_to_a_cited_exchange_and_back_in_context(
    page, live_server, march_2020, artifacts
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/")
    page.get_by_role("link", name="March 2020").first.click()
    assert page.url.endswith("/briefings/2020/03/")

    page.locator(".briefing-list").get_by_role(
        "link", name="Regular Press Conference on March 4"
    ).click()
    assert page.url.endswith("/briefings/2020/03/04/mfa/")
    # The click returns once the page's address changed; its body may still be arriving.
    expect(page.locator("#q-5")).to_have_count(1)

    page.locator(".toc").get_by_role("link", name="Question 5:").click()
    assert page.url.endswith("#q-5")
    page.locator("#q-5 h3 a").click()
    assert page.url.endswith("/briefings/2020/03/04/mfa/5/")

    page.get_by_role("button", name="Copy link").click()
    page.get_by_text("Link copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}/briefings/2020/03/04/mfa/5/"

    page.goto("/")
    page.goto(copied)
    expect(page.get_by_role("heading", level=1)).to_have_text("Exchange 5: Reuters")
    page.get_by_role("link", name="In context").click()
    assert page.url.endswith("/briefings/2020/03/04/mfa/#q-5")
    expect(page.locator("#q-5")).to_be_visible()
    assert page.evaluate("document.querySelector('#q-5').getBoundingClientRect().top") < 100


def test_j_and_k_move_between_exchanges(page, march_2020):
    page.goto("/briefings/2020/03/04/mfa/")

    # Read the address from the page: Playwright's page.url learns of replaceState by an
    # event that can come after the check on a busy machine.
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("location.hash") == "#q-2"
    page.keyboard.press("k")
    assert page.evaluate("location.hash") == "#q-1"


@pytest.mark.parametrize("device", WIDTHS)
def test_screenshots_of_the_reading_pages(page, march_2020, artifacts, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    for name, url in [
        ("home", "/"),
        ("month", "/briefings/2020/03/"),
        ("briefing", "/briefings/2020/03/04/mfa/"),
        ("exchange", "/briefings/2020/03/04/mfa/3/"),
    ]:
        page.goto(url)
        # Nothing wider than the window: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[device]
        page.screenshot(path=artifacts / f"reading-{name}-{device}.png", full_page=True)
        # The first screenful, as a reader first sees it.
        page.screenshot(path=artifacts / f"reading-{name}-{device}-top.png")


def test_printing_an_exchange_keeps_its_text_and_permalink_and_drops_the_chrome(
    page, live_server, march_2020, artifacts
):
    page.goto("/briefings/2020/03/04/mfa/3/")
    page.emulate_media(media="print")

    assert page.get_by_text(
        f"Permalink: {live_server.url}/briefings/2020/03/04/mfa/3/"
    ).is_visible()
    assert page.get_by_text("Question 3: the WHO says").is_visible()
    assert not page.get_by_role("button", name="Copy link").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".cite-box").is_visible()
    page.screenshot(path=artifacts / "reading-exchange-print.png", full_page=True)


def test_pages_load_their_icon_and_forms_use_the_interface_font(page, march_2020):
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)

    page.goto("/briefings/")
    icon = page.evaluate(
        "fetch(document.querySelector('link[rel=icon]').href)"
        ".then(r => [r.status, r.headers.get('content-type')])"
    )
    fonts = page.evaluate(
        "[...document.querySelectorAll('form label, form select, form button')]"
        ".map(e => getComputedStyle(e).fontFamily)"
    )
    body = page.evaluate("getComputedStyle(document.body).fontFamily")
    page.goto("/search/")
    search_label = page.evaluate("getComputedStyle(document.querySelector('label')).fontFamily")

    assert icon == [200, "image/svg+xml"]
    assert fonts and all(font.startswith("system-ui") for font in fonts)
    assert body.startswith("Georgia")
    assert search_label.startswith("system-ui")
    assert failed == []
