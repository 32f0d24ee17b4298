"""Typed, immutable models of question banks, validated with pydantic."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints, field_validator

SLUG = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
MIN_OPTIONS = 2
MAX_OPTIONS = 6

Slug = Annotated[str, StringConstraints(pattern=SLUG)]
Text = Annotated[str, StringConstraints(strip_whitespace=True)]
Difficulty = Literal["easy", "medium", "hard"]
Scenario = Literal["banking", "real-estate"]
Style = Literal["standard", "list", "missing-word", "negative"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _not_empty(value: str, what: str) -> str:
    if not value:
        raise ValueError(f"{what} is empty")
    return value


class Option(_Frozen):
    text: Text
    correct: StrictBool = False
    why: Text | None = None

    @field_validator("text")
    @classmethod
    def _text_not_empty(cls, value: str) -> str:
        return _not_empty(value, "option text")


class Question(_Frozen):
    id: Slug
    topic: Slug
    prompt: Text
    options: tuple[Option, ...]
    explanation: Text
    difficulty: Difficulty = "medium"
    scenario: Scenario | None = None
    syllabus: str | None = None
    style: Style = "standard"
    shuffle: StrictBool = True
    tags: tuple[Slug, ...] = ()

    @field_validator("prompt")
    @classmethod
    def _prompt_not_empty(cls, value: str) -> str:
        return _not_empty(value, "prompt")

    @field_validator("explanation")
    @classmethod
    def _explanation_not_empty(cls, value: str) -> str:
        return _not_empty(value, "explanation")

    @field_validator("options", mode="before")
    @classmethod
    def _count_options(cls, value: object) -> object:
        # Checked before the items, so a wrong count is reported even when an option is also broken.
        if isinstance(value, list) and not MIN_OPTIONS <= len(value) <= MAX_OPTIONS:
            raise ValueError(f"has {len(value)} option(s); a question needs {MIN_OPTIONS} to {MAX_OPTIONS}")
        return value

    @field_validator("options")
    @classmethod
    def _check_options(cls, options: tuple[Option, ...]) -> tuple[Option, ...]:
        seen: set[str] = set()
        for option in options:
            if option.text in seen:
                raise ValueError(f"option text {option.text!r} appears twice")
            seen.add(option.text)
        if not any(option.correct for option in options):
            raise ValueError("no option is marked 'correct: true'")
        return options

    @property
    def correct_indices(self) -> frozenset[int]:
        """Indices (in file order) of the correct options."""
        return frozenset(i for i, option in enumerate(self.options) if option.correct)

    @property
    def is_multiple_answer(self) -> bool:
        return len(self.correct_indices) > 1


class BankInfo(_Frozen):
    id: Slug
    title: Text
    description: Text | None = None

    @field_validator("title")
    @classmethod
    def _title_not_empty(cls, value: str) -> str:
        return _not_empty(value, "title")


class BankFile(_Frozen):
    """The document shape of one bank file."""

    bank: BankInfo
    questions: tuple[Question, ...] = Field(min_length=1)


class Bank(_Frozen):
    """A validated bank together with where it came from."""

    info: BankInfo
    questions: tuple[Question, ...]
    path: str

    @property
    def id(self) -> str:
        return self.info.id
