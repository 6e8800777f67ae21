"""The fetcher's schedule in production: deploy/fetcher-cron writes cron's file and the settings."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "deploy" / "fetcher-cron"


def start(tmp_path: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """Run the service's entry point as the container would, cron itself left out."""
    env = {
        "PATH": os.environ["PATH"],
        "CRON_COMMAND": "true",
        "FETCHER_ENV_FILE": str(tmp_path / "fetcher.env"),
        "FETCHER_CRON_FILE": str(tmp_path / "fetch-briefings"),
        **environment,
    }
    return subprocess.run(["sh", str(SCRIPT)], env=env, capture_output=True, text=True)


def test_cron_runs_fetch_briefings_on_the_schedule_as_the_archive_user(tmp_path: Path) -> None:
    started = start(tmp_path, FETCH_SCHEDULE="5 6 * * *", FETCH_OPTIONS="--delay 5")

    assert started.returncode == 0, started.stderr
    lines = (tmp_path / "fetch-briefings").read_text().splitlines()
    job = next(line for line in lines if line.startswith("5 6 * * * root "))
    assert "setpriv --reuid=archive --regid=archive --init-groups" in job
    assert "python manage.py fetch_briefings mfa-en mfa-zh --delay 5" in job
    assert job.endswith(">/proc/1/fd/1 2>/proc/1/fd/2")  # the container's log


def test_the_settings_reach_each_run_intact_and_readable_by_root_alone(tmp_path: Path) -> None:
    secret = "it's a $ecret with `quotes` and spaces"
    started = start(tmp_path, SECRET_KEY=secret, DATABASE_URL="postgres://u:p@db/x", HOME="/x")

    assert started.returncode == 0, started.stderr
    env_file = tmp_path / "fetcher.env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    read_back = subprocess.run(
        ["sh", "-c", f'. "{env_file}" && printf "%s|%s|%s" "$SECRET_KEY" "$DATABASE_URL" "$HOME"'],
        env={"PATH": os.environ["PATH"], "HOME": "/home"},
        capture_output=True,
        text=True,
    )
    assert read_back.stdout == f"{secret}|postgres://u:p@db/x|/home"  # HOME not passed on


@pytest.mark.parametrize(
    "variable, value",
    [("FETCH_OPTIONS", "--delay 5; rm -rf /"), ("FETCH_SCHEDULE", "0 * * * * % x")],
)
def test_shell_syntax_in_the_schedule_is_refused(tmp_path: Path, variable: str, value: str) -> None:
    started = start(tmp_path, **{variable: value})

    assert started.returncode == 2
    assert "take no shell syntax" in started.stderr
    assert not (tmp_path / "fetch-briefings").exists()
