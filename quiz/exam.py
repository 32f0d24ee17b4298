"""Mock exams: blueprints from YAML, planning and drawing questions, and timed attempts with deferred feedback.

Practice (`quiz.engine.PracticeRound`) grades each answer at once; an exam attempt keeps the same `Slot`s
but grades nothing until it is submitted, by the candidate or by the clock. Time is always passed in
(`now`, a timezone-aware datetime): nothing here reads the wall clock.
"""

from __future__ import annotations

import difflib
import random
from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, StringConstraints, ValidationError

import quiz.loader as loader
from quiz.engine import OptionFeedback, Slot, State, option_order
from quiz.loader import BankError, Limits, Problem, bank_files
from quiz.models import FrozenModel, Question, Slug, Text, required

CRITERION = r"^[0-9]+(?:\.[0-9]+)*(?:\.[a-z])?$"
STATE_VERSION = 1
NO_CRITERION = "(none)"

Criterion = Annotated[str, StringConstraints(pattern=CRITERION)]
Minutes = Annotated[int, Field(strict=True, gt=0)]
Count = Annotated[int, Field(strict=True, gt=0)]


# --- blueprints -----------------------------------------------------------------------------

class BlueprintInfo(FrozenModel):
    id: Slug
    title: Annotated[Text, required("title")]
    description: Text | None = None
    time_limit_minutes: Minutes
    extended_time_minutes: Minutes | None = None
    pass_mark: Count
    # The real exam has exactly one correct answer per question; multiple-answer questions stay out.
    single_answer_only: StrictBool = True


class Section(FrozenModel):
    """A part of an exam: `count` questions matching all of its filters (no filter matches every question)."""

    label: Annotated[Text, required("label")]
    criterion: Criterion | None = None
    topics: Annotated[tuple[Slug, ...], Field(min_length=1)] | None = None
    count: Count

    def matches(self, question: Question) -> bool:
        """Whether the question fits: syllabus at or under the criterion ("6.1" takes "6.1.h"), topic listed."""
        if self.criterion is not None:
            syllabus = question.syllabus or ""
            if syllabus != self.criterion and not syllabus.startswith(self.criterion + "."):
                return False
        return self.topics is None or question.topic in self.topics


class Blueprint(FrozenModel):
    """What an exam draws, how long it lasts and what passes it; the document shape of a blueprint file."""

    blueprint: BlueprintInfo
    sections: tuple[Section, ...] = Field(min_length=1)

    @property
    def id(self) -> str:
        return self.blueprint.id

    @property
    def title(self) -> str:
        return self.blueprint.title

    @property
    def total(self) -> int:
        return sum(section.count for section in self.sections)

    @property
    def pass_mark(self) -> int:
        return self.blueprint.pass_mark

    def time_limit_seconds(self, *, extended: bool = False) -> int:
        """The time allowed; `extended` is the allowance for candidates not in their native or working language."""
        if not extended:
            return self.blueprint.time_limit_minutes * 60
        if self.blueprint.extended_time_minutes is None:
            raise ValueError(f"blueprint '{self.id}' has no extended time")
        return self.blueprint.extended_time_minutes * 60

    def accepts(self, question: Question) -> bool:
        """Whether the blueprint may use the question at all (single-answer rule)."""
        return not (self.blueprint.single_answer_only and question.is_multiple_answer)

    def shortened(self, sections: Sequence[Section]) -> Blueprint:
        """The same exam over fewer sections: time scaled up to whole minutes, pass mark at the same ratio."""
        count, total = sum(s.count for s in sections), self.total
        info = self.blueprint

        def scale(value: int) -> int:
            return -(-value * count // total)  # ceil without floats

        extended = info.extended_time_minutes
        return Blueprint(
            blueprint=info.model_copy(update={
                "id": f"{info.id}-partial",
                "title": f"{info.title} (shortened: {count} of {total} questions)",
                "time_limit_minutes": scale(info.time_limit_minutes),
                "extended_time_minutes": None if extended is None else scale(extended),
                "pass_mark": scale(info.pass_mark),
            }),
            sections=tuple(sections),
        )


class BlueprintError(BankError):
    """A blueprint that cannot be used; `problems` locate each fault as `path:line`."""


@dataclass(frozen=True)
class Blueprints:
    """Every blueprint that loaded, by id, and the problems of those that did not."""

    by_id: Mapping[str, Blueprint]
    broken: Mapping[str, list[Problem]]

    @property
    def problems(self) -> list[Problem]:
        return [p for problems in self.broken.values() for p in problems]


def load_blueprint(path: str | Path, *, limits: Limits | None = None) -> Blueprint:
    """Load and validate one blueprint file; raise BlueprintError naming file and line on any problem."""
    path = Path(path)
    limits = limits or Limits()
    try:
        # The bank loader's guards: size, UTF-8, nesting depth, alias bombs, unsafe tags, syntax.
        text, data = loader.read_yaml(path, limits)
    except BankError as exc:
        raise BlueprintError(exc.problems) from None
    _check_top_level(path, data)
    try:
        blueprint = Blueprint.model_validate(data)
    except ValidationError as exc:
        raise BlueprintError(_validation_problems(path, text, data, exc)) from None
    _check_consistency(path, text, blueprint)
    return blueprint


def load_blueprints(paths: Iterable[str | Path], *, limits: Limits | None = None) -> Blueprints:
    """Load every blueprint under `paths` (files or folders); broken ones are set aside, never raised."""
    by_id: dict[str, Blueprint] = {}
    first_path: dict[str, Path] = {}
    broken: dict[str, list[Problem]] = {}
    for path in bank_files(paths):
        try:
            blueprint = load_blueprint(path, limits=limits)
        except BlueprintError as exc:
            broken[str(path)] = exc.problems
            continue
        if blueprint.id in by_id:
            line = _line_of(path, ("blueprint", "id"))
            other = first_path[blueprint.id]
            broken[str(path)] = [Problem(str(path), line, f"blueprint id '{blueprint.id}' is already used by "
                                                          f"{other}:{_line_of(other, ('blueprint', 'id'))}")]
            continue
        by_id[blueprint.id] = blueprint
        first_path[blueprint.id] = path
    return Blueprints(by_id, broken)


def _line_of(path: Path, loc: tuple) -> int:
    return loader.Locator(path.read_text(encoding="utf-8"))(loc)


def _check_top_level(path: Path, data: Any) -> None:
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise _error(path, 1, f"the top level is {kind}; it must be a mapping with 'blueprint' and 'sections'")
    missing = [key for key in ("blueprint", "sections") if key not in data]
    if missing:
        names = " and ".join(f"'{key}'" for key in missing)
        close = [f"'{key}' looks like '{match[0]}'" for key in data
                 if (match := difflib.get_close_matches(str(key), missing, n=1))]
        raise _error(path, 1, f"missing {names} at the top level", hint=close[0] if close else None)


def _check_consistency(path: Path, text: str, blueprint: Blueprint) -> None:
    """Rules across fields, each reported at the line of the value to change."""
    locate = loader.Locator(text)
    info = blueprint.blueprint
    problems = []
    if info.pass_mark > blueprint.total:
        problems.append(Problem(str(path), locate(("blueprint", "pass_mark")),
                                f"pass_mark {info.pass_mark} is more than the {blueprint.total} questions "
                                "the sections draw"))
    if info.extended_time_minutes is not None and info.extended_time_minutes < info.time_limit_minutes:
        problems.append(Problem(str(path), locate(("blueprint", "extended_time_minutes")),
                                f"extended_time_minutes {info.extended_time_minutes} is shorter than "
                                f"time_limit_minutes {info.time_limit_minutes}"))
    first: dict[str, int] = {}
    for index, section in enumerate(blueprint.sections):
        if section.label in first:
            earlier = locate(("sections", first[section.label], "label"))
            problems.append(Problem(str(path), locate(("sections", index, "label")),
                                    f"section label {section.label!r} is used twice; first at {path}:{earlier}"))
        else:
            first[section.label] = index
    if problems:
        raise BlueprintError(problems)


def _error(path: Path, line: int, message: str, hint: str | None = None) -> BlueprintError:
    return BlueprintError([Problem(str(path), line, message, hint=hint)])


def _validation_problems(path: Path, text: str, data: dict, exc: ValidationError) -> list[Problem]:
    locate = loader.Locator(text)
    problems = []
    errors = exc.errors(include_url=False)
    # A list whose items all failed is also reported as too short: noise beside the real errors.
    errors = [e for e in errors if e["type"] != "too_short" or all(o["type"] == "too_short" for o in errors)]
    for error in errors:
        loc = tuple(error["loc"])
        message, hint, key_loc = _describe(error, loc)
        problems.append(Problem(str(path), locate(key_loc), _section_prefix(data, loc) + message, hint=hint))
    return problems


def _describe(error: dict, loc: tuple) -> tuple[str, str | None, tuple]:
    kind, name = error["type"], loc[-1] if loc else "document"
    if isinstance(name, int) and len(loc) > 1:  # an item of a list: name the list, point at the item
        message, hint, _ = _describe(error, loc[:-1])
        return message, hint, loc
    if kind == "extra_forbidden":
        model = BlueprintInfo if loc[:1] == ("blueprint",) else Section if len(loc) >= 3 else Blueprint
        allowed = list(model.model_fields)
        close = difflib.get_close_matches(str(name), allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"
        return f"unknown key '{name}'", hint, loc
    if name == "criterion" and kind in ("string_type", "string_pattern_mismatch"):
        return f"'criterion' must be a syllabus criterion such as \"1.3\" or \"6.1.h\", not {error['input']!r}", \
            'quote it: YAML reads 1.10 as the number 1.1', loc
    if loc == ("sections",) and kind == "too_short":
        return "the blueprint has no sections", None, loc
    if kind in ("int_type", "greater_than") and (name in ("count", "pass_mark") or str(name).endswith("_minutes")):
        return f"'{name}' must be a whole number above 0, not {error['input']!r}", None, loc
    return loader._describe(error, loc)


def _section_prefix(data: dict, loc: tuple) -> str:
    if len(loc) < 3 or loc[0] != "sections" or not isinstance(loc[1], int):
        return ""
    try:
        label = data["sections"][loc[1]].get("label")
    except (TypeError, IndexError, AttributeError, KeyError):
        label = None
    return f"section {label!r}: " if isinstance(label, str) else f"section #{loc[1] + 1}: "


# --- planning and drawing -------------------------------------------------------------------

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


# --- the attempt ----------------------------------------------------------------------------

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
            by_criterion=self._table("criterion", lambda q: q.syllabus or NO_CRITERION, _criterion_key),
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


def _criterion_key(criterion: str) -> tuple:
    """Sort "1.10" after "1.9", and questions without a criterion last."""
    if criterion == NO_CRITERION:
        return (1,)
    return (0, *((int(part), "") if part.isdigit() else (0, part) for part in criterion.split(".")))
