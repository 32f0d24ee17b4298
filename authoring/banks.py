"""Import files into a bank and export banks: what `python -m quiz import/export` and the Authoring page call.

Saving is all or nothing: the bank's text is written to a temporary file beside the target, loaded back with
the app's own loader (so it passes `python -m quiz validate`), checked against the banks already there for
clashing ids, and only then linked into place, never over an existing file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from authoring.aiken import read_aiken, write_aiken
from authoring.convert import Export, Ids, ImportResult, bank_yaml, slugify
from authoring.gift import read_gift, write_gift
from quiz.loader import BankError, Library, load_bank
from quiz.models import Bank, Question
from quiz.yamldoc import Problem

FORMATS = ("aiken", "gift")
MAX_IMPORT_BYTES = 32 * 1024 * 1024  # as for banks; a 10,000-question GIFT file is about 12 MB
READERS = {"aiken": read_aiken, "gift": read_gift}
_GIFT_HINT = re.compile(r"\{[^}]*[=~]|^::|^\$CATEGORY:", re.MULTILINE)


class SaveError(Exception):
    """A bank that was not saved; `problems` says why. Nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def guess_format(name: str, text: str) -> str:
    """'gift' for .gift files, and for .txt files that read like GIFT (Moodle exports GIFT as .txt too)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".gift":
        return "gift"
    return "gift" if _GIFT_HINT.search(text) else "aiken"


def decode(name: str, raw: bytes) -> tuple[str | None, Problem | None]:
    """A file's text (UTF-8, with or without a byte-order mark), or the problem with it."""
    if len(raw) > MAX_IMPORT_BYTES:
        return None, Problem(name, 1, f"file is {len(raw):,} bytes, over the import limit of {MAX_IMPORT_BYTES:,}")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, Problem(name, line, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                             hint="save the file as UTF-8")


def import_files(files: Sequence[tuple[str, bytes]], *, fmt: str | None = None, topic: str | None = None,
                 taken: Iterable[str] = ()) -> ImportResult:
    """Read every file (name, bytes) into one result; ids are unique among them and avoid `taken`."""
    ids = Ids(taken)
    result = ImportResult()
    for name, raw in files:
        text, problem = decode(name, raw)
        if problem:
            result.problems.append(problem)
            continue
        assert text is not None
        reader = READERS[fmt or guess_format(name, text)]
        result.extend(reader(text, name, topic or slugify(Path(name).stem, fallback="imported"), ids))
    return result


def bank_text(questions: Iterable[Question], bank_id: str, title: str | None = None) -> str:
    return bank_yaml(bank_id, title or bank_id.replace("-", " ").capitalize(), questions)


@dataclass(frozen=True)
class Saved:
    path: Path
    bank: Bank


def save_bank(target: str | Path, text: str, library: Library | None = None, *, overwrite: bool = False) -> Saved:
    """Write a bank's text to `target` only if it loads and clashes with no bank in `library`; else SaveError."""
    target = Path(target)
    if target.suffix not in (".yaml", ".yml"):
        raise SaveError([Problem(str(target), 1, "a bank file name must end in .yaml")])
    if target.exists() and not overwrite:
        raise SaveError([Problem(str(target), 1, "a file of this name already exists; choose another name")])
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        try:
            bank = load_bank(tmp)
        except BankError as exc:
            raise SaveError([Problem(str(target), p.line, p.message, p.question_id, p.hint)
                             for p in exc.problems]) from None
        _check_clashes(target, bank, library)
        if overwrite:
            tmp.replace(target)
        else:
            os.link(tmp, target)  # fails if the name was taken meanwhile: never writes over a bank
    except FileExistsError:
        raise SaveError([Problem(str(target), 1, "a file of this name already exists; choose another name")]) from None
    except OSError as exc:
        raise SaveError([Problem(str(target), 1, f"cannot write the file: {exc.strerror or exc}")]) from None
    finally:
        tmp.unlink(missing_ok=True)
    return Saved(target, Bank.model_construct(info=bank.info, questions=bank.questions, path=str(target)))


def _check_clashes(target: Path, bank: Bank, library: Library | None) -> None:
    if library is None:
        return
    others = [b for b in library.banks if Path(b.path).resolve() != target.resolve()]
    problems = [Problem(str(target), 1, f"bank id '{bank.id}' is already used by {b.path}")
                for b in others if b.id == bank.id]
    owner = {q.id: b for b in others for q in b.questions}
    problems += [Problem(str(target), 1, f"question id already used in bank '{owner[q.id].id}' ({owner[q.id].path})",
                         question_id=q.id) for q in bank.questions if q.id in owner]
    if problems:
        raise SaveError(problems)


def export_bank(questions: Sequence[Question], fmt: str) -> Export:
    """The questions in `fmt`; `left_out` says per question what the format could not hold."""
    if fmt == "aiken":
        return write_aiken(list(questions))
    if fmt == "gift":
        return write_gift(questions)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
