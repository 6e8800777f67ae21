"""Spokesperson and outlet pages: who they are and their exchanges, newest first."""

import re

import pytest

from briefings.models import Entity, EntitySlugRedirect, Mention
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


def index_rows(html: str) -> list[str]:
    """The lines of an index page, tags stripped: 'Name 3 exchanges'."""
    lists = [part.split("</ul>")[0] for part in html.split('class="name-index"')[1:]]
    rows = re.findall(r"<li>(.*?)</li>", "".join(lists), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_spokesperson_index_lists_everyone_at_the_podium_with_briefings_and_years(client):
    make_briefing("2019-05-06", spokesperson="Hua Chunying")
    make_briefing("2021-03-04", spokesperson="Hua Chunying")
    make_briefing("2020-03-05", spokesperson="Zhao Lijian")
    make_briefing("2020-03-06", spokesperson="Hidden Person", is_published=False)
    make_entity("Nobody Spoke")

    html = client.get("/spokespersons/").content.decode()

    assert index_rows(html) == [
        "Hua Chunying 2 briefings, 2019–2021",
        "Zhao Lijian 1 briefing, 2020",
    ]
    assert 'href="/spokespersons/hua-chunying/"' in html
    assert 'href="/spokespersons/"' in client.get("/spokespersons/hua-chunying/").content.decode()


def test_outlet_index_counts_the_exchanges_each_outlet_opened(client):
    briefing = make_briefing("2020-03-04")
    add_exchange(briefing, "Bloomberg asks?", ["A."], asker="Bloomberg")
    add_exchange(briefing, "Bloomberg again?", ["A."], asker="Bloomberg")
    add_exchange(briefing, "China Daily asks?", ["A."], asker="China Daily")
    add_exchange(briefing, "Unnamed asks?", ["A."], asker=None)
    hidden = make_briefing("2020-03-05", is_published=False)
    add_exchange(hidden, "Hidden?", ["A."], asker="Hidden Outlet")

    html = client.get("/outlets/").content.decode()

    assert index_rows(html) == ["Bloomberg 2 exchanges", "China Daily 1 exchange"]
    assert 'href="/outlets/bloomberg/"' in html
    assert 'href="/outlets/"' in client.get("/outlets/bloomberg/").content.decode()


def test_entity_index_groups_what_the_exchanges_name_by_kind(client):
    briefing = make_briefing("2020-03-04")
    first = add_exchange(briefing, "About Japan and ASEAN?", ["A."])
    second = add_exchange(briefing, "About Japan?", ["A."])
    japan = make_entity("Japan", Entity.Kind.COUNTRY)
    asean = make_entity("ASEAN", Entity.Kind.ORGANISATION)
    rejected = make_entity("Nowhere", Entity.Kind.PLACE)
    Mention.objects.create(question=first, entity=japan)
    Mention.objects.create(question=second, entity=japan, origin="editor")
    Mention.objects.create(question=first, entity=asean)
    Mention.objects.create(question=second, entity=rejected, origin="rejected")

    html = client.get("/entities/").content.decode()

    assert index_rows(html) == ["Japan 2 exchanges", "ASEAN 1 exchange"]
    assert html.index("<h2") < html.index(">Country</h2>") < html.index(">Organisation</h2>")
    assert 'href="/entities/japan/"' in html and "Nowhere" not in html
    assert 'href="/entities/"' in client.get("/entities/japan/").content.decode()


def test_every_page_links_the_indexes_from_its_navigation(client):
    nav = client.get("/").content.decode().split('aria-label="Main"')[1].split("</nav>")[0]

    for url in ["/spokespersons/", "/outlets/", "/entities/"]:
        assert f'href="{url}"' in nav


@pytest.mark.parametrize("briefings", [2, 20])
def test_index_pages_run_one_query_however_many_they_list(
    client, django_assert_num_queries, briefings
):
    for n in range(briefings):
        briefing = make_briefing(f"2020-03-{n + 1:02d}", spokesperson=f"Speaker {n}")
        question = add_exchange(briefing, "About Japan?", ["A."], asker=f"Outlet {n}")
        Mention.objects.create(question=question, entity=make_entity(f"Place {n}", "place"))

    for url in ["/spokespersons/", "/outlets/", "/entities/"]:
        with django_assert_num_queries(1):
            assert client.get(url).status_code == 200
