"""A learner's unfinished practice round, kept so that a reload or a new tab can resume it (one per learner)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from quiz.storage.answers import Answers
from quiz.storage.records import utc
from quiz.storage.schema import PracticeRoundRow


class Rounds(Answers):
    def save_round(self, profile_id: int, state: dict, when: datetime) -> None:
        """Keep `state` as the learner's round in progress, replacing any earlier one."""
        with self._write(profile_id) as session:
            row = session.get(PracticeRoundRow, profile_id)
            if row is None:
                session.add(PracticeRoundRow(profile_id=profile_id, state=state, saved_at=utc(when)))
            else:
                row.state, row.saved_at = state, utc(when)

    def open_round(self, profile_id: int) -> dict | None:
        """The learner's round in progress as saved, or None."""
        rows = self._rows(select(PracticeRoundRow.state).where(PracticeRoundRow.profile_id == profile_id))
        return rows[0][0] if rows else None

    def discard_round(self, profile_id: int) -> None:
        with self._write(profile_id) as session:
            session.execute(delete(PracticeRoundRow).where(PracticeRoundRow.profile_id == profile_id))
