"""A timed exam attempt with deferred feedback: answers change freely until submission, then it is graded.

Practice (`quiz.engine.PracticeRound`) grades each answer at once; an exam attempt keeps the same `Slot`s
but grades nothing until it is submitted, by the candidate or by the clock. Time is always passed in
(`now`, a timezone-aware datetime): nothing here reads the wall clock.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from quiz.engine import Slot, State, option_order
from quiz.exam.blueprint import Blueprint
from quiz.exam.result import NO_CRITERION, ExamResult, OverviewItem, ReviewItem, criterion_key
from quiz.models import Question

STATE_VERSION = 1


class ExamStateError(ValueError):
    """A saved attempt that cannot be resumed."""


class _SavedAttempt(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1]
    blueprint_id: str
    blueprint: Blueprint
    questions: list[str]
    orders: list[list[int]]
    answers: list[list[int] | None]
    flags: list[bool]
    position: int
    started_at: AwareDatetime
    time_limit_seconds: Annotated[int, Field(gt=0)]
    submitted_at: AwareDatetime | None


class ExamAttempt:
    """A timed attempt with deferred feedback: answers may change freely until submit, then nothing changes.

    Indices passed in are 0-based question indices; `shown` positions are 0-based positions on screen.
    """

    def __init__(self, blueprint: Blueprint, slots: list[Slot], started_at: datetime, time_limit_seconds: int, *,
                 flags: list[bool] | None = None, position: int = 0, submitted_at: datetime | None = None):
        if not slots:
            raise ValueError("an exam needs at least one question")
        self.blueprint = blueprint
        self.slots = slots
        self.started_at = _aware(started_at, "started_at")
        self.time_limit_seconds = time_limit_seconds
        self.flags = flags if flags is not None else [False] * len(slots)
        self._position = position
        self.submitted_at = None if submitted_at is None else _aware(submitted_at, "submitted_at")

    @classmethod
    def start(cls, blueprint: Blueprint, questions: Iterable[Question], rng: random.Random, now: datetime, *,
              extended: bool = False) -> ExamAttempt:
        """Begin an attempt at `now` over drawn questions, options shuffled with `rng`."""
        slots = [Slot(question, option_order(question, rng)) for question in questions]
        return cls(blueprint, slots, now, blueprint.time_limit_seconds(extended=extended))

    # --- queries (idempotent) ---

    @property
    def position(self) -> int:
        return self._position

    @property
    def current(self) -> Slot:
        return self.slots[self._position]

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def deadline(self) -> datetime:
        return self.started_at + timedelta(seconds=self.time_limit_seconds)

    @property
    def timed_out(self) -> bool:
        """Whether the clock, not the candidate, ended the attempt."""
        return self.submitted_at is not None and self.submitted_at >= self.deadline

    def remaining(self, now: datetime) -> float:
        """Seconds left at `now` (frozen at submission), never below zero."""
        end = self.submitted_at or _aware(now, "now")
        return max(0.0, (self.deadline - end).total_seconds())

    def overview(self) -> list[OverviewItem]:
        return [OverviewItem(i + 1, slot.chosen is not None, self.flags[i], i == self._position)
                for i, slot in enumerate(self.slots)]

    def unanswered(self) -> list[int]:
        """The 1-based numbers of the questions without an answer, as the candidate sees them."""
        return [i + 1 for i, slot in enumerate(self.slots) if slot.chosen is None]

    # --- answering (refused silently once submitted; each returns whether anything changed) ---

    def answer(self, index: int, shown: Iterable[int], *, now: datetime | None = None) -> bool:
        """Record the options chosen at 0-based screen positions, replacing any earlier answer.

        Pass `now` to refuse an answer that arrives after time is up (the attempt is then submitted).
        """
        if now is not None:
            self.check_time(now)
        if self.submitted:
            return False
        slot = self.slots[index]
        positions = list(shown)
        if not positions:
            raise ValueError("choose an answer, or clear the question")
        if any(not 0 <= p < len(slot.order) for p in positions):
            raise ValueError(f"question {index + 1} has {len(slot.order)} options; got positions {positions}")
        chosen = slot.to_file_indices(positions)
        if chosen == slot.chosen:
            return False
        slot.chosen = chosen
        return True

    def clear(self, index: int, *, now: datetime | None = None) -> bool:
        """Remove the answer to a question."""
        if now is not None:
            self.check_time(now)
        if self.submitted or self.slots[index].chosen is None:
            return False
        self.slots[index].chosen = None
        return True

    def toggle_flag(self, index: int) -> bool:
        """Flag a question to come back to, or unflag it."""
        if not 0 <= index < len(self.slots):
            raise IndexError(f"there is no question {index + 1}; the exam has {len(self.slots)}")
        if self.submitted:
            return False
        self.flags[index] = not self.flags[index]
        return True

    # --- navigation (allowed after submission, for the review) ---

    def go(self, index: int) -> None:
        if not 0 <= index < len(self.slots):
            raise IndexError(f"there is no question {index + 1}; the exam has {len(self.slots)}")
        self._position = index

    def next(self) -> bool:
        if self._position + 1 >= len(self.slots):
            return False
        self._position += 1
        return True

    def back(self) -> bool:
        if self._position == 0:
            return False
        self._position -= 1
        return True

    # --- ending ---

    def submit(self, now: datetime) -> bool:
        """End the attempt; a late submission counts as made at the deadline. Submitting again changes nothing."""
        now = _aware(now, "now")
        if self.submitted:
            return False
        self.submitted_at = min(now, self.deadline)
        return True

    def check_time(self, now: datetime) -> bool:
        """Whether time is up at `now`; if so, submit the attempt (at the deadline) unless it already is."""
        if _aware(now, "now") < self.deadline:
            return False
        self.submit(now)
        return True

    def result(self) -> ExamResult:
        """Grade the submitted attempt; before submission there is nothing to see (deferred feedback)."""
        if self.submitted_at is None:
            raise RuntimeError("the exam is not submitted yet; feedback is deferred until it is")
        score = sum(slot.state is State.RIGHT for slot in self.slots)
        seconds_used = min(float(self.time_limit_seconds), (self.submitted_at - self.started_at).total_seconds())
        return ExamResult(
            blueprint_id=self.blueprint.id,
            title=self.blueprint.title,
            score=score,
            total=len(self.slots),
            pass_mark=self.blueprint.pass_mark,
            passed=score >= self.blueprint.pass_mark,
            unanswered=len(self.unanswered()),
            seconds_used=max(0.0, seconds_used),
            timed_out=self.timed_out,
            by_criterion=self._table("criterion", lambda q: q.syllabus or NO_CRITERION, criterion_key),
            by_topic=self._table("topic", lambda q: q.topic, lambda topic: topic),
            review=tuple(self._review(i) for i in range(len(self.slots))),
        )

    def _table(self, column: str, group, sort_key) -> pd.DataFrame:
        counts: dict[str, list[int]] = {}
        for slot in self.slots:
            row = counts.setdefault(group(slot.question), [0, 0, 0])
            row[0] += 1
            row[1] += slot.chosen is not None
            row[2] += slot.state is State.RIGHT
        rows = [(name, *counts[name], round(100 * counts[name][2] / counts[name][0]))
                for name in sorted(counts, key=sort_key)]
        return pd.DataFrame(rows, columns=[column, "questions", "answered", "right", "accuracy %"])

    def _review(self, index: int) -> ReviewItem:
        slot = self.slots[index]
        options = tuple(slot.feedback())
        return ReviewItem(
            number=index + 1,
            question=slot.question,
            state=slot.state,
            chosen=tuple(o.number for o in options if o.chosen),
            key=tuple(o.number for o in options if o.correct),
            flagged=self.flags[index],
            explanation=slot.question.explanation,
            options=options,
        )

    # --- persistence ---

    def to_state(self) -> dict:
        """Everything needed to resume the attempt, as JSON-serializable builtins."""
        return {
            "version": STATE_VERSION,
            "blueprint_id": self.blueprint.id,
            "blueprint": self.blueprint.model_dump(mode="json"),
            "questions": [slot.question.id for slot in self.slots],
            "orders": [list(slot.order) for slot in self.slots],
            "answers": [None if slot.chosen is None else sorted(slot.chosen) for slot in self.slots],
            "flags": list(self.flags),
            "position": self._position,
            "started_at": self.started_at.isoformat(),
            "time_limit_seconds": self.time_limit_seconds,
            "submitted_at": None if self.submitted_at is None else self.submitted_at.isoformat(),
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any], questions_by_id: Mapping[str, Question]) -> ExamAttempt:
        """Rebuild an attempt saved by `to_state`; raise ExamStateError if it is malformed or a question is gone."""
        try:
            saved = _SavedAttempt.model_validate(state)
        except ValidationError as exc:
            details = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'state'}: {e['msg']}"
                                for e in exc.errors(include_url=False))
            raise ExamStateError(f"the saved exam is malformed: {details}") from None
        if saved.blueprint_id != saved.blueprint.id:
            raise ExamStateError(f"the saved exam names blueprint '{saved.blueprint_id}' but holds "
                                 f"'{saved.blueprint.id}'")
        count = len(saved.questions)
        if not count or {len(saved.orders), len(saved.answers), len(saved.flags)} != {count}:
            raise ExamStateError("the saved exam is malformed: questions, orders, answers and flags differ in length")
        missing = [qid for qid in saved.questions if qid not in questions_by_id]
        if missing:
            raise ExamStateError(f"cannot resume exam '{saved.blueprint_id}': question(s) no longer in the banks: "
                                 + ", ".join(missing))
        slots = []
        for qid, order, answer in zip(saved.questions, saved.orders, saved.answers, strict=True):
            question = questions_by_id[qid]
            size = len(question.options)
            if sorted(order) != list(range(size)) or any(not 0 <= i < size for i in answer or ()):
                raise ExamStateError(f"cannot resume exam '{saved.blueprint_id}': question '{qid}' now has "
                                     f"{size} options, which no longer fits the saved attempt")
            slots.append(Slot(question, tuple(order), None if answer is None else frozenset(answer)))
        if not 0 <= saved.position < count:
            raise ExamStateError(f"the saved exam is malformed: position {saved.position} of {count} questions")
        return cls(saved.blueprint, slots, saved.started_at, saved.time_limit_seconds, flags=list(saved.flags),
                   position=saved.position, submitted_at=saved.submitted_at)


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {moment!r}")
    return moment
