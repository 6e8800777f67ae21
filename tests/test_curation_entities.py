"""Merging duplicate entities in the admin, and the redirects that keep their pages."""

import pytest
from django.urls import reverse

from briefings.entities import merge_entities
from briefings.models import Entity, EntityAlias, EntitySlugRedirect, Mention, Statement
from tests.factories import add_exchange, add_statement, make_briefing, make_entity

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate():
    """'The Global Times' created apart from Global Times, and used everywhere."""
    dupe = Entity.objects.create(name="Global Times (dup)", slug="the-global-times", kind="outlet")
    EntityAlias.objects.create(entity=dupe, name="GT")
    return dupe


def test_merge_moves_every_reference_and_alias_then_deletes_the_duplicate(duplicate):
    kept = make_entity("Global Times", Entity.Kind.OUTLET)
    briefing = make_briefing("2021-01-04", spokesperson="Hua Chunying")
    question = add_exchange(briefing, "GT asks: any comment?", ["No."], asker="China Daily")
    both = add_exchange(briefing, "Another?", ["Yes."])
    Entity.objects.filter(pk=duplicate.pk)  # keep the fixture's object
    question.asker = duplicate
    question.save()
    answer = question.answers.get()
    answer.speaker = duplicate
    answer.save()
    statement = add_statement(briefing, "Opening remarks.")
    Statement.objects.filter(pk=statement.pk).update(speaker=duplicate)
    briefing.spokespersons.add(duplicate)
    Mention.objects.create(question=question, entity=duplicate, count=2)
    Mention.objects.create(question=both, entity=duplicate, count=1, origin="editor")
    Mention.objects.create(question=both, entity=kept, count=3)

    report = merge_entities(kept, [duplicate])

    assert not Entity.objects.filter(pk=duplicate.pk).exists()
    question.refresh_from_db()
    assert question.asker == kept
    assert question.answers.get().speaker == kept
    assert Statement.objects.get(pk=statement.pk).speaker == kept
    assert kept in briefing.spokespersons.all()
    assert dict(Mention.objects.filter(entity=kept).values_list("question_id", "count")) == {
        question.pk: 2,
        both.pk: 4,
    }
    assert Mention.objects.get(entity=kept, question=both).origin == "editor"
    assert set(kept.aliases.values_list("name", flat=True)) >= {"GT", "Global Times (dup)"}
    assert EntitySlugRedirect.objects.get(old_slug="the-global-times").entity == kept
    assert report.merged == 1


def test_an_old_entity_slug_answers_301_to_the_kept_page(client, duplicate):
    kept = make_entity("Xinjiang", Entity.Kind.PLACE)
    merge_entities(kept, [duplicate])
    response = client.get("/entities/the-global-times/")
    assert response.status_code == 301
    assert response["Location"] == "/entities/xinjiang/"


def test_old_outlet_and_spokesperson_slugs_redirect_too(client, duplicate):
    kept = make_entity("Global Times", Entity.Kind.OUTLET)
    merge_entities(kept, [duplicate])
    for prefix in ("outlets", "spokespersons"):
        response = client.get(f"/{prefix}/the-global-times/")
        assert response.status_code == 301
        assert response["Location"] == f"/{prefix}/{kept.slug}/"


def test_merge_action_asks_which_to_keep_then_merges(admin_client, duplicate):
    kept = make_entity("Global Times", Entity.Kind.OUTLET)
    url = reverse("admin:briefings_entity_changelist")
    ids = [kept.pk, duplicate.pk]

    ask = admin_client.post(url, {"action": "merge", "_selected_action": ids})
    assert "Global Times (dup)" in ask.content.decode()
    assert Entity.objects.filter(pk=duplicate.pk).exists()

    done = admin_client.post(
        url,
        {"action": "merge", "_selected_action": ids, "keep": kept.pk, "apply": "1"},
        follow=True,
    )
    assert "Merged into Global Times" in done.content.decode()
    assert not Entity.objects.filter(pk=duplicate.pk).exists()


def test_merge_action_needs_two_entities(admin_client, duplicate):
    response = admin_client.post(
        reverse("admin:briefings_entity_changelist"),
        {"action": "merge", "_selected_action": [duplicate.pk]},
        follow=True,
    )
    assert "Select at least two entities to merge." in response.content.decode()
    assert Entity.objects.filter(pk=duplicate.pk).exists()
