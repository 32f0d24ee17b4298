"""The `Store`: learners' profiles, answers, review cards and exams, each write one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import String, Text, case, cast, delete, func, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from quiz.storage.database import make_engine, migrate
from quiz.storage.documents import add_profile, export_document, import_document, parse_document
from quiz.storage.frames import (
    ANSWER_DTYPES,
    CARD_DTYPES,
    EXAM_DTYPES,
    column_lists,
    gc_paused,
    json_tuples,
    typed_frame,
    utc_times,
)
from quiz.storage.records import AnswerRecord, Profile, clean_name, utc
from quiz.storage.schema import BULK_INSERT_ANSWERS, AnswerRow, ExamRow, ProfileRow, ReviewCardRow


def _utc_now() -> datetime:
    return datetime.now(UTC)


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
        name = clean_name(name)
        with _unique(name), self._write() as session:
            return add_profile(session, name, self._clock())

    def rename_profile(self, profile_id: int, name: str) -> Profile:
        """Give a profile a new name, under the same rules as a new one."""
        name = clean_name(name)
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
            "confidence": answer.confidence, "answered_at": utc(answer.answered_at or self._clock()),
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
                                            due=utc(card[1])))
            session.flush()
            return row.id

    def record_answers(self, profile_id: int, answers: Iterable[AnswerRecord]) -> int:
        """Store many answers in one transaction and return how many."""
        values = [self._answer_values(profile_id, answer) for answer in answers]
        with self._write(profile_id) as session:
            if values:
                session.execute(BULK_INSERT_ANSWERS, values)
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
        with gc_paused():
            columns = column_lists(self._rows(statement), ANSWER_DTYPES)
            columns.update(shown=json_tuples(columns["shown"]), chosen=json_tuples(columns["chosen"]),
                           answered_at=utc_times(columns["answered_at"]))
            return typed_frame(columns, ANSWER_DTYPES)

    def all_answers(self, *, bank_id: str | None = None) -> pd.DataFrame:
        """Every learner's answers (of one bank if given), oldest first, for item analysis; read-only."""
        names = {"profile_id": "int64", **{k: v for k, v in ANSWER_DTYPES.items()
                                           if k in ("question_id", "bank_id", "question_hash", "mode", "shown",
                                                    "chosen", "correct", "answered_at", "exam_id")}}
        raw = {"shown", "chosen", "answered_at"}
        selected = [type_coerce(getattr(AnswerRow, name), Text) if name in raw else getattr(AnswerRow, name)
                    for name in names]
        statement = select(*selected).order_by(AnswerRow.answered_at, AnswerRow.id)
        if bank_id is not None:
            statement = statement.where(AnswerRow.bank_id == bank_id)
        with gc_paused():
            columns = column_lists(self._rows(statement), names)
            columns.update(shown=json_tuples(columns["shown"]), chosen=json_tuples(columns["chosen"]),
                           answered_at=utc_times(columns["answered_at"]))
            return typed_frame(columns, names)

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
        frame = typed_frame(column_lists(self._rows(statement), names), names)
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
        columns = column_lists(self._rows(statement), ["day", "attempts", "right"])
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
        due = utc(due)
        with self._write(profile_id) as session:
            session.merge(ReviewCardRow(profile_id=profile_id, question_id=question_id, card=card, due=due))

    def due_question_ids(self, profile_id: int, now: datetime) -> list[str]:
        """Questions whose card is due at `now`, soonest first. Idempotent."""
        statement = (select(ReviewCardRow.question_id)
                     .where(ReviewCardRow.profile_id == profile_id, ReviewCardRow.due <= utc(now))
                     .order_by(ReviewCardRow.due, ReviewCardRow.question_id))
        return [row.question_id for row in self._rows(statement)]

    def cards(self, profile_id: int) -> pd.DataFrame:
        """Every card of a profile as question id and due time, soonest first."""
        statement = (select(ReviewCardRow.question_id, ReviewCardRow.due)
                     .where(ReviewCardRow.profile_id == profile_id)
                     .order_by(ReviewCardRow.due, ReviewCardRow.question_id))
        return typed_frame(column_lists(self._rows(statement), CARD_DTYPES), CARD_DTYPES)

    # Exams

    def save_exam(self, profile_id: int, exam_id: str, blueprint_id: str, state: dict, *, total: int,
                  started_at: datetime, finished_at: datetime | None = None, score: int | None = None,
                  passed: bool | None = None) -> None:
        """Insert or update an exam by id; an id that belongs to another profile is refused."""
        values = {
            "blueprint_id": blueprint_id, "state": state, "total": total, "started_at": utc(started_at),
            "finished_at": None if finished_at is None else utc(finished_at), "score": score, "passed": passed,
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
        frame = typed_frame(column_lists(self._rows(statement), EXAM_DTYPES), EXAM_DTYPES)
        # A zero total has no percentage; pandas would make it NaN or inf depending on the score.
        frame["percent"] = (100 * frame["score"] / frame["total"].where(frame["total"] > 0)).astype("Float64")
        return frame

    def export_profile(self, profile_id: int) -> dict:
        """The whole profile as a JSON-serializable document that `import_profile` reads back."""
        with self._sessions() as session:
            return export_document(session, profile_id)

    def import_profile(self, data: dict, *, name: str | None = None) -> Profile:
        """Create a new profile from an exported document; ValueError if it is malformed or the name is taken."""
        document = parse_document(data)
        name = clean_name(document.name if name is None else name)
        with _unique(name), self._write() as session:
            return import_document(session, document, name)


@contextmanager
def _unique(name: str) -> Iterator[None]:
    """Turn the database's refusal of a second profile of the same name into a ValueError."""
    try:
        yield
    except IntegrityError as error:
        raise ValueError(f"a profile named {name!r} already exists") from error
