"""paths: the participant's path, action-plan versions and breaks

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "paths",
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("people.id"), primary_key=True),
        sa.Column("started_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("paused_days", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("goal", sa.Text, nullable=False),
        sa.Column("steps", sa.JSON, nullable=False),
        sa.Column("commitment", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("participant_id", "version", name="uq_plans_participant_id_version"),
    )
    op.create_table(
        "breaks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("expected_end", sa.Date, nullable=False),
        sa.Column("ended_on", sa.Date, nullable=True),
    )
    op.create_index("ix_breaks_participant_id", "breaks", ["participant_id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_breaks_participant_id", "breaks")
    op.drop_table("breaks")
    op.drop_table("plans")
    op.drop_table("paths")
