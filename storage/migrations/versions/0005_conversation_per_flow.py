"""conversation per flow: states become `<flow>.<step>`, data is kept per flow

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATES = {
    "choose_language": "onboarding.choose_language",
    "absence_note": "attendance.absence_note",
    "dispute_comment": "attendance.dispute_comment",
    "checkin_location": "attendance.checkin_location",
    "move_session": "attendance.move_session",
    "plan_title": "planning.title",
    "plan_date": "planning.date",
    "plan_time": "planning.time",
    "plan_place": "planning.place",
}
# old top-level key -> (flow, key in the flow's part)
KEYS = {
    "absence": ("attendance", "absence"),
    "dispute": ("attendance", "dispute"),
    "checkin": ("attendance", "checkin"),
    "move": ("attendance", "move"),
    "activity_draft": ("planning", "draft"),
    "draft": ("contact", "draft"),
    "asked_languages": ("onboarding", "asked"),
}

conversations = sa.table(
    "conversations",
    sa.column("chat_id", sa.BigInteger()),
    sa.column("state", sa.String(64)),
    sa.column("data", sa.JSON()),
)


def forward(state: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Return the per-flow state and data for a conversation stored the old way."""
    parts: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        if key not in KEYS:
            continue
        flow, name = KEYS[key]
        if key == "absence" and isinstance(value, list):
            value = value[0] if value else None  # [session, "other"] -> session
        parts.setdefault(flow, {})[name] = value
    return STATES.get(state, "idle"), parts


def backward(state: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Return the old state and data for a per-flow conversation."""
    states = {new: old for old, new in STATES.items()}
    keys = {new: old for old, new in KEYS.items()}
    flat: dict[str, Any] = {}
    for flow, part in data.items():
        for name, value in (part or {}).items() if isinstance(part, dict) else ():
            old = keys.get((flow, name))
            if old == "absence":
                value = [value, "other"]
            if old is not None:
                flat[old] = value
    return states.get(state, "idle"), flat


def _rewrite(change: Any) -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(conversations.c.chat_id, conversations.c.state, conversations.c.data)
    ).all()
    for chat_id, state, data in rows:
        new_state, new_data = change(state or "idle", dict(data or {}))
        if (new_state, new_data) != (state, data):
            connection.execute(
                conversations.update()
                .where(conversations.c.chat_id == chat_id)
                .values(state=new_state, data=new_data)
            )


def upgrade() -> None:
    """Apply this revision."""
    _rewrite(forward)


def downgrade() -> None:
    """Revert this revision."""
    _rewrite(backward)
