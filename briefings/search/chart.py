"""The over-time chart: matches per month or year, drawn as SVG bars."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.utils.safestring import SafeString, mark_safe

TOTALS_SQL = "SELECT to_char(month, 'YYYY-MM'), exchanges FROM briefings_monthtotal"


@dataclass
class Bar:
    """One period of the over-time chart."""

    period: str
    label: str
    count: int
    total: int | None
    value: float
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0

    @property
    def box(self) -> SafeString:
        """The bar's SVG position and size as attributes (numbers only, so safe)."""
        return mark_safe(  # safe: four numbers
            f'x="{self.x:g}" y="{self.y:g}" width="{self.width:g}" height="{self.height:g}"'
        )


def chart_granularity(date_from: datetime.date | None, date_to: datetime.date | None) -> str:
    """Months when the date range is three years or less, else years."""
    if date_from and date_to and (date_to - date_from).days <= 3 * 366:
        return "month"
    return "year"


def period_totals(granularity: str) -> dict[str, int]:
    """All published exchanges per period, to show matches as a share of them."""
    with connection.cursor() as cursor:
        cursor.execute(TOTALS_SQL)
        months = cursor.fetchall()
    if granularity == "month":
        return dict(months)
    years: dict[str, int] = {}
    for month, count in months:
        years[f"{month[:4]}-01"] = years.get(f"{month[:4]}-01", 0) + count
    return years


def each_period(first: str, last: str, granularity: str) -> Iterable[str]:
    """Every period key ('YYYY-MM') from first to last, years stepping by January."""
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        yield f"{year:04d}-{month:02d}"
        if granularity == "year":
            year += 1
        else:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)


CHART_WIDTH, CHART_HEIGHT = 600, 160


def chart_bars(
    periods: dict[str, int], granularity: str, totals: dict[str, int] | None
) -> list[Bar]:
    """Bars for the chart, gaps included, scaled to the chart's box."""
    if not periods:
        return []
    keys = list(each_period(min(periods), max(periods), granularity))
    bars = []
    for key in keys:
        count = periods.get(key, 0)
        total = totals.get(key, 0) if totals is not None else None
        value = (count / total if total else 0.0) if totals is not None else float(count)
        label = (
            key[:4]
            if granularity == "year"
            else datetime.date(int(key[:4]), int(key[5:7]), 1).strftime("%b %Y")
        )
        bars.append(Bar(key, label, count, total, value))
    top = max(bar.value for bar in bars) or 1
    step = CHART_WIDTH / len(bars)
    for n, bar in enumerate(bars):
        bar.width = round(step * 0.8, 2)
        bar.x = round(n * step + step * 0.1, 2)
        bar.height = round(bar.value / top * (CHART_HEIGHT - 20), 2)
        bar.y = round(CHART_HEIGHT - bar.height, 2)
    return bars
