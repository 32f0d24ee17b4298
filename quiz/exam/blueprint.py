"""Exam blueprints: what an exam draws, how long it lasts and what passes it, loaded from YAML."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, StrictBool, StringConstraints

from quiz.models import FrozenModel, Question, Slug, Text, required
from quiz.yamldoc import DocumentError, Limits, Locator, Problem, Schema, describe, line_in_file, yaml_files

CRITERION = r"^[0-9]+(?:\.[0-9]+)*(?:\.[a-z])?$"

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


class BlueprintError(DocumentError):
    """A blueprint that cannot be used; `problems` locate each fault as `path:line`."""


@dataclass(frozen=True)
class Blueprints:
    """Every blueprint that loaded, by id, and the problems of those that did not."""

    by_id: Mapping[str, Blueprint]
    broken: Mapping[str, list[Problem]]

    @property
    def problems(self) -> list[Problem]:
        return [p for problems in self.broken.values() for p in problems]


SCHEMA = Schema(Blueprint, BlueprintError, lambda error, loc: _describe(error, loc),
                keys=("blueprint", "sections"), context=lambda data, loc: _section_prefix(data, loc))


def load_blueprint(path: str | Path, *, limits: Limits | None = None) -> Blueprint:
    """Load and validate one blueprint file; raise BlueprintError naming file and line on any problem."""
    path = Path(path)
    # The bank loader's guards: size, UTF-8, nesting depth, alias bombs, unsafe tags, syntax.
    text, blueprint = SCHEMA.read(path, limits or Limits())
    _check_consistency(path, text, blueprint)
    return blueprint


def load_blueprints(paths: Iterable[str | Path], *, limits: Limits | None = None) -> Blueprints:
    """Load every blueprint under `paths` (files or folders); broken ones are set aside, never raised."""
    by_id: dict[str, Blueprint] = {}
    first_path: dict[str, Path] = {}
    broken: dict[str, list[Problem]] = {}
    for path in yaml_files(paths):
        try:
            blueprint = load_blueprint(path, limits=limits)
        except BlueprintError as exc:
            broken[str(path)] = exc.problems
            continue
        if blueprint.id in by_id:
            line = line_in_file(path, ("blueprint", "id"))
            other = first_path[blueprint.id]
            broken[str(path)] = [Problem(str(path), line, f"blueprint id '{blueprint.id}' is already used by "
                                                          f"{other}:{line_in_file(other, ('blueprint', 'id'))}")]
            continue
        by_id[blueprint.id] = blueprint
        first_path[blueprint.id] = path
    return Blueprints(by_id, broken)


def _check_consistency(path: Path, text: str, blueprint: Blueprint) -> None:
    """Rules across fields, each reported at the line of the value to change."""
    locate = Locator(text)
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
    return describe(error, loc, Blueprint if loc[:1] != ("blueprint",) else BlueprintInfo)


def _section_prefix(data: Any, loc: tuple) -> tuple[str, str | None]:
    if len(loc) < 3 or loc[0] != "sections" or not isinstance(loc[1], int):
        return "", None
    try:
        label = data["sections"][loc[1]].get("label")
    except (TypeError, IndexError, AttributeError, KeyError):
        label = None
    return (f"section {label!r}: " if isinstance(label, str) else f"section #{loc[1] + 1}: "), None


