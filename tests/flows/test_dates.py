"""Dates as people type them."""

from __future__ import annotations

from datetime import date

import pytest

from flows.dates import typed_day

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("2026-12-18", date(2026, 12, 18)),
        ("18/12", date(2026, 12, 18)),
        ("18.12.2026", date(2026, 12, 18)),
        ("18-12-26", date(2026, 12, 18)),
        (" 18.12. ", date(2026, 12, 18)),
        ("۱۸/۱۲", date(2026, 12, 18)),  # Persian digits
        ("١٨.١٢.٢٠٢٦", date(2026, 12, 18)),  # Arabic-Indic digits
        ("7/12", TODAY),
        ("5/1", date(2027, 1, 5)),  # no year, already past: next January
        ("6/12", date(2027, 12, 6)),
        ("29/2/2028", date(2028, 2, 29)),
        ("2026-12-01", date(2026, 12, 1)),  # a year given is kept, even if past
    ],
)
def test_typed_day_takes_the_forms_people_type(typed: str, meant: date) -> None:
    assert typed_day(typed, TODAY) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "tomorrow",
        "32/1",
        "2026-13-01",
        "29/2",
        "१८/१२",
        "１８/１２",
        "99999-1-1",
        "18/12/123",
        "1" * 40,
        "18 / 12",
    ],
)
def test_typed_day_refuses_what_is_not_a_real_date(typed: str) -> None:
    assert typed_day(typed, TODAY) is None
