"""cvs: participants' CVs (master and copies for one job) and coaches' comments

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "cvs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("label", sa.Text, nullable=False, server_default=""),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("walk", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.Integer, sa.ForeignKey("people.id"), nullable=True),
    )
    op.create_index("ix_cvs_participant_id", "cvs", ["participant_id"])
    op.create_table(
        "cv_comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cv_id", sa.Integer, sa.ForeignKey("cvs.id"), nullable=False),
        sa.Column("section", sa.String(20), nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text, nullable=False, server_default=""),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_cv_comments_cv_id", "cv_comments", ["cv_id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_cv_comments_cv_id", "cv_comments")
    op.drop_table("cv_comments")
    op.drop_index("ix_cvs_participant_id", "cvs")
    op.drop_table("cvs")
