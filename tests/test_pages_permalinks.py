"""Addresses that once answered keep answering: removed, moved and renamed exchanges."""

import datetime

import pytest

from briefings.models import BriefingPermalink, ExchangePermalink, TranscriptRevision
from tests.factories import add_exchange, make_briefing

pytestmark = pytest.mark.django_db


def test_a_removed_exchange_number_shows_its_old_text_and_the_revision(client):
    briefing = make_briefing("2020-03-04", exchanges=2)
    revision = TranscriptRevision.objects.create(
        briefing=briefing, number=2, content_hash="x", raw_text="", parsed={}
    )
    ExchangePermalink.objects.create(
        briefing=briefing,
        number=3,
        removed_in=revision,
        removed_text={
            "turns": [
                {"kind": "question", "speaker": "AFP", "text": "A question printed twice?"},
                {"kind": "answer", "speaker": "Zhao Lijian", "text": "An answer printed twice."},
            ],
            "revision": 2,
        },
    )

    response = client.get("/briefings/2020/03/04/mfa/3/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "removed from the transcript in revision 2" in html
    assert "A question printed twice?" in html and "An answer printed twice." in html


def test_a_merged_exchange_number_redirects_permanently_to_where_it_went(client):
    briefing = make_briefing("2020-03-04", exchanges=2)
    ExchangePermalink.objects.create(
        briefing=briefing, number=3, question=briefing.questions.get(number=1)
    )

    response = client.get("/briefings/2020/03/04/mfa/3/")

    assert response.status_code == 301
    assert response["Location"] == "/briefings/2020/03/04/mfa/1/"


def test_an_old_briefing_address_redirects_to_the_briefing_and_its_exchanges(client):
    briefing = make_briefing("2020-03-05", exchanges=2)
    BriefingPermalink.objects.create(date=datetime.date(2020, 3, 4), slug="mfa", briefing=briefing)

    page = client.get("/briefings/2020/03/04/mfa/")
    exchange = client.get("/briefings/2020/03/04/mfa/2/")

    assert page.status_code == 301 and page["Location"] == "/briefings/2020/03/05/mfa/"
    assert exchange.status_code == 301 and exchange["Location"] == "/briefings/2020/03/05/mfa/2/"


@pytest.mark.parametrize(
    "url",
    [
        "/briefings/2022/02/30/",
        "/briefings/2022/13/",
        "/briefings/0/",
        "/briefings/2022/00/",
        "/briefings/2022/02/30/mfa/",
        "/briefings/2022/02/30/mfa/1/",
        "/briefings/99999/",
        "/briefings/2022/ab/",
    ],
)
def test_an_impossible_date_is_a_404_not_a_500(client, url):
    make_briefing("2022-02-28", exchanges=1)

    response = client.get(url)

    assert response.status_code == 404
    assert "Not found" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/briefings/2020/3/4/", "/briefings/2020/03/04/"),
        ("/briefings/2020/3/", "/briefings/2020/03/"),
        ("/briefings/2020/3/4/mfa/", "/briefings/2020/03/04/mfa/"),
        ("/briefings/2020/03/4/mfa/1/", "/briefings/2020/03/04/mfa/1/"),
        ("/briefings/2020/03/04/mfa/01/", "/briefings/2020/03/04/mfa/1/"),
        ("/briefings/02020/03/", "/briefings/2020/03/"),
    ],
)
def test_an_address_written_another_way_redirects_to_the_canonical_one(client, url, canonical):
    briefing = make_briefing("2020-03-04")
    add_exchange(briefing, "Q?", ["A."])

    response = client.get(url)

    assert response.status_code == 301
    assert response["Location"] == canonical


def test_a_removed_anonymous_question_reads_question_not_q(client):
    briefing = make_briefing("2020-03-04", exchanges=1)
    revision = TranscriptRevision.objects.create(
        briefing=briefing, number=2, content_hash="x", raw_text="", parsed={}
    )
    ExchangePermalink.objects.create(
        briefing=briefing,
        number=2,
        removed_in=revision,
        removed_text={
            "turns": [
                {"kind": "question", "speaker": "Q", "text": "Printed twice?"},
                {"kind": "answer", "speaker": "Zhao Lijian", "text": "Yes."},
            ],
            "revision": 1,
        },
    )

    html = client.get("/briefings/2020/03/04/mfa/2/").content.decode()

    assert '<span class="speaker">Question</span>' in html
    assert '<span class="speaker">Q</span>' not in html
    assert '<span class="speaker">Zhao Lijian</span>' in html
