"""Shared fixtures: database URLs for SQLite and PostgreSQL, and a per-backend test summary."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import uuid
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar, cast

import asyncpg  # type: ignore[import-untyped]
import pytest
from sqlalchemy.engine import make_url

from storage.db import migrate
from storage.db import sqlite_url as make_sqlite_url
from storage.models import Base

PG_ENV = "STEGVIS_TEST_PG_URL"
BACKENDS = ("sqlite", "postgres")
_T = TypeVar("_T")


def in_thread(fn: Callable[..., _T], *args: Any) -> _T:
    """Call `fn` in a worker thread and return its result."""
    # Keeps sync fixtures (and asyncio.run inside them) off the loop pytest-asyncio runs.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def run_in_thread(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run a coroutine to completion on a private loop in a worker thread."""
    return cast(_T, in_thread(asyncio.run, coro))


def _dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def _pg_execute(url: str, *statements: str) -> None:
    connection = await asyncpg.connect(_dsn(url), timeout=5)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def pg_server() -> str:
    """Return the admin URL from STEGVIS_TEST_PG_URL, or skip if PostgreSQL is unavailable."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(
            f"PostgreSQL not available: set {PG_ENV}="
            "postgresql+asyncpg://user@host:5432/db to run the postgres backend"
        )
    try:
        run_in_thread(_pg_execute(url, "SELECT 1"))
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        pytest.skip(f"PostgreSQL not available: {PG_ENV} server does not answer ({exc!r})")
    return url


def _create_database(server: str) -> tuple[str, str]:
    name = f"stegvis_t_{uuid.uuid4().hex[:12]}"
    run_in_thread(_pg_execute(server, f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(drivername="postgresql+asyncpg", database=name)
    return name, url.render_as_string(hide_password=False)


def _drop_database(server: str, name: str) -> None:
    run_in_thread(_pg_execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def pg_url(pg_server: str) -> Iterator[str]:
    """Yield the URL of a fresh, uniquely named PostgreSQL database for this session."""
    name, url = _create_database(pg_server)
    try:
        yield url
    finally:
        _drop_database(pg_server, name)


@pytest.fixture
def empty_pg_url(pg_server: str) -> Iterator[str]:
    """Yield the URL of a fresh, empty PostgreSQL database for one test."""
    name, url = _create_database(pg_server)
    try:
        yield url
    finally:
        _drop_database(pg_server, name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """Return the URL of a not yet created SQLite file in the test's tmp dir."""
    return make_sqlite_url(tmp_path / "data" / "stegvis.db")


@pytest.fixture(scope="session")
def _migrated_pg_url(pg_url: str) -> str:
    in_thread(migrate, pg_url)
    return pg_url


@pytest.fixture
def postgres_db_url(_migrated_pg_url: str) -> str:
    """Return the session's migrated PostgreSQL database, emptied for this test."""
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    run_in_thread(_pg_execute(_migrated_pg_url, f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return _migrated_pg_url


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    in_thread(migrate, make_sqlite_url(path))
    return path


@pytest.fixture
def sqlite_db_url(_sqlite_template: Path, tmp_path: Path) -> str:
    """Return a migrated SQLite database (a copy of a session template) for this test."""
    path = tmp_path / "stegvis.db"
    shutil.copyfile(_sqlite_template, path)
    return make_sqlite_url(path)


@pytest.fixture(params=BACKENDS, ids=BACKENDS)
def db_url(request: pytest.FixtureRequest) -> str:
    """Return a migrated database URL, once per backend."""
    url: str = request.getfixturevalue(f"{request.param}_db_url")
    return url


_BACKEND_IN_ID = re.compile(r"\[([^\]]*)\]$")


def _backend_of(nodeid: str) -> str | None:
    match = _BACKEND_IN_ID.search(nodeid)
    if match is None:
        return None
    parts = set(match.group(1).split("-"))
    return next((backend for backend in BACKENDS if backend in parts), None)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print how many tests ran on each storage backend."""
    counts: dict[str, dict[str, set[str]]] = {b: {} for b in BACKENDS}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            backend = _backend_of(nodeid)
            if backend is not None:
                counts[backend].setdefault(outcome, set()).add(nodeid)
    if not any(counts[b] for b in BACKENDS):
        return
    parts = []
    skipped = 0
    for backend in BACKENDS:
        by_outcome = counts[backend]
        text = f"{backend} {len(by_outcome.get('passed', ()))} passed"
        for bad in ("failed", "error"):
            if by_outcome.get(bad):
                text += f" {len(by_outcome[bad])} {bad}"
        parts.append(text)
        skipped += len(by_outcome.get("skipped", ()))
    terminalreporter.write_line(f"storage backends: {', '.join(parts)} ({skipped} skipped)")
