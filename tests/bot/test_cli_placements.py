"""`stegvis placements add / list / end` as a subprocess on a real SQLite file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from flows.model import Role
from flows.placement_model import FollowUpState
from storage.admin import assign_caseload, create_person, create_unit
from storage.db import make_engine, migrate, session_factory, sqlite_url
from storage.store import Store
from tests.bot.test_cli_invite import cli_env, stegvis

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


async def seed(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session, session.begin():
            unit = await create_unit(session, "u1", "Jobbtorg Söder")
            coach = await create_person(session, Role.COACH, unit.id, "Karin", "sv")
            amal = await create_person(session, Role.PARTICIPANT, unit.id, "Amal", "ar")
            erik = await create_person(session, Role.EMPLOYER, unit.id, "Erik", "sv")
            await assign_caseload(session, coach.id, amal.id, NOW)
            return amal.id, erik.id
    finally:
        await engine.dispose()


async def follow_ups(url: str, participant: int) -> dict[str, FollowUpState]:
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session:
            found = await Store(session).placements.follow_ups(participant)
        return {f.key.split(":")[1]: f.state for f in found}
    finally:
        await engine.dispose()


def test_a_placement_added_listed_and_ended_with_a_code(tmp_path: Path) -> None:
    db = tmp_path / "stegvis.sqlite3"
    url = sqlite_url(db)
    migrate(url)
    amal, erik = asyncio.run(seed(url))
    env = cli_env(db, tmp_path)
    args = ["--participant", str(amal), "--employer", str(erik), "--workplace", "Bageriet"]
    bad = stegvis(
        tmp_path,
        env,
        "placements",
        "add",
        *args,
        "--kind",
        "trial",
        "--start",
        "2026-12-07",
        "--end",
        "2026-12-01",
    )
    assert bad.returncode == 2
    assert "must come after the start" in bad.stderr
    added = stegvis(
        tmp_path,
        env,
        "placements",
        "add",
        *args,
        "--kind",
        "trial",
        "--start",
        "2026-12-07",
        "--end",
        "2027-02-26",
    )
    assert added.returncode == 0, added.stderr
    assert "Amal at Bageriet" in added.stdout
    listed = stegvis(tmp_path, env, "placements", "list")
    [line] = listed.stdout.splitlines()
    pid = line.split("\t")[0]
    assert line.split("\t")[1:5] == ["Amal", "Bageriet", "Erik", "trial"]
    assert asyncio.run(follow_ups(url, amal))["3d"] is FollowUpState.PLANNED
    no_code = stegvis(tmp_path, env, "placements", "end", pid, "--outcome", "work_samhall")
    assert no_code.returncode == 2
    assert "work needs --job" in no_code.stderr
    ended = stegvis(
        tmp_path, env, "placements", "end", pid, "--outcome", "work_samhall", "--job", "permanent"
    )
    assert ended.returncode == 0, ended.stderr
    assert "work_samhall:permanent" in ended.stdout
    assert asyncio.run(follow_ups(url, amal))["3d"] is FollowUpState.CANCELLED
    assert stegvis(tmp_path, env, "placements", "list").stdout.strip() == "no active placements"
