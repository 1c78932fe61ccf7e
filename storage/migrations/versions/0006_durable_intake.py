"""durable intake and owned leases: pending updates with their payload; lease owners and
retention classes on the outbox

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("payload", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("done_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_inbox_pending", ["done_at", "chat_id"])
    # Every update recorded so far was processed.
    op.execute("UPDATE inbox SET done_at = received_at")
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("lease_owner", sa.String(64), nullable=True))
        batch.add_column(sa.Column("retention", sa.String(16), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("retention")
        batch.drop_column("lease_owner")
    op.execute("DELETE FROM inbox WHERE done_at IS NULL")
    with op.batch_alter_table("inbox") as batch:
        batch.drop_index("ix_inbox_pending")
        batch.drop_column("done_at")
        batch.drop_column("chat_id")
        batch.drop_column("payload")
