"""Pick questions, shuffle options, grade answers and run a practice round with immediate feedback."""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

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
