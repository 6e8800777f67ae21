"""/healthz says the process answers; /readyz says it can serve pages; neither floods the log."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parent.parent


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_settings(settings: object, url: str) -> None:
    """Point the shared cache at `url`, as REDIS_URL does in settings.py."""
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: pytest-django makes any database access here fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\n"


def test_healthz_answers_any_host_name_compose_uses(client):
    # Probes come as http://localhost or a container's address, not the public host name.
    response = client.get("/healthz", HTTP_HOST="172.18.0.5:8000")
    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_reports_database_and_migrations_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "ready": True,
        "database": "ok",
        "migrations": "ok",
        "cache": "not configured",
    }
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_checks_the_cache_when_one_is_configured(client, settings):
    redis_settings(settings, "redis://127.0.0.1:6379/0")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["cache"] == "ok"


@pytest.mark.django_db
def test_with_redis_down_readyz_says_so_and_pages_are_still_served(client, settings):
    redis_settings(settings, f"redis://127.0.0.1:{closed_port()}/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False
    assert body["cache"].startswith("unreachable")
    assert body["database"] == "ok"
    # A cache that is down means pages served uncached, never an error page.
    assert client.get("/").status_code == 200
    assert client.get("/search/?q=Taiwan").status_code == 200
    # The API's and the exports' per-client limits are counted in the cache too.
    assert client.get("/api/v1/briefings/").status_code == 200
    assert client.get("/search/export.csv?q=Taiwan").status_code == 200


@pytest.fixture
def empty_database() -> str:
    """A new, empty database on the test server (no migrations applied), dropped afterwards."""
    name = f"ba_readyz_{uuid.uuid4().hex[:8]}"
    server = {**django_settings.DATABASES["default"]}
    params = dict(
        host=server["HOST"], port=server["PORT"] or 5432, user=server["USER"], dbname="postgres"
    )
    if server.get("PASSWORD"):
        params["password"] = server["PASSWORD"]
    with psycopg.connect(**params, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    password = f":{server['PASSWORD']}" if server.get("PASSWORD") else ""
    yield f"postgres://{server['USER']}{password}@{params['host']}:{params['port']}/{name}"
    with psycopg.connect(**params, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_readyz_is_not_ready_while_migrations_wait(empty_database):
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/readyz'); print(r.status_code, r.json()['migrations'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **os.environ,
            "DATABASE_URL": empty_database,
            "DJANGO_SETTINGS_MODULE": "archive_site.settings",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    status, state = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert "not applied" in state
    assert "auth.0001_initial" in state


def test_gunicorn_leaves_health_probes_out_of_the_access_log(tmp_path):
    port = closed_port()
    log = tmp_path / "access.log"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            str(log),
            "archive_site.wsgi",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        for path in ("/healthz", "/readyz", "/robots-not-here"):
            # The last one is a 404; only its line in the log matters.
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10).read()
        time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    logged = log.read_text()
    assert "/robots-not-here" in logged
    assert "/healthz" not in logged
    assert "/readyz" not in logged


def test_with_production_settings_probes_answer_plain_http_on_any_host():
    # Compose asks http://localhost:8000/readyz: no HTTPS redirect, no ALLOWED_HOSTS refusal.
    script = (
        "import django; django.setup(); from django.test import Client; c = Client(); "
        "print(c.get('/healthz', HTTP_HOST='172.18.0.5:8000').status_code, "
        "c.get('/', HTTP_HOST='archive.example.org').status_code)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="archive_site.settings",
        SECRET_KEY="probe-test",
        ALLOWED_HOSTS="archive.example.org",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # The probe answers; a page over plain HTTP is sent to HTTPS.
    assert result.stdout.split() == ["200", "301"]


def test_with_the_database_down_pages_answer_503_and_the_probes_say_why():
    script = (
        "import django; django.setup(); from django.test import Client; "
        "c = Client(raise_request_exception=False); "
        "page = c.get('/briefings/'); ready = c.get('/readyz'); "
        "print(page.status_code, page['Retry-After'], c.get('/healthz').status_code, "
        "ready.status_code, ready.json()['database'].split(':')[0])"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="archive_site.settings",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/briefings",
        SECRET_KEY="probe-test",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["503", "5", "200", "503", "unreachable"]
