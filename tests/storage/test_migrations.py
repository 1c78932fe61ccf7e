"""Alembic migrations: complete upgrade and downgrade, and models that match the schema."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, text

from storage.admin import unit_by_code
from storage.db import downgrade, make_engine, migrate, session_factory
from storage.models import Base

TABLES = {table.name for table in Base.metadata.sorted_tables}


@pytest.fixture(params=["sqlite", "postgres"], ids=["sqlite", "postgres"])
def empty_db_url(request: pytest.FixtureRequest) -> str:
    """Return an empty database of each backend."""
    name = "sqlite_url" if request.param == "sqlite" else "empty_pg_url"
    url: str = request.getfixturevalue(name)
    return url


async def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda c: inspect(c).get_table_names())
    finally:
        await engine.dispose()
    return set(names) - {"alembic_version"}


async def _schema_diffs(url: str) -> list[Any]:
    def diff(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(diff)
    finally:
        await engine.dispose()


async def test_migrations_upgrade_downgrade_and_upgrade_again(empty_db_url: str) -> None:
    await asyncio.to_thread(migrate, empty_db_url)
    assert await _tables(empty_db_url) == TABLES
    await asyncio.to_thread(downgrade, empty_db_url)
    assert await _tables(empty_db_url) == set()
    await asyncio.to_thread(migrate, empty_db_url)
    assert await _tables(empty_db_url) == TABLES


async def test_models_match_the_migrated_schema(empty_db_url: str) -> None:
    await asyncio.to_thread(migrate, empty_db_url)
    assert await _schema_diffs(empty_db_url) == []


async def test_units_from_before_the_attendance_revision_get_empty_settings(
    empty_db_url: str,
) -> None:
    await asyncio.to_thread(migrate, empty_db_url, "0001")
    engine = make_engine(empty_db_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO units (code, name, timezone, languages, created_at) "
                    "VALUES ('old', 'Old unit', 'Europe/Stockholm', '[\"sv\"]', :at)"
                ),
                {"at": datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None)},
            )
    finally:
        await engine.dispose()
    await asyncio.to_thread(migrate, empty_db_url)
    engine = make_engine(empty_db_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            unit = await unit_by_code(session, "old")
    finally:
        await engine.dispose()
    assert unit is not None
    assert (unit.languages, unit.settings) == (("sv",), {})


async def _conversations(url: str) -> dict[int, tuple[str, Any]]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            rows = (
                await connection.execute(text("SELECT chat_id, state, data FROM conversations"))
            ).all()
    finally:
        await engine.dispose()
    return {
        chat: (state, json.loads(data) if isinstance(data, str) else data)
        for chat, state, data in rows
    }


OLD_CONVERSATIONS = {
    1: ("absence_note", {"absence": [17, "other"], "asked_languages": ["ar"]}),
    2: ("plan_title", {"activity_draft": {"kind": "workshop"}}),
    3: ("idle", {"draft": "hej coach", "asked_languages": ["so"]}),
    4: ("move_session", {"move": 9}),
    5: ("choose_language", {}),
    6: ("something_unknown", {"junk": 1}),
}
NEW_CONVERSATIONS = {
    1: (
        "attendance.absence_note",
        {"attendance": {"absence": 17}, "onboarding": {"asked": ["ar"]}},
    ),
    2: ("planning.title", {"planning": {"draft": {"kind": "workshop"}}}),
    3: ("idle", {"contact": {"draft": "hej coach"}, "onboarding": {"asked": ["so"]}}),
    4: ("attendance.move_session", {"attendance": {"move": 9}}),
    5: ("onboarding.choose_language", {}),
    6: ("idle", {}),
}


async def test_stored_conversations_move_to_per_flow_states_and_back(empty_db_url: str) -> None:
    await asyncio.to_thread(migrate, empty_db_url, "0004")
    engine = make_engine(empty_db_url)
    try:
        async with engine.begin() as connection:
            for chat, (state, data) in OLD_CONVERSATIONS.items():
                await connection.execute(
                    text(
                        "INSERT INTO conversations (chat_id, state, data, updated_at, version) "
                        "VALUES (:chat, :state, :data, :at, 0)"
                    ),
                    {
                        "chat": chat,
                        "state": state,
                        "data": json.dumps(data),
                        "at": datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None),
                    },
                )
    finally:
        await engine.dispose()
    await asyncio.to_thread(migrate, empty_db_url)
    assert await _conversations(empty_db_url) == NEW_CONVERSATIONS
    await asyncio.to_thread(downgrade, empty_db_url, "0004")
    back = await _conversations(empty_db_url)
    expected = {c: v for c, v in OLD_CONVERSATIONS.items() if c != 6}
    assert {c: back[c] for c in expected} == expected
    assert back[6] == ("idle", {}), "an unknown state was already dropped on the way up"
