"""The admin login stops a guesser after a few failures, and the operator sees the lockout."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def editor(django_user_model: object) -> object:
    return django_user_model.objects.create_superuser(  # type: ignore[attr-defined]
        "editor", "editor@example.org", "right-password-123"
    )


def guess(client: Client, password: str, address: str = "203.0.113.7") -> object:
    """One login attempt through the admin's form, from the given address."""
    return client.post(LOGIN, {"username": "editor", "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_after_the_failure_limit_even_the_right_password_is_refused(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = guess(client, f"wrong-{attempt}")
        if attempt < settings.AXES_FAILURE_LIMIT - 1:
            assert response.status_code == 200
            assert "Please enter the correct username and password" in response.text
    response = guess(client, "right-password-123")
    assert response.status_code == 429
    assert "locked" in response.text.lower()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_lockout_from_one_address_leaves_other_addresses_able_to_log_in(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        guess(client, f"wrong-{attempt}")
    other = Client()
    response = guess(other, "right-password-123", address="198.51.100.20")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_the_operator_sees_the_lockout_in_the_admin_and_can_lift_it(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        guess(client, f"wrong-{attempt}")
    operator = Client()
    operator.force_login(editor)
    listing = operator.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "203.0.113.7" in listing.text
    assert "editor" in listing.text
    attempt = AccessAttempt.objects.get(ip_address="203.0.113.7")
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT

    # Deleting the access attempt in the admin lifts the lockout.
    operator.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert not AccessAttempt.objects.exists()
    response = guess(client, "right-password-123")
    assert response.status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_the_lockout_is_for_the_readers_address_not_a_forged_one(
    client, editor, settings
):
    settings.NUM_PROXIES = 1
    proxy = "10.0.0.2"
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # Each guess forges a different address; nginx appends the real one last.
        client.post(
            LOGIN,
            {"username": "editor", "password": f"wrong-{attempt}"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 203.0.113.9",
        )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    locked = guess(client, "right-password-123", address=proxy)
    assert locked.status_code == 302  # the proxy's own address is not locked out
    other = Client().post(
        LOGIN,
        {"username": "editor", "password": "right-password-123"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert other.status_code == 429
