"""Public pages are cached and revalidated, and every write shows on the next request."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from briefings.entities import merge_entities
from briefings.models import Entity, Mention, Question
from briefings.topics import add_topics
from tests.factories import add_exchange, make_briefing, make_entity, make_topic
from tests.test_curation_permissions import management_data
from tests.test_importer import load, transcript

pytestmark = pytest.mark.django_db

PERMALINK = "/briefings/2020/03/04/mfa/1/"
BRIEFING = "/briefings/2020/03/04/mfa/"


@pytest.fixture(autouse=True)
def page_cache_on(settings: object) -> None:
    """Caching as production has it, starting empty."""
    settings.PAGE_CACHE = True  # type: ignore[attr-defined]
    settings.PERMALINK_MAX_AGE = 3600  # type: ignore[attr-defined]
    settings.LIST_MAX_AGE = 60  # type: ignore[attr-defined]
    cache.clear()


@pytest.fixture
def question() -> Question:
    briefing = make_briefing("2020-03-04", title="A briefing")
    return add_exchange(briefing, "Any comment on the visit?", ["We welcome it."])


@pytest.fixture
def editor_client(client: Client) -> Client:
    editor = User.objects.create_user("editor", password="a-long-test-password", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def test_permalink_is_kept_long_and_lists_briefly_each_with_validators(client, question):
    permalink = client.get(PERMALINK)
    home = client.get("/")

    assert permalink["Cache-Control"] == "public, max-age=3600, must-revalidate"
    assert home["Cache-Control"] == "public, max-age=60, must-revalidate"
    for response in (permalink, home):
        assert response["ETag"].startswith('W/"')
        assert response.has_header("Last-Modified")
        assert not response.cookies


def test_matching_etag_answers_304_without_a_body_and_a_stale_one_the_page(client, question):
    etag = client.get(PERMALINK)["ETag"]

    fresh = client.get(PERMALINK, headers={"If-None-Match": etag})
    stale = client.get(PERMALINK, headers={"If-None-Match": 'W/"0-old"'})

    assert fresh.status_code == 304
    assert fresh.content == b""
    assert fresh["ETag"] == etag
    assert stale.status_code == 200
    assert "Any comment on the visit?" in stale.content.decode()


def test_a_cached_page_is_served_without_rendering_again(
    client, question, django_assert_num_queries
):
    first = client.get(PERMALINK)

    with django_assert_num_queries(1):  # the archive's version, nothing else
        again = client.get(PERMALINK)

    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_admin_and_pages_that_set_cookies_are_never_marked_shareable(admin_client, question):
    admin = admin_client.get(reverse("admin:briefings_briefing_changelist"))
    login = Client().get(reverse("admin:login"))

    for response in (admin, login):
        assert "public" not in response.get("Cache-Control", "")
        assert not response.has_header("ETag")
    assert "csrftoken" in login.cookies


def test_a_missing_page_is_not_kept_by_caches(client, question):
    response = client.get("/briefings/2020/03/04/mfa/99/")

    assert response.status_code == 404
    assert "no-cache" in response["Cache-Control"]


def test_an_editors_edit_shows_on_the_next_request(client, editor_client, question):
    before = client.get(PERMALINK)
    url = reverse("admin:briefings_question_change", args=[question.pk])
    page = editor_client.get(url)
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update(management_data(page))
    data["text"] = "Any comment on the state visit?"
    assert editor_client.post(url, data).status_code == 302

    after = Client().get(PERMALINK, headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert "Any comment on the state visit?" in after.content.decode()
    assert after["ETag"] != before["ETag"]


def test_a_tag_shows_on_the_next_request(client, question):
    assert "/topics/diplomacy/" not in client.get(PERMALINK).content.decode()

    add_topics([question.pk], [make_topic("Diplomacy")])

    assert 'href="/topics/diplomacy/"' in client.get(PERMALINK).content.decode()


def test_an_import_shows_on_the_next_request(client):
    assert client.get("/").status_code == 200
    before = client.get("/briefings/")

    load(transcript())

    assert "Can you confirm the date of the trade talks?" in client.get("/").content.decode()
    assert client.get("/briefings/").content != before.content


def test_a_merge_shows_on_the_next_request(client, question):
    kept = make_entity("Global Times", Entity.Kind.OUTLET)
    duplicate = Entity.objects.create(name="Global Times (dup)", slug="gt-dup", kind="outlet")
    Mention.objects.create(question=question, entity=duplicate)
    assert "Global Times (dup)" in client.get(PERMALINK).content.decode()

    merge_entities(kept, [duplicate])

    html = client.get(PERMALINK).content.decode()
    assert "Global Times (dup)" not in html
    assert ">Global Times</a>" in html


def test_a_write_through_sql_alone_also_shows(client, question):
    """Any write path at all (a shell, psql) raises the version, not only the known ones."""
    client.get(PERMALINK)

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE briefings_question SET text = 'Rewritten.' WHERE id = %s", [question.pk]
        )

    assert "Rewritten." in client.get(PERMALINK).content.decode()


def test_every_archive_table_raises_the_version_on_write():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename LIKE 'briefings\\_%%' AND tablename <> 'briefings_archiveversion'"
            " AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = tablename::regclass"
            " AND tgname = 'archive_version_' || tablename)"
        )
        missing = [row[0] for row in cursor.fetchall()]

    assert missing == []


def test_pages_are_served_uncached_when_the_cache_fails(client, question, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    response = client.get(PERMALINK)

    assert response.status_code == 200
    assert "Any comment on the visit?" in response.content.decode()


def test_turned_off_pages_carry_no_validators(client, question, settings):
    settings.PAGE_CACHE = False

    response = client.get(BRIEFING)

    assert response.status_code == 200
    assert not response.has_header("ETag")
