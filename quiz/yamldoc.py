"""Validate a YAML document into a pydantic model, with every problem as `path:line: message`.

One way for every YAML file the app serves: question banks, exam blueprints and course files. Each kind
of file describes itself with a `Schema` (its model, its top-level keys, its error type and how it words
pydantic's errors); the guarded reading (`quiz.yamlsafe`) and the line numbers are shared.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from quiz.problems import DocumentError, Problem, error
from quiz.yamlsafe import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_NODES,
    MAX_DEPTH,
    Limits,
    SafeLoader,
    line_of_mark,
    parse_yaml,
    read_bytes,
    read_yaml,
)

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_NODES", "MAX_DEPTH", "DocumentError", "Limits", "Locator", "Problem",
           "SafeLoader", "Schema", "child", "describe", "error", "line_in_file", "line_of_mark", "parse_yaml",
           "read_bytes", "read_yaml", "yaml_files"]
MAX_PROBLEMS = 100  # per file; a million broken items would otherwise print a million lines

M = TypeVar("M", bound=BaseModel)


# --- lines of locations ---------------------------------------------------------------------


class Locator:
    """Find the line of a location such as ('questions', 3, 'options'); composes the YAML once, lazily."""

    def __init__(self, text: str):
        self.text = text
        self._root: yaml.Node | None = None

    def __call__(self, loc: Iterable) -> int:
        if self._root is None:
            self._root = yaml.compose(self.text, Loader=SafeLoader)
        node, line = self._root, 1
        for step in loc:
            node, line = child(node, step, line)
            if node is None:
                break
        return line


def child(node: yaml.Node, step: Any, line: int) -> tuple[yaml.Node | None, int]:
    """The node under `node` at `step` (a key or an index) and its line; (None, the parent's line) if absent."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == step:
                return value, key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        item = node.value[step]
        return item, item.start_mark.line + 1
    return None, (node.start_mark.line + 1 if node is not None else line)


def line_in_file(path: Path, loc: tuple) -> int:
    """The line of `loc` in a file already known to parse (used only to point at a clash)."""
    return Locator(path.read_text(encoding="utf-8"))(loc)


# --- validation -----------------------------------------------------------------------------

Description = tuple[str, str | None, tuple]


def no_context(data: Any, loc: tuple) -> tuple[str, str | None]:
    return "", None


@dataclass(frozen=True)
class Schema(Generic[M]):
    """How one kind of YAML file is validated and how its problems are worded.

    `describe(error, loc)` turns one pydantic error into (message, hint, location to point at);
    `context(data, loc)` gives a prefix for the message and the id of the question it is about.
    """

    model: type[M]
    error: type[DocumentError]
    describe: Callable[[dict, tuple], Description]
    keys: tuple[str, ...] = ()
    context: Callable[[Any, tuple], tuple[str, str | None]] = no_context

    def read(self, path: Path, limits: Limits) -> tuple[str, M]:
        """Read and validate a file; return its text and the model, or raise `self.error`."""
        with self.errors():
            text, data = read_yaml(path, limits)
        return text, self.validate(path, text, data)

    def validate(self, path: Path, text: str, data: Any) -> M:
        """Validate parsed data; raise `self.error` with one located problem per fault."""
        if self.keys:
            self._check_top_level(path, data)
        try:
            return self.model.model_validate(data)
        except ValidationError as exc:
            raise self.error(self._problems(path, text, data, exc)) from None

    def errors(self) -> _Retype:
        """A context in which any DocumentError is raised again as this schema's error type."""
        return _Retype(self.error)

    def _check_top_level(self, path: Path, data: Any) -> None:
        names = " and ".join(f"'{key}'" for key in self.keys)
        if not isinstance(data, dict):
            kind = "empty" if data is None else f"a {type(data).__name__}"
            raise self.error([Problem(str(path), 1, f"the top level is {kind}; it must be a mapping with {names}")])
        missing = [key for key in self.keys if key not in data]
        if missing:
            names = " and ".join(f"'{key}'" for key in missing)
            close = [f"'{key}' looks like '{match[0]}'" for key in data
                     if (match := difflib.get_close_matches(str(key), missing, n=1))]
            raise self.error([Problem(str(path), 1, f"missing {names} at the top level",
                                      hint=close[0] if close else None)])

    def _problems(self, path: Path, text: str, data: Any, exc: ValidationError) -> list[Problem]:
        locate = Locator(text)
        errors = exc.errors(include_url=False)
        # A list whose items all failed is also reported as too short: noise beside the real errors.
        errors = [e for e in errors if e["type"] != "too_short" or all(o["type"] == "too_short" for o in errors)]
        problems = []
        for item in errors[:MAX_PROBLEMS]:
            loc = tuple(item["loc"])
            message, hint, key_loc = self.describe(item, loc)
            prefix, question_id = self.context(data, loc)
            problems.append(Problem(str(path), locate(key_loc), prefix + message, question_id, hint))
        if len(errors) > MAX_PROBLEMS:
            problems.append(Problem(str(path), problems[-1].line, f"and {len(errors) - MAX_PROBLEMS:,} more "
                                    "problems in this file, not listed", hint="fix the ones above first"))
        return problems


class _Retype:
    def __init__(self, kind: type[DocumentError]):
        self.kind = kind

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> bool:
        if isinstance(exc, DocumentError) and not isinstance(exc, self.kind):
            raise self.kind(exc.problems) from None
        return False


def describe(error: dict, loc: tuple, model: Any) -> Description:
    """Word a pydantic error plainly; `model` is the model (or NamedTuple) whose fields the location names."""
    kind, name = error["type"], loc[-1] if loc else "document"
    if kind == "extra_forbidden":
        allowed = list(getattr(model, "model_fields", None) or model._fields)
        close = difflib.get_close_matches(str(name), allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"
        return f"unknown key '{name}'", hint, loc
    if kind == "missing":
        return f"missing required key '{name}'", None, loc[:-1]
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, "), None, loc
    if kind == "string_type" and error["input"] is None:
        return f"'{name}' is empty", None, loc
    if kind == "string_type" and isinstance(error["input"], bool):
        return f"'{name}' must be text, but YAML read it as {str(error['input']).lower()}", \
            "quote it: YAML reads unquoted yes/no/on/off/true/false as true or false", loc
    if kind in ("tuple_type", "list_type"):
        return f"'{name}' must be a list", None, loc
    if kind == "bool_type":
        return f"'{name}' must be true or false, not {error['input']!r}", None, loc
    if kind in ("string_type", "string_pattern_mismatch", "literal_error", "too_short", "dict_type", "model_type"):
        return f"'{name}': {_plain(error)}", _pattern_hint(kind), loc
    return f"'{name}': {error['msg']}", None, loc


def _plain(error: dict) -> str:
    if error["type"] == "string_pattern_mismatch":
        return f"{error['input']!r} is not a slug"
    if error["type"] in ("dict_type", "model_type"):
        return "must be a mapping of keys to values"
    if error["type"] == "too_short" and error["loc"] == ("questions",):
        return "the bank has no questions"
    return error["msg"].replace("Input should be", "should be")


def _pattern_hint(kind: str) -> str | None:
    if kind == "string_pattern_mismatch":
        return "use lower-case letters, digits and hyphens, e.g. 'service-provision'"
    return None


def yaml_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders to the sorted list of YAML files."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
        else:
            found.append(path)
    return found
