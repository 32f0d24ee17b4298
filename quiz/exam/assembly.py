"""Exam assembly: whether the banks can fill a blueprint, what is short, and drawing an exam without repeats."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from quiz.exam.blueprint import Blueprint, Section
from quiz.models import Question


@dataclass(frozen=True)
class SectionPlan:
    """One section: questions needed, distinct questions matching it, unseen ones, and how many it can get."""

    section: Section
    needed: int
    available: int
    unseen: int
    allocated: int

    @property
    def missing(self) -> int:
        return self.needed - self.allocated


@dataclass(frozen=True)
class Shortfall:
    """A section that cannot be filled: it lacks `missing` of the `needed` questions."""

    label: str
    criterion: str | None
    topics: tuple[str, ...] | None
    needed: int
    missing: int

    def __str__(self) -> str:
        return f"{self.label}: needs {self.needed}, short by {self.missing}"


@dataclass(frozen=True)
class Plan:
    """Whether a blueprint can be drawn from the questions, and the shortened exam that can if it cannot."""

    blueprint: Blueprint
    sections: tuple[SectionPlan, ...]
    shortfalls: tuple[Shortfall, ...]
    runnable: Blueprint | None

    @property
    def feasible(self) -> bool:
        return not self.shortfalls


class NotFeasibleError(ValueError):
    """The questions cannot fill a blueprint without repeats; `plan` says where they fall short."""

    def __init__(self, plan: Plan):
        self.plan = plan
        lacking = "; ".join(str(s) for s in plan.shortfalls)
        super().__init__(f"cannot draw exam '{plan.blueprint.id}' without repeating questions: {lacking}")


def plan(blueprint: Blueprint, questions: Iterable[Question], seen: Collection[str] = frozenset()) -> Plan:
    """Say, section by section, whether the questions can fill the blueprint, each question used at most once.

    Idempotent. A question matching several sections is given to one of them so that as many sections as
    possible are filled in full (a maximum matching); sections are served most constrained first, so a
    shortage lands on the sections that have the least slack.
    """
    pool = _pool(blueprint, questions)
    candidates = _candidates(blueprint, pool)
    needs = [section.count for section in blueprint.sections]
    owner: dict[int, int] = {}
    filled = _fill(needs, candidates, owner, _most_constrained_first(needs, candidates))
    sections = tuple(
        SectionPlan(section, section.count, len(candidates[i]),
                    sum(pool[q].id not in seen for q in candidates[i]), filled[i])
        for i, section in enumerate(blueprint.sections)
    )
    shortfalls = tuple(Shortfall(p.section.label, p.section.criterion, p.section.topics, p.needed, p.missing)
                       for p in sections if p.missing)
    full = [p.section for p in sections if not p.missing]
    runnable = blueprint if not shortfalls else blueprint.shortened(full) if full else None
    return Plan(blueprint, sections, shortfalls, runnable)


def draw(blueprint: Blueprint, questions: Iterable[Question], rng: random.Random,
         seen: Collection[str] = frozenset()) -> list[Question]:
    """Draw the exam's questions in random order: no repeats, as many unseen ones as the sections allow.

    Raise NotFeasibleError (naming the short sections) rather than repeat questions or shrink the exam.
    """
    pool = _pool(blueprint, questions)
    fresh = [q for q in pool if q.id not in seen]
    old = [q for q in pool if q.id in seen]
    rng.shuffle(fresh)
    rng.shuffle(old)
    pool = fresh + old  # the order is the preference: unseen first, random within each group
    candidates = _candidates(blueprint, pool)
    needs = [section.count for section in blueprint.sections]
    order = _most_constrained_first(needs, candidates)
    owner: dict[int, int] = {}
    # Fill from unseen questions alone first: augmenting paths keep every question they have placed,
    # so the second pass adds seen questions without giving up any unseen one.
    _fill(needs, [[q for q in c if q < len(fresh)] for c in candidates], owner, order)
    filled = _fill(needs, candidates, owner, order)
    if filled != needs:
        raise NotFeasibleError(plan(blueprint, pool, seen))
    drawn = [pool[q] for q in owner]
    rng.shuffle(drawn)
    return drawn


def _pool(blueprint: Blueprint, questions: Iterable[Question]) -> list[Question]:
    """Distinct questions (first of each id) that the blueprint accepts."""
    by_id: dict[str, Question] = {}
    for question in questions:
        if blueprint.accepts(question):
            by_id.setdefault(question.id, question)
    return list(by_id.values())


def _candidates(blueprint: Blueprint, pool: Sequence[Question]) -> list[list[int]]:
    return [[q for q, question in enumerate(pool) if section.matches(question)] for section in blueprint.sections]


def _most_constrained_first(needs: Sequence[int], candidates: Sequence[Sequence[int]]) -> list[int]:
    return sorted(range(len(needs)), key=lambda i: (len(candidates[i]) - needs[i], i))


def _fill(needs: Sequence[int], candidates: Sequence[Sequence[int]], owner: dict[int, int],
          order: Sequence[int]) -> list[int]:
    """Give questions to sections one slot at a time along augmenting paths; return how many each section holds."""
    filled = [0] * len(needs)
    for section in owner.values():
        filled[section] += 1
    for section in order:
        while filled[section] < needs[section] and _augment(section, candidates, owner):
            filled[section] += 1
    return filled


def _augment(start: int, candidates: Sequence[Sequence[int]], owner: dict[int, int]) -> bool:
    """Find one more question for `start`, moving questions between sections if need be (breadth first)."""
    # parent[s] = (question s gives up, section that takes it), to walk the path back from the end.
    parent: dict[int, tuple[int, int]] = {}
    visited = {start}
    queue = deque([start])
    while queue:
        section = queue.popleft()
        for question in candidates[section]:
            holder = owner.get(question)
            if holder is None:
                owner[question] = section
                while section != start:
                    given, taker = parent[section]
                    owner[given] = taker
                    section = taker
                return True
            if holder not in visited:
                visited.add(holder)
                parent[holder] = (question, section)
                queue.append(holder)
    return False
