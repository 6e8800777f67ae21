"""Who may do what: editors curate, only superusers delete briefings or manage users."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from briefings.models import Briefing, ExchangeTopic, Question, TranscriptRevision
from tests.factories import add_exchange, make_briefing, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = User.objects.create_user("editor", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def briefing():
    briefing = make_briefing("2020-03-04", title="A briefing")
    add_exchange(briefing, "Any comment on the visit?", ["We welcome it."])
    TranscriptRevision.objects.create(
        briefing=briefing, number=1, content_hash="x", raw_text="text", parsed={}
    )
    return briefing


def test_editors_may_upload_transcripts(editor):
    assert editor.has_perm("briefings.add_transcriptrevision")


def test_editor_can_open_and_edit_a_briefing(editor_client, briefing):
    url = reverse("admin:briefings_briefing_change", args=[briefing.pk])
    assert editor_client.get(url).status_code == 200


def test_editor_cannot_delete_a_briefing_but_a_superuser_can(editor_client, admin_client, briefing):
    url = reverse("admin:briefings_briefing_delete", args=[briefing.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Briefing.objects.filter(pk=briefing.pk).exists()
    admin_client.post(url, {"post": "yes"})
    assert not Briefing.objects.filter(pk=briefing.pk).exists()


def test_editor_cannot_see_or_change_user_accounts(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_user_add")).status_code == 403


def test_editor_cannot_change_or_delete_a_transcript_revision(editor_client, briefing):
    revision = briefing.revisions.get()
    delete = reverse("admin:briefings_transcriptrevision_delete", args=[revision.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:briefings_transcriptrevision_change", args=[revision.pk])
    editor_client.post(change, {"raw_text": "changed"})
    revision.refresh_from_db()
    assert revision.raw_text == "text"


def test_editor_can_manage_topics_and_entities(editor_client):
    for name in ("topic", "exchangetopic", "entity", "entityalias", "mention"):
        assert editor_client.get(reverse(f"admin:briefings_{name}_add")).status_code == 200


def test_editor_tags_exchanges_on_the_briefing_page_and_history_says_who(
    editor_client, editor, briefing
):
    question = briefing.questions.get()
    topic = make_topic("Diplomacy")
    url = reverse("admin:briefings_briefing_change", args=[briefing.pk])
    page = editor_client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "spokespersons"}
    data["spokespersons"] = [p.pk for p in briefing.spokespersons.all()]
    data.update(management_data(page))
    data.update({"questions-0-id": question.pk, "questions-0-tags": [topic.pk]})

    response = editor_client.post(url, data)

    assert response.status_code == 302, (
        [
            (f.prefix, f.errors)
            for fs in response.context["inline_admin_formsets"]
            for f in fs.formset
        ]
        + [response.context["adminform"].form.errors]
        if response.context
        else ""
    )
    link = ExchangeTopic.objects.get(question=question)
    assert (link.topic, link.status, link.created_by) == (topic, "manual", editor)
    assert ExchangeTopic.history.get().history_user == editor


def management_data(page):
    """The inline formsets' management form values of an admin change page."""
    data = {}
    for formset in page.context.get("inline_admin_formsets") or []:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
        for index, form in enumerate(formset.formset.forms):
            if form.instance.pk:
                data[f"{formset.formset.prefix}-{index}-id"] = form.instance.pk
                for name in form.fields:
                    if name not in ("id", "DELETE", "tags") and form.initial.get(name) is not None:
                        value = form.initial[name]
                        data[f"{formset.formset.prefix}-{index}-{name}"] = getattr(
                            value, "pk", value
                        )
    return data


def test_editor_edit_of_an_exchange_text_is_recorded_and_revertible(editor_client, briefing):
    question = briefing.questions.get()
    url = reverse("admin:briefings_question_change", args=[question.pk])
    page = editor_client.get(url)
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update(management_data(page))
    data["text"] = "Any comment on the state visit?"
    response = editor_client.post(url, data)
    assert response.status_code == 302, [
        (f.prefix, f.errors) for fs in response.context["inline_admin_formsets"] for f in fs.formset
    ] + [response.context["adminform"].form.errors]

    history = Question.history.filter(id=question.pk).order_by("history_date")
    assert history.last().history_user.username == "editor"
    assert (
        "Any comment on the state visit?"
        in editor_client.get(
            reverse("admin:briefings_question_history", args=[question.pk])
        ).content.decode()
    )

    original = history.first()
    revert = reverse(
        "admin:briefings_question_simple_history", args=[question.pk, original.history_id]
    )
    reverted = editor_client.get(revert)
    data = {k: v for k, v in reverted.context["adminform"].form.initial.items() if v is not None}
    data.update(management_data(reverted))
    assert editor_client.post(revert, data).status_code == 302
    question.refresh_from_db()
    assert question.text == "Any comment on the visit?"
