"""Live classroom sessions: sessions, their steps, seats (students) and answers.

A session row holds where the class is (phase, position, version, the open step's deadline); every move is a
conditional UPDATE on its version. Answers are one row per seat and step (the primary key), so a changed
answer is an upsert and two processes cannot store two answers for one seat. Screens poll through the keys
and `ix_classroom_answers_session_position`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)
PHASES = "'created', 'shown', 'open', 'closed', 'revealed', 'leaderboard', 'ended'"


def _session_fk(table: str, **column: bool) -> sa.Column:
    return sa.Column("session_id", sa.Integer(),
                     sa.ForeignKey("classroom_sessions.id", name=f"fk_{table}_session_id_classroom_sessions",
                                   ondelete="CASCADE"),
                     nullable=False, **column)


def upgrade() -> None:
    op.create_table(
        "classroom_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(6), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("names", sa.String(10), nullable=False),
        sa.Column("time_limit", sa.Float(), nullable=True),
        sa.Column("phase", sa.String(12), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("steps", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("opened_at", UTC_DATETIME, nullable=True),
        sa.Column("deadline", UTC_DATETIME, nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("ended_at", UTC_DATETIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_classroom_sessions"),
        sa.UniqueConstraint("code", name="uq_classroom_sessions_code"),
        sa.CheckConstraint("names IN ('on', 'initials', 'off')", name="ck_classroom_sessions_names"),
        sa.CheckConstraint(f"phase IN ({PHASES})", name="ck_classroom_sessions_phase"),
    )
    op.create_table(
        "classroom_steps",
        _session_fk("classroom_steps"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(200), nullable=False),
        sa.Column("shown", sa.Text(), nullable=False),
        sa.Column("opened_at", UTC_DATETIME, nullable=True),
        sa.Column("closed_at", UTC_DATETIME, nullable=True),
        sa.Column("revealed", sa.Boolean(), nullable=False),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "position", name="pk_classroom_steps"),
    )
    op.create_table(
        "classroom_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        _session_fk("classroom_seats"),
        sa.Column("nickname", sa.String(24), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("joined_at", UTC_DATETIME, nullable=False),
        sa.Column("profile_id", sa.Integer(),
                  sa.ForeignKey("profiles.id", name="fk_classroom_seats_profile_id_profiles", ondelete="SET NULL"),
                  nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_classroom_seats"),
        sa.UniqueConstraint("session_id", "name_key", name="uq_classroom_seats_session_id"),
        sa.UniqueConstraint("token_hash", name="uq_classroom_seats_token_hash"),
    )
    op.create_table(
        "classroom_answers",
        sa.Column("seat_id", sa.Integer(),
                  sa.ForeignKey("classroom_seats.id", name="fk_classroom_answers_seat_id_classroom_seats",
                                ondelete="CASCADE"),
                  nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _session_fk("classroom_answers"),
        sa.Column("chosen", sa.Text(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("answered_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("seat_id", "position", name="pk_classroom_answers"),
    )
    op.create_index("ix_classroom_answers_session_position", "classroom_answers", ["session_id", "position"])


def downgrade() -> None:
    op.drop_index("ix_classroom_answers_session_position", table_name="classroom_answers")
    op.drop_table("classroom_answers")
    op.drop_table("classroom_seats")
    op.drop_table("classroom_steps")
    op.drop_table("classroom_sessions")
