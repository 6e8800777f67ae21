"""Dates as briefing pages print them: "on May 11, 2018", "June12, 2018", "2019年7月10日"."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

# Month names and their usual abbreviations, lower-case, to the month's number.
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

# "May 11, 2018", "June12, 2018", "September30 , 2024", "Sept. 10": spaces and the comma
# are optional because the pages drop and misplace them.
_MONTH_DAY = re.compile(
    rf"\b(?P<month>{MONTH_NAMES})\.?\s*(?P<day>\d{{1,2}})(?!\d|:)(?:st|nd|rd|th)?"
    rf"(?:\s*,?\s*(?P<year>(?:19|20)\d\d)(?!\d))?",
    re.I,
)
# "24 April 2015"
_DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_NAMES})\.?,?\s+(?P<year>(?:19|20)\d\d)(?!\d)", re.I
)
_CHINESE = re.compile(
    r"(?P<year>(?:19|20)\d\d)\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
)
_ISO = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")
# "10/11/2022": American month first, as on the US government pages that use it.
_SLASHED = re.compile(r"(?<!\d)(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class FoundDate:
    """A date found in text: full, or month and day only when the year is missing."""

    month: int
    day: int
    year: int | None

    def as_date(self) -> datetime.date | None:
        """Return the date, or None when the year is missing."""
        if self.year is None:
            return None
        return datetime.date(self.year, self.month, self.day)


def find_date(text: str) -> FoundDate | None:
    """Find the first plausible date in a line of text; time-of-day lines give None."""
    for pattern in (_CHINESE, _ISO, _SLASHED, _MONTH_DAY, _DAY_MONTH):
        for match in pattern.finditer(text):
            found = _checked(match)
            if found is not None:
                return found
    return None


def _checked(match: re.Match[str]) -> FoundDate | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower()]
    day = int(match.group("day"))
    year = int(match.group("year")) if match.group("year") else None
    try:
        datetime.date(year or 2000, month, day)  # 2000 is a leap year: February 29 passes
    except ValueError:
        return None
    return FoundDate(month, day, year)
