"""Activity rows from a CSV file (as Swedish Excel writes it): decoded, parsed, validated.

Pure functions: nothing here needs the database. Row numbers count the header as row 1, as
a spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from flows.model import ActivityKind, Recurrence, Unit

COLUMNS = (
    "unit",
    "kind",
    "title",
    "place",
    "coach",
    "starts_on",
    "start_time",
    "duration_minutes",
    "recurrence",
    "weekdays",
    "ends_on",
    "skip_holidays",
    "participants",
    "latitude",
    "longitude",
    "radius_m",
)
REQUIRED = ("kind", "title", "starts_on", "start_time", "duration_minutes")
TEXT_MAX = 200  # the title and place columns are String(200)
MAX_MINUTES = 24 * 60


def norm(text: str) -> str:
    """Normalise a cell for comparison: NFC (Excel on macOS writes NFD), casefold, one space."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace("_", " ").split())


KINDS: dict[str, ActivityKind] = {
    **{norm(kind.value): kind for kind in ActivityKind},
    "gruppträff": ActivityKind.GROUP_MEETING,
    "föreläsning": ActivityKind.LECTURE,
    "enskilt samtal": ActivityKind.INDIVIDUAL_MEETING,
    "praktikdag": ActivityKind.PLACEMENT_DAY,
}
RECURRENCES: dict[str, Recurrence] = {
    **{norm(rec.value): rec for rec in Recurrence},
    "engång": Recurrence.ONCE,
    "en gång": Recurrence.ONCE,
    "varje vecka": Recurrence.WEEKLY,
    "veckovis": Recurrence.WEEKLY,
    "varannan vecka": Recurrence.BIWEEKLY,
}
_DAY_NAMES = (
    ("mon", "monday", "mån", "måndag", "man"),
    ("tue", "tuesday", "tis", "tisdag"),
    ("wed", "wednesday", "ons", "onsdag"),
    ("thu", "thursday", "tor", "tors", "torsdag"),
    ("fri", "friday", "fre", "fredag"),
    ("sat", "saturday", "lör", "lördag", "lor"),
    ("sun", "sunday", "sön", "söndag", "son"),
)
WEEKDAYS: dict[str, int] = {
    **{name: index for index, names in enumerate(_DAY_NAMES) for name in names},
    **{str(index + 1): index for index in range(7)},  # 1 = Monday ... 7 = Sunday
}


def _choices(table: dict[str, Any], enum: Any) -> str:
    values = [member.value for member in enum]
    return ", ".join([*values, *(name for name in table if name not in map(norm, values))])


YES = frozenset({"1", "true", "yes", "y", "ja", "j", "x"})
NO = frozenset({"0", "false", "no", "n", "nej"})
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$")


@dataclass(frozen=True)
class RowError:
    """One problem with one row of the file."""

    row: int
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


class ImportFailed(Exception):
    """The file has problems; nothing was imported."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the file")
        self.errors = tuple(errors)


@dataclass(frozen=True)
class ActivitySpec:
    """One valid row, with unit and people still given as the file gives them."""

    row: int
    unit: str
    kind: ActivityKind
    title: str
    place: str
    coach: str
    starts_on: date
    start_time: time
    duration_minutes: int
    recurrence: Recurrence
    weekdays: tuple[int, ...]
    ends_on: date | None
    skip_holidays: bool
    participants: tuple[str, ...]
    latitude: float | None = None
    longitude: float | None = None
    radius_m: int = 300


@dataclass(frozen=True)
class ResolvedActivity:
    """A row ready for `create_activity`: unit and people resolved to ids."""

    spec: ActivitySpec
    unit: Unit
    coach_id: int | None
    participant_ids: tuple[int, ...]


def decode(data: bytes) -> tuple[str, list[RowError]]:
    """Decode UTF-8 (with or without a BOM); report the row of the first bad byte."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1].hex()
        return "", [
            RowError(row, f"not UTF-8 (byte 0x{bad}); save the file as 'CSV UTF-8' and retry")
        ]


def _delimiter(header: str) -> str:
    return ";" if header.count(";") >= header.count(",") and ";" in header else ","


def _parse_date(text: str, column: str, errors: list[str]) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(f"{column} {text!r} is not a date like 2025-03-17")
        return None


def _parse_time(text: str, errors: list[str]) -> time | None:
    match = _CLOCK.match(text)
    if match is not None:
        hour, minute, second = (int(part or 0) for part in match.groups())
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    errors.append(f"start_time {text!r} is not a time like 09:30")
    return None


def _parse_weekdays(text: str, errors: list[str]) -> tuple[int, ...]:
    days: list[int] = []
    for part in re.split(r"[\s,;|/]+", norm(text)):
        if not part:
            continue
        day = WEEKDAYS.get(part.rstrip("."))
        if day is None:
            errors.append(f"weekday {part!r} is unknown (use mon..sun, mån..sön or 1-7)")
        elif day not in days:
            days.append(day)
    return tuple(sorted(days))


def _parse_row(number: int, cells: dict[str, str], default_unit: str) -> ActivitySpec | list[str]:
    errors: list[str] = []
    unit = cells.get("unit", "")
    if default_unit and unit and norm(unit) != norm(default_unit):
        errors.append(f"unit {unit!r} differs from --unit {default_unit!r}")
    unit = unit or default_unit
    if not unit:
        errors.append("unit is empty (fill the column or pass --unit)")
    for column in REQUIRED:
        if not cells.get(column):
            errors.append(f"{column} is empty")
    title, place = cells.get("title", ""), cells.get("place", "")
    for column, value in (("title", title), ("place", place)):
        if len(value) > TEXT_MAX:
            errors.append(f"{column} is longer than {TEXT_MAX} characters")

    kind = KINDS.get(norm(cells.get("kind", "")))
    if cells.get("kind") and kind is None:
        errors.append(
            f"kind {cells['kind']!r} is unknown (use one of {_choices(KINDS, ActivityKind)})"
        )
    rec_text = cells.get("recurrence", "")
    recurrence = RECURRENCES.get(norm(rec_text)) if rec_text else Recurrence.ONCE
    if recurrence is None:
        errors.append(
            f"recurrence {rec_text!r} is unknown (use one of {_choices(RECURRENCES, Recurrence)})"
        )

    starts_on = (
        _parse_date(cells["starts_on"], "starts_on", errors) if cells.get("starts_on") else None
    )
    ends_on = _parse_date(cells["ends_on"], "ends_on", errors) if cells.get("ends_on") else None
    if starts_on and ends_on and ends_on < starts_on:
        errors.append(f"ends_on {ends_on} is before starts_on {starts_on}")
    start_time = _parse_time(cells["start_time"], errors) if cells.get("start_time") else None

    duration = 0
    if cells.get("duration_minutes"):
        try:
            duration = int(cells["duration_minutes"])
        except ValueError:
            errors.append(f"duration_minutes {cells['duration_minutes']!r} is not a whole number")
        else:
            if not 0 < duration <= MAX_MINUTES:
                errors.append(f"duration_minutes must be 1 to {MAX_MINUTES}, not {duration}")

    weekdays = _parse_weekdays(cells.get("weekdays", ""), errors)
    if (
        recurrence is Recurrence.ONCE
        and starts_on is not None
        and weekdays
        and weekdays != (starts_on.weekday(),)
    ):
        errors.append("weekdays do not match starts_on of a once-only activity")

    skip_text = norm(cells.get("skip_holidays", ""))
    skip_holidays = True
    if skip_text in NO:
        skip_holidays = False
    elif skip_text and skip_text not in YES:
        errors.append(f"skip_holidays {cells['skip_holidays']!r} is not yes/no (ja/nej)")

    participants = tuple(
        dict.fromkeys(p.strip() for p in cells.get("participants", "").split("|") if p.strip())
    )
    position = _position(cells, errors)
    if errors:
        return errors
    assert kind is not None
    assert recurrence is not None
    assert starts_on is not None
    assert start_time is not None
    return ActivitySpec(
        row=number,
        unit=unit,
        kind=kind,
        title=title,
        place=place,
        coach=cells.get("coach", ""),
        starts_on=starts_on,
        start_time=start_time,
        duration_minutes=duration,
        recurrence=recurrence,
        weekdays=() if recurrence is Recurrence.ONCE else weekdays,
        ends_on=ends_on,
        skip_holidays=skip_holidays,
        participants=participants,
        latitude=position[0],
        longitude=position[1],
        radius_m=position[2],
    )


def _position(cells: dict[str, str], errors: list[str]) -> tuple[float | None, float | None, int]:
    """Read the optional venue position for location check-in (decimal comma allowed)."""
    raw = {k: cells.get(k, "").strip().replace(",", ".") for k in ("latitude", "longitude")}
    radius_text = cells.get("radius_m", "").strip()
    if not raw["latitude"] and not raw["longitude"]:
        return None, None, 300
    try:
        lat, lon = float(raw["latitude"]), float(raw["longitude"])
    except ValueError:
        errors.append("latitude and longitude must both be decimal degrees, e.g. 59.3326")
        return None, None, 300
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        errors.append(f"position {lat}, {lon} is not on Earth")
    radius = 300
    if radius_text:
        if not radius_text.isdigit() or not 20 <= int(radius_text) <= 5000:
            errors.append(f"radius_m {radius_text!r} must be 20 to 5000 metres")
        else:
            radius = int(radius_text)
    return lat, lon, radius


def table_rows(
    text: str, columns: Sequence[str], required: Sequence[str]
) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    """Read a CSV table: check its header, and return each non-empty row's cells by column
    (NFC, stripped) with its row number, and one error per problem found."""
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        return [], [RowError(1, "the file is empty; expected a header row")]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    header = [norm(name).replace(" ", "_") for name in next(reader)]
    errors: list[RowError] = []
    unknown = [name for name in header if name and name not in columns]
    if unknown:
        errors.append(
            RowError(1, f"unknown column(s) {', '.join(unknown)}; expected {', '.join(columns)}")
        )
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        errors.append(RowError(1, f"column(s) given twice: {', '.join(repeated)}"))
    missing = [name for name in required if name not in header]
    if missing:
        errors.append(RowError(1, f"missing column(s) {', '.join(missing)}"))
    if errors:
        return [], errors
    rows: list[tuple[int, dict[str, str]]] = []
    for number, record in enumerate(reader, start=2):
        values = [unicodedata.normalize("NFC", value).strip() for value in record]
        if not any(values):
            continue  # Excel leaves rows of bare delimiters at the end
        if len(values) > len(header) and any(values[len(header) :]):
            errors.append(
                RowError(number, f"has {len(values)} fields but the header has {len(header)}")
            )
            continue
        rows.append((number, {n: v for n, v in zip(header, values, strict=False) if n}))
    return rows, errors


def parse_csv(text: str, default_unit: str = "") -> tuple[list[ActivitySpec], list[RowError]]:
    """Parse and check every row; return the valid rows and one error per problem."""
    needed = [*REQUIRED, *(() if default_unit else ("unit",))]
    rows, errors = table_rows(text, COLUMNS, needed)
    if errors and not rows:
        return [], errors
    specs: list[ActivitySpec] = []
    for number, cells in rows:
        parsed = _parse_row(number, cells, default_unit)
        if isinstance(parsed, list):
            errors.extend(RowError(number, message) for message in parsed)
        else:
            specs.append(parsed)
    if not specs and not errors:
        errors.append(RowError(2, "no activities in the file"))
    return specs, errors
