"""What every format shares: imported questions validated into the bank model, unique ids, and bank YAML.

A reader turns a file into plain question dicts, each with its line; `build` validates them with the same
pydantic model the loader uses, so an imported question is exactly as valid as a hand-written one, and a
problem is reported as `path:line: question 'id': ...` like the validator's. `bank_yaml` writes a bank an
author can edit by hand: block style, keys in a fixed order, no comments, defaults left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from quiz.models import SLUG, Question
from quiz.yamldoc import Problem

# What an imported question without an explanation gets; `validate --strict` reports it (placeholder-explanation).
PLACEHOLDER = "TODO: explain why the answer is right (imported without an explanation)."
SLUG_PATTERN = re.compile(SLUG)
_NOT_SLUG = re.compile(r"[^a-z0-9_.-]+")
_SEPARATORS = re.compile(r"[-_.]{2,}")
ID_LENGTH = 48  # longest id made from a title or a prompt; authors can shorten it later

_QUESTION = TypeAdapter(Question)
# The bank's key order (as the shipped banks write it); keys left at their default are left out.
KEY_ORDER = ("id", "topic", "style", "shuffle", "scenario", "difficulty", "syllabus", "tags", "prompt", "options",
             "explanation", "lint_ok")
DEFAULTS: dict[str, Any] = {"shuffle": True, "scenario": None, "syllabus": None, "tags": (), "lint_ok": {}}


@dataclass(frozen=True)
class Imported:
    """A question read from a file: where it started, and what the format could not carry into the bank."""

    question: Question
    line: int
    notes: tuple[str, ...] = ()


@dataclass
class ImportResult:
    """The questions a reader could build, and a located problem for each one it could not (or skipped)."""

    questions: list[Imported] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def extend(self, other: ImportResult) -> None:
        self.questions.extend(other.questions)
        self.problems.extend(other.problems)


def slugify(text: str, fallback: str = "question") -> str:
    """Lower-case letters, digits and single separators; `fallback` when nothing is left."""
    slug = _SEPARATORS.sub("-", _NOT_SLUG.sub("-", text.lower())).strip("-_.")
    if len(slug) > ID_LENGTH:  # cut at the last word that fits
        cut = slug[:ID_LENGTH + 1]
        slug = cut[:max(cut.rfind("-"), 1)] if "-" in cut else cut[:ID_LENGTH]
    slug = slug.rstrip("-_.")
    return slug if slug and SLUG_PATTERN.match(slug) else fallback


class Ids:
    """Hands out unique question ids: `base`, then `base-2`, `base-3`, ... avoiding every id already taken."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)

    def __call__(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(candidate)
        return candidate


def build(data: dict[str, Any], path: str, line: int, result: ImportResult, notes: Iterable[str] = ()) -> None:
    """Validate one question dict; add it to `result`, or add its problems there, located at `line`."""
    if not str(data.get("explanation") or "").strip():
        data["explanation"] = PLACEHOLDER
    try:
        question = _QUESTION.validate_python(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            where = ".".join(str(part) for part in error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            result.problems.append(Problem(path, line, f"not imported: {where}: {message}" if where
                                           else f"not imported: {message}", question_id=data.get("id")))
        return
    result.questions.append(Imported(question, line, tuple(notes)))


@dataclass(frozen=True)
class Export:
    """An exported file's text and, per question id, what the format could not hold."""

    text: str
    left_out: dict[str, tuple[str, ...]] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()


LIST_OPTION = re.compile(r"\d+(?:, \d+)* and \d+")
BLANK = "[?]"


def guess_style(prompt: str, options: list[str]) -> tuple[str, bool]:
    """(style, shuffle) of a question from a format that does not say: "1 and 2" options make a list
    question (kept in order), a [?] in the prompt a missing-word one."""
    if options and all(LIST_OPTION.fullmatch(text) for text in options):
        return "list", False
    if BLANK in prompt:
        return "missing-word", True
    return "standard", True


def skipped(path: str, line: int, kind: str) -> Problem:
    return Problem(path, line, f"skipped: {kind} questions are not supported")


# --- writing banks --------------------------------------------------------------------------


# PyYAML's emitter takes 15 s for 10,000 questions and its C emitter cannot indent lists as the shipped
# banks do; a bank has a fixed shape, so it is written here (0.3 s) and every text is written in a form
# YAML reads back unchanged: plain when that is safe, a literal block (|) when it has line breaks, else
# double-quoted (JSON's string syntax is valid YAML). `save_bank` loads the result back before saving it.
_RESOLVER = yaml.resolver.Resolver()
_PLAIN = re.compile(r"[A-Za-z0-9(\"'][^\n\t#]*")
_NOT_PLAIN = re.compile(r": |:$| #|^[-?:,\[\]{}#&*!|>'\"%@`]|[\x00-\x1f\x7f\u2028\u2029\ufeff]|\s$")


def _scalar(value: str) -> str:
    if (_PLAIN.fullmatch(value) and not _NOT_PLAIN.search(value)
            and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"):
        return value
    return json.dumps(value, ensure_ascii=False)


def _block(value: str, indent: str) -> str | None:
    """`value` as a literal block under `indent`, or None when a literal block cannot hold it exactly."""
    lines = value.split("\n")
    if value != value.strip() or any(line != line.rstrip() for line in lines) or _NOT_PRINTABLE.search(value):
        return None
    body = "\n".join(f"{indent}{line}" if line else "" for line in lines)
    return f"|-\n{body}"


_NOT_PRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ufeff\t]")


def _value(value: Any, indent: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if "\n" in value:
        return _block(value, indent + "  ") or json.dumps(value, ensure_ascii=False)
    return _scalar(value)


def _mapping(data: dict[str, Any], indent: str, first: str) -> list[str]:
    """A mapping's lines; the first key after `first` (e.g. '- '), the others under `indent`."""
    lines = []
    for n, (key, value) in enumerate(data.items()):
        lead = first if n == 0 else indent
        if isinstance(value, dict):
            lines.append(f"{lead}{key}:")
            lines += [f"{indent}  {_scalar(k)}: {_value(v, indent + '  ')}" for k, v in value.items()]
        elif isinstance(value, list):
            lines.append(f"{lead}{key}:")
            for item in value:
                if isinstance(item, dict):
                    lines += _mapping(item, indent + "    ", indent + "  - ")
                else:
                    lines.append(f"{indent}  - {_value(item, indent + '    ')}")
        else:
            lines.append(f"{lead}{key}: {_value(value, indent)}")
    return lines


def question_dict(question: Question) -> dict[str, Any]:
    """A question as the bank file writes it: fixed key order, defaults left out."""
    out: dict[str, Any] = {}
    for key in KEY_ORDER:
        value = getattr(question, key)
        if key in DEFAULTS and value == DEFAULTS[key]:
            continue
        if key == "options":
            value = [_option_dict(o) for o in value]
        elif key == "tags":
            value = list(value)
        elif key == "lint_ok":
            value = dict(value)
        out[key] = value
    return out


def _option_dict(option: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"text": option.text}
    if option.correct:
        out["correct"] = True
    if option.why:
        out["why"] = option.why
    return out


def bank_yaml(bank_id: str, title: str, questions: Iterable[Question], description: str | None = None) -> str:
    """A bank file's text."""
    info: dict[str, Any] = {"id": bank_id, "title": title}
    if description:
        info["description"] = description
    lines = ["bank:", *_mapping(info, "  ", "  "), "questions:"]
    for question in questions:
        lines += _mapping(question_dict(question), "    ", "  - ")
    return "\n".join(lines) + "\n"
