"""Small SQL helpers every repository shares."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import (
    CursorResult,
    Insert,
    insert,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession


def insert_ignoring_conflicts(session: AsyncSession, table: Any, *columns: str) -> Insert:
    """Return an INSERT that skips rows whose `columns` already exist; pass values on execute.

    The statement is built once per dialect and table, so its compiled form is reused (an
    INSERT with inline `.values()` and ON CONFLICT was compiled anew on every call).
    """
    return _ignoring_insert(session.get_bind().dialect.name, table, columns)


@functools.cache
def _ignoring_insert(dialect: str, table: Any, columns: tuple[str, ...]) -> Insert:
    if dialect == "sqlite":
        # Unlike the dialect's ON CONFLICT construct, a plain INSERT with a prefix has a
        # cache key, so SQLAlchemy compiles it once instead of on every update.
        return insert(table.__table__).prefix_with("OR IGNORE", dialect="sqlite")
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=list(columns))
    raise NotImplementedError(f"unsupported dialect {dialect}")


def rowcount(result: Any) -> int:
    assert isinstance(result, CursorResult)
    return result.rowcount
