"""DATABASE_REPLICA_URLS: public reads use a replica; writes, editors and a writer's next pages
use the primary.

The replica here is a second real PostgreSQL database holding different rows from the
primary, so the page shows which database it read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

# Runs inside the app's settings with a primary and one replica.
SCRIPT = r"""
import json
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from briefings.models import Topic

Topic.objects.using("default").create(name="Only on the primary", slug="only-on-the-primary")
Topic.objects.using("replica1").create(name="Only on the replica", slug="only-on-the-replica")
seen = {}

def where(client, label):
    # Which database served the public topic pages for this client.
    primary = client.get("/topics/only-on-the-primary/").status_code
    replica = client.get("/topics/only-on-the-replica/").status_code
    seen[label] = {"primary": primary, "replica": replica}

reader = Client()
where(reader, "reader")
seen["reader_cookie"] = "primary_reads" in reader.cookies

writer = Client()
response = writer.post("/search/", {"q": "anything"})
seen["post_status"] = response.status_code
morsel = writer.cookies.get("primary_reads")
seen["cookie_max_age"] = morsel["max-age"] if morsel else None
where(writer, "after_write")

editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw-12345678")
admin = Client()
admin.force_login(editor)
listing = admin.get("/admin/briefings/topic/").content.decode()
seen["admin"] = {
    "primary": "Only on the primary" in listing,
    "replica": "Only on the replica" in listing,
}
# Outside a request (commands, the shell) reads stay on the primary.
outside = Topic.objects.filter(slug__startswith="only-").values_list("slug", flat=True)
seen["command"] = sorted(outside)
print(json.dumps(seen))
"""


def server_params() -> dict[str, object]:
    """psycopg connection parameters for the test server's maintenance database."""
    db = settings.DATABASES["default"]
    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    return {**params, "dbname": "postgres"}


def database_url(name: str) -> str:
    """A DATABASE_URL for database `name` on the test server."""
    params = server_params()
    password = f":{params['password']}" if "password" in params else ""
    return f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"


@pytest.fixture
def primary_and_replica() -> Iterator[tuple[str, str]]:
    """Two migrated databases: the primary, and a replica made as a copy of it."""
    suffix = uuid.uuid4().hex[:8]
    primary, replica = f"ba_primary_{suffix}", f"ba_replica_{suffix}"
    with psycopg.connect(**server_params(), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{primary}"')
    try:
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
            env={**os.environ, "DATABASE_URL": database_url(primary)},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert migrate.returncode == 0, migrate.stderr
        with psycopg.connect(**server_params(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{replica}" TEMPLATE "{primary}"')
        yield database_url(primary), database_url(replica)
    finally:
        with psycopg.connect(**server_params(), autocommit=True) as connection:
            for name in (primary, replica):
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_reads_go_to_the_replica_until_a_write_and_editors_use_the_primary(primary_and_replica):
    primary_url, replica_url = primary_and_replica
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env={
            **os.environ,
            "DATABASE_URL": primary_url,
            "DATABASE_REPLICA_URLS": replica_url,
            "DJANGO_SETTINGS_MODULE": "archive_site.settings",
            "ALLOWED_HOSTS": "testserver",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    # A reader's public pages come from the replica.
    assert seen["reader"] == {"primary": 404, "replica": 200}
    assert seen["reader_cookie"] is False
    # After a POST the same browser reads from the primary for a short while.
    assert seen["cookie_max_age"] == 10
    assert seen["after_write"] == {"primary": 200, "replica": 404}
    # The admin always reads from the primary, and so does code outside a request.
    assert seen["admin"] == {"primary": True, "replica": False}
    assert seen["command"] == ["only-on-the-primary"]


def test_without_replicas_every_read_uses_the_one_database(client, db):
    from briefings.models import Topic

    Topic.objects.create(name="Taiwan", slug="taiwan")
    assert client.get("/topics/taiwan/").status_code == 200
    assert "primary_reads" not in client.post("/search/", {"q": "x"}).cookies
