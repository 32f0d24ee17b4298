"""Which questions a session asks: drawn from banks and topics, or by an exam blueprint."""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping

from quiz.engine import select_questions
from quiz.exam.assembly import draw
from quiz.exam.blueprint import Blueprint
from quiz.models import Question


def from_banks(questions: Iterable[Question], rng: random.Random, *, count: int,
               bank_ids: Collection[str] | None = None, bank_of: Mapping[str, str] | None = None,
               topics: Collection[str] | None = None) -> list[str]:
    """Up to `count` question ids at random from the chosen banks and topics (empty filters take all).

    `bank_of` maps question ids to bank ids (`Library.bank_of()`); it is needed only with `bank_ids`.
    """
    if bank_ids:
        if bank_of is None:
            raise ValueError("choosing by bank needs bank_of (question id -> bank id)")
        questions = [q for q in questions if bank_of.get(q.id) in bank_ids]
    return [q.id for q in select_questions(questions, rng, topics=topics, count=count)]


def from_blueprint(blueprint: Blueprint, questions: Iterable[Question], rng: random.Random, *,
                   count: int | None = None) -> list[str]:
    """Question ids drawn as the blueprint draws an exam (no repeats; NotFeasibleError when the banks fall short).

    With `count`, the first `count` of the drawn exam, which is in random order: a shorter session in the
    blueprint's mix on average, not criterion by criterion.
    """
    drawn = [q.id for q in draw(blueprint, questions, rng)]
    return drawn if count is None else drawn[:count]
