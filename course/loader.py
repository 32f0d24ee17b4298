"""Load and cross-check the course files under content/course/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from course.models import Chain, Construct, Layer, ModelText, Term
from quiz.models import Scenario
from quiz.yamldoc import DocumentError, Limits, Problem, Schema

FILES = {"constructs": "constructs.yaml", "model": "model.yaml", "chains": "chains.yaml", "glossary": "glossary.yaml"}


class CourseError(DocumentError):
    """The course content is invalid; `problems` name file and line."""


class _Constructs(BaseModel):
    constructs: tuple[Construct, ...]


class _Chains(BaseModel):
    chains: dict[Scenario, Chain]


class _Glossary(BaseModel):
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Course:
    constructs: tuple[Construct, ...]
    model: ModelText
    chains: dict[str, Chain]
    glossary: tuple[Term, ...]

    def construct(self, construct_id: str) -> Construct:
        return next(c for c in self.constructs if c.id == construct_id)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.constructs]

    def layer(self, layer_id: str) -> Layer:
        return next(layer for layer in self.model.layers if layer.id == layer_id)

    def in_layer(self, layer_id: str) -> list[Construct]:
        return [c for c in self.constructs if c.layer == layer_id]

    def search(self, query: str) -> list[Term]:
        """Glossary terms whose name or definition contains every word of `query` (any case)."""
        words = query.lower().split()
        return [t for t in self.glossary if all(w in f"{t.term} {t.definition}".lower() for w in words)]


def load_course(folder: str | Path) -> Course:
    """Load the four course files; raise CourseError listing every problem with file and line."""
    folder = Path(folder)
    parsed: dict[str, Any] = {}
    problems: list[Problem] = []
    shapes = {"constructs": _Constructs, "model": ModelText, "chains": _Chains, "glossary": _Glossary}
    for name, shape in shapes.items():
        try:
            parsed[name] = _load(folder / FILES[name], shape)
        except CourseError as exc:
            problems.extend(exc.problems)
    if problems:
        raise CourseError(problems)
    course = Course(parsed["constructs"].constructs, parsed["model"], dict(parsed["chains"].chains),
                    parsed["glossary"].terms)
    _cross_check(folder, course)
    return course


def _describe(error: dict, loc: tuple) -> tuple[str, str | None, tuple]:
    return f"{'.'.join(map(str, loc))}: {error['msg']}", None, loc


def _load(path: Path, shape: type[BaseModel]) -> BaseModel:
    # The banks' guards: size, UTF-8, depth, aliases, tags, syntax.
    _, model = Schema(shape, CourseError, _describe).read(path, Limits())
    return model


def _cross_check(folder: Path, course: Course) -> None:
    known = set(course.ids)
    problems = []
    constructs_file = str(folder / FILES["constructs"])
    if len(known) != len(course.constructs):
        problems.append(Problem(constructs_file, 1, "construct ids must be unique"))
    for construct in course.constructs:
        for related in set(construct.related) - known:
            problems.append(Problem(constructs_file, 1, f"construct '{construct.id}' relates to unknown '{related}'"))
    for term in course.glossary:
        if term.construct_id not in known:
            problems.append(Problem(str(folder / FILES["glossary"]), 1,
                                    f"term '{term.term}' links to unknown construct '{term.construct_id}'"))
    layer_ids = [layer.id for layer in course.model.layers]
    for construct in course.constructs:
        if construct.layer not in layer_ids and construct.layer not in ("parties", "model"):
            problems.append(Problem(constructs_file, 1, f"construct '{construct.id}' is in unknown layer"))
    if problems:
        raise CourseError(problems)
