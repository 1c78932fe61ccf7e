"""CSV files that are safe to open in Excel and LibreOffice.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula
(OWASP: CSV injection); such cells get a leading apostrophe, which spreadsheets show as text.
Every CSV the project writes goes through `write_csv_file`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Return the cell as a spreadsheet will show it as text, never run it."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def write_csv_file(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Path:
    """Write `;`-separated UTF-8 with a BOM (what Swedish Excel opens), every cell neutralised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow([neutralise(c) for c in header])
        writer.writerows([neutralise(c) for c in row] for row in rows)
    return path
