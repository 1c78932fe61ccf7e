"""Months and years as people type them: 2019, mars 2019, 03/2019, ۲۰۱۹, "now"."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date

from flows.cv_model import NOW
from flows.text import ascii_digits

FIRST_YEAR = 1940
_YEAR = re.compile(r"(\d{4})", re.ASCII)
_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[./-]\s*(\d{4})|(\d{4})\s*[./-]\s*(\d{1,2})", re.ASCII)


def typed_period(
    text: str, today: date, months: Mapping[str, int], now_words: Collection[str]
) -> str | None:
    """Return "2019" or "2019-03" (or NOW) for what was typed; None if it is not a month or
    a year. A time in the future is returned as typed; the caller refuses it with a reason."""
    raw = " ".join(ascii_digits(text).split()).casefold()
    if raw in now_words:
        return NOW
    year, month = None, None
    if match := _YEAR.fullmatch(raw):
        year = int(match[1])
    elif match := _MONTH_YEAR.fullmatch(raw):
        first, second = (match[1], match[2]) if match[1] else (match[4], match[3])
        month, year = int(first), int(second)
    else:
        year, month = _named(raw, months)
    if year is None or year < FIRST_YEAR or year > today.year + 10:
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


def _named(raw: str, months: Mapping[str, int]) -> tuple[int | None, int | None]:
    # Month names are not ASCII in most offered languages: split on the year instead.
    found = re.fullmatch(r"(.+?)\.?\s*(\d{4})|(\d{4})\s*(.+)", raw)
    if not found:
        return None, None
    name, year = (found[1], found[2]) if found[1] else (found[4], found[3])
    number = months.get(name.strip().rstrip(".").strip())
    return (int(year), number) if number else (None, None)


def in_future(period: str, today: date) -> bool:
    """Say whether a period starts after this month."""
    if period == NOW:
        return False
    year, _, month = period.partition("-")
    return (int(year), int(month or 1)) > (today.year, today.month)


def before(end: str, start: str) -> bool:
    """Say whether an end lies before a start (a year alone covers all its months)."""
    if end == NOW or not start or start == NOW:
        return False
    end_year, _, end_month = end.partition("-")
    start_year, _, start_month = start.partition("-")
    return (int(end_year), int(end_month or 12)) < (int(start_year), int(start_month or 1))
