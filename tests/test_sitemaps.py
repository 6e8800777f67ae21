"""The sitemap index, its sections and robots.txt, as a crawler reads them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from briefings import sitemaps
from briefings.models import Briefing, ExchangeTopic, Mention
from tests.factories import add_exchange, make_briefing, make_entity, make_topic

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HOST = "http://testserver"


def read(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def index_entries(client) -> dict[str, str]:
    root = read(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    return {
        entry.findtext("s:loc", namespaces=NS): entry.findtext("s:lastmod", namespaces=NS)
        for entry in root.findall("s:sitemap", NS)
    }


def section_entries(client, url: str) -> dict[str, str]:
    root = read(client, url.removeprefix(HOST))
    assert root.tag == f"{{{NS['s']}}}urlset"
    return {
        entry.findtext("s:loc", namespaces=NS): entry.findtext("s:lastmod", namespaces=NS)
        for entry in root.findall("s:url", NS)
    }


def every_address(client) -> dict[str, str]:
    found: dict[str, str] = {}
    for section in index_entries(client):
        found.update(section_entries(client, section))
    return found


@pytest.fixture
def archive():
    trade = make_topic("Trade")
    make_topic("Untagged")
    place = make_entity("Valdoria", "country")
    briefing = make_briefing("2020-03-04", spokesperson="Zhao Lijian")
    first = add_exchange(briefing, "On trade?", ["Yes."], asker="Reuters")
    second = add_exchange(briefing, "On Valdoria?", ["No."])
    ExchangeTopic.objects.create(question=first, topic=trade, status="manual")
    Mention.objects.create(question=second, entity=place, origin="auto")
    hidden = make_briefing("2020-03-05", exchanges=1, is_published=False)
    return briefing, [first, second], hidden


def test_sitemap_is_an_index_of_sections_each_with_a_lastmod(client, archive):
    entries = index_entries(client)

    assert set(entries) == {
        f"{HOST}/sitemap-{name}.xml"
        for name in ["pages", "briefings", "exchanges", "topics", "entities", "people"]
    }
    briefing = archive[0]
    briefing.refresh_from_db()
    assert all(entries.values())
    assert entries[f"{HOST}/sitemap-exchanges.xml"].startswith(
        briefing.updated_at.date().isoformat()
    )


def test_sections_name_every_public_page_with_its_lastmod(client, archive):
    briefing, (first, second), hidden = archive
    briefing.refresh_from_db()
    day = briefing.updated_at.date().isoformat()

    found = every_address(client)

    expected = [
        "/",
        "/briefings/",
        "/topics/",
        "/briefings/2020/03/04/mfa/",
        first.get_absolute_url(),
        second.get_absolute_url(),
        "/topics/trade/",
        "/topics/untagged/",
        "/entities/valdoria/",
        "/spokespersons/zhao-lijian/",
        "/outlets/reuters/",
        "/outlets/china-daily/",
    ]
    for path in expected:
        assert HOST + path in found, path
    assert found[HOST + first.get_absolute_url()] == day
    assert found[HOST + "/topics/trade/"] == day
    assert found[HOST + "/entities/valdoria/"] == day
    assert found[HOST + "/outlets/reuters/"] == day
    assert found[HOST + "/topics/untagged/"] is None  # nothing tagged yet, nothing to date
    assert not [url for url in found if "2020/03/05" in url]  # unpublished


def test_every_address_in_the_sitemap_answers(client, archive):
    for url in every_address(client):
        assert client.get(url.removeprefix(HOST)).status_code == 200, url


def test_large_sections_are_split_into_pages_that_together_hold_every_exchange(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArchiveSitemap, "limit", 3)
    briefings = [make_briefing(f"2020-03-{day:02d}", exchanges=2) for day in range(1, 6)]
    Briefing.objects.filter(pk=briefings[2].pk).update(is_published=False)

    pages = [url for url in index_entries(client) if "/sitemap-exchanges.xml" in url]
    found = [set(section_entries(client, url)) for url in pages]

    assert len(pages) == 4  # ten ids, three to a page
    assert pages[1].endswith("sitemap-exchanges.xml?p=2")
    assert all(len(urls) <= 3 for urls in found)
    expected = {
        HOST + q.get_absolute_url()
        for b in briefings
        if b.pk != briefings[2].pk
        for q in b.questions.all()
    }
    assert set().union(*found) == expected
    assert sum(len(urls) for urls in found) == len(expected)


@pytest.mark.parametrize(
    "url",
    ["/sitemap-exchanges.xml?p=9", "/sitemap-exchanges.xml?p=0", "/sitemap-exchanges.xml?p=x"],
)
def test_a_page_past_the_end_or_not_a_number_is_not_found(client, archive, url):
    assert client.get(url).status_code == 404


def test_an_unknown_section_is_not_found(client, archive):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_an_empty_archive_still_has_a_valid_sitemap(client):
    entries = index_entries(client)

    assert section_entries(client, f"{HOST}/sitemap-exchanges.xml") == {}
    assert f"{HOST}/sitemap-pages.xml" in entries


def test_sections_run_a_fixed_number_of_queries(client, django_assert_num_queries):
    for day in range(1, 8):
        make_briefing(f"2020-03-{day:02d}", exchanges=3, spokesperson=f"Person {day}")

    with django_assert_num_queries(3):  # ids' span, exchanges, their briefings
        client.get("/sitemap-exchanges.xml")
    with django_assert_num_queries(4):  # spokespersons, outlets, their newest, its briefing
        client.get("/sitemap-people.xml")


def test_robots_txt_opens_the_public_pages_closes_admin_api_exports_and_names_the_sitemap(
    client, settings
):
    settings.SITE_URL = "https://briefings.example.org"

    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    for closed in ["/admin/", "/api/", "/search/export."]:
        assert f"Disallow: {closed}" in lines
    assert "Sitemap: https://briefings.example.org/sitemap.xml" in lines
