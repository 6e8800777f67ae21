"""An editor uploads transcripts through the admin in a real browser."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from briefings.models import Briefing

from .test_importer import transcript

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


def sign_in_as_editor(page: object) -> None:
    """An editor with the permissions to upload and to see briefings, signed in."""
    user = get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_transcriptrevision", "view_briefing", "change_briefing"]
        )
    )
    page.goto("/admin/login/?next=/admin/briefings/briefing/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("text=Upload transcripts")


def test_an_editor_uploads_previews_confirms_and_finds_the_briefing(page, artifacts, tmp_path):
    upload = tmp_path / "zhao-2020-03-04.txt"
    upload.write_text(transcript(), encoding="utf-8")
    sign_in_as_editor(page)
    page.click("text=Upload transcripts")
    page.set_input_files("input[type=file]", str(upload))
    page.click("input[value=Preview]")

    page.wait_for_selector("text=a new briefing")
    assert "harvest festival in Qinghai" in page.inner_text("#content-main")
    assert "4 March 2020" in page.inner_text("#content-main")
    page.screenshot(path=artifacts / "upload-preview.png", full_page=True)
    assert Briefing.objects.count() == 0

    page.click("input[value='Import 1 file']")
    message = page.locator(".messagelist li.success")
    message.wait_for()
    assert "imported as a new briefing" in message.inner_text()
    assert page.locator("#result_list").get_by_text("2020").first.is_visible()
    page.screenshot(path=artifacts / "upload-done.png", full_page=True)

    with page.expect_navigation():
        message.get_by_role("link", name="read on the site").click()
    assert "/briefings/2020/03/04/mfa/" in page.url
    assert "harvest festival in Qinghai" in page.content()
    briefing = Briefing.objects.get()
    assert briefing.revisions.get().created_by.username == "editor"


def test_a_broken_file_is_refused_with_the_reason_and_nothing_is_stored(page, artifacts, tmp_path):
    broken = tmp_path / "scan.txt"
    broken.write_bytes(b"Press conference\n\x00\x01\x02\x03 scanned image")
    sign_in_as_editor(page)
    page.goto("/admin/briefings/briefing/upload/")
    page.set_input_files("input[type=file]", str(broken))
    page.click("input[value=Preview]")
    error = page.locator(".errornote")
    error.wait_for()
    assert "not a text file" in error.inner_text()
    assert "line 2" in error.inner_text()
    assert page.locator("input[name=token]").count() == 0
    page.screenshot(path=artifacts / "upload-refused.png", full_page=True)
    assert Briefing.objects.count() == 0
