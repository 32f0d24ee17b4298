"""Keep learner data (profiles, answers, review cards, exams) in any SQLAlchemy database.

The schema is owned by the Alembic migrations in `quiz/migrations/`; a `Store` brings the database up
to date when it opens. Every write runs in one transaction; reads never write.
"""

from __future__ import annotations

import gc
import json
import os
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from alembic import command
from alembic.config import Config
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    model_validator,
)
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
    case,
    cast,
    create_engine,
    delete,
    event,
    func,
    insert,
    make_url,
    select,
    type_coerce,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

ENV_URL = "ITIL_APP_DATABASE_URL"
MIGRATIONS = Path(__file__).with_name("migrations")
EXPORT_FORMAT = "itil-app-profile"
EXPORT_VERSION = 1
MODES = ("practice", "check", "review", "exam")
CONFIDENCES = ("sure", "guessed")
NAME_LENGTH = 100
ID_LENGTH = 200
EXAM_ID_LENGTH = 36

Mode = Literal["practice", "check", "review", "exam"]
Confidence = Literal["sure", "guessed"]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def database_url(explicit: str | None = None) -> str:
    """Return `explicit`, else $ITIL_APP_DATABASE_URL, else the URL of a SQLite file in the user's data folder."""
    if explicit:
        return explicit
    if url := os.environ.get(ENV_URL):
        return url
    xdg = os.environ.get("XDG_DATA_HOME", "")
    # The XDG spec says to ignore a relative XDG_DATA_HOME.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    folder = base / "itil-app"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(folder / 'progress.sqlite3').as_posix()}"


# ---------------------------------------------------------------------------------------------------------------
# Records handed in and out


@dataclass(frozen=True)
class Profile:
    """A learner; everything else in the store belongs to one."""

    id: int
    name: str
    created_at: datetime


@dataclass(frozen=True)
class AnswerRecord:
    """One answer as given: options as file indices, `shown` in screen order."""

    question_id: str
    bank_id: str
    question_hash: str
    mode: str
    shown: tuple[int, ...]
    chosen: tuple[int, ...]
    correct: bool
    seconds: float | None = None
    confidence: str | None = None
    answered_at: datetime | None = None
    exam_id: str | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if self.confidence is not None and self.confidence not in CONFIDENCES:
            raise ValueError(f"confidence must be one of {', '.join(CONFIDENCES)} or None, not {self.confidence!r}")
        # Callers hold lists and frozensets; chosen is a set, so one canonical order keeps stored data comparable.
        object.__setattr__(self, "shown", tuple(int(i) for i in self.shown))
        object.__setattr__(self, "chosen", tuple(sorted(int(i) for i in self.chosen)))


# ---------------------------------------------------------------------------------------------------------------
# Schema (the migrations must match it; tests/test_storage.py compares them)

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
        return None if value is None else _utc(value)

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


# The ORM leaves None-valued columns out of an INSERT, so rows with and without a confidence or an exam would
# go in separate batches: thousands of statements instead of one executemany.
_BULK_INSERT_ANSWERS = insert(AnswerRow).execution_options(render_nulls=True)


# ---------------------------------------------------------------------------------------------------------------
# The export document (validated on import)

Name = Annotated[str, Field(min_length=1, max_length=NAME_LENGTH)]
Key = Annotated[str, Field(min_length=1, max_length=ID_LENGTH)]
ExamId = Annotated[str, Field(min_length=1, max_length=EXAM_ID_LENGTH)]
OptionIndex = Annotated[StrictInt, Field(ge=0)]


class _Doc(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AnswerDoc(_Doc):
    question_id: Key
    bank_id: Key
    question_hash: Annotated[str, Field(min_length=1, max_length=64)]
    mode: Mode
    shown: tuple[OptionIndex, ...]
    chosen: tuple[OptionIndex, ...]
    correct: StrictBool
    seconds: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    confidence: Confidence | None = None
    answered_at: AwareDatetime
    exam_id: ExamId | None = None


class CardDoc(_Doc):
    question_id: Key
    card: dict[str, Any]
    due: AwareDatetime


class ExamDoc(_Doc):
    exam_id: ExamId
    blueprint_id: Key
    started_at: AwareDatetime
    finished_at: AwareDatetime | None = None
    state: dict[str, Any]
    score: StrictInt | None = None
    total: Annotated[StrictInt, Field(ge=0)]
    passed: StrictBool | None = None


class ProfileDocument(_Doc):
    """What `Store.export_profile` writes and `Store.import_profile` reads."""

    format: Literal["itil-app-profile"]
    version: Literal[1]
    name: Name
    created_at: AwareDatetime
    answers: tuple[AnswerDoc, ...] = ()
    cards: tuple[CardDoc, ...] = ()
    exams: tuple[ExamDoc, ...] = ()

    @model_validator(mode="after")
    def _unique_keys(self) -> ProfileDocument:
        for what, keys in (("card", [c.question_id for c in self.cards]), ("exam", [e.exam_id for e in self.exams])):
            if len(set(keys)) != len(keys):
                duplicate = next(k for k in keys if keys.count(k) > 1)
                raise ValueError(f"{what} {duplicate!r} appears twice")
        return self


def _describe(error: ValidationError, limit: int = 3) -> str:
    """Say what is wrong with a document in one line: where, and what was expected."""
    problems = []
    for item in error.errors()[:limit]:
        where = ".".join(str(part) for part in item["loc"]) or "document"
        problems.append(f"{where}: {item['msg']}")
    more = error.error_count() - limit
    return "; ".join(problems) + (f" (and {more} more problem(s))" if more > 0 else "")


# ---------------------------------------------------------------------------------------------------------------
# Engine and migrations


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"datetime {value.isoformat()} has no timezone; pass an aware datetime")
    return value.astimezone(UTC)


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValueError("a profile needs a name")
    if len(name) > NAME_LENGTH:
        raise ValueError(f"a profile name has at most {NAME_LENGTH} characters")
    return name


def make_engine(url: str) -> Engine:
    """Create an engine for `url`; SQLite gets WAL and enforced foreign keys on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url)
    if parsed.database in (None, "", ":memory:"):
        # An in-memory database lives in one connection: share it, across threads too.
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Both are per-connection settings; SQLite leaves foreign keys off unless asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL cannot corrupt the database; it only skips an fsync per commit, which at most
    # loses the last answers on a power cut. Recording an answer takes a few ms instead of tens.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def migration_config(connection: Connection | None = None) -> Config:
    """Return the Alembic configuration of this package's migrations, bound to `connection` if given."""
    config = Config()
    # Config values go through ConfigParser interpolation, where '%' is special.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


_MIGRATING = threading.Lock()


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration, in one transaction."""
    # Alembic keeps the running migration in module globals: one at a time per process.
    with _MIGRATING, engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            # Take the write lock before reading the version, so processes opening a new file
            # at once wait for each other rather than all creating the tables.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        command.upgrade(migration_config(connection), "head")


# ---------------------------------------------------------------------------------------------------------------
# The store

ANSWER_DTYPES = {
    "id": "int64", "question_id": "str", "bank_id": "str", "question_hash": "str", "mode": "str",
    "shown": "object", "chosen": "object", "correct": "bool", "seconds": "float64", "confidence": "str",
    "answered_at": "datetime64[us, UTC]", "exam_id": "str",
}
CARD_DTYPES = {"question_id": "str", "due": "datetime64[us, UTC]"}
EXAM_DTYPES = {
    "exam_id": "str", "blueprint_id": "str", "started_at": "datetime64[us, UTC]",
    "finished_at": "datetime64[us, UTC]", "score": "Int64", "total": "int64", "passed": "boolean",
}


def _columns(rows: list[Any], names: Iterable[str]) -> dict[str, list[Any]]:
    names = list(names)
    if not rows:
        return {name: [] for name in names}
    return dict(zip(names, map(list, zip(*rows, strict=True)), strict=True))


def _frame(columns: Mapping[str, Sequence[Any]], dtypes: Mapping[str, str]) -> pd.DataFrame:
    """Build a frame with fixed dtypes, so an empty result has the same columns and types as a full one."""
    return pd.DataFrame({name: pd.Series(columns[name], dtype=dtype) for name, dtype in dtypes.items()})


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects that form no cycles."""
    # 100,000 answers make about a million tuples, lists and strings; as they pile up the collector
    # scans them again and again, which doubles the time to load them (measured on Python 3.11).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _json_tuples(texts: list[str]) -> list[tuple]:
    # One json.loads over all the lists is several times faster than one call per list.
    return [tuple(value) for value in json.loads("[" + ",".join(texts) + "]")]


def _utc_times(values: list[Any]) -> pd.Series:
    # SQLite hands back ISO text (in UTC), other drivers datetimes; pandas parses either in bulk.
    times = pd.to_datetime(pd.Series(values, dtype="object"), utc=True, format="ISO8601")
    return times.astype("datetime64[us, UTC]")


class Store:
    """Learner data in one database; open it once per process and share it."""

    def __init__(self, url: str, *, clock: Callable[[], datetime] = _utc_now) -> None:
        self._clock = clock
        self._engine = make_engine(url)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        try:
            migrate(self._engine)
        except BaseException:
            self._engine.dispose()
            raise

    def close(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self, profile_id: int | None = None) -> Iterator[Session]:
        """One transaction; with a profile id, fail clearly if that profile does not exist."""
        with self._sessions.begin() as session:
            if profile_id is not None and session.get(ProfileRow, profile_id) is None:
                raise LookupError(f"no profile with id {profile_id}")
            yield session

    def _rows(self, statement: Any) -> list[Any]:
        with self._engine.connect() as connection:
            return list(connection.execute(statement).all())

    # Profiles

    def profiles(self) -> list[Profile]:
        """All profiles, sorted by name."""
        rows = self._rows(select(ProfileRow.id, ProfileRow.name, ProfileRow.created_at).order_by(ProfileRow.name))
        return [Profile(*row) for row in rows]

    def create_profile(self, name: str) -> Profile:
        """Create a profile; the name is stripped and must be non-empty and unused."""
        name = _clean_name(name)
        with _unique(name), self._write() as session:
            return _add_profile(session, name, self._clock())

    def rename_profile(self, profile_id: int, name: str) -> Profile:
        """Give a profile a new name, under the same rules as a new one."""
        name = _clean_name(name)
        with _unique(name), self._write(profile_id) as session:
            row = session.get_one(ProfileRow, profile_id)
            row.name = name
            session.flush()
            return Profile(row.id, row.name, row.created_at)

    def delete_profile(self, profile_id: int) -> None:
        """Delete a profile with its answers, cards and exams (the database cascades)."""
        with self._write(profile_id) as session:
            session.execute(delete(ProfileRow).where(ProfileRow.id == profile_id))

    # Answers

    def _answer_values(self, profile_id: int, answer: AnswerRecord) -> dict[str, Any]:
        return {
            "profile_id": profile_id, "question_id": answer.question_id, "bank_id": answer.bank_id,
            "question_hash": answer.question_hash, "mode": answer.mode, "shown": list(answer.shown),
            "chosen": list(answer.chosen), "correct": bool(answer.correct), "seconds": answer.seconds,
            "confidence": answer.confidence, "answered_at": _utc(answer.answered_at or self._clock()),
            "exam_id": answer.exam_id,
        }

    def record_answer(self, profile_id: int, answer: AnswerRecord,
                      card: tuple[dict, datetime] | None = None) -> int:
        """Store one answer (at the clock's time unless it has one), and its question's new review card if
        given as (card, due), in one transaction; return the answer's id."""
        row = AnswerRow(**self._answer_values(profile_id, answer))
        with self._write(profile_id) as session:
            session.add(row)
            if card is not None:
                session.merge(ReviewCardRow(profile_id=profile_id, question_id=answer.question_id, card=card[0],
                                            due=_utc(card[1])))
            session.flush()
            return row.id

    def record_answers(self, profile_id: int, answers: Iterable[AnswerRecord]) -> int:
        """Store many answers in one transaction and return how many."""
        values = [self._answer_values(profile_id, answer) for answer in answers]
        with self._write(profile_id) as session:
            if values:
                session.execute(_BULK_INSERT_ANSWERS, values)
        return len(values)

    def answers(self, profile_id: int, *, latest: int | None = None) -> pd.DataFrame:
        """A profile's answers, oldest first (only the `latest` N if given); `shown`/`chosen` as tuples, UTC times."""
        # Untyped text for the JSON and time columns: they are converted below, in bulk, not row by row.
        raw = {"shown", "chosen", "answered_at"}
        selected = [type_coerce(getattr(AnswerRow, name), Text) if name in raw else getattr(AnswerRow, name)
                    for name in ANSWER_DTYPES]
        statement = select(*selected).where(AnswerRow.profile_id == profile_id)
        if latest is None:
            statement = statement.order_by(AnswerRow.answered_at, AnswerRow.id)
        else:
            newest = statement.order_by(AnswerRow.answered_at.desc(), AnswerRow.id.desc()).limit(latest).subquery()
            statement = select(*newest.c).order_by(newest.c.answered_at, newest.c.id)
        with _gc_paused():
            columns = _columns(self._rows(statement), ANSWER_DTYPES)
            columns.update(shown=_json_tuples(columns["shown"]), chosen=_json_tuples(columns["chosen"]),
                           answered_at=_utc_times(columns["answered_at"]))
            return _frame(columns, ANSWER_DTYPES)

    def question_stats(self, profile_id: int) -> pd.DataFrame:
        """Per question answered: attempts, right, and whether the latest answer was right; counted in the database."""
        right = func.sum(case((AnswerRow.correct, 1), else_=0))
        counts = (select(AnswerRow.question_id, func.count().label("attempts"), right.label("right"),
                         func.max(AnswerRow.answered_at).label("last_at"))
                  .where(AnswerRow.profile_id == profile_id).group_by(AnswerRow.question_id).subquery())
        # The latest answer by a join on the newest time, not a window function: both stay inside the covering
        # index, where ROW_NUMBER() over 100,000 answers takes SQLite seven times longer.
        latest = AnswerRow.__table__.alias("latest")
        statement = (select(counts.c.question_id, counts.c.attempts, counts.c.right,
                            latest.c.correct.label("last_correct"), counts.c.last_at, latest.c.id)
                     .join(latest, (latest.c.profile_id == profile_id)
                           & (latest.c.question_id == counts.c.question_id)
                           & (latest.c.answered_at == counts.c.last_at)))
        names = {"question_id": "str", "attempts": "int64", "right": "int64", "last_correct": "bool",
                 "last_at": "datetime64[us, UTC]", "id": "int64"}
        frame = _frame(_columns(self._rows(statement), names), names)
        # Two answers to one question at the same instant: the later row wins.
        frame = frame.sort_values(["last_at", "id"], ascending=False, kind="stable")
        return frame.drop_duplicates("question_id").drop(columns="id").reset_index(drop=True)

    def daily_stats(self, profile_id: int) -> pd.DataFrame:
        """Attempts and right answers per UTC day, counted in the database."""
        # The first ten characters of a stored time are its date on SQLite and PostgreSQL alike.
        day = func.substr(cast(AnswerRow.answered_at, String), 1, 10)
        right = func.sum(case((AnswerRow.correct, 1), else_=0))
        statement = (select(day.label("day"), func.count().label("attempts"), right.label("right"))
                     .where(AnswerRow.profile_id == profile_id).group_by(day).order_by(day))
        columns = _columns(self._rows(statement), ["day", "attempts", "right"])
        frame = pd.DataFrame({"period": pd.to_datetime(pd.Series(columns["day"], dtype="str"), utc=True),
                              "attempts": pd.Series(columns["attempts"], dtype="int64"),
                              "right": pd.Series(columns["right"], dtype="int64")})
        frame["accuracy"] = 100 * frame["right"] / frame["attempts"]
        return frame

    def set_confidence(self, profile_id: int, answer_id: int, confidence: str | None) -> None:
        """Add the learner's 'sure' or 'guessed' to an answer already recorded."""
        if confidence not in (None, "sure", "guessed"):
            raise ValueError(f"confidence must be 'sure', 'guessed' or None, not {confidence!r}")
        with self._write(profile_id) as session:
            row = session.get(AnswerRow, answer_id)
            if row is None or row.profile_id != profile_id:
                raise LookupError(f"no answer {answer_id} for profile {profile_id}")
            row.confidence = confidence

    # Review cards

    def card(self, profile_id: int, question_id: str) -> dict | None:
        """The review card saved for a question, or None."""
        rows = self._rows(select(ReviewCardRow.card).where(
            ReviewCardRow.profile_id == profile_id, ReviewCardRow.question_id == question_id))
        return rows[0].card if rows else None

    def save_card(self, profile_id: int, question_id: str, card: dict, due: datetime) -> None:
        """Insert or replace the review card of a question."""
        due = _utc(due)
        with self._write(profile_id) as session:
            session.merge(ReviewCardRow(profile_id=profile_id, question_id=question_id, card=card, due=due))

    def due_question_ids(self, profile_id: int, now: datetime) -> list[str]:
        """Questions whose card is due at `now`, soonest first. Idempotent."""
        statement = (select(ReviewCardRow.question_id)
                     .where(ReviewCardRow.profile_id == profile_id, ReviewCardRow.due <= _utc(now))
                     .order_by(ReviewCardRow.due, ReviewCardRow.question_id))
        return [row.question_id for row in self._rows(statement)]

    def cards(self, profile_id: int) -> pd.DataFrame:
        """Every card of a profile as question id and due time, soonest first."""
        statement = (select(ReviewCardRow.question_id, ReviewCardRow.due)
                     .where(ReviewCardRow.profile_id == profile_id)
                     .order_by(ReviewCardRow.due, ReviewCardRow.question_id))
        return _frame(_columns(self._rows(statement), CARD_DTYPES), CARD_DTYPES)

    # Exams

    def save_exam(self, profile_id: int, exam_id: str, blueprint_id: str, state: dict, *, total: int,
                  started_at: datetime, finished_at: datetime | None = None, score: int | None = None,
                  passed: bool | None = None) -> None:
        """Insert or update an exam by id; an id that belongs to another profile is refused."""
        values = {
            "blueprint_id": blueprint_id, "state": state, "total": total, "started_at": _utc(started_at),
            "finished_at": None if finished_at is None else _utc(finished_at), "score": score, "passed": passed,
        }
        with self._write(profile_id) as session:
            row = session.get(ExamRow, exam_id)
            if row is None:
                session.add(ExamRow(id=exam_id, profile_id=profile_id, **values))
            elif row.profile_id != profile_id:
                raise ValueError(f"exam {exam_id!r} belongs to another profile")
            else:
                for key, value in values.items():
                    setattr(row, key, value)

    def open_exam(self, profile_id: int) -> tuple[str, str, dict] | None:
        """The newest unfinished exam as (exam_id, blueprint_id, state), or None."""
        statement = (select(ExamRow.id, ExamRow.blueprint_id, ExamRow.state)
                     .where(ExamRow.profile_id == profile_id, ExamRow.finished_at.is_(None))
                     .order_by(ExamRow.started_at.desc(), ExamRow.id.desc()).limit(1))
        rows = self._rows(statement)
        if not rows:
            return None
        exam_id, blueprint_id, state = rows[0]
        return exam_id, blueprint_id, state

    def exams(self, profile_id: int) -> pd.DataFrame:
        """Finished exams, oldest first, with the score as a percentage of the total."""
        statement = (select(ExamRow.id, ExamRow.blueprint_id, ExamRow.started_at, ExamRow.finished_at,
                            ExamRow.score, ExamRow.total, ExamRow.passed)
                     .where(ExamRow.profile_id == profile_id, ExamRow.finished_at.is_not(None))
                     .order_by(ExamRow.finished_at, ExamRow.id))
        frame = _frame(_columns(self._rows(statement), EXAM_DTYPES), EXAM_DTYPES)
        # A zero total has no percentage; pandas would make it NaN or inf depending on the score.
        frame["percent"] = (100 * frame["score"] / frame["total"].where(frame["total"] > 0)).astype("Float64")
        return frame

    # Export and import

    def export_profile(self, profile_id: int) -> dict:
        """The whole profile as a JSON-serializable document that `import_profile` reads back."""
        with self._sessions() as session:
            profile = session.get(ProfileRow, profile_id)
            if profile is None:
                raise LookupError(f"no profile with id {profile_id}")
            document = ProfileDocument(
                format=EXPORT_FORMAT, version=EXPORT_VERSION, name=profile.name, created_at=profile.created_at,
                answers=[_answer_doc(row) for row in session.scalars(
                    select(AnswerRow).where(AnswerRow.profile_id == profile_id)
                    .order_by(AnswerRow.answered_at, AnswerRow.id))],
                cards=[CardDoc(question_id=row.question_id, card=row.card, due=row.due) for row in session.scalars(
                    select(ReviewCardRow).where(ReviewCardRow.profile_id == profile_id)
                    .order_by(ReviewCardRow.question_id))],
                exams=[_exam_doc(row) for row in session.scalars(
                    select(ExamRow).where(ExamRow.profile_id == profile_id).order_by(ExamRow.started_at, ExamRow.id))],
            )
        return document.model_dump(mode="json")

    def import_profile(self, data: dict, *, name: str | None = None) -> Profile:
        """Create a new profile from an exported document; ValueError if it is malformed or the name is taken."""
        try:
            document = ProfileDocument.model_validate(data)
        except ValidationError as error:
            raise ValueError(f"not a valid profile export: {_describe(error)}") from None
        name = _clean_name(document.name if name is None else name)
        with _unique(name), self._write() as session:
            profile = _add_profile(session, name, document.created_at)
            renamed = _fresh_exam_ids(session, [exam.exam_id for exam in document.exams])
            if document.answers:
                rows = [_answer_values(profile.id, a, renamed) for a in document.answers]
                session.execute(_BULK_INSERT_ANSWERS, rows)
            for card in document.cards:
                session.add(ReviewCardRow(profile_id=profile.id, question_id=card.question_id, card=card.card,
                                          due=card.due))
            for exam in document.exams:
                session.add(_exam_row(profile.id, exam, renamed))
        return profile


@contextmanager
def _unique(name: str) -> Iterator[None]:
    """Turn the database's refusal of a second profile of the same name into a ValueError."""
    try:
        yield
    except IntegrityError as error:
        raise ValueError(f"a profile named {name!r} already exists") from error


def _add_profile(session: Session, name: str, created_at: datetime) -> Profile:
    row = ProfileRow(name=name, created_at=_utc(created_at))
    session.add(row)
    session.flush()
    return Profile(row.id, row.name, row.created_at)


def _answer_doc(row: AnswerRow) -> AnswerDoc:
    return AnswerDoc(
        question_id=row.question_id, bank_id=row.bank_id, question_hash=row.question_hash, mode=row.mode,
        shown=row.shown, chosen=row.chosen, correct=row.correct, seconds=row.seconds, confidence=row.confidence,
        answered_at=row.answered_at, exam_id=row.exam_id,
    )


def _exam_doc(row: ExamRow) -> ExamDoc:
    return ExamDoc(
        exam_id=row.id, blueprint_id=row.blueprint_id, started_at=row.started_at, finished_at=row.finished_at,
        state=row.state, score=row.score, total=row.total, passed=row.passed,
    )


def _fresh_exam_ids(session: Session, exam_ids: list[str]) -> dict[str, str]:
    """New ids for imported exams whose id is taken (a copy of a profile that is still here)."""
    taken = set(session.scalars(select(ExamRow.id).where(ExamRow.id.in_(exam_ids)))) if exam_ids else set()
    return {exam_id: str(uuid.uuid4()) for exam_id in exam_ids if exam_id in taken}


def _answer_values(profile_id: int, answer: AnswerDoc, renamed: Mapping[str, str]) -> dict[str, Any]:
    values = answer.model_dump()
    values.update(profile_id=profile_id, shown=list(answer.shown), chosen=list(answer.chosen),
                  exam_id=renamed.get(answer.exam_id, answer.exam_id) if answer.exam_id else None)
    return values


def _exam_row(profile_id: int, exam: ExamDoc, renamed: Mapping[str, str]) -> ExamRow:
    values = exam.model_dump(exclude={"exam_id"})
    return ExamRow(id=renamed.get(exam.exam_id, exam.exam_id), profile_id=profile_id, **values)
