"""Shared fixtures: a real Chromium for browser tests, and the corpus folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.corpus import CORPUS_DIR

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-results"

# Playwright's sync API runs an event loop; Django refuses ORM calls from a thread
# that has one unless told this is intended (the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path() -> str | None:
    """The Chromium to drive: CHROMIUM_PATH, else /usr/bin/chromium, else one on PATH."""
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if Path(candidate).is_file() and os.access(candidate, os.X_OK):
        return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium through Playwright; skipped with a reason when none is installed,
    failed instead under REQUIRE_BROWSER=1."""
    path = chromium_path()
    if path is None:
        reason = "no Chromium found (set CHROMIUM_PATH or install Debian's chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object, live_server: object) -> Iterator[object]:
    """A fresh browser page; its base URL is the live server."""
    context = browser.new_context(base_url=live_server.url)  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def artifacts() -> Path:
    """A folder for screenshots reviewers can look at after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def corpus_dir() -> Path:
    """The corpus of real transcripts kept in the repository."""
    return CORPUS_DIR


@pytest.fixture(autouse=True)
def page_cache_off(settings: object) -> None:
    """Pages rendered afresh in every test (query counts measure rendering); the tests of
    caching turn it on (tests/test_caching.py)."""
    settings.PAGE_CACHE = False  # type: ignore[attr-defined]
