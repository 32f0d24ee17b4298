"""Unfinished practice rounds: one per learner, resumed after a reload or in a new tab.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "practice_rounds",
        sa.Column("profile_id", sa.Integer(),
                  sa.ForeignKey("profiles.id", name="fk_practice_rounds_profile_id_profiles", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("profile_id", name="pk_practice_rounds"),
    )


def downgrade() -> None:
    op.drop_table("practice_rounds")
