"""A researcher searches from the home page, narrows by clicking, and opens a result."""

from __future__ import annotations

import pytest

from briefings.models import ExchangeTopic
from tests.factories import add_exchange, make_briefing, make_topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_from_home_filter_by_clicking_and_open_the_exchange(page, artifacts):
    topic = make_topic("Xinjiang")
    for day, spokesperson in [("2019-07-16", "Geng Shuang"), ("2020-03-04", "Zhao Lijian")]:
        briefing = make_briefing(day, spokesperson=spokesperson)
        for outlet in ("Reuters", "AFP"):
            question = add_exchange(
                briefing,
                f"{outlet} asks: will China invite Bachelet to Xinjiang in {day[:4]}?",
                ["China welcomes the visit."],
                asker=outlet,
            )
            ExchangeTopic.objects.create(question=question, topic=topic)

    page.goto("/")
    page.get_by_role("searchbox").first.fill("Bachelet")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Bachelet*")
    assert "1–4 of 4 exchanges" in page.inner_text(".search-count")

    spokespersons = page.locator(".search-facet", has_text="Spokesperson")
    spokespersons.get_by_role("link", name="Zhao Lijian").click()
    page.wait_for_url("**spokesperson=zhao-lijian*")
    assert "1–2 of 2 exchanges" in page.inner_text(".search-count")
    page.locator(".search-facet", has_text="Outlet").get_by_role("link", name="Reuters").click()
    page.wait_for_url("**outlet=reuters*")
    assert "1–1 of 1 exchange" in page.inner_text(".search-count")
    assert page.locator(".card-text mark").first.inner_text() == "Bachelet"
    page.screenshot(path=artifacts / "search-filtered.png", full_page=True)

    page.locator(".search-result .card-title a").first.click()
    page.wait_for_url("**/briefings/2020/03/04/mfa/1/")
    assert "Reuters asks" in page.inner_text("main")
