"""Swedish public holidays from the maintained `holidays` library (no network, no data files)."""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays


@cache
def _year(year: int) -> frozenset[date]:
    # The library counts every Sunday as a Swedish holiday by default; sessions are planned
    # per weekday, so only the real public holidays may skip them.
    return frozenset(holidays.country_holidays("SE", years=year, include_sundays=False))


def swedish_holidays(first: date, last: date) -> frozenset[date]:
    """Return the Swedish public holidays between first and last (inclusive)."""
    days: set[date] = set()
    for year in range(first.year, last.year + 1):
        days |= {d for d in _year(year) if first <= d <= last}
    return frozenset(days)
