"""Pick questions, shuffle options, grade answers and run a practice round with immediate feedback."""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pandas as pd

from quiz.models import Question


class State(StrEnum):
    """Where one question of an attempt stands (after Moodle's question states)."""

    TODO = "todo"
    RIGHT = "right"
    WRONG = "wrong"


@dataclass(frozen=True)
class OptionFeedback:
    """One option as shown, with what the learner needs to learn from it."""

    number: int  # 1-based position on screen
    text: str
    correct: bool
    chosen: bool
    why: str | None


def select_questions(
    questions: Iterable[Question],
    rng: random.Random,
    *,
    topics: Collection[str] | None = None,
    difficulties: Collection[str] | None = None,
    count: int | None = None,
) -> list[Question]:
    """Return up to `count` questions matching the filters, in random order; empty filters match all."""
    pool = [
        q for q in questions
        if (not topics or q.topic in topics) and (not difficulties or q.difficulty in difficulties)
    ]
    rng.shuffle(pool)
    return pool if count is None else pool[:count]


def option_order(question: Question, rng: random.Random) -> tuple[int, ...]:
    """Return the order to show options in, as file indices; `shuffle: false` keeps file order."""
    order = list(range(len(question.options)))
    if question.shuffle:
        rng.shuffle(order)
    return tuple(order)


def grade(question: Question, chosen: Iterable[int]) -> bool:
    """All or nothing: right only if exactly the correct options (file indices) were chosen."""
    return frozenset(chosen) == question.correct_indices


@dataclass
class Slot:
    """One question in a round: the option order shown, and the answer once given."""

    question: Question
    order: tuple[int, ...]
    chosen: frozenset[int] | None = None
    seconds: float | None = None

    @property
    def state(self) -> State:
        if self.chosen is None:
            return State.TODO
        return State.RIGHT if grade(self.question, self.chosen) else State.WRONG

    def shown_options(self) -> list[str]:
        return [self.question.options[i].text for i in self.order]

    def to_file_indices(self, shown: Iterable[int]) -> frozenset[int]:
        """Translate 0-based screen positions to file indices."""
        return frozenset(self.order[position] for position in shown)

    def feedback(self) -> list[OptionFeedback]:
        chosen = self.chosen or frozenset()
        return [
            OptionFeedback(n, self.question.options[i].text, self.question.options[i].correct, i in chosen,
                           self.question.options[i].why)
            for n, i in enumerate(self.order, start=1)
        ]


@dataclass
class PracticeRound:
    """A practice round with immediate feedback: check an answer, see the result, go on."""

    slots: list[Slot]
    position: int = 0
    clock: Callable[[], float] | None = None
    _shown_at: float | None = field(default=None, repr=False)

    @classmethod
    def start(cls, questions: Iterable[Question], rng: random.Random,
              clock: Callable[[], float] | None = None) -> PracticeRound:
        practice = cls([Slot(q, option_order(q, rng)) for q in questions], clock=clock)
        practice._mark_shown()
        return practice

    @property
    def current(self) -> Slot | None:
        return self.slots[self.position] if self.position < len(self.slots) else None

    @property
    def finished(self) -> bool:
        return self.position >= len(self.slots)

    def check(self, shown: Iterable[int]) -> Slot:
        """Grade the current question from the 0-based screen positions chosen; a second check changes nothing."""
        slot = self.current
        if slot is None:
            raise RuntimeError("the round is finished")
        if slot.chosen is None:
            chosen = slot.to_file_indices(shown)
            if not chosen:
                raise ValueError("choose an answer first")
            slot.chosen = chosen
            if self.clock and self._shown_at is not None:
                slot.seconds = max(0.0, self.clock() - self._shown_at)
        return slot

    def advance(self) -> None:
        """Go to the next question; only once the current one is answered."""
        slot = self.current
        if slot is None or slot.chosen is None:
            return
        self.position += 1
        self._mark_shown()

    def _mark_shown(self) -> None:
        self._shown_at = self.clock() if self.clock else None

    @property
    def answered(self) -> int:
        return sum(slot.chosen is not None for slot in self.slots)

    @property
    def right(self) -> int:
        return sum(slot.state is State.RIGHT for slot in self.slots)

    def missed(self) -> list[Question]:
        return [slot.question for slot in self.slots if slot.state is State.WRONG]

    def retry_missed(self, rng: random.Random) -> PracticeRound:
        """A new round of the questions answered wrongly, options shuffled afresh."""
        missed = self.missed()
        rng.shuffle(missed)
        return PracticeRound.start(missed, rng, clock=self.clock)

    def summary(self) -> pd.DataFrame:
        """Per topic: questions answered, right, and accuracy in percent."""
        rows = [(s.question.topic, s.state is State.RIGHT) for s in self.slots if s.chosen is not None]
        frame = pd.DataFrame(rows, columns=["topic", "right"])
        table = frame.groupby("topic", sort=True)["right"].agg(answered="size", right="sum").reset_index()
        table["right"] = table["right"].astype(int)
        table["accuracy %"] = (100 * table["right"] / table["answered"]).round(0).astype(int)
        return table

    # --- persistence: an unfinished round survives a reload (the answers themselves are recorded apart) ---

    def to_state(self) -> dict:
        """The round as JSON-serializable builtins: question ids, option orders, answers given, position."""
        return {
            "version": ROUND_STATE_VERSION,
            "questions": [slot.question.id for slot in self.slots],
            "orders": [list(slot.order) for slot in self.slots],
            "answers": [None if slot.chosen is None else sorted(slot.chosen) for slot in self.slots],
            "position": self.position,
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any], questions_by_id: Mapping[str, Question],
                   clock: Callable[[], float] | None = None) -> PracticeRound:
        """Rebuild a round saved by `to_state`; raise RoundStateError if it is malformed or a question is gone."""
        try:
            ids, orders, answers = list(state["questions"]), list(state["orders"]), list(state["answers"])
            position = int(state["position"])
            if state.get("version") != ROUND_STATE_VERSION or not len(ids) == len(orders) == len(answers):
                raise ValueError("the lists do not match")
            slots = [_restored_slot(questions_by_id[q], order, chosen) for q, order, chosen in
                     zip(ids, orders, answers, strict=True)]
        except KeyError as exc:
            raise RoundStateError(f"a question of the saved round is no longer in the banks: {exc}") from None
        except (TypeError, ValueError) as exc:
            raise RoundStateError(f"the saved round is malformed: {exc}") from None
        if not 0 <= position <= len(slots):
            raise RoundStateError(f"the saved round's position {position} is out of range")
        practice = cls(slots, position=position, clock=clock)
        practice._mark_shown()
        return practice


ROUND_STATE_VERSION = 1


class RoundStateError(ValueError):
    """A saved practice round that cannot be resumed (malformed, or its questions are gone)."""


def _restored_slot(question: Question, order: Any, chosen: Any) -> Slot:
    order = tuple(int(i) for i in order)
    if sorted(order) != list(range(len(question.options))):
        raise ValueError(f"the option order of {question.id!r} does not fit the question")
    picked = None if chosen is None else frozenset(int(i) for i in chosen)
    if picked is not None and (not picked or not picked <= set(order)):
        raise ValueError(f"the answer saved for {question.id!r} does not fit the question")
    return Slot(question, order, picked)
