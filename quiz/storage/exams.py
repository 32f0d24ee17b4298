"""Mock exams in the database: saved as they go, finished once and for all, with their answers recorded once.

Every save names the version it started from; the database changes the row only where that version is still
current and the exam is not finished. So a second tab with stale state can neither write over newer answers
nor reopen, re-answer or re-submit an exam that another tab has finished.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import select, update

from quiz.storage.answers import Answers
from quiz.storage.frames import EXAM_DTYPES, column_lists, typed_frame
from quiz.storage.records import AnswerRecord, utc
from quiz.storage.schema import ExamRow


class StaleExamError(RuntimeError):
    """The exam was saved or finished elsewhere since this copy was read; reload it before going on."""


@dataclass(frozen=True)
class SavedExam:
    id: str
    blueprint_id: str
    state: dict
    version: int
    finished: bool
    imported: bool


class Exams(Answers):
    def save_exam(self, profile_id: int, exam_id: str, blueprint_id: str, state: dict, *, total: int,
                  started_at: datetime, finished_at: datetime | None = None, score: int | None = None,
                  passed: bool | None = None, version: int | None = None,
                  answers: Iterable[tuple[AnswerRecord, tuple[dict, datetime] | None]] = ()) -> int:
        """Insert an exam, or update an unfinished one; return its new version.

        `version` is the version this state was built on (None: a new exam, or no check). A finished exam, or a
        version that is no longer current, raises StaleExamError and changes nothing. `answers` (with their new
        review cards) are recorded in the same transaction, so they are stored exactly once, by the save that
        finishes the exam.
        """
        values = {
            "blueprint_id": blueprint_id, "state": state, "total": total, "started_at": utc(started_at),
            "finished_at": None if finished_at is None else utc(finished_at), "score": score, "passed": passed,
        }
        with self._write(profile_id) as session:
            row = session.get(ExamRow, exam_id)
            if row is None:
                session.add(ExamRow(id=exam_id, profile_id=profile_id, version=1, **values))
                new_version = 1
            elif row.profile_id != profile_id:
                raise ValueError(f"exam {exam_id!r} belongs to another profile")
            else:
                new_version = self._update(session, row, values, version)
            for answer, card in answers:
                self._insert_answer(session, profile_id, answer, card)
        return new_version

    @staticmethod
    def _update(session, row: ExamRow, values: dict, version: int | None) -> int:
        expected = row.version if version is None else version
        changed = session.execute(
            update(ExamRow).where(ExamRow.id == row.id, ExamRow.finished_at.is_(None), ExamRow.version == expected)
            .values(version=expected + 1, **values).execution_options(synchronize_session=False))
        if changed.rowcount != 1:
            what = "finished" if row.finished_at is not None else "saved again"
            raise StaleExamError(f"exam {row.id!r} was {what} in another tab or window")
        return expected + 1

    def exam(self, profile_id: int, exam_id: str) -> SavedExam | None:
        """One of the profile's exams as saved, or None."""
        rows = self._rows(select(ExamRow.id, ExamRow.blueprint_id, ExamRow.state, ExamRow.version,
                                 ExamRow.finished_at, ExamRow.imported)
                          .where(ExamRow.profile_id == profile_id, ExamRow.id == exam_id))
        if not rows:
            return None
        exam_id, blueprint_id, state, version, finished_at, imported = rows[0]
        return SavedExam(exam_id, blueprint_id, state, version, finished_at is not None, imported)

    def open_exam(self, profile_id: int) -> tuple[str, str, dict] | None:
        """The newest unfinished exam taken here (not imported) as (exam_id, blueprint_id, state), or None."""
        statement = (select(ExamRow.id, ExamRow.blueprint_id, ExamRow.state)
                     .where(ExamRow.profile_id == profile_id, ExamRow.finished_at.is_(None),
                            ExamRow.imported.is_(False))
                     .order_by(ExamRow.started_at.desc(), ExamRow.id.desc()).limit(1))
        rows = self._rows(statement)
        if not rows:
            return None
        exam_id, blueprint_id, state = rows[0]
        return exam_id, blueprint_id, state

    def exams(self, profile_id: int) -> pd.DataFrame:
        """Finished exams, oldest first, with the score as a percentage of the total and whether imported."""
        statement = (select(ExamRow.id, ExamRow.blueprint_id, ExamRow.started_at, ExamRow.finished_at,
                            ExamRow.score, ExamRow.total, ExamRow.passed, ExamRow.imported)
                     .where(ExamRow.profile_id == profile_id, ExamRow.finished_at.is_not(None))
                     .order_by(ExamRow.finished_at, ExamRow.id))
        frame = typed_frame(column_lists(self._rows(statement), EXAM_DTYPES), EXAM_DTYPES)
        # A zero total has no percentage; pandas would make it NaN or inf depending on the score.
        frame["percent"] = (100 * frame["score"] / frame["total"].where(frame["total"] > 0)).astype("Float64")
        return frame
