"""recruitment: workplaces, contact persons, assignments, presentations, the contact log

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def _people(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey("people.id"), nullable=nullable)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "workplaces",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("org_number", sa.String(11), nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("industry", sa.String(16), nullable=False),
        sa.Column("size", sa.String(16), nullable=False),
        _people("coach_id"),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index("ix_workplaces_unit_id", "workplaces", ["unit_id"])
    op.create_table(
        "workplace_contacts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workplace_id", sa.Integer, sa.ForeignKey("workplaces.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        _people("person_id", nullable=True),
        sa.Column("invite_id", sa.Integer, sa.ForeignKey("invites.id"), nullable=True),
    )
    for column in ("workplace_id", "person_id", "invite_id"):
        op.create_index(f"ix_workplace_contacts_{column}", "workplace_contacts", [column])
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workplace_id", sa.Integer, sa.ForeignKey("workplaces.id"), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("occupation", sa.Text, nullable=False),
        sa.Column("headcount", sa.Integer, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("hours", sa.String(16), nullable=False),
        sa.Column("must_haves", sa.JSON, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        _people("created_by"),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("presented_at", WHEN, nullable=True),
        sa.Column("interviewing_at", WHEN, nullable=True),
        sa.Column("filled_at", WHEN, nullable=True),
        sa.Column("closed_at", WHEN, nullable=True),
    )
    op.create_index("ix_assignments_workplace_id", "assignments", ["workplace_id"])
    op.create_index("ix_assignments_unit_id", "assignments", ["unit_id"])
    op.create_table(
        "presentations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id"), nullable=False),
        _people("participant_id"),
        _people("coach_id"),
        sa.Column("cv_id", sa.Integer, sa.ForeignKey("cvs.id"), nullable=False),
        sa.Column("asked_at", WHEN, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("answered_at", WHEN, nullable=True),
        sa.Column("verdict_at", WHEN, nullable=True),
        sa.Column("interview_at", WHEN, nullable=True),
        sa.Column("interview_ok", sa.Boolean, nullable=True),
        sa.Column("placement_id", sa.Integer, sa.ForeignKey("placements.id"), nullable=True),
        sa.UniqueConstraint(
            "assignment_id",
            "participant_id",
            name="uq_presentations_assignment_id_participant_id",
        ),
    )
    op.create_index("ix_presentations_assignment_id", "presentations", ["assignment_id"])
    op.create_index("ix_presentations_participant_id", "presentations", ["participant_id"])
    op.create_table(
        "contact_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workplace_id", sa.Integer, sa.ForeignKey("workplaces.id"), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        _people("by_id"),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("chat_day", sa.String(48), nullable=True),
        sa.UniqueConstraint("chat_day", name="uq_contact_log_chat_day"),
    )
    op.create_index("ix_contact_log_workplace_at", "contact_log", ["workplace_id", "at"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_contact_log_workplace_at", "contact_log")
    op.drop_table("contact_log")
    op.drop_index("ix_presentations_participant_id", "presentations")
    op.drop_index("ix_presentations_assignment_id", "presentations")
    op.drop_table("presentations")
    op.drop_index("ix_assignments_unit_id", "assignments")
    op.drop_index("ix_assignments_workplace_id", "assignments")
    op.drop_table("assignments")
    for column in ("invite_id", "person_id", "workplace_id"):
        op.drop_index(f"ix_workplace_contacts_{column}", "workplace_contacts")
    op.drop_table("workplace_contacts")
    op.drop_index("ix_workplaces_unit_id", "workplaces")
    op.drop_table("workplaces")
