"""`stegvis tasks stats` as a subprocess on a real SQLite file."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

from flows.model import Role, TaskState
from storage.admin import create_person, create_unit
from storage.db import make_engine, migrate, session_factory, sqlite_url
from storage.store import Store
from tests.bot.test_cli_invite import cli_env, stegvis
from tests.storage.test_tasks_contract import draft

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


async def seed(url: str) -> None:
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session, session.begin():
            unit = await create_unit(session, "u1", "Jobbtorg Söder")
            coach = await create_person(session, Role.COACH, unit.id, "Karin", "sv")
            ports = Store(session).ports()
            for n, fit in enumerate(["long", "long", "long", "right"]):
                p = await create_person(session, Role.PARTICIPANT, unit.id, f"P{n}", "sv")
                task = await ports.tasks.create(
                    draft(p.id, coach.id, "cv_first", date(2026, 12, 9))
                )
                await ports.tasks.change(
                    task.id,
                    frozenset({TaskState.ASSIGNED}),
                    state=TaskState.REPORTED,
                    reported_at=NOW,
                )
                await ports.tasks.rate(task.id, useful=n != 0, time_fit=fit)  # type: ignore[arg-type]
    finally:
        await engine.dispose()


def test_stats_show_what_participants_said_about_each_task(tmp_path: Path) -> None:
    db = tmp_path / "stegvis.sqlite3"
    url = sqlite_url(db)
    migrate(url)
    asyncio.run(seed(url))
    done = stegvis(tmp_path, cli_env(db, tmp_path), "tasks", "stats")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == [
        "task",
        "reported",
        "useful",
        "not",
        "useful",
        "short",
        "right",
        "long",
        "estimate",
    ]
    row = next(line for line in lines if line.startswith("cv_first"))
    assert row.split()[:7] == ["cv_first", "4", "3", "1", "0", "1", "3"]
    assert row.endswith("estimate of 4 h looks too low")
