"""What an exam shows: the navigation panel's items, and after submission the graded result and its review."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from quiz.engine import OptionFeedback, State
from quiz.models import Question

NO_CRITERION = "(none)"


@dataclass(frozen=True)
class OverviewItem:
    """One question in the navigation panel."""

    number: int  # 1-based
    answered: bool
    flagged: bool
    current: bool


@dataclass(frozen=True)
class ReviewItem:
    """One question after submission: what was chosen, the key, and why each option is right or wrong."""

    number: int  # 1-based
    question: Question
    state: State
    chosen: tuple[int, ...]  # 1-based positions on screen
    key: tuple[int, ...]  # 1-based positions on screen
    flagged: bool
    explanation: str
    options: tuple[OptionFeedback, ...]


@dataclass(frozen=True, eq=False)
class ExamResult:
    """The graded attempt: score, pass or fail, time used, tables per criterion and per topic, and the review."""

    blueprint_id: str
    title: str
    score: int
    total: int
    pass_mark: int
    passed: bool
    unanswered: int
    seconds_used: float
    timed_out: bool
    by_criterion: pd.DataFrame  # criterion, questions, answered, right, accuracy %
    by_topic: pd.DataFrame  # topic, questions, answered, right, accuracy %
    review: tuple[ReviewItem, ...]

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total)



def criterion_key(criterion: str) -> tuple:
    """Sort "1.10" after "1.9", and questions without a criterion last."""
    if criterion == NO_CRITERION:
        return (1,)
    return (0, *((int(part), "") if part.isdigit() else (0, part) for part in criterion.split(".")))
