"""Spokesperson and outlet pages: who they are and their exchanges, newest first."""

import pytest

from briefings.models import Entity, EntitySlugRedirect
from tests.factories import add_exchange, make_briefing, make_entity

pytestmark = pytest.mark.django_db


def test_spokesperson_page_counts_exchanges_across_years_newest_first(client):
    hua = make_entity("Hua Chunying")
    hua.description = "Director of the MFA Information Department."
    hua.save()
    old = make_briefing("2019-05-06", spokesperson="Hua Chunying")
    add_exchange(old, "An older question?", ["An older answer."])
    new = make_briefing("2020-03-04", spokesperson="Hua Chunying")
    add_exchange(new, "A newer question?", ["A newer answer."])
    make_briefing("2020-03-05", spokesperson="Zhao Lijian", exchanges=1)

    response = client.get("/spokespersons/hua-chunying/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Director of the MFA Information Department." in html
    assert "<strong>2 exchanges</strong>, from 2019 to 2020" in html
    assert html.index("A newer question?") < html.index("An older question?")
    assert "Question 1 about" not in html


def test_outlet_page_lists_the_questions_its_reporters_asked(client):
    briefing = make_briefing("2020-03-04")
    add_exchange(briefing, "Bloomberg asks?", ["Answer."], asker="Bloomberg")
    add_exchange(briefing, "China Daily asks?", ["Answer."], asker="China Daily")

    html = client.get("/outlets/bloomberg/").content.decode()

    assert "News outlet" in html
    assert "Bloomberg asks?" in html and "China Daily asks?" not in html
    assert "<strong>1 exchange</strong>, in 2020" in html


def test_an_old_entity_slug_redirects_and_an_unknown_one_is_404(client):
    entity = make_entity("Geng Shuang")
    EntitySlugRedirect.objects.create(old_slug="geng-s", entity=entity)

    moved = client.get("/spokespersons/geng-s/")

    assert moved.status_code == 301 and moved["Location"] == "/spokespersons/geng-shuang/"
    assert client.get("/spokespersons/nobody/").status_code == 404


@pytest.mark.parametrize("exchanges", [3, 30])
def test_person_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, exchanges):
    make_briefing("2020-03-04", spokesperson="Zhao Lijian", exchanges=exchanges)
    assert Entity.objects.filter(slug="china-daily").exists()

    with django_assert_num_queries(6):
        assert client.get("/spokespersons/zhao-lijian/").status_code == 200
    with django_assert_num_queries(6):
        assert client.get("/outlets/china-daily/").status_code == 200
