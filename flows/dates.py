"""Dates as people type them: 2026-12-18, 18/12, 18.12.2026, with Arabic or Persian digits."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from flows.text import ascii_digits

# ASCII digits only (after Arabic-Indic and Persian digits are made ASCII): `int()` would
# also take Devanagari or full-width digits, which nobody here types and forged input may.
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DAY_MONTH = re.compile(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?", re.ASCII)


def typed_day(text: str, today: date) -> date | None:
    """Return the date a person typed, or None for anything that is not a real date.

    Day before month, as in Sweden ("18/12", "18.12.2026"); without a year, the next such
    day from today on ("5/1" typed in December is next January)."""
    raw = ascii_digits(text).strip().rstrip(".")
    yearless = False
    if match := _ISO.fullmatch(raw):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DAY_MONTH.fullmatch(raw):
        day, month = int(match[1]), int(match[2])
        yearless = not match[3]
        year = today.year if yearless else int(match[3]) + (2000 if len(match[3]) == 2 else 0)
    else:
        return None
    for candidate in (year, year + 1) if yearless else (year,):
        try:
            found = date(candidate, month, day)
        except ValueError:
            continue
        if not yearless or found >= today:
            return found
    return None


# "09:30", "9.30", "kl 14", "kl. 14.15", "14": a Swedish "kl" and whole hours are fine.
_TIME = re.compile(r"(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?", re.ASCII | re.IGNORECASE)


def typed_time(text: str) -> time | None:
    """Return the time of day a person typed ("09:30", "9.30", "kl 14"), or None."""
    match = _TIME.fullmatch(ascii_digits(text).strip())
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    return time(hour, minute) if hour <= 23 and minute <= 59 else None


def typed_moment(text: str, today: date) -> tuple[date, time] | None:
    """Return the day and time typed together ("18/12 10:00", "2026-12-18 kl 10"), or None."""
    words = ascii_digits(text).split()
    for cut in range(1, len(words)):
        day = typed_day(" ".join(words[:cut]), today)
        at = typed_time(" ".join(words[cut:]))
        if day is not None and at is not None:
            return day, at
    return None


# How far back a yearless date is still taken as the recent past ("1/12" on 7 December).
RECENT = timedelta(days=183)


def in_recent_past(text: str, today: date) -> bool:
    """Whether the text names a day of the last half year (or, with its year, any past day):
    for a start or an interview that is a mistake to explain, not a date a year ahead."""
    words = ascii_digits(text).split()
    for cut in range(len(words), 0, -1):
        day = typed_day(" ".join(words[:cut]), today - RECENT)
        if day is not None:
            return day < today
    return False
