"""Typed, immutable models of question banks, validated with pydantic.

Questions and options are NamedTuples that pydantic validates field by field: they are as strict as
pydantic models, but a cached bank of 10,000 questions rebuilds from plain tuples in tens of
milliseconds, where unpickling the same pydantic models takes half a second.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal, NamedTuple

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StringConstraints

SLUG = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
MIN_OPTIONS = 2
MAX_OPTIONS = 6

Slug = Annotated[str, StringConstraints(pattern=SLUG)]
Text = Annotated[str, StringConstraints(strip_whitespace=True)]
Difficulty = Literal["easy", "medium", "hard"]
Scenario = Literal["banking", "real-estate"]
Style = Literal["standard", "list", "missing-word", "negative"]


def required(what: str) -> AfterValidator:
    def check(value: str) -> str:
        if not value:
            raise ValueError(f"{what} is empty")
        return value

    return AfterValidator(check)


def _count_options(value: object) -> object:
    # Runs before the items are validated, so a wrong count shows even when an option is also broken.
    if isinstance(value, list) and not MIN_OPTIONS <= len(value) <= MAX_OPTIONS:
        raise ValueError(f"has {len(value)} option(s); a question needs {MIN_OPTIONS} to {MAX_OPTIONS}")
    return value


def _mapping(what: str) -> BeforeValidator:
    # A NamedTuple would take a YAML list as its fields in order; a bank must name every field.
    def check(value: object) -> object:
        if not isinstance(value, dict | tuple):
            not_a_list = ", not a list" if isinstance(value, list) else ""
            raise ValueError(f"{what} must be a mapping of keys to values{not_a_list}")
        return value

    return BeforeValidator(check)


def _check_options(options: tuple[Option, ...]) -> tuple[Option, ...]:
    seen: set[str] = set()
    for option in options:
        if option.text in seen:
            raise ValueError(f"option text {option.text!r} appears twice")
        seen.add(option.text)
    if not any(option.correct for option in options):
        raise ValueError("no option is marked 'correct: true'")
    return options


class Option(NamedTuple):
    text: Annotated[Text, required("option text")]
    correct: StrictBool = False
    why: Text | None = None


class Question(NamedTuple):
    id: Slug
    topic: Slug
    prompt: Annotated[Text, required("prompt")]
    options: Annotated[tuple[Annotated[Option, _mapping("an option")], ...],
                       BeforeValidator(_count_options), AfterValidator(_check_options)]
    explanation: Annotated[Text, required("explanation")]
    difficulty: Difficulty = "medium"
    scenario: Scenario | None = None
    syllabus: str | None = None
    style: Style = "standard"
    shuffle: StrictBool = True
    tags: tuple[Slug, ...] = ()
    # Lint warnings accepted for this question, each with the reason: {rule: why it is fine here}.
    lint_ok: dict[Slug, Annotated[Text, required("reason")]] = {}  # noqa: RUF012 (never mutated; NamedTuple field)

    @property
    def correct_indices(self) -> frozenset[int]:
        """Indices (in file order) of the correct options."""
        return frozenset(i for i, option in enumerate(self.options) if option.correct)

    @property
    def is_multiple_answer(self) -> bool:
        return len(self.correct_indices) > 1

    @property
    def content_hash(self) -> str:
        """A short hash of what the learner sees and is told; answers stay attributable after edits."""
        parts = [self.prompt, self.explanation, *(f"{o.text}|{o.correct}|{o.why}" for o in self.options)]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]

    def to_plain(self) -> tuple:
        """Builtin tuples only, for the marshal cache."""
        return (*self[:3], tuple(tuple(option) for option in self.options), *self[4:])

    @classmethod
    def from_plain(cls, plain: tuple) -> Question:
        """Rebuild a question that was validated before; no validation is repeated."""
        return cls(*plain[:3], tuple([Option(*option) for option in plain[3]]), *plain[4:])


class FrozenModel(BaseModel):
    """Immutable, and unknown keys are errors: the base of every content schema."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class BankInfo(FrozenModel):
    id: Slug
    title: Annotated[Text, required("title")]
    description: Text | None = None


class BankFile(FrozenModel):
    """The document shape of one bank file."""

    bank: BankInfo
    questions: tuple[Annotated[Question, _mapping("a question")], ...] = Field(min_length=1)


class Bank(FrozenModel):
    """A validated bank together with where it came from."""

    info: BankInfo
    questions: tuple[Question, ...]
    path: str

    @property
    def id(self) -> str:
        return self.info.id
