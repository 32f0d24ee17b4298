"""Load question banks from YAML safely, and report every problem as `path:line: what is wrong`."""

from __future__ import annotations

import difflib
import hashlib
import marshal
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from quiz.models import Bank, BankFile, BankInfo, Option, Question

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Bump when the models change, so cached banks from an older schema are not reused.
SCHEMA_VERSION = "2"
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
# A 10,000-question bank is about 250,000 YAML values; an alias bomb is billions.
DEFAULT_MAX_NODES = 2_000_000
# A bank nests five levels deep; libyaml's C composer recurses per level and crashes the process near 50,000.
MAX_DEPTH = 100
# An alias needs an anchor; banks rarely have one, so only scan events when this matches.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]", re.MULTILINE)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank, located by file and line."""

    path: str
    line: int
    message: str
    question_id: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = f"question '{self.question_id}': " if self.question_id else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}: {where}{self.message}{hint}"


class BankError(Exception):
    """A bank that cannot be served; `problems` says why."""

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


@dataclass(frozen=True)
class Library:
    """Every bank that loaded, and the problems of every bank that did not."""

    banks: tuple[Bank, ...] = ()
    broken: dict[str, list[Problem]] = field(default_factory=dict)

    @property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for bank in self.banks for q in bank.questions}

    def bank_of(self) -> dict[str, str]:
        """Map each question id to the id of its bank."""
        return {q.id: bank.id for bank in self.banks for q in bank.questions}

    @property
    def problems(self) -> list[Problem]:
        return [p for problems in self.broken.values() for p in problems]


class BankCache:
    """Validated banks on disk, keyed on the file's bytes, so unchanged files are not parsed again.

    Entries are `marshal`ed builtin tuples: loading them runs no code (unlike pickle) and is fast.
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def _file(self, digest: str) -> Path:
        return self.folder / f"{digest}.bank"

    def get(self, digest: str) -> BankFile | None:
        try:
            info, questions = marshal.loads(self._file(digest).read_bytes())
            return BankFile.model_construct(bank=BankInfo.model_construct(**info),
                                            questions=tuple(map(Question.from_plain, questions)))
        except (OSError, EOFError, ValueError, TypeError):
            return None

    def put(self, digest: str, bank_file: BankFile) -> None:
        plain = (bank_file.bank.model_dump(), tuple(q.to_plain() for q in bank_file.questions))
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self._file(digest).with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(plain))
            tmp.replace(self._file(digest))
        except OSError:
            pass  # a cache that cannot be written only costs speed


def load_bank(path: str | Path, *, limits: Limits | None = None, cache: BankCache | None = None) -> Bank:
    """Load and validate one bank file; raise BankError naming file and line on any problem."""
    path = Path(path)
    limits = limits or Limits()
    raw = _read(path, limits)
    digest = hashlib.sha256(raw + SCHEMA_VERSION.encode()).hexdigest()
    bank_file = cache.get(digest) if cache else None
    if bank_file is None:
        bank_file = _parse(path, raw, limits)
        if cache:
            cache.put(digest, bank_file)
    return Bank.model_construct(info=bank_file.bank, questions=bank_file.questions, path=str(path))


def _read(path: Path, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise _error(path, 1, f"file is {size:,} bytes, over the limit of {limits.max_bytes:,}",
                         hint="raise ITIL_APP_MAX_BANK_BYTES if this bank is meant to be this large")
        return path.read_bytes()
    except OSError as exc:
        raise _error(path, 1, f"cannot read the file: {exc.strerror or exc}") from exc


def parse_yaml(path: Path, raw: bytes, limits: Limits) -> tuple[str, Any]:
    """Decode and safely parse a YAML file's bytes behind every guard; return the text and the data.

    Raises BankError naming the line for: not UTF-8, nesting too deep, alias bombs, unsafe tags, bad syntax.
    """
    text = _decode(path, raw)
    if _may_nest_deeply(text):
        _check_depth(path, text)
    if _ANCHOR.search(text):
        _check_aliases(path, text, limits)
    return text, _load_yaml(path, text)


def read_yaml(path: Path, limits: Limits) -> tuple[str, Any]:
    """`parse_yaml` on a file, refusing one over the size limit before reading it."""
    return parse_yaml(path, _read(path, limits), limits)


def _parse(path: Path, raw: bytes, limits: Limits) -> BankFile:
    text, data = parse_yaml(path, raw, limits)
    _check_top_level(path, data)
    try:
        bank_file = BankFile.model_validate(data)
    except ValidationError as exc:
        raise BankError(_validation_problems(path, text, data, exc)) from None
    _check_unique_ids(path, text, bank_file)
    return bank_file


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _error(path, line, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
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
                    raise _error(path, _line(event.start_mark), f"YAML nesting is deeper than {MAX_DEPTH} levels",
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
        raise _error(path, 1, "YAML nesting is too deep") from None
    sizes: dict[int, int] = {}
    if root is not None and _expanded_size(root, sizes, limits.max_nodes) > limits.max_nodes:
        where = _smallest_over(root, sizes, limits.max_nodes).start_mark
        raise _error(path, _line(where), f"the YAML expands to more than {limits.max_nodes:,} values through aliases "
                     "(*name); refusing a possible alias bomb",
                     hint="write the repeated text out instead of using anchors and aliases")


def _smallest_over(node: yaml.Node, sizes: dict[int, int], cap: int) -> yaml.Node:
    """The innermost node that alone expands past `cap`: where the bomb is, rather than the whole document."""
    while True:
        children = _children(node)
        inner = next((child for child in children if sizes.get(id(child), 0) > cap), None)
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
        raise _error(path, _line(mark), message, hint="banks hold plain data: remove the '!' tag") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise _error(path, _line(mark), f"malformed YAML: {exc.problem or exc.context}",
                     hint=_yaml_hint(str(exc.problem))) from None
    except yaml.YAMLError as exc:
        raise _error(path, 1, f"malformed YAML: {exc}") from None
    except RecursionError:
        raise _error(path, 1, "YAML nesting is too deep") from None


def _yaml_hint(problem: str) -> str | None:
    if "mapping values are not allowed" in problem:
        return "quote text that contains ': ' or use a block scalar (|)"
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    return None


def _line(mark: Any) -> int:
    return mark.line + 1 if mark is not None else 1


def _check_top_level(path: Path, data: Any) -> None:
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise _error(path, 1, f"the top level is {kind}; it must be a mapping with 'bank' and 'questions'")
    missing = [key for key in ("bank", "questions") if key not in data]
    if missing:
        names = " and ".join(f"'{key}'" for key in missing)
        raise _error(path, 1, f"missing {names} at the top level", hint=_suggest_for(data, missing))


def _suggest_for(data: dict, missing: list[str]) -> str | None:
    for key in data:
        close = difflib.get_close_matches(str(key), missing, n=1)
        if close:
            return f"'{key}' looks like '{close[0]}'"
    return None


def _check_unique_ids(path: Path, text: str, bank_file: BankFile) -> None:
    first: dict[str, int] = {}
    duplicates: list[tuple[int, str, int]] = []
    for index, question in enumerate(bank_file.questions):
        if question.id in first:
            duplicates.append((index, question.id, first[question.id]))
        else:
            first[question.id] = index
    if not duplicates:
        return
    locate = Locator(text)
    raise BankError([
        Problem(str(path), locate(("questions", index, "id")),
                f"duplicate id; first used at {path}:{locate(('questions', earlier, 'id'))}", question_id=qid)
        for index, qid, earlier in duplicates
    ])


def _error(path: Path, line: int, message: str, hint: str | None = None) -> BankError:
    return BankError([Problem(str(path), line, message, hint=hint)])


# --- mapping pydantic errors to lines -------------------------------------------------------

def _model_for(loc: tuple) -> type:
    """The model whose field the last element of `loc` names."""
    if loc[:1] == ("bank",):
        return BankInfo
    if loc[:1] == ("questions",) and len(loc) >= 4 and loc[2] == "options":
        return Option
    if loc[:1] == ("questions",) and len(loc) >= 3:
        return Question
    return BankFile


def _validation_problems(path: Path, text: str, data: dict, exc: ValidationError) -> list[Problem]:
    locate = Locator(text)
    problems = []
    errors = exc.errors(include_url=False)
    # "no questions" after every question failed is noise beside the real errors.
    errors = [e for e in errors if not (e["type"] == "too_short" and len(errors) > 1)]
    for error in errors:
        loc = tuple(error["loc"])
        message, hint, key_loc = _describe(error, loc)
        problems.append(Problem(str(path), locate(key_loc), message, _question_id(data, loc), hint))
    return problems


def _describe(error: dict, loc: tuple) -> tuple[str, str | None, tuple]:
    kind, name = error["type"], loc[-1] if loc else "document"
    if kind == "extra_forbidden":
        model = _model_for(loc)
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


def _question_id(data: dict, loc: tuple) -> str | None:
    if len(loc) < 2 or loc[0] != "questions" or not isinstance(loc[1], int):
        return None
    questions = data.get("questions")
    try:
        qid = questions[loc[1]].get("id")
    except (TypeError, IndexError, AttributeError, KeyError):
        return None
    return str(qid) if qid is not None else f"#{loc[1] + 1}"


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
            node, line = _child(node, step, line)
            if node is None:
                break
        return line


def _child(node: yaml.Node, step: Any, line: int) -> tuple[yaml.Node | None, int]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == step:
                return value, key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        child = node.value[step]
        return child, child.start_mark.line + 1
    return None, (node.start_mark.line + 1 if node is not None else line)


# --- many banks -----------------------------------------------------------------------------


def bank_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders to the sorted list of bank files."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
        else:
            found.append(path)
    return found


def load_library(paths: Iterable[str | Path], *, limits: Limits | None = None,
                 cache: BankCache | None = None) -> Library:
    """Load every bank under `paths`; broken banks are set aside with their problems, never raised."""
    banks: list[Bank] = []
    broken: dict[str, list[Problem]] = {}
    for path in bank_files(paths):
        try:
            banks.append(load_bank(path, limits=limits, cache=cache))
        except BankError as exc:
            broken[str(path)] = exc.problems
    kept = _drop_cross_bank_duplicates(banks, broken)
    return Library(tuple(kept), broken)


def _drop_cross_bank_duplicates(banks: list[Bank], broken: dict[str, list[Problem]]) -> list[Bank]:
    """Keep the first bank (by path) that uses a bank or question id; report the later ones."""
    bank_ids: dict[str, Bank] = {}
    question_owner: dict[str, Bank] = {}
    kept: list[Bank] = []
    for bank in banks:
        problems = []
        if bank.id in bank_ids:
            other = bank_ids[bank.id].path
            problems.append(Problem(bank.path, _bank_id_line(bank.path),
                                    f"bank id '{bank.id}' is already used by {other}:{_bank_id_line(other)}"))
        clashes = [q.id for q in bank.questions if q.id in question_owner]
        if clashes:
            problems.extend(_clash_problems(bank, clashes, question_owner))
        if problems:
            broken[bank.path] = problems
            continue
        bank_ids[bank.id] = bank
        question_owner.update((q.id, bank) for q in bank.questions)
        kept.append(bank)
    return kept


def _clash_problems(bank: Bank, clashes: list[str], owner: dict[str, Bank]) -> list[Problem]:
    lines = _id_lines(bank.path)
    problems = []
    for qid in clashes:
        other = owner[qid]
        where = f"{other.path}:{_id_lines(other.path).get(qid, 1)}"
        problems.append(Problem(bank.path, lines.get(qid, 1),
                                f"duplicate id; also used in bank '{other.id}' at {where}", question_id=qid))
    return problems


def _bank_id_line(path: str) -> int:
    """Line of `bank: id:` in a bank file (only called for files with a clash)."""
    return Locator(Path(path).read_text(encoding="utf-8"))(("bank", "id"))


def _id_lines(path: str) -> dict[str, int]:
    """Line of each question id in a bank file (only called for files with a clash)."""
    root = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=SafeLoader)
    questions, _ = _child(root, "questions", 1)
    lines: dict[str, int] = {}
    for item in getattr(questions, "value", []):
        node, line = _child(item, "id", 1)
        if node is not None:
            lines.setdefault(str(node.value), line)
    return lines
