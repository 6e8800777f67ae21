"""Security headers on every kind of response; production settings that check --deploy accepts."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import make_briefing

ROOT = Path(__file__).resolve().parent.parent

# The production settings docs/deploy.md documents, less the database (the test's own).
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "archive.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://archive.example.org",
    "SITE_URL": "https://archive.example.org",
    "NUM_PROXIES": "1",
}


def production_run(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh interpreter with the production settings (plus `env`)."""
    # conftest.py allows async-unsafe ORM calls for Playwright; production never does.
    left_out = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in left_out}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**base, **PRODUCTION_ENV, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )


def csp_directives(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_safety_headers(response: object) -> None:
    """Every header the archive promises on a response, with a safe value."""
    csp = csp_directives(response["Content-Security-Policy"])
    script_sources = csp.get("script-src", csp["default-src"])
    assert "'unsafe-inline'" not in script_sources
    assert "'unsafe-eval'" not in script_sources
    assert "'unsafe-inline'" not in csp.get("style-src", csp["default-src"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.fixture
def hsts(settings: object) -> None:
    """HSTS as production has it (DEBUG runs leave it off so localhost is not pinned)."""
    settings.SECURE_HSTS_SECONDS = 31_536_000


@pytest.mark.django_db
def test_a_public_page_carries_every_safety_header(client, hsts):
    briefing = make_briefing("2020-03-04", exchanges=2)
    response = client.get(briefing.get_absolute_url(), secure=True)
    assert response.status_code == 200
    assert_safety_headers(response)
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_an_admin_page_carries_every_safety_header(admin_client, hsts):
    response = admin_client.get("/admin/briefings/briefing/", secure=True)
    assert response.status_code == 200
    assert_safety_headers(response)
    login = admin_client.get("/admin/login/", secure=True)
    assert_safety_headers(login)


@pytest.mark.django_db
def test_an_api_response_carries_every_safety_header(client, hsts):
    make_briefing("2020-03-04", exchanges=2)
    for path in ("/api/v1/briefings/", "/api/v1/exchanges/?q=question", "/api/v1/schema/"):
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        assert_safety_headers(response)


@pytest.mark.django_db
def test_the_health_probes_carry_every_safety_header(client, hsts):
    for path in ("/healthz", "/readyz"):
        response = client.get(path, secure=True)
        assert response.status_code == 200
        assert_safety_headers(response)


@pytest.mark.django_db
def test_a_not_found_page_carries_the_policy(client, hsts):
    response = client.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert_safety_headers(response)


def test_check_deploy_is_silent_with_the_documented_production_settings():
    result = production_run("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_names_a_production_setting_turned_off():
    result = production_run("check", "--deploy", "--fail-level", "WARNING", SECURE_SSL_REDIRECT="0")
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


SHOW = (
    "from django.conf import settings; from django.urls import reverse; "
    "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
    "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, reverse('admin:index'))"
)


def test_production_cookies_are_secure_and_the_admin_moves_with_admin_url():
    result = production_run("shell", "-c", SHOW, ADMIN_URL="/editors-desk/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "31536000",
        "/editors-desk/",
    ]
