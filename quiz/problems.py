"""What is wrong with a file: a `Problem` located by path and line, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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


def error(path: Path, line: int, message: str, hint: str | None = None) -> DocumentError:
    return DocumentError([Problem(str(path), line, message, hint=hint)])
