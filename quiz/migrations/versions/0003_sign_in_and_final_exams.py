"""Sign-in (passphrases, lock-out, browser sessions) and one-way exam finishing.

Profiles get a passphrase hash and a count of failed sign-ins with a lock-out time; browser sessions keep a
learner signed in across reloads by the hash of a random token (the token itself lives only in the
browser's cookie). Exams get a version, so a stale tab cannot write over a newer state or reopen a finished
exam, and an `imported` mark for exams that came in with a profile export.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("passphrase_hash", sa.String(200), nullable=True))
        batch.add_column(sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", UTC_DATETIME, nullable=True))
    with op.batch_alter_table("exams") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("imported", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "browser_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("profile_id", sa.Integer(),
                  sa.ForeignKey("profiles.id", name="fk_browser_sessions_profile_id_profiles", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_browser_sessions"),
    )
    op.create_index("ix_browser_sessions_profile_id", "browser_sessions", ["profile_id"])


def downgrade() -> None:
    op.drop_index("ix_browser_sessions_profile_id", table_name="browser_sessions")
    op.drop_table("browser_sessions")
    with op.batch_alter_table("exams") as batch:
        batch.drop_column("imported")
        batch.drop_column("version")
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("locked_until")
        batch.drop_column("failed_sign_ins")
        batch.drop_column("passphrase_hash")
