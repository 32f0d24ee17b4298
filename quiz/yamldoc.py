"""Read a YAML document safely and validate it into a pydantic model, with every problem as `path:line: message`.

One reader for every YAML file the app serves: question banks, exam blueprints and course files. Each
kind of file describes itself with a `Schema` (its model, its top-level keys, its error type and how it
words pydantic's errors); everything else, the guards and the line numbers, is shared.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
# A 10,000-question bank is about 250,000 YAML values; an alias bomb is billions.
DEFAULT_MAX_NODES = 2_000_000
# A bank nests five levels deep; libyaml's C composer recurses per level and crashes the process near 50,000.
MAX_DEPTH = 100
# An alias needs an anchor; banks rarely have one, so only scan events when this matches.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]", re.MULTILINE)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located by path and line."""

    path: str
    line: int
    message: str
    question_id: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = f"question '{self.question_id}': " if self.question_id else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}: {where}{self.message}{hint}"


class DocumentError(Exception):
    """A file that cannot be served; `problems` says why, each with its line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_nodes: int = DEFAULT_MAX_NODES

    @classmethod
    def from_env(cls) -> Limits:
        """Read ITIL_APP_MAX_BANK_BYTES and ITIL_APP_MAX_YAML_NODES, falling back to the defaults."""
        return cls(
            max_bytes=int(os.environ.get("ITIL_APP_MAX_BANK_BYTES", DEFAULT_MAX_BYTES)),
            max_nodes=int(os.environ.get("ITIL_APP_MAX_YAML_NODES", DEFAULT_MAX_NODES)),
        )


def error(path: Path, line: int, message: str, hint: str | None = None) -> DocumentError:
    return DocumentError([Problem(str(path), line, message, hint=hint)])


# --- reading behind the guards --------------------------------------------------------------


def read_bytes(path: Path, limits: Limits) -> bytes:
    """The file's bytes, refusing one over the size limit before reading it."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise error(path, 1, f"file is {size:,} bytes, over the limit of {limits.max_bytes:,}",
                        hint="raise ITIL_APP_MAX_BANK_BYTES if this bank is meant to be this large")
        return path.read_bytes()
    except OSError as exc:
        raise error(path, 1, f"cannot read the file: {exc.strerror or exc}") from exc


def parse_yaml(path: Path, raw: bytes, limits: Limits) -> tuple[str, Any]:
    """Decode and safely parse a YAML file's bytes behind every guard; return the text and the data.

    Raises DocumentError naming the line for: not UTF-8, nesting too deep, alias bombs, unsafe tags, bad syntax.
    """
    text = _decode(path, raw)
    if _may_nest_deeply(text):
        _check_depth(path, text)
    if _ANCHOR.search(text):
        _check_aliases(path, text, limits)
    return text, _load_yaml(path, text)


def read_yaml(path: Path, limits: Limits) -> tuple[str, Any]:
    """`parse_yaml` on a file, refusing one over the size limit before reading it."""
    return parse_yaml(path, read_bytes(path, limits), limits)


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise error(path, line, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    hint="save the file as UTF-8") from None


# Deep nesting needs long indentation (or runs of "- ") in block style, or brackets inside brackets
# in flow style. Banks have neither, so this screen lets the exact (slower) check run only on
# suspicious files. It uses str.find only: regular expressions over a 10 MB bank cost 100 ms each.
def _may_nest_deeply(text: str) -> bool:
    if " " * (2 * MAX_DEPTH) in text or "- " * MAX_DEPTH in text:
        return True
    for opener, closer in (("[", "]"), ("{", "}")):
        start = text.find(opener)
        while start != -1:
            end = text.find(closer, start)
            if end == -1 or text.find("[", start + 1, end) != -1 or text.find("{", start + 1, end) != -1:
                return True
            start = text.find(opener, end)
    return False


def _check_depth(path: Path, text: str) -> None:
    """Refuse deep nesting before anything composes the document; the parser's events are not recursive."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            kind = type(event)
            if kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    raise error(path, line_of_mark(event.start_mark), f"YAML nesting is deeper than {MAX_DEPTH} levels",
                                hint="a bank needs about five levels; check the brackets and indentation")
            elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                depth -= 1
    except yaml.YAMLError:
        return  # the full load reports syntax errors with their line


def _check_aliases(path: Path, text: str, limits: Limits) -> None:
    """Refuse alias bombs: count the nodes the document would expand to, each shared node once per use."""
    try:
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return  # the full load reports syntax errors with their line
    except RecursionError:
        raise error(path, 1, "YAML nesting is too deep") from None
    sizes: dict[int, int] = {}
    if root is not None and _expanded_size(root, sizes, limits.max_nodes) > limits.max_nodes:
        where = _smallest_over(root, sizes, limits.max_nodes).start_mark
        raise error(path, line_of_mark(where), f"the YAML expands to more than {limits.max_nodes:,} values through "
                    "aliases (*name); refusing a possible alias bomb",
                    hint="write the repeated text out instead of using anchors and aliases")


def _smallest_over(node: yaml.Node, sizes: dict[int, int], cap: int) -> yaml.Node:
    """The innermost node that alone expands past `cap`: where the bomb is, rather than the whole document."""
    while True:
        inner = next((child for child in _children(node) if sizes.get(id(child), 0) > cap), None)
        if inner is None:
            return node
        node = inner


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []


def _expanded_size(node: yaml.Node, sizes: dict[int, int], cap: int) -> int:
    key = id(node)
    if key not in sizes:
        sizes[key] = 0  # a node reached again while being measured is a cycle; count it once
        total = 1
        for child in _children(node):
            total += _expanded_size(child, sizes, cap)
            if total > cap:
                break
        sizes[key] = total
    return sizes[key]


def _load_yaml(path: Path, text: str) -> Any:
    try:
        return yaml.load(text, Loader=SafeLoader)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        tag = re.search(r"tag '([^']*)'", str(exc.problem))
        name = tag.group(1).replace("tag:yaml.org,2002:", "!!") if tag else ""
        message = f"YAML tag {name!r} is not allowed" if tag else f"YAML error: {exc.problem}"
        raise error(path, line_of_mark(mark), message, hint="banks hold plain data: remove the '!' tag") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise error(path, line_of_mark(mark), f"malformed YAML: {exc.problem or exc.context}",
                    hint=_yaml_hint(str(exc.problem))) from None
    except yaml.YAMLError as exc:
        raise error(path, 1, f"malformed YAML: {exc}") from None
    except RecursionError:
        raise error(path, 1, "YAML nesting is too deep") from None


def _yaml_hint(problem: str) -> str | None:
    if "mapping values are not allowed" in problem:
        return "quote text that contains ': ' or use a block scalar (|)"
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    return None


def line_of_mark(mark: Any) -> int:
    return mark.line + 1 if mark is not None else 1


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
        for item in errors:
            loc = tuple(item["loc"])
            message, hint, key_loc = self.describe(item, loc)
            prefix, question_id = self.context(data, loc)
            problems.append(Problem(str(path), locate(key_loc), prefix + message, question_id, hint))
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
