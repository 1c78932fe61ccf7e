"""`stegvis report`: a unit's weekly report for its manager, as PDF (with charts) and CSV."""

from __future__ import annotations

import asyncio
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

WEEK = re.compile(r"(\d{4})-?W(\d{1,2})")


def parse_week(text: str) -> date:
    """Return the Monday of an ISO week (2026-W48) or of the week holding a date."""
    found = WEEK.fullmatch(text.strip())
    try:
        if found:
            return date.fromisocalendar(int(found[1]), int(found[2]), 1)
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"not a week: {text!r} (write 2026-W48 or a date such as 2026-11-23)"
        ) from None
    return day - timedelta(days=day.weekday())


def report(
    unit: Annotated[str, typer.Option(help="unit code")],
    week: Annotated[str, typer.Option(help="ISO week (2026-W48) or a day in it (2026-11-23)")],
    out: Annotated[Path | None, typer.Option(help="directory (default: DATA_DIR/exports)")] = None,
) -> None:
    """Write a unit's weekly report (Entré's figures, outcomes, gender, attendance, follow-ups,
    plans and reviews) as a PDF with charts and a CSV, in Swedish."""
    from bot.calendar import swedish_holidays
    from bot.cli_common import fail
    from bot.cli_common import settings as load
    from bot.digest_document import draw_report
    from bot.render import Renderer
    from flows.config import Config
    from flows.digest_model import UnitReport
    from flows.digests.report import build
    from flows.output import ReportSheet
    from storage.admin import unit_by_code
    from storage.db import make_engine, session_factory
    from storage.db import migrate as run_migrations
    from storage.store import Store

    settings = load()
    try:
        first = parse_week(week)
    except ValueError as exc:
        raise fail(str(exc)) from None
    run_migrations(settings.db_url)
    cfg = Config(bot_username=settings.bot_username, holidays=swedish_holidays)

    async def main() -> UnitReport:
        engine = make_engine(settings.db_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                found = await unit_by_code(session, unit)
                if found is None:
                    raise fail(f"no unit with code {unit!r}")
                return await build(Store(session).ports(), cfg, found.id, first)
        finally:
            await engine.dispose()

    made = asyncio.run(main())
    directory = out or settings.data_dir / "exports"
    directory.mkdir(parents=True, exist_ok=True)
    renderer = Renderer(timezone=settings.timezone)
    year, number, _ = first.isocalendar()
    stem = f"rapport-{unit}-{year}-W{number:02d}"
    for sheet in (
        ReportSheet(made, "pdf", f"{stem}.pdf"),
        ReportSheet(made, "csv", f"{stem}.csv"),
    ):
        drawn = draw_report(sheet, renderer)
        path = directory / drawn.filename
        path.write_bytes(drawn.content)
        typer.echo(str(path))
