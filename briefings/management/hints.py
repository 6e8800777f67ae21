"""The parse hints as the transcript commands take them: --format, --source, --date, …"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.management.base import CommandError

from briefings.parsing import Hints


def hints_from_options(options: Mapping[str, Any]) -> Hints:
    """The Hints a command's options give; CommandError for a date not in YYYY-MM-DD."""
    return Hints(
        format=options["format"] or "auto",
        source=options["source"],
        date=_date(str(options["date"])) if options["date"] else None,
        language=options["language"],
        spokesperson=options["spokesperson"],
    )


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from None
