"""scripts/backup_restore_check.sh: a pg_dump of the archive restores into a new database
with every row."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.test_replicas import database_url, server_params

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def archive_database() -> Iterator[str]:
    """A migrated database holding a few real briefings, dropped afterwards."""
    name = f"ba_backup_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**server_params(), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": database_url(name)}
    try:
        for command in (
            ["migrate", "--no-input", "-v0"],
            ["import_transcripts", "corpus/mfa-en/2018-05-11_geng-shuang-presscon.html",
             "corpus/mfa-zh", "corpus/whitehouse"],
        ):  # fmt: skip
            done = subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            assert done.returncode == 0, done.stdout + done.stderr
        yield database_url(name)
    finally:
        with psycopg.connect(**server_params(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_new_database_with_every_row(archive_database, tmp_path):
    dump = tmp_path / "archive.dump"
    result = subprocess.run(
        ["scripts/backup_restore_check.sh", archive_database, str(dump)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert dump.stat().st_size > 0
    lines = result.stdout.splitlines()
    briefings = next(line for line in lines if "briefings_briefing" in line).split()
    assert briefings[1] == briefings[5] and int(briefings[1]) > 1
    assert lines[-1].startswith("identical: ")
    # The copy is dropped afterwards: only the original is left on the server.
    restored = archive_database.rsplit("/", 1)[1] + "_restore_check_"
    with psycopg.connect(**server_params()) as connection:
        names = [row[0] for row in connection.execute("SELECT datname FROM pg_database")]
    assert not [name for name in names if name.startswith(restored)]
