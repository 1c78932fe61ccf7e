"""digests: notes, digest runs, people's last contact, gender, priority group and settings,
gathered alerts

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index("ix_notes_participant_id", "notes", ["participant_id"])
    op.create_table(
        "digest_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("made_at", WHEN, nullable=False),
        sa.UniqueConstraint("unit_id", "kind", "day"),
    )
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("last_seen_at", WHEN, nullable=True))
        batch.add_column(sa.Column("gender", sa.String(8), nullable=True))
        batch.add_column(
            sa.Column("priority_group", sa.Boolean, nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("settings", sa.JSON, nullable=False, server_default=sa.text("'{}'"))
        )
    # Nobody's last word is known yet: "lost contact" counts from this upgrade, not from the
    # day each person joined (which would flag everyone at once).
    op.execute(sa.text("UPDATE people SET last_seen_at = CURRENT_TIMESTAMP"))
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(
            sa.Column("gather", sa.Boolean, nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("sheet", sa.JSON, nullable=True))
    op.create_index(
        "ix_outbox_gathered",
        "outbox",
        ["chat_id", "telegram_message_id"],
        sqlite_where=sa.text("gather"),
        postgresql_where=sa.text("gather"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_outbox_gathered", "outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("sheet")
        batch.drop_column("gather")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("settings")
        batch.drop_column("priority_group")
        batch.drop_column("gender")
        batch.drop_column("last_seen_at")
    op.drop_table("digest_runs")
    op.drop_index("ix_notes_participant_id", "notes")
    op.drop_table("notes")
