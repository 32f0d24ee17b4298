"""Moodle's Aiken format: single-answer multiple choice, no feedback.

    Which dimension covers the bank's own staff?
    A. Organizations and people
    B) Partners and suppliers
    C.Information and technology
    ANSWER: A

The question is one or more lines, then options `A.` or `A)` (with or without a space), then `ANSWER: X`;
a blank line ends a question. A question without `ANSWER:`, with fewer than two options, or whose answer
letter names no option is reported with its line and skipped; the questions around it still import. Aiken
has no formats: text is taken as written (Markdown).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from authoring.convert import Export, Ids, ImportResult, build, guess_style, slugify
from quiz.models import Question
from quiz.yamldoc import Problem

_OPTION = re.compile(r"([A-Z])[.)]\s*(.*)")
# A question's first line is always its text unless it is "A. text" (with the space): it may start "A.I. is..."
_OPTION_SPACED = re.compile(r"([A-Z])[.)]\s+(\S.*)")
_ANSWER = re.compile(r"ANSWER\s*:\s*(.*)")
_LETTER = re.compile(r"([A-Z])\s*[.)]?")


@dataclass
class _Draft:
    line: int
    prompt: list[str]
    options: list[tuple[str, str]] = field(default_factory=list)  # (letter, text)
    broken: bool = False


def read_aiken(text: str, path: str, topic: str, ids: Ids | None = None) -> ImportResult:
    """Every question in an Aiken file; the broken ones as problems naming their line."""
    ids = ids or Ids()
    result = ImportResult()
    draft: _Draft | None = None

    def fail(line: int, message: str) -> None:
        result.problems.append(Problem(path, line, f"not imported: {message}"))

    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = raw.strip()
        if not line:
            if draft and not draft.broken:
                fail(draft.line, "the question has no 'ANSWER:' line")
            draft = None
            continue
        answer, option = _ANSWER.fullmatch(line), _OPTION.fullmatch(line)
        if draft is None:
            if answer:
                fail(number, "'ANSWER:' line without a question before it")
                draft = _Draft(number, [], broken=True)
            elif _OPTION_SPACED.fullmatch(line):
                fail(number, f"option '{line[0]}' comes before any question text")
                draft = _Draft(number, [], broken=True)
            else:
                draft = _Draft(number, [line])
            continue
        if draft.broken:
            if answer:
                draft = None
            continue
        if answer:
            _finish(draft, answer.group(1).strip(), number, path, topic, ids, result)
            draft = None
        elif option:
            letter, option_text = option.groups()
            expected = string.ascii_uppercase[len(draft.options)]
            if letter != expected:
                fail(number, f"option '{letter}' where '{expected}' was expected")
                draft.broken = True
            else:
                draft.options.append((letter, option_text.strip()))
        elif draft.options:
            fail(number, "expected an option ('A.' or 'A)') or the 'ANSWER:' line")
            draft.broken = True
        else:
            draft.prompt.append(line)
    if draft and not draft.broken:
        fail(draft.line, "the question has no 'ANSWER:' line")
    return result


def _finish(draft: _Draft, answer: str, line: int, path: str, topic: str, ids: Ids, result: ImportResult) -> None:
    letters = [letter for letter, _ in draft.options]
    if len(letters) < 2:
        result.problems.append(Problem(path, draft.line, f"not imported: the question has {len(letters)} option(s); "
                                                         "it needs at least 2"))
        return
    match = _LETTER.fullmatch(answer)
    if not match or match.group(1) not in letters:
        named = f"'{answer}'" if answer else "nothing"
        result.problems.append(Problem(path, line, f"not imported: ANSWER: names {named}; the options are "
                                                   f"{letters[0]} to {letters[-1]}"))
        return
    prompt = "\n".join(draft.prompt)
    options = [{"text": text, "correct": letter == match.group(1)} for letter, text in draft.options]
    style, shuffle = guess_style(prompt, [o["text"] for o in options])
    data = {"id": ids(slugify(prompt)), "topic": topic, "prompt": prompt, "options": options, "style": style,
            "shuffle": shuffle}
    build(data, path, draft.line, result, notes=["Aiken has no explanation: a placeholder was written"])


# --- writing --------------------------------------------------------------------------------


def write_aiken(questions: list[Question]) -> Export:
    """The questions in Aiken; multiple-answer questions cannot be written and are listed as skipped."""
    blocks: list[str] = []
    left_out: dict[str, tuple[str, ...]] = {}
    skipped: list[str] = []
    for q in questions:
        if q.is_multiple_answer:
            skipped.append(q.id)
            left_out[q.id] = (f"the whole question: it has {len(q.correct_indices)} correct options and Aiken "
                              "holds one",)
            continue
        lost = _losses(q)
        lines = [line.strip() for line in q.prompt.splitlines() if line.strip()]
        if len(lines) < len(q.prompt.splitlines()):
            lost.append("the blank lines of the prompt (a blank line ends an Aiken question)")
        if any(_OPTION_SPACED.fullmatch(line) or _ANSWER.fullmatch(line) for line in lines[1:]):
            lost.append("a prompt line that reads as an option or an answer (check the file)")
        letters = string.ascii_uppercase
        lines += [f"{letters[i]}. {' '.join(o.text.split())}" for i, o in enumerate(q.options)]
        lines.append(f"ANSWER: {letters[min(q.correct_indices)]}")
        blocks.append("\n".join(lines))
        left_out[q.id] = tuple(lost)
    return Export("\n\n".join(blocks) + "\n" if blocks else "", left_out, tuple(skipped))


def _losses(q: Question) -> list[str]:
    lost = ["id", "topic", "explanation"]
    whys = sum(1 for o in q.options if o.why)
    if whys:
        lost.append(f"the why of {whys} option(s)")
    lost.append(f"difficulty ({q.difficulty})")
    for name in ("scenario", "syllabus"):
        if getattr(q, name):
            lost.append(f"{name} ({getattr(q, name)})")
    if q.style != "standard":
        lost.append(f"style ({q.style})")
    if not q.shuffle:
        lost.append("shuffle: false")
    if q.tags:
        lost.append("tags")
    if q.lint_ok:
        lost.append("lint_ok")
    return lost

