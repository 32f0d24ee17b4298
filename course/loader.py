"""Load and cross-check the course files under content/course/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from course.models import Chain, Construct, Layer, ModelText, Outcome, Term, Topic, ValueSystem
from quiz.models import Scenario
from quiz.yamldoc import DocumentError, Limits, Problem, Schema, line_in_file

FILES = {"constructs": "constructs.yaml", "model": "model.yaml", "chains": "chains.yaml", "glossary": "glossary.yaml",
         "syllabus": "syllabus.yaml", "value_system": "value-system.yaml"}
TOPICS = "topics"  # a folder of topic files, one per learning outcome


class CourseError(DocumentError):
    """The course content is invalid; `problems` name file and line."""


class _Constructs(BaseModel):
    constructs: tuple[Construct, ...]


class _Chains(BaseModel):
    chains: dict[Scenario, Chain]


class _Glossary(BaseModel):
    terms: tuple[Term, ...]


class _Syllabus(BaseModel):
    outcomes: tuple[Outcome, ...]


class _Topics(BaseModel):
    topics: tuple[Topic, ...]
    terms: tuple[Term, ...] = ()  # glossary terms that these topics explain


@dataclass(frozen=True)
class Course:
    constructs: tuple[Construct, ...]
    model: ModelText
    chains: dict[str, Chain]
    glossary: tuple[Term, ...]
    outcomes: tuple[Outcome, ...] = ()
    topics: tuple[Topic, ...] = ()
    value_system: ValueSystem | None = None

    def construct(self, construct_id: str) -> Construct:
        return next(c for c in self.constructs if c.id == construct_id)

    def entry(self, entry_id: str) -> Construct | Topic:
        """A construct of the model or a syllabus topic: what Learn shows for a bank topic slug."""
        return next(e for e in (*self.constructs, *self.topics) if e.id == entry_id)

    @property
    def entry_ids(self) -> list[str]:
        """Every construct and topic, in syllabus order (outcome by outcome), then any not in an outcome."""
        ordered = [t for o in self.outcomes for t in o.topics]
        rest = [e.id for e in (*self.constructs, *self.topics) if e.id not in ordered]
        return ordered + rest

    def outcome_of(self, entry_id: str) -> Outcome | None:
        return next((o for o in self.outcomes if entry_id in o.topics), None)

    def criterion_name(self, criterion: str) -> str | None:
        """The name of a criterion such as "2.2" (or "6.1.k", named by its criterion), or None if unknown."""
        base = ".".join(criterion.split(".")[:2])
        return next((c.name for o in self.outcomes for c in o.criteria if c.id == base), None)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.constructs]

    def layer(self, layer_id: str) -> Layer:
        return next(layer for layer in self.model.layers if layer.id == layer_id)

    def in_layer(self, layer_id: str) -> list[Construct]:
        return [c for c in self.constructs if c.layer == layer_id]

    def search(self, query: str) -> list[Term]:
        """Glossary terms whose name or definition contains every word of `query`, ignoring case and hyphens."""
        words = [_fold(word) for word in query.split()]
        return [t for t in self.glossary if all(w in _fold(f"{t.term} {t.definition}") for w in words if w)]


def load_course(folder: str | Path) -> Course:
    """Load the four course files; raise CourseError listing every problem with file and line."""
    folder = Path(folder)
    parsed: dict[str, Any] = {}
    problems: list[Problem] = []
    shapes = {"constructs": _Constructs, "model": ModelText, "chains": _Chains, "glossary": _Glossary,
              "syllabus": _Syllabus, "value_system": ValueSystem}
    for name, shape in shapes.items():
        try:
            parsed[name] = _load(folder / FILES[name], shape)
        except CourseError as exc:
            problems.extend(exc.problems)
    topics: list[Topic] = []
    terms: list[Term] = []
    for path in sorted((folder / TOPICS).glob("*.yaml")):
        try:
            loaded = _load(path, _Topics)
        except CourseError as exc:
            problems.extend(exc.problems)
            continue
        topics.extend(loaded.topics)
        terms.extend(loaded.terms)
    if problems:
        raise CourseError(problems)
    course = Course(parsed["constructs"].constructs, parsed["model"], dict(parsed["chains"].chains),
                    _glossary(parsed["glossary"].terms, terms), parsed["syllabus"].outcomes, tuple(topics),
                    parsed["value_system"])
    _cross_check(folder, course)
    return course


def _describe(error: dict, loc: tuple) -> tuple[str, str | None, tuple]:
    return f"{'.'.join(map(str, loc))}: {error['msg']}", None, loc


def _load(path: Path, shape: type[BaseModel]) -> BaseModel:
    # The banks' guards: size, UTF-8, depth, aliases, tags, syntax.
    _, model = Schema(shape, CourseError, _describe).read(path, Limits())
    return model


def _fold(text: str) -> str:
    """Text for matching: case folded, hyphens and dashes dropped ("co-creation" finds "cocreation")."""
    return text.casefold().replace("-", "").replace("\u2011", "").replace("\u2010", "")


def _glossary(*groups: tuple[Term, ...] | list[Term]) -> tuple[Term, ...]:
    """All terms in alphabetical order, whichever file they came from."""
    return tuple(sorted((t for group in groups for t in group), key=lambda t: t.term.casefold()))


def _cross_check(folder: Path, course: Course) -> None:
    known = set(course.ids) | {t.id for t in course.topics}
    problems = _check_syllabus(folder, course, known)
    constructs_file = str(folder / FILES["constructs"])
    if len(known) != len(course.constructs) + len(course.topics):
        problems.append(Problem(constructs_file, 1, "construct and topic ids must be unique"))
    for entry in (*course.constructs, *course.topics):
        for related in sorted(set(entry.related) - known):
            where = constructs_file if isinstance(entry, Construct) else str(folder / TOPICS)
            problems.append(Problem(where, 1, f"'{entry.id}' relates to unknown '{related}'"))
    for term in course.glossary:
        if term.construct_id not in known:
            problems.append(Problem(str(folder / FILES["glossary"]), 1,
                                    f"term '{term.term}' links to unknown construct or topic '{term.construct_id}'"))
    layer_ids = [layer.id for layer in course.model.layers]
    for construct in course.constructs:
        if construct.layer not in layer_ids and construct.layer not in ("parties", "model"):
            problems.append(Problem(constructs_file, 1, f"construct '{construct.id}' is in unknown layer"))
    if problems:
        raise CourseError(problems)


def _check_syllabus(folder: Path, course: Course, known: set[str]) -> list[Problem]:
    """Every outcome's topics and every diagram node's topic exist, and each topic is taught in one outcome."""
    syllabus, system = folder / FILES["syllabus"], folder / FILES["value_system"]
    problems, placed = [], []
    for i, outcome in enumerate(course.outcomes):
        for j, topic in enumerate(outcome.topics):
            where = ("outcomes", i, "topics", j)
            if topic in placed:
                problems.append(Problem(str(syllabus), line_in_file(syllabus, where),
                                        f"topic '{topic}' is listed in more than one outcome"))
            elif topic not in known:
                problems.append(Problem(str(syllabus), line_in_file(syllabus, where),
                                        f"outcome '{outcome.id}' lists unknown topic '{topic}'"))
            placed.append(topic)
    problems.extend(Problem(str(folder / TOPICS), 1, f"topic '{t.id}' is in no outcome of syllabus.yaml")
                    for t in course.topics if t.id not in placed)
    if course.value_system is not None:
        groups = (("nodes", course.value_system.nodes), ("activities", course.value_system.activities))
        problems.extend(Problem(str(system), line_in_file(system, (group, i, "topic")),
                                f"diagram node '{n.id}' is explained by unknown topic '{n.topic}'")
                        for group, nodes in groups for i, n in enumerate(nodes) if n.topic not in known)
    return problems
