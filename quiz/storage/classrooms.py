"""Live classroom sessions in the database: sessions, steps, seats and answers, safe across processes.

Nothing lives in process memory, so any number of app processes can serve one class. Every move of a session
is a conditional UPDATE on its version (two trainers' clicks cannot both advance it); an answer is upserted on
its primary key (seat, step) inside a transaction that holds the session row shared (PostgreSQL `FOR SHARE`,
SQLite's write lock), so closing answering and a late answer cannot interleave: the answer is either in before
the close or refused, and nothing is stored for it. The rules of what may happen when live in `classroom/`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quiz.storage.base import StoreBase
from quiz.storage.records import utc
from quiz.storage.schema import ClassroomAnswerRow, ClassroomRow, ClassroomSeatRow, ClassroomStepRow


class StaleClassroomError(RuntimeError):
    """The session moved on (another screen or process) since this state was read; read it again."""


class NicknameTakenError(ValueError):
    """Another student of the session has this nickname (or one that looks the same)."""


class AnswerRefusedError(ValueError):
    """The answer came when answering was not open for that question; nothing was stored."""


@dataclass(frozen=True)
class ClassroomRecord:
    id: int
    code: str
    title: str
    names: str
    time_limit: float | None
    phase: str
    position: int
    steps: int
    version: int
    opened_at: datetime | None
    deadline: datetime | None
    created_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class StepRecord:
    position: int
    question_id: str
    shown: tuple[int, ...]
    opened_at: datetime | None
    closed_at: datetime | None
    revealed: bool
    skipped: bool


@dataclass(frozen=True)
class SeatRecord:
    id: int
    session_id: int
    nickname: str
    joined_at: datetime
    profile_id: int | None


@dataclass(frozen=True)
class ClassAnswer:
    seat_id: int
    position: int
    chosen: tuple[int, ...]
    correct: bool
    seconds: float
    answered_at: datetime


_SESSION_COLUMNS = [getattr(ClassroomRow, name) for name in ClassroomRecord.__dataclass_fields__]
_STEP_COLUMNS = [getattr(ClassroomStepRow, name) for name in StepRecord.__dataclass_fields__]
_SEAT_COLUMNS = [getattr(ClassroomSeatRow, name) for name in SeatRecord.__dataclass_fields__]
_ANSWER_COLUMNS = [getattr(ClassroomAnswerRow, name) for name in ClassAnswer.__dataclass_fields__]


def _step(row) -> StepRecord:
    return StepRecord(row[0], row[1], tuple(row[2]), *row[3:])


def _answer(row) -> ClassAnswer:
    return ClassAnswer(row[0], row[1], tuple(row[2]), *row[3:])


class Classrooms(StoreBase):
    @contextmanager
    def _locked_write(self) -> Iterator[Session]:
        """A transaction that reads and then writes; on SQLite it takes the write lock before the first read."""
        with self._sessions.begin() as session:
            if session.connection().dialect.name == "sqlite":
                # pysqlite starts no transaction before a SELECT; without this, the check and the write of an
                # answer would not be atomic.
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield session

    def create_classroom(self, *, code: str, title: str, names: str, time_limit: float | None,
                         steps: Sequence[tuple[str, Sequence[int]]], now: datetime) -> int:
        """Insert a session with its steps (question id, option order); IntegrityError if the code is taken."""
        with self._sessions.begin() as session:
            row = ClassroomRow(code=code, title=title, names=names, time_limit=time_limit, phase="created",
                               position=0, steps=len(steps), version=1, created_at=utc(now))
            session.add(row)
            session.flush()
            session.add_all(ClassroomStepRow(session_id=row.id, position=i, question_id=question_id,
                                             shown=list(shown), revealed=False, skipped=False)
                            for i, (question_id, shown) in enumerate(steps))
            return row.id

    def classroom(self, session_id: int) -> ClassroomRecord | None:
        """One session by its id (a primary-key read: the trainer's screen polls this)."""
        rows = self._rows(select(*_SESSION_COLUMNS).where(ClassroomRow.id == session_id))
        return ClassroomRecord(*rows[0]) if rows else None

    def classroom_by_code(self, code: str) -> ClassroomRecord | None:
        rows = self._rows(select(*_SESSION_COLUMNS).where(ClassroomRow.code == code))
        return ClassroomRecord(*rows[0]) if rows else None

    def classrooms(self) -> list[ClassroomRecord]:
        """Every session, newest first."""
        statement = select(*_SESSION_COLUMNS).order_by(ClassroomRow.created_at.desc(), ClassroomRow.id.desc())
        return [ClassroomRecord(*row) for row in self._rows(statement)]

    def classroom_steps(self, session_id: int) -> list[StepRecord]:
        statement = (select(*_STEP_COLUMNS).where(ClassroomStepRow.session_id == session_id)
                     .order_by(ClassroomStepRow.position))
        return [_step(row) for row in self._rows(statement)]

    def classroom_step(self, session_id: int, position: int) -> StepRecord | None:
        rows = self._rows(select(*_STEP_COLUMNS).where(ClassroomStepRow.session_id == session_id,
                                                       ClassroomStepRow.position == position))
        return _step(rows[0]) if rows else None

    def move_classroom(self, session_id: int, version: int, values: Mapping[str, object],
                       steps: Mapping[int, Mapping[str, object]] = {}) -> int:
        """Change the session (and some of its steps) only if it is still at `version`; return the new version.

        StaleClassroomError when another move came first; then nothing changes.
        """
        with self._sessions.begin() as session:
            changed = session.execute(
                update(ClassroomRow).where(ClassroomRow.id == session_id, ClassroomRow.version == version)
                .values(version=version + 1, **values).execution_options(synchronize_session=False))
            if changed.rowcount != 1:
                raise StaleClassroomError(f"classroom session {session_id} moved on since it was read")
            for position, step_values in steps.items():
                session.execute(update(ClassroomStepRow)
                                .where(ClassroomStepRow.session_id == session_id,
                                       ClassroomStepRow.position == position)
                                .values(**step_values).execution_options(synchronize_session=False))
        return version + 1

    def delete_classroom(self, session_id: int) -> None:
        """Delete a session with its steps, seats and answers; LookupError if there is none."""
        with self._sessions.begin() as session:
            # Child rows first: SQLite connections made before the pragma, or other tools, may not cascade.
            session.execute(delete(ClassroomAnswerRow).where(ClassroomAnswerRow.session_id == session_id))
            session.execute(delete(ClassroomSeatRow).where(ClassroomSeatRow.session_id == session_id))
            session.execute(delete(ClassroomStepRow).where(ClassroomStepRow.session_id == session_id))
            if session.execute(delete(ClassroomRow).where(ClassroomRow.id == session_id)).rowcount != 1:
                raise LookupError(f"no classroom session with id {session_id}")

    # Seats

    def add_seat(self, session_id: int, *, nickname: str, name_key: str, token_hash: str, now: datetime,
                 profile_id: int | None = None) -> SeatRecord:
        """Seat a student; NicknameTakenError if the session has that name key already."""
        row = ClassroomSeatRow(session_id=session_id, nickname=nickname, name_key=name_key, token_hash=token_hash,
                               joined_at=utc(now), profile_id=profile_id)
        try:
            with self._sessions.begin() as session:
                session.add(row)
        except IntegrityError as error:
            taken = select(ClassroomSeatRow.id).where(ClassroomSeatRow.session_id == session_id,
                                                      ClassroomSeatRow.name_key == name_key)
            if self._rows(taken):
                raise NicknameTakenError(f"the nickname {nickname!r} is taken in this session") from error
            raise LookupError(f"no classroom session {session_id} or profile {profile_id} to seat in") from error
        return SeatRecord(row.id, session_id, nickname, row.joined_at, profile_id)

    def seat_by_token(self, token_hash: str) -> SeatRecord | None:
        rows = self._rows(select(*_SEAT_COLUMNS).where(ClassroomSeatRow.token_hash == token_hash))
        return SeatRecord(*rows[0]) if rows else None

    def seats(self, session_id: int) -> list[SeatRecord]:
        """A session's seats in the order they joined."""
        statement = (select(*_SEAT_COLUMNS).where(ClassroomSeatRow.session_id == session_id)
                     .order_by(ClassroomSeatRow.id))
        return [SeatRecord(*row) for row in self._rows(statement)]

    def seat_count(self, session_id: int) -> int:
        statement = select(func.count()).select_from(ClassroomSeatRow).where(ClassroomSeatRow.session_id == session_id)
        return self._rows(statement)[0][0]

    def link_seat(self, seat_id: int, profile_id: int | None) -> None:
        """Link a seat to a learner profile (or unlink it with None)."""
        with self._write(profile_id) as session:
            session.execute(update(ClassroomSeatRow).where(ClassroomSeatRow.id == seat_id)
                            .values(profile_id=profile_id))

    # Answers

    def put_answer(self, seat: SeatRecord, position: int, chosen: Sequence[int], correct: bool,
                   now: datetime) -> ClassAnswer:
        """Store (or change) a seat's answer to the step at `position`, only while answering there is open.

        The seconds run from the step's opening to this answer. AnswerRefusedError, and nothing stored, when the
        session is elsewhere, answering is closed, or its deadline has passed.
        """
        now = utc(now)
        with self._locked_write() as session:
            current = session.execute(
                select(ClassroomRow.phase, ClassroomRow.position, ClassroomRow.opened_at, ClassroomRow.deadline)
                .where(ClassroomRow.id == seat.session_id).with_for_update(read=True)).one_or_none()
            if current is None:
                raise AnswerRefusedError("this session no longer exists")
            phase, at, opened_at, deadline = current
            if phase != "open" or at != position or opened_at is None:
                raise AnswerRefusedError("answering is closed for this question")
            if deadline is not None and now >= deadline:
                raise AnswerRefusedError("time is up for this question")
            values = {"seat_id": seat.id, "position": position, "session_id": seat.session_id,
                      "chosen": sorted(chosen), "correct": correct,
                      "seconds": max(0.0, (now - opened_at).total_seconds()), "answered_at": now}
            session.execute(_upsert(session, values))
        return ClassAnswer(seat.id, position, tuple(values["chosen"]), correct, values["seconds"], now)

    def step_answers(self, session_id: int, position: int) -> list[ClassAnswer]:
        """The answers to one step (an index range read: the trainer's screen polls this)."""
        statement = select(*_ANSWER_COLUMNS).where(ClassroomAnswerRow.session_id == session_id,
                                                   ClassroomAnswerRow.position == position)
        return [_answer(row) for row in self._rows(statement)]

    def seat_answer(self, seat_id: int, position: int) -> ClassAnswer | None:
        rows = self._rows(select(*_ANSWER_COLUMNS).where(ClassroomAnswerRow.seat_id == seat_id,
                                                         ClassroomAnswerRow.position == position))
        return _answer(rows[0]) if rows else None

    def classroom_answers(self, session_id: int) -> list[ClassAnswer]:
        """Every answer of a session, by step and seat."""
        statement = (select(*_ANSWER_COLUMNS).where(ClassroomAnswerRow.session_id == session_id)
                     .order_by(ClassroomAnswerRow.position, ClassroomAnswerRow.seat_id))
        return [_answer(row) for row in self._rows(statement)]


def _upsert(session: Session, values: dict):
    """INSERT, or on the seat's earlier answer to this step, change it (one statement, on either backend)."""
    insert = pg_insert if session.connection().dialect.name == "postgresql" else sqlite_insert
    statement = insert(ClassroomAnswerRow).values(**values)
    changed = {name: statement.excluded[name] for name in ("chosen", "correct", "seconds", "answered_at")}
    return statement.on_conflict_do_update(index_elements=["seat_id", "position"], set_=changed)
