"""The tables, their column types and the naming convention (the migrations must match; tests compare them)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    insert,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from quiz.storage.records import (
    CODE_LENGTH,
    EXAM_ID_LENGTH,
    ID_LENGTH,
    NAME_LENGTH,
    NICKNAME_LENGTH,
    TITLE_LENGTH,
    utc,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime kept in UTC; SQLite stores no zone, so one is put back on reading."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else utc(value)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# One encoder for all: json.dumps with options builds a new encoder on every call.
_to_json = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode


class JSONText(TypeDecorator[Any]):
    """JSON kept as compact text, the same on every backend, so bulk reads can parse many values in one call."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else _to_json(value)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        return None if value is None else json.loads(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _profile_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False)


class ProfileRow(Base):
    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    passphrase_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0", default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AnswerRow(Base):
    __tablename__ = "answers"
    __table_args__ = (
        CheckConstraint("mode IN ('practice', 'check', 'review', 'exam')", name="mode"),
        CheckConstraint("confidence IS NULL OR confidence IN ('sure', 'guessed')", name="confidence"),
        # Covering indexes: the progress counts are answered from the index alone (migration 0002).
        Index("ix_answers_profile_question", "profile_id", "question_id", "answered_at", "correct"),
        Index("ix_answers_profile_answered", "profile_id", "answered_at", "correct"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = _profile_fk()
    question_id: Mapped[str] = mapped_column(String(ID_LENGTH), nullable=False)
    bank_id: Mapped[str] = mapped_column(String(ID_LENGTH), nullable=False)
    question_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    mode: Mapped[str] = mapped_column(String(10), nullable=False)
    shown: Mapped[list[int]] = mapped_column(JSONText, nullable=False)
    chosen: Mapped[list[int]] = mapped_column(JSONText, nullable=False)
    correct: Mapped[bool] = mapped_column(Boolean, nullable=False)
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    confidence: Mapped[str | None] = mapped_column(String(10), nullable=True)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    exam_id: Mapped[str | None] = mapped_column(String(EXAM_ID_LENGTH), nullable=True)


class ReviewCardRow(Base):
    __tablename__ = "review_cards"
    __table_args__ = (Index("ix_review_cards_profile_due", "profile_id", "due"),)

    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    card: Mapped[dict[str, Any]] = mapped_column(JSONText, nullable=False)
    due: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class PracticeRoundRow(Base):
    """The learner's unfinished practice round (at most one), so that a reload or a new tab can resume it."""

    __tablename__ = "practice_rounds"

    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSONText, nullable=False)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class ExamRow(Base):
    __tablename__ = "exams"
    __table_args__ = (Index("ix_exams_profile_started", "profile_id", "started_at"),)

    id: Mapped[str] = mapped_column(String(EXAM_ID_LENGTH), primary_key=True)
    profile_id: Mapped[int] = _profile_fk()
    blueprint_id: Mapped[str] = mapped_column(String(ID_LENGTH), nullable=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSONText, nullable=False)
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    total: Mapped[int] = mapped_column(Integer, nullable=False)
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    # Bumped on every save; a save naming an older version comes from a stale tab and is refused.
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0", default=0)
    imported: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=false(), default=False)


class BrowserSessionRow(Base):
    """A browser that stays signed in: the hash of the token in its cookie, and whose it is."""

    __tablename__ = "browser_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False,
                                            index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


# Live classroom sessions (migration 0004). The screens poll a session by its key, its seats by session, and
# one step's answers by (session, position): each poll reads a handful of rows through an index.


class ClassroomRow(Base):
    """A live session: its join code and, in `phase`/`position`, where the class is now."""

    __tablename__ = "classroom_sessions"
    __table_args__ = (
        CheckConstraint("names IN ('on', 'initials', 'off')", name="names"),
        CheckConstraint("phase IN ('created', 'shown', 'open', 'closed', 'revealed', 'leaderboard', 'ended')",
                        name="phase"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), nullable=False, unique=True)
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH), nullable=False)
    names: Mapped[str] = mapped_column(String(10), nullable=False)
    time_limit: Mapped[float | None] = mapped_column(Float, nullable=True)
    phase: Mapped[str] = mapped_column(String(12), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    steps: Mapped[int] = mapped_column(Integer, nullable=False)
    # Bumped by every move; a move naming an older version was decided on a stale screen and is refused.
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


def _classroom_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("classroom_sessions.id", ondelete="CASCADE"), nullable=False)


class ClassroomStepRow(Base):
    """One question of a session, in the order shown, and what happened to it."""

    __tablename__ = "classroom_steps"

    session_id: Mapped[int] = mapped_column(ForeignKey("classroom_sessions.id", ondelete="CASCADE"),
                                            primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(String(ID_LENGTH), nullable=False)
    shown: Mapped[list[int]] = mapped_column(JSONText, nullable=False)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revealed: Mapped[bool] = mapped_column(Boolean, nullable=False)
    skipped: Mapped[bool] = mapped_column(Boolean, nullable=False)


class ClassroomSeatRow(Base):
    """A student in a session: the nickname, the hash of the rejoin token, and an optional learner profile."""

    __tablename__ = "classroom_seats"
    # Unique per session by the name's skeleton, so "ann" and "ANN" cannot both sit in one class.
    __table_args__ = (UniqueConstraint("session_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = _classroom_fk()
    nickname: Mapped[str] = mapped_column(String(NICKNAME_LENGTH), nullable=False)
    name_key: Mapped[str] = mapped_column(String(ID_LENGTH), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="SET NULL"), nullable=True)


class ClassroomAnswerRow(Base):
    """A seat's answer to one step: one row per seat and step, changed in place until answering closes."""

    __tablename__ = "classroom_answers"
    __table_args__ = (Index("ix_classroom_answers_session_position", "session_id", "position"),)

    seat_id: Mapped[int] = mapped_column(ForeignKey("classroom_seats.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = _classroom_fk()
    chosen: Mapped[list[int]] = mapped_column(JSONText, nullable=False)
    correct: Mapped[bool] = mapped_column(Boolean, nullable=False)
    seconds: Mapped[float] = mapped_column(Float, nullable=False)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


# The ORM leaves None-valued columns out of an INSERT, so rows with and without a confidence or an exam would
# go in separate batches: thousands of statements instead of one executemany.
BULK_INSERT_ANSWERS = insert(AnswerRow).execution_options(render_nulls=True)
