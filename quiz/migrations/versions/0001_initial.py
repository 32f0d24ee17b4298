"""Profiles, answers, review cards and exams.

Revision ID: 0001
Revises:
Create Date: 2025-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out rather than imported from quiz.storage: a migration must not change when the models do.
# JSON values are stored as text (quiz.storage.JSONText), times as UTC.
UTC_DATETIME = sa.DateTime(timezone=True)


def _profile_fk(table: str, **column: bool) -> sa.Column:
    return sa.Column("profile_id", sa.Integer(),
                     sa.ForeignKey("profiles.id", name=f"fk_{table}_profile_id_profiles", ondelete="CASCADE"),
                     nullable=False, **column)


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_profiles"),
        sa.UniqueConstraint("name", name="uq_profiles_name"),
    )
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        _profile_fk("answers"),
        sa.Column("question_id", sa.String(200), nullable=False),
        sa.Column("bank_id", sa.String(200), nullable=False),
        sa.Column("question_hash", sa.String(64), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("shown", sa.Text(), nullable=False),
        sa.Column("chosen", sa.Text(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("confidence", sa.String(10), nullable=True),
        sa.Column("answered_at", UTC_DATETIME, nullable=False),
        sa.Column("exam_id", sa.String(36), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_answers"),
        sa.CheckConstraint("mode IN ('practice', 'check', 'review', 'exam')", name="ck_answers_mode"),
        sa.CheckConstraint("confidence IS NULL OR confidence IN ('sure', 'guessed')", name="ck_answers_confidence"),
    )
    op.create_index("ix_answers_profile_question", "answers", ["profile_id", "question_id"])
    op.create_index("ix_answers_profile_answered", "answers", ["profile_id", "answered_at"])
    op.create_table(
        "review_cards",
        _profile_fk("review_cards"),
        sa.Column("question_id", sa.String(200), nullable=False),
        sa.Column("card", sa.Text(), nullable=False),
        sa.Column("due", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("profile_id", "question_id", name="pk_review_cards"),
    )
    op.create_index("ix_review_cards_profile_due", "review_cards", ["profile_id", "due"])
    op.create_table(
        "exams",
        sa.Column("id", sa.String(36), nullable=False),
        _profile_fk("exams"),
        sa.Column("blueprint_id", sa.String(200), nullable=False),
        sa.Column("started_at", UTC_DATETIME, nullable=False),
        sa.Column("finished_at", UTC_DATETIME, nullable=True),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_exams"),
    )
    op.create_index("ix_exams_profile_started", "exams", ["profile_id", "started_at"])


def downgrade() -> None:
    op.drop_table("exams")
    op.drop_table("review_cards")
    op.drop_table("answers")
    op.drop_table("profiles")
