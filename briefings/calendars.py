"""Calendars of briefing days, and the gaps between them.

A weekday without a briefing, inside the span the archive covers, is a gap: a public
holiday, a suspension, or a transcript the archive is missing. Readers see gaps marked
in the calendar and listed below it, so an absence is never mistaken for silence.

Gaps are marked only in a month the archive covers day by day: one with briefings on at
least half its weekdays (those inside the archive's span). In a month it holds a few
briefings of, every other weekday would be a "gap" that says only that the archive is
sparse there, not that the briefing room was silent; such a month says so instead.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import Briefing

WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@dataclass
class Day:
    """One cell of a month calendar."""

    date: datetime.date
    in_month: bool
    briefings: list[Briefing] = field(default_factory=list)
    is_gap: bool = False

    @property
    def is_weekend(self) -> bool:
        return self.date.weekday() >= 5

    @property
    def podium(self) -> list[str]:
        """Who spoke that day, each name once."""
        names: list[str] = []
        for briefing in self.briefings:
            for person in briefing.spokespersons.all():
                if person.name not in names:
                    names.append(person.name)
        return names


@dataclass
class Gap:
    """A run of weekdays without a briefing."""

    first: datetime.date
    last: datetime.date
    weekdays: int


@dataclass
class Month:
    """A month's calendar: weeks of days, and the gaps in it."""

    first: datetime.date
    weeks: list[list[Day]]
    gaps: list[Gap]
    briefing_count: int
    in_archive: bool = True  # inside the archive's span, so its month page answers
    marks_gaps: bool = True  # covered day by day, so a weekday without a briefing means one

    @property
    def name(self) -> str:
        return f"{self.first:%B %Y}"


def month_calendar(
    year: int,
    month: int,
    briefings: Iterable[Briefing],
    covered: tuple[datetime.date, datetime.date] | None,
) -> Month:
    """The calendar of a month, marking briefing days and the gaps within `covered`."""
    by_day: dict[datetime.date, list[Briefing]] = defaultdict(list)
    for briefing in briefings:
        by_day[briefing.date].append(briefing)
    weekdays_covered = [
        date
        for date in calendar.Calendar().itermonthdates(year, month)
        if date.month == month
        and date.weekday() < 5
        and covered is not None
        and covered[0] <= date <= covered[1]
    ]
    marks_gaps = bool(weekdays_covered) and 2 * len(by_day) >= len(weekdays_covered)
    weeks: list[list[Day]] = []
    gaps: list[Gap] = []
    run: list[datetime.date] = []
    for week in calendar.Calendar().monthdatescalendar(year, month):
        days = []
        for date in week:
            day = Day(date=date, in_month=date.month == month, briefings=by_day.get(date, []))
            inside = covered is not None and covered[0] <= date <= covered[1]
            day.is_gap = (
                marks_gaps and day.in_month and inside and not day.is_weekend and not day.briefings
            )
            days.append(day)
            if not day.in_month or day.is_weekend:
                continue
            if day.is_gap:
                run.append(date)
            elif run:
                gaps.append(Gap(run[0], run[-1], len(run)))
                run = []
        weeks.append(days)
    if run:
        gaps.append(Gap(run[0], run[-1], len(run)))
    count = sum(len(day_briefings) for day_briefings in by_day.values())
    first = datetime.date(year, month, 1)
    in_archive = covered is not None and covered[0].replace(day=1) <= first <= covered[1]
    return Month(first, weeks, gaps, count, in_archive, marks_gaps)


def year_calendars(
    year: int, briefings: Iterable[Briefing], covered: tuple[datetime.date, datetime.date] | None
) -> list[Month]:
    """The twelve month calendars of a year."""
    by_month: dict[int, list[Briefing]] = defaultdict(list)
    for briefing in briefings:
        by_month[briefing.date.month].append(briefing)
    return [month_calendar(year, m, by_month[m], covered) for m in range(1, 13)]
