"""archive_site/settings.py: production refuses to start without its own SECRET_KEY."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOW_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def settings_run(**env: str) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter with the given variables set."""
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {SHOW_KEY}"],
        env={**base, "DJANGO_SETTINGS_MODULE": "archive_site.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_debug_a_secret_key_must_come_from_the_environment():
    result = settings_run()
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_with_debug_off_the_environments_secret_key_is_used():
    result = settings_run(SECRET_KEY="production-key-from-the-environment")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "production-key-from-the-environment"


def test_a_bad_debug_value_stops_the_server_with_its_name():
    result = settings_run(DEBUG="maybe", SECRET_KEY="k")
    assert result.returncode != 0
    assert "DEBUG must be a yes/no value" in result.stderr
