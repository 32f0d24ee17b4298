"""Load question banks from YAML safely, and report every problem as `path:line: what is wrong`."""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from quiz.models import Bank, BankFile, BankInfo, Option, Question
from quiz.yamldoc import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_NODES,
    DocumentError,
    Limits,
    Locator,
    Problem,
    SafeLoader,
    Schema,
    child,
    describe,
    parse_yaml,
    read_bytes,
    yaml_files,
)

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_NODES", "BankCache", "BankError", "Library", "Limits", "Problem",
           "bank_files", "load_bank", "load_library"]

# Bump when the models change, so cached banks from an older schema are not reused.
SCHEMA_VERSION = "3"
_QUESTIONS = TypeAdapter(tuple[Question, ...])


class BankError(DocumentError):
    """A bank that cannot be served; `problems` says why."""


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

    Entries are `marshal`ed builtin tuples: loading them runs no code (unlike pickle) and is fast. An entry is
    trusted no more than a bank file: it is validated with the same models on the way in, must name the
    digest it was stored under, and is read only from a folder that this user owns and no one else may write
    to; entries are written through `mkstemp` (unpredictable names) and never read through a symbolic link.
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def _file(self, digest: str) -> Path:
        return self.folder / f"{digest}.bank"

    def _usable(self) -> bool:
        """Whether the folder is ours alone: a shared or world-writable folder could hold planted entries."""
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = self.folder.lstat()
        except OSError:
            return False
        return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022

    def get(self, digest: str) -> BankFile | None:
        if not self._usable():
            return None
        try:
            fd = os.open(self._file(digest), os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(fd, "rb") as entry:
                stored, info, questions = marshal.loads(entry.read())
            if stored != digest:
                return None
            bank_file = BankFile.model_construct(bank=BankInfo.model_validate(info),
                                                 questions=_QUESTIONS.validate_python(questions))
            return bank_file if len({q.id for q in bank_file.questions}) == len(bank_file.questions) else None
        except (OSError, EOFError, ValueError, TypeError, ValidationError):
            return None

    def put(self, digest: str, bank_file: BankFile) -> None:
        plain = (digest, bank_file.bank.model_dump(), tuple(q.to_plain() for q in bank_file.questions))
        if not self._usable():
            return
        try:
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as entry:
                entry.write(marshal.dumps(plain))
            os.replace(tmp, self._file(digest))
        except OSError:
            pass  # a cache that cannot be written only costs speed


def load_bank(path: str | Path, *, limits: Limits | None = None, cache: BankCache | None = None) -> Bank:
    """Load and validate one bank file; raise BankError naming file and line on any problem."""
    path = Path(path)
    limits = limits or Limits()
    with SCHEMA.errors():
        raw = read_bytes(path, limits)
    digest = hashlib.sha256(raw + SCHEMA_VERSION.encode()).hexdigest()
    bank_file = cache.get(digest) if cache else None
    if bank_file is None:
        bank_file = _parse(path, raw, limits)
        if cache:
            cache.put(digest, bank_file)
    return Bank.model_construct(info=bank_file.bank, questions=bank_file.questions, path=str(path))


def _model_for(loc: tuple) -> type:
    """The model whose field the last element of `loc` names."""
    if loc[:1] == ("bank",):
        return BankInfo
    if loc[:1] == ("questions",) and len(loc) >= 4 and loc[2] == "options":
        return Option
    if loc[:1] == ("questions",) and len(loc) >= 3:
        return Question
    return BankFile


def _question_context(data: Any, loc: tuple) -> tuple[str, str | None]:
    if len(loc) < 2 or loc[0] != "questions" or not isinstance(loc[1], int):
        return "", None
    try:
        qid = data.get("questions")[loc[1]].get("id")
    except (TypeError, IndexError, AttributeError, KeyError):
        return "", None
    return "", str(qid) if qid is not None else f"#{loc[1] + 1}"


SCHEMA = Schema(BankFile, BankError, lambda error, loc: describe(error, loc, _model_for(loc)),
                keys=("bank", "questions"), context=_question_context)


def _parse(path: Path, raw: bytes, limits: Limits) -> BankFile:
    with SCHEMA.errors():
        text, data = parse_yaml(path, raw, limits)
    bank_file = SCHEMA.validate(path, text, data)
    _check_unique_ids(path, text, bank_file)
    return bank_file


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


# --- many banks -----------------------------------------------------------------------------


def bank_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders to the sorted list of bank files."""
    return yaml_files(paths)


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
    questions, _ = child(root, "questions", 1)
    lines: dict[str, int] = {}
    for item in getattr(questions, "value", []):
        node, line = child(item, "id", 1)
        if node is not None:
            lines.setdefault(str(node.value), line)
    return lines
