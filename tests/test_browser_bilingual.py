"""A reader in Chromium goes from an English exchange to its Chinese counterpart in one click,
and reads the two versions side by side."""

from importlib import import_module

import pytest
from django.apps import apps

from briefings.models import EntityAlias
from tests.alignment_set import import_day, labelled_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The migrations that make the entities and aliases the alignment reads: a transactional
# test before this one may have flushed what they made.
ENTITY_MIGRATIONS = {
    "0002_starting_entities": "add_entities",
    "0005_outlet_aliases": "add_aliases",
    "0012_bilingual_aliases": "add_entities",
}


@pytest.fixture
def july_first(settings, live_server):
    """1 July 2020 in both languages, as published (English 11 is in English only)."""
    settings.SITE_URL = live_server.url
    if not EntityAlias.objects.exists():
        for module, function in ENTITY_MIGRATIONS.items():
            getattr(import_module(f"briefings.migrations.{module}"), function)(apps, None)
    day = next(day for day in labelled_days() if day["date"] == "2020-07-01")
    return import_day(day)


def test_reader_jumps_from_an_english_exchange_to_the_chinese_one(page, july_first, artifacts):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/briefings/2020/07/01/mfa/3/")
    assert "Pompeo" in page.locator(".transcript").inner_text()

    page.get_by_role("link", name="This exchange in Chinese").click()

    assert page.url.endswith("/briefings/2020/07/01/mfa-zh/3/")
    assert "蓬佩奥" in page.locator(".transcript").inner_text()
    assert page.locator("html").get_attribute("lang") is not None
    back = page.get_by_role("link", name="本问答英文版")
    assert back.get_attribute("href") == "/briefings/2020/07/01/mfa/3/"
    page.screenshot(path=str(artifacts / "bilingual-exchange.png"))


def test_reader_sees_both_versions_side_by_side_with_what_one_leaves_out(
    page, july_first, artifacts
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/briefings/2020/07/01/mfa/")
    page.get_by_role("link", name="Both versions side by side").click()
    assert page.url.endswith("/briefings/2020/07/01/mfa/compare/")

    rows = page.locator("tr[data-row]")
    assert rows.count() == 13
    third = rows.nth(3).locator("td")
    assert "CPC" in third.nth(0).inner_text() and "中国共产党" in third.nth(1).inner_text()
    # Side by side: the two cells of a row start at the same height, left and right.
    left, right = third.nth(0).bounding_box(), third.nth(1).bounding_box()
    assert left["y"] == right["y"] and left["x"] < right["x"]
    alone = page.locator("tr.one-sided")
    assert alone.count() == 1
    assert "only in the English version" in alone.inner_text()
    page.screenshot(path=str(artifacts / "bilingual-compare.png"), full_page=True)

    alone.get_by_role("link", name="#11").click()
    assert page.url.endswith("/briefings/2020/07/01/mfa/11/")
    assert page.get_by_text("only in the English version").is_visible()
