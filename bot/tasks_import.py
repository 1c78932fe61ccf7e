"""Import a unit's own tasks from CSV (as Swedish Excel writes it): every row or none.

Columns: `step, title, purpose, instructions, hours, report, language`. Instructions are one
action per line: separate the lines with `|` or with line breaks inside the cell. Steps and
report kinds may be written in English or Swedish (`cv`, `övrigt`; `foto`, `klar`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.activity_rows import ImportFailed, RowError, decode, norm, table_rows
from flows.languages import OFFERED
from flows.model import ReportKind, TaskStep, UnitTask
from flows.tasks.own import TEXT_LIMIT, TITLE_LIMIT
from storage.admin import unit_by_code
from storage.tasks import SqlTasks

COLUMNS = ("step", "title", "purpose", "instructions", "hours", "report", "language")
REQUIRED = ("step", "title", "instructions", "hours", "report")
STEPS: dict[str, TaskStep] = {
    **{norm(s.value): s for s in TaskStep},
    "kompetens": TaskStep.SKILLS,
    "kompetensinventering": TaskStep.SKILLS,
    "personligt brev": TaskStep.COVER_LETTER,
    "säljbrev": TaskStep.SALES_LETTER,
    "omvärldsanalys": TaskStep.MARKET,
    "arbetsmarknad": TaskStep.MARKET,
    "nätverk": TaskStep.NETWORK,
    "anställningsintervju": TaskStep.INTERVIEW,
    "intervju": TaskStep.INTERVIEW,
    "övrigt": TaskStep.OTHER,
}
REPORTS: dict[str, ReportKind] = {
    **{norm(r.value): r for r in ReportKind},
    "foto": ReportKind.PHOTO,
    "bild": ReportKind.PHOTO,
    "dokument": ReportKind.DOCUMENT,
    "fil": ReportKind.DOCUMENT,
    "länk": ReportKind.LINK,
    "klar": ReportKind.DONE,
}
MAX_HOURS = 40.0


@dataclass(frozen=True)
class TaskSpec:
    """One valid row."""

    row: int
    step: TaskStep
    title: str
    purpose: str
    instructions: str
    hours: float
    report: ReportKind
    language: str


def _row(number: int, cells: dict[str, str], default_language: str) -> TaskSpec | list[str]:
    errors: list[str] = []
    step = STEPS.get(norm(cells.get("step", "")))
    if step is None:
        errors.append(f"step {cells.get('step', '')!r} is not one of {', '.join(STEPS)}")
    report = REPORTS.get(norm(cells.get("report", "")))
    if report is None:
        errors.append(f"report {cells.get('report', '')!r} is not one of {', '.join(REPORTS)}")
    title = cells.get("title", "")
    if not title:
        errors.append("title is empty")
    elif len(title) > TITLE_LIMIT or "\n" in title:
        errors.append(f"title must be one line of at most {TITLE_LIMIT} characters")
    lines = [
        line.strip()
        for part in cells.get("instructions", "").split("|")
        for line in part.splitlines()
    ]
    instructions = "\n".join(line for line in lines if line)
    if not instructions:
        errors.append("instructions are empty")
    elif len(instructions) > TEXT_LIMIT:
        errors.append(f"instructions are longer than {TEXT_LIMIT} characters; shorten them")
    raw = cells.get("hours", "").replace(",", ".")
    try:
        hours = float(raw)
    except ValueError:
        hours = 0.0
    if not 0 < hours <= MAX_HOURS:
        errors.append(f"hours {cells.get('hours', '')!r} is not a number of hours like 1,5")
    language = cells.get("language", "") or default_language
    if language not in OFFERED:
        errors.append(f"language {language!r} is not one of {', '.join(OFFERED)}")
    if errors or step is None or report is None:
        return errors
    purpose = cells.get("purpose", "")
    return TaskSpec(number, step, title, purpose, instructions, hours, report, language)


def parse_tasks(text: str, default_language: str) -> tuple[list[TaskSpec], list[RowError]]:
    """Parse and check every row; return the valid rows and one error per problem."""
    rows, errors = table_rows(text, COLUMNS, REQUIRED)
    specs: list[TaskSpec] = []
    seen: dict[str, int] = {}
    for number, cells in rows:
        parsed = _row(number, cells, default_language)
        if isinstance(parsed, list):
            errors.extend(RowError(number, message) for message in parsed)
            continue
        if parsed.title in seen:
            errors.append(RowError(number, f"the same title as row {seen[parsed.title]}"))
            continue
        seen[parsed.title] = number
        specs.append(parsed)
    if not specs and not errors:
        errors.append(RowError(2, "no tasks in the file"))
    return specs, errors


async def import_unit_tasks(
    session: AsyncSession, data: bytes, unit_code: str, now: datetime
) -> list[UnitTask]:
    """Add the file's tasks to the unit's own library; nothing unless every row is valid."""
    text, errors = decode(data)
    if errors:
        raise ImportFailed(errors)
    unit = await unit_by_code(session, unit_code)
    if unit is None:
        raise ImportFailed([RowError(1, f"no unit with code {unit_code!r}")])
    specs, errors = parse_tasks(text, unit.languages[0] if unit.languages else "sv")
    tasks = SqlTasks(session)
    have = {t.title for t in await tasks.unit_library(unit.id)}
    errors += [
        RowError(s.row, f"{s.title!r} is already in the unit's library")
        for s in specs
        if s.title in have
    ]
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row))
    return [
        await tasks.add_unit_task(
            UnitTask(
                0,
                unit.id,
                s.step,
                s.title,
                s.purpose,
                s.instructions,
                s.hours,
                s.report,
                s.language,
                now,
            )
        )
        for s in specs
    ]
