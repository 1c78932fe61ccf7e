"""placements: placements with employers, follow-ups and answers, exits with codes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "placements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("employer_id", sa.Integer, sa.ForeignKey("people.id"), nullable=True),
        sa.Column("invite_id", sa.Integer, sa.ForeignKey("invites.id"), nullable=True),
        sa.Column("coach_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("workplace", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subsidy", sa.Text, nullable=False, server_default=""),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=True),
        sa.Column("hired_on", sa.Date, nullable=True),
        sa.Column("ended_on", sa.Date, nullable=True),
        sa.Column("outcome", sa.String(32), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("participant_id", "employer_id", "coach_id"):
        op.create_index(f"ix_placements_{column}", "placements", [column])
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("placement_id", sa.Integer, sa.ForeignKey("placements.id"), nullable=True),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("competence", sa.Boolean, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("alerted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("participant_id", "key", name="uq_follow_ups_participant_id_key"),
    )
    op.create_index("ix_follow_ups_state_due_on", "follow_ups", ["state", "due_on"])
    op.create_table(
        "follow_up_replies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("follow_up_id", sa.Integer, sa.ForeignKey("follow_ups.id"), nullable=False),
        sa.Column("side", sa.String(16), nullable=False),
        sa.Column("question", sa.String(16), nullable=False),
        sa.Column("value", sa.String(32), nullable=False),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "follow_up_id",
            "side",
            "question",
            name="uq_follow_up_replies_follow_up_id_side_question",
        ),
    )
    op.create_table(
        "exits",
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("people.id"), primary_key=True),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("exited_on", sa.Date, nullable=False),
        sa.Column("coach_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("exits")
    op.drop_table("follow_up_replies")
    op.drop_index("ix_follow_ups_state_due_on", "follow_ups")
    op.drop_table("follow_ups")
    for column in ("participant_id", "employer_id", "coach_id"):
        op.drop_index(f"ix_placements_{column}", "placements")
    op.drop_table("placements")
