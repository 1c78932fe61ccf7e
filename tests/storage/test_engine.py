"""Engine behaviour: SQLite pragmas, BEGIN IMMEDIATE, UTC datetimes, URL helpers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import is_sqlite, make_engine, migrate, session_factory, sqlite_url
from storage.models import AuditRow, InboxRow, UTCDateTime
from storage.store import Store


@pytest_asyncio.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(sqlite_url(tmp_path / "nested" / "dir" / "counter.db"))
    try:
        yield engine
    finally:
        await engine.dispose()


def test_sqlite_url_points_at_the_absolute_file(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "x.db")
    assert url == f"sqlite+aiosqlite:///{tmp_path.resolve()}/x.db"
    assert is_sqlite(url)
    assert not is_sqlite("postgresql+asyncpg://postgres@localhost/test")


async def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(
    sqlite_engine: AsyncEngine,
) -> None:
    async with sqlite_engine.connect() as connection:
        journal = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
        busy = (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar()
        foreign_keys = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar()
        synchronous = (await connection.exec_driver_sql("PRAGMA synchronous")).scalar()
    assert (journal, busy, foreign_keys, synchronous) == ("wal", 10000, 1, 1)


async def test_concurrent_read_modify_write_transactions_lose_no_update(
    sqlite_engine: AsyncEngine,
) -> None:
    async with sqlite_engine.begin() as connection:
        await connection.execute(text("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)"))
        await connection.execute(text("INSERT INTO counter VALUES (1, 0)"))
    sessions = session_factory(sqlite_engine)

    async def increment() -> None:
        async with sessions() as session, session.begin():
            n = (await session.execute(text("SELECT n FROM counter WHERE id = 1"))).scalar_one()
            await asyncio.sleep(0.001)  # let the other tasks interleave between read and write
            await session.execute(text("UPDATE counter SET n = :n WHERE id = 1"), {"n": n + 1})

    await asyncio.gather(*(increment() for _ in range(20)))
    async with sqlite_engine.connect() as connection:
        final = (await connection.execute(text("SELECT n FROM counter"))).scalar_one()
    assert final == 20


async def test_savepoint_rollback_keeps_the_outer_transaction(
    sqlite_engine: AsyncEngine,
) -> None:
    async with sqlite_engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
    async with session_factory(sqlite_engine)() as session, session.begin():
        await session.execute(text("INSERT INTO t VALUES (1)"))

        async def insert_then_fail() -> None:
            async with session.begin_nested():
                await session.execute(text("INSERT INTO t VALUES (2)"))
                raise ZeroDivisionError

        with pytest.raises(ZeroDivisionError):
            await insert_then_fail()
    async with sqlite_engine.connect() as connection:
        rows = (await connection.execute(text("SELECT id FROM t"))).scalars().all()
    assert rows == [1]


async def test_migrate_creates_the_missing_data_directory(tmp_path: Path) -> None:
    path = tmp_path / "does" / "not" / "exist" / "stegvis.db"
    await asyncio.to_thread(migrate, sqlite_url(path))
    assert path.exists()


async def test_datetimes_come_back_as_aware_utc(db_url: str) -> None:
    engine = make_engine(db_url)
    stockholm = timezone(timedelta(hours=2))
    at = datetime(2026, 6, 1, 12, 0, tzinfo=stockholm)
    try:
        async with session_factory(engine)() as session, session.begin():
            await Store(session).record_update(1, at)
            await Store(session).audit(None, None, "test", {"k": "v"}, at=at)
        async with session_factory(engine)() as session:
            received = await session.scalar(select(InboxRow.received_at))
            audited = await session.scalar(select(AuditRow.at))
    finally:
        await engine.dispose()
    assert received == at
    assert audited == at
    assert received is not None
    assert received.tzinfo is UTC
    assert received.hour == 10


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1), sqlite.dialect())  # noqa: DTZ001


async def test_errors_never_show_statement_parameters(db_url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    engine = make_engine(db_url)
    try:
        async with engine.connect() as connection:
            with pytest.raises(DBAPIError) as caught:
                await connection.execute(
                    text("SELECT * FROM no_such_table WHERE name = :name"),
                    {"name": "Amina Yusuf"},
                )
    finally:
        await engine.dispose()
    assert "Amina" not in str(caught.value)
