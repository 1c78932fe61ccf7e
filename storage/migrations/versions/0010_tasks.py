"""tasks: individual tasks assigned to participants, weekly hours, files passed on by id

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("coach_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("library_key", sa.String(40), nullable=True),
        sa.Column("step", sa.String(20), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("instructions", sa.Text, nullable=False),
        sa.Column("text_locale", sa.String(16), nullable=True),
        sa.Column("purpose", sa.Text, nullable=False, server_default=""),
        sa.Column("hours", sa.Float, nullable=False),
        sa.Column("report_kind", sa.String(16), nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("report_text", sa.Text, nullable=False, server_default=""),
        sa.Column("report_file_id", sa.String(255), nullable=True),
        sa.Column("report_file_name", sa.String(255), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("asked_due_on", sa.Date, nullable=True),
        sa.Column("useful", sa.Boolean, nullable=True),
        sa.Column("time_fit", sa.String(8), nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_tasks_participant_state", "tasks", ["participant_id", "state"])
    op.create_table(
        "unit_tasks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("step", sa.String(20), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("purpose", sa.Text, nullable=False, server_default=""),
        sa.Column("instructions", sa.Text, nullable=False),
        sa.Column("hours", sa.Float, nullable=False),
        sa.Column("report_kind", sa.String(16), nullable=False),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_unit_tasks_unit_id", "unit_tasks", ["unit_id"])
    op.create_index("ix_tasks_due_on", "tasks", ["due_on"])
    with op.batch_alter_table("people") as batch:
        batch.add_column(
            sa.Column("weekly_hours", sa.Integer, nullable=False, server_default="40")
        )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("file_kind", sa.String(16), nullable=True))
        batch.add_column(sa.Column("file_id", sa.String(255), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("file_id")
        batch.drop_column("file_kind")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("weekly_hours")
    op.drop_index("ix_unit_tasks_unit_id", "unit_tasks")
    op.drop_table("unit_tasks")
    op.drop_index("ix_tasks_due_on", "tasks")
    op.drop_index("ix_tasks_participant_state", "tasks")
    op.drop_table("tasks")
