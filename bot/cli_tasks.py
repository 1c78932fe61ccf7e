"""`stegvis tasks …`: what participants said about the library's tasks."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from bot.config import load_settings

tasks_app = typer.Typer(no_args_is_help=True, help="The task library.")


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def verdict(hours: float, short: int, right: int, long: int) -> str:
    """What the answers say about the estimate (a hint for whoever keeps the library)."""
    answers = short + right + long
    if answers < 3:
        return "too few answers"
    if long > right + short:
        return f"estimate of {hours:g} h looks too low"
    if short > right + long:
        return f"estimate of {hours:g} h looks too high"
    return "estimate looks right"


@tasks_app.command("import")
def tasks_import(
    file: Annotated[Path, typer.Argument(help="CSV file (UTF-8, ';' or ',' separated)")],
    unit: Annotated[str, typer.Option(help="the unit whose own library gets the tasks")],
) -> None:
    """Add a unit's own tasks from CSV: every row is checked first; nothing on errors."""
    from bot.activity_rows import ImportFailed
    from bot.tasks_import import import_unit_tasks
    from storage.db import make_engine, session_factory
    from storage.db import migrate as run_migrations

    settings = load_settings()
    try:
        data = file.read_bytes()
    except OSError as exc:
        typer.echo(f"error: cannot read {file}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    run_migrations(settings.db_url)

    async def main() -> int:
        engine = make_engine(settings.db_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                added = await import_unit_tasks(session, data, unit, datetime.now(UTC))
                return len(added)
        finally:
            await engine.dispose()

    try:
        count = asyncio.run(main())
    except ImportFailed as failed:
        for problem in failed.errors:
            typer.echo(str(problem), err=True)
        raise typer.Exit(2) from None
    typer.echo(f"added {count} tasks to the library of {unit}")


@tasks_app.command("stats")
def stats() -> None:
    """Per library task: how many reported it, was it useful, was the time estimate right."""
    from flows.tasks.library import BY_KEY
    from storage.db import make_engine, session_factory
    from storage.db import migrate as run_migrations
    from storage.tasks import SqlTasks

    settings = load_settings()
    run_migrations(settings.db_url)

    async def main() -> list[tuple[str, ...]]:
        engine = make_engine(settings.db_url)
        try:
            async with session_factory(engine)() as session:
                found = await SqlTasks(session).stats()
        finally:
            await engine.dispose()
        rows: list[tuple[str, ...]] = [
            ("task", "reported", "useful", "not useful", "short", "right", "long", "estimate")
        ]
        for s in found:
            entry = BY_KEY.get(s.library_key)
            hours = entry.hours if entry else 0.0
            rows.append(
                (
                    s.library_key,
                    str(s.reported),
                    str(s.useful),
                    str(s.not_useful),
                    str(s.too_short),
                    str(s.right),
                    str(s.too_long),
                    verdict(hours, s.too_short, s.right, s.too_long),
                )
            )
        return rows

    rows = asyncio.run(main())
    if len(rows) == 1:
        typer.echo("no library task has been given yet")
        return
    typer.echo(_table(rows))
