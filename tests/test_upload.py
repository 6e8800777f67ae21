"""Uploading transcripts in the admin: preview, confirm, refusals that store nothing."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from briefings.models import Briefing, TranscriptRevision

from .test_importer import EXCHANGES, TITLE, row_counts, transcript

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:briefings_briefing_upload")
CONFIRM = reverse("admin:briefings_briefing_upload_confirm")


def text_file(name: str = "briefing.txt", content: str | bytes | None = None) -> SimpleUploadedFile:
    data = content if content is not None else transcript()
    if isinstance(data, str):
        data = data.encode()
    return SimpleUploadedFile(name, data, content_type="text/plain")


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="add_transcriptrevision"),
        Permission.objects.get(codename="view_briefing"),
        Permission.objects.get(codename="change_briefing"),
    )
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def preview(client, *files: SimpleUploadedFile, **fields: str) -> str:
    response = client.post(UPLOAD, {"files": list(files), **fields})
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.content.decode()


def token_of(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def test_the_briefing_list_offers_the_upload_to_editors(editor_client):
    page = editor_client.get(reverse("admin:briefings_briefing_changelist")).content.decode()
    assert "Upload transcripts" in page
    assert UPLOAD in page


def test_the_preview_shows_the_parsed_briefing_and_stores_nothing(editor_client):
    before = row_counts()
    page = preview(editor_client, text_file())
    assert "a new briefing" in page
    assert TITLE.replace("'", "&#x27;") in page
    assert "4 March 2020" in page
    assert "Zhao Lijian" in page
    assert "harvest festival in Qinghai" in page
    assert "question" in page and "CCTV" in page
    assert row_counts() == before


def test_confirming_imports_the_file_records_the_editor_and_links_to_it(editor_client, editor):
    page = preview(editor_client, text_file())
    response = editor_client.post(CONFIRM, {"token": token_of(page)}, follow=True)
    assert response.status_code == 200
    briefing = Briefing.objects.get()
    assert briefing.revisions.get().created_by == editor
    shown = response.content.decode()
    assert "briefing.txt: imported as a new briefing" in shown.lower()
    assert briefing.get_absolute_url() in shown
    assert reverse("admin:briefings_briefing_change", args=[briefing.pk]) in shown
    assert editor_client.get(briefing.get_absolute_url()).status_code == 200


def test_a_token_cannot_be_confirmed_twice(editor_client):
    token = token_of(preview(editor_client, text_file()))
    editor_client.post(CONFIRM, {"token": token})
    counts = row_counts()
    response = editor_client.post(CONFIRM, {"token": token}, follow=True)
    assert "already imported or has expired" in response.content.decode()
    assert row_counts() == counts


def test_a_corrected_file_previews_as_a_revision_and_the_same_file_as_unchanged(editor_client):
    editor_client.post(CONFIRM, {"token": token_of(preview(editor_client, text_file()))})
    again = preview(editor_client, text_file())
    assert "unchanged: the archive already holds" in again
    assert "Nothing to import: the archive already holds this transcript" in again
    assert 'name="token"' not in again  # no Import button for a file that changes nothing
    edited = [*EXCHANGES[:3], (EXCHANGES[3][0], EXCHANGES[3][1], "Over fifty, in fact.")]
    page = preview(editor_client, text_file(content=transcript(edited)))
    assert "a correction: revision 2" in page
    response = editor_client.post(CONFIRM, {"token": token_of(page)}, follow=True)
    assert "imported as revision 2" in response.content.decode()
    assert TranscriptRevision.objects.count() == 2


def test_several_files_at_once_each_get_a_preview(editor_client):
    other = transcript(title=TITLE.replace("March 4", "March 5"))
    page = preview(editor_client, text_file("a.txt"), text_file("b.txt", other))
    assert page.count("a new briefing") == 2
    editor_client.post(CONFIRM, {"token": token_of(page)})
    assert Briefing.objects.count() == 2


def test_a_binary_file_is_refused_with_a_reason_and_nothing_is_stored(editor_client):
    before = row_counts()
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    page = preview(editor_client, SimpleUploadedFile("photo.png", png, "image/png"))
    assert "rejected" in page
    assert "not a text file" in page
    assert re.search(r"line \d+: not a text file", page)
    assert 'name="token"' not in page
    assert row_counts() == before


def test_a_refused_file_does_not_stop_the_good_one_beside_it(editor_client):
    page = preview(editor_client, text_file("good.txt"), text_file("bad.txt", b"\x00\x01"))
    assert "not a text file" in page
    editor_client.post(CONFIRM, {"token": token_of(page)})
    assert Briefing.objects.count() == 1


@override_settings(UPLOAD_MAX_FILE_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(editor_client):
    before = row_counts()
    big = transcript() + "More words. " * 200
    response = editor_client.post(UPLOAD, {"files": [text_file("big.txt", big)]})
    assert response.status_code == 400
    assert "big.txt" in response.content.decode()
    assert "at most 1000" in response.content.decode()
    assert row_counts() == before


@override_settings(UPLOAD_MAX_TOTAL_BYTES=1000)
def test_files_over_the_total_limit_are_refused_together(editor_client):
    files = [text_file(f"{n}.txt") for n in range(3)]
    response = editor_client.post(UPLOAD, {"files": files})
    assert response.status_code == 400
    assert "smaller groups" in response.content.decode()


def test_a_file_without_a_date_says_so_and_the_form_can_give_one(editor_client):
    undated = transcript(title="Regular Press Conference")
    page = preview(editor_client, text_file("undated.txt", undated))
    assert "no date in the file; give one" in page
    page = preview(
        editor_client, text_file("undated.txt", undated), date="2021-06-01", source="mfa"
    )
    assert "1 June 2021" in page
    editor_client.post(CONFIRM, {"token": token_of(page)})
    assert Briefing.objects.get().date.isoformat() == "2021-06-01"


def test_a_file_without_a_source_says_so(editor_client):
    seedlike = "CCTV: What is your comment?\n\nIlse Marrow: None.\n"
    page = preview(editor_client, text_file("x.txt", seedlike), date="2022-07-28")
    assert "does not say which briefing room" in page


def test_staff_without_the_permission_are_refused(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_briefing"))
    client.force_login(user)
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"files": [text_file()]}).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    changelist = client.get(reverse("admin:briefings_briefing_changelist")).content.decode()
    assert "Upload transcripts" not in changelist
    assert Briefing.objects.count() == 0


def test_a_visitor_who_is_not_staff_is_sent_to_log_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader"))
    response = client.post(UPLOAD, {"files": [text_file()]})
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert Briefing.objects.count() == 0


def test_editors_can_compare_two_revisions(editor_client, admin_client):
    editor_client.post(CONFIRM, {"token": token_of(preview(editor_client, text_file()))})
    edited = [*EXCHANGES[:3], (EXCHANGES[3][0], EXCHANGES[3][1], "Over <fifty>, in fact.")]
    page = preview(editor_client, text_file(content=transcript(edited)))
    editor_client.post(CONFIRM, {"token": token_of(page)})
    latest = TranscriptRevision.objects.get(number=2)
    change = admin_client.get(
        reverse("admin:briefings_briefing_change", args=[latest.briefing_id])
    ).content.decode()
    diff_url = reverse("admin:briefings_transcriptrevision_diff", args=[latest.pk])
    assert diff_url in change
    diff = admin_client.get(diff_url).content.decode()
    assert "Revision 1" in diff and "Revision 2" in diff
    plain = re.sub(r"</?span[^>]*>", "", diff).replace("&nbsp;", " ")
    assert "Over forty." in plain
    assert "Over &lt;fifty&gt;, in fact." in plain
    assert "<fifty>" not in diff
    raw = admin_client.get(diff_url, {"raw": "1"})
    assert raw.status_code == 200
    first = TranscriptRevision.objects.get(number=1)
    assert (
        "nothing earlier"
        in admin_client.get(
            reverse("admin:briefings_transcriptrevision_diff", args=[first.pk])
        ).content.decode()
    )


def test_the_preview_names_the_language_and_imports_only_what_changes(editor_client):
    editor_client.post(CONFIRM, {"token": token_of(preview(editor_client, text_file()))})
    other = transcript(title=TITLE.replace("March 4", "March 5"))
    page = preview(editor_client, text_file("same.txt"), text_file("new.txt", other))
    assert "<td>English (en)</td>" in page
    assert 'value="Import 1 file"' in page
    editor_client.post(CONFIRM, {"token": token_of(page)})
    assert Briefing.objects.count() == 2
    assert TranscriptRevision.objects.count() == 2
