"""What a transcript's front and back matter tell about the briefing: place, times, corrections.

White House (and State Department) transcripts open with the room or place
(`James S. Brady Press Briefing Room`, `Aboard Air Force One` / `En Route Denver,
Colorado`), a correction notice when the text was corrected, and the start time
(`1:06 P.M. EST`); they close with the end time (`END 1:14 P.M. EDT`). The parser keeps
these lines in a transcript's `header` and `footer`; `read_furniture` reads them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .dates import find_date
from .whitehouse import is_correction_notice

_SPACE = "[ \t\xa0]"
_TIME = re.compile(
    rf"(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}}){_SPACE}*(?P<half>[AaPp])\.?{_SPACE}*[Mm]\.?"
    rf"(?:{_SPACE}+(?P<zone>[A-Z]{{2,4}}))?"
)
_TIME_LINE = re.compile(rf"^(?:END{_SPACE}+)?{_TIME.pattern}$")
# Header lines that name the briefer or the series rather than the place (State Department:
# "Ned Price, Department Spokesperson", "Daily Press Briefing").
_NOT_PLACE = re.compile(r"spokes(?:person|man|woman)|press briefing$|^index for|^END$", re.I)


@dataclass(frozen=True)
class Furniture:
    """A briefing's place, start and end time (in the page's time zone) and correction notice."""

    place: str = ""
    starts_at: datetime.time | None = None
    ends_at: datetime.time | None = None
    time_zone: str = ""
    correction_notice: str = ""


def read_time(text: str) -> tuple[datetime.time, str] | None:
    """A time line ("1:06 P.M. EST", "END 1:14 P.M. EDT") as a time and its zone's abbreviation."""
    match = _TIME_LINE.match(" ".join(text.split()))
    if match is None:
        return None
    hour, minute = int(match["hour"]), int(match["minute"])
    if not (1 <= hour <= 12 and minute < 60):
        return None
    hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
    return datetime.time(hour, minute), match["zone"] or ""


def read_furniture(header: Sequence[str], footer: Sequence[str]) -> Furniture:
    """Read place, times and correction notice from a transcript's header and footer lines.

    The place is taken only from a header that has a time line (the White House's and
    the State Department's shape): other sources' headers hold breadcrumbs and dates.
    """
    notices = [line for line in header if is_correction_notice(line)]
    times = [(index, found) for index, line in enumerate(header) if (found := read_time(line))]
    place = ""
    starts_at, zone = None, ""
    if times:
        first, (starts_at, zone) = times[0]
        place = ", ".join(
            line
            for line in header[:first]
            if not is_correction_notice(line)
            and not _NOT_PLACE.search(line)
            and not (find_date(line) and len(line) <= 40)
            and len(line) <= 120
        )
    ends = [found for line in footer if (found := read_time(line))]
    ends_at = ends[-1][0] if ends else None
    if ends and not zone:
        zone = ends[-1][1]
    return Furniture(
        place=place[:200],
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=zone,
        correction_notice="\n".join(notices),
    )
