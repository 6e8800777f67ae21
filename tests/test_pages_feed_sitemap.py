"""The Atom feed of latest briefings and the sitemap of permalinks."""

import pytest

from tests.factories import make_briefing

pytestmark = pytest.mark.django_db


def test_feed_lists_the_latest_briefings_with_absolute_links(client, settings):
    settings.SITE_URL = "https://briefings.example.org"
    make_briefing("2020-03-03", title="Tuesday briefing", exchanges=1)
    make_briefing("2020-03-04", title="Wednesday briefing", exchanges=1)

    response = client.get("/briefings/feed/")

    xml = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert xml.index("Wednesday briefing") < xml.index("Tuesday briefing")
    assert 'href="https://briefings.example.org/briefings/2020/03/04/mfa/"' in xml


def test_sitemap_names_briefings_and_exchange_permalinks(client):
    make_briefing("2020-03-04", exchanges=2)

    xml = client.get("/sitemap-exchanges.xml").content.decode()
    xml += client.get("/sitemap-briefings.xml").content.decode()

    assert "/briefings/2020/03/04/mfa/</loc>" in xml
    assert "/briefings/2020/03/04/mfa/2/</loc>" in xml


@pytest.mark.parametrize("briefings", [2, 12])
def test_feed_runs_a_fixed_number_of_queries(client, django_assert_num_queries, briefings):
    for day in range(1, briefings + 1):
        make_briefing(f"2020-03-{day:02d}", exchanges=3)

    with django_assert_num_queries(3):
        assert client.get("/briefings/feed/").status_code == 200
