"""venue position: an activity may have a position and radius for location check-in

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch.add_column(sa.Column("longitude", sa.Float(), nullable=True))
        batch.add_column(sa.Column("radius_m", sa.Integer(), server_default="300", nullable=False))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("radius_m")
        batch.drop_column("longitude")
        batch.drop_column("latitude")
