"""message to coach: when a participant last passed a message on to their coach

A session that closes after such a message records the participant as having sent word
(a notified absence, "a message to the coach"), not as a no-show.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("messaged_coach_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("people") as batch:
        batch.drop_column("messaged_coach_at")
