"""Answers and review cards: recorded in one transaction each, counted in the database for the progress pages."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import String, Text, case, cast, func, select, type_coerce
from sqlalchemy.orm import Session

from quiz.storage.base import StoreBase
from quiz.storage.frames import (
    ANSWER_DTYPES,
    CARD_DTYPES,
    column_lists,
    gc_paused,
    json_tuples,
    typed_frame,
    utc_times,
)
from quiz.storage.records import AnswerRecord, utc
from quiz.storage.schema import BULK_INSERT_ANSWERS, AnswerRow, ReviewCardRow


class Answers(StoreBase):
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
        with self._write(profile_id) as session:
            return self._insert_answer(session, profile_id, answer, card)

    def _insert_answer(self, session: Session, profile_id: int, answer: AnswerRecord,
                       card: tuple[dict, datetime] | None) -> int:
        row = AnswerRow(**self._answer_values(profile_id, answer))
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
