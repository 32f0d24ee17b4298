"""`validate --strict`: warnings about item-writing flaws that a valid bank can still have.

Each rule has a name; a question accepts a warning by naming the rule with its reason in the bank,
`lint_ok: {negative-wording: "the stem quotes the syllabus"}`, and that warning is no longer reported for it.
Warnings are `Problem`s like the validator's errors, so they print as `path:line: question 'id': warning: ...`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from authoring.convert import LIST_OPTION, PLACEHOLDER
from authoring.similar import THRESHOLD, near_duplicates
from quiz.loader import Library
from quiz.models import Bank, Question
from quiz.yamldoc import Problem, SafeLoader, child

RULES = {
    "longest-key": "the key is the longest option much more often than chance across the bank",
    "all-or-none-of-the-above": "an option says 'all of the above' or 'none of the above'",
    "key-stands-out": "the key is far longer or far shorter than every other option",
    "near-duplicate": "another question asks the same thing in other words",
    "list-options": "a list-style question whose options are not of the form '1 and 2', or that shuffles them",
    "negative-wording": "the prompt asks a negative (NOT, EXCEPT) but the style is not 'negative'",
    "missing-syllabus": "the question has no syllabus tag",
    "placeholder-explanation": "the explanation is the import's placeholder",
    "unknown-lint-ok": "lint_ok names a rule that does not exist",
}

# longest-key: warn when the key is the longest option this unlikely by chance (one-sided binomial test)...
LONGEST_KEY_P = 0.05
LONGEST_KEY_MIN = 8  # ...in banks with at least this many questions where it applies
# key-stands-out: the key is this many times as long as the longest other option (or this share of the
# shortest), and that many characters apart, so one-word terms beside two-word ones are not flagged.
STANDS_OUT_RATIO = 1.5
STANDS_OUT_CHARS = 20
_ABOVE = re.compile(r"\b(?:all|none|both|neither)\s+of\s+(?:the\s+)?(?:above|these|those|them|the\s+options)\b",
                    re.IGNORECASE)
# NOT/EXCEPT in capitals anywhere (as exam writers mark them), or a question sentence that asks with them.
_NEGATIVE_CAPS = re.compile(r"\b(?:NOT|EXCEPT|LEAST)\b")
_NEGATIVE_ASK = re.compile(r"(?:^|[.!?:]\s+)(?:which|what|who|where|when)\b[^.!?]*?\b(?:not|except|least)\b[^.!?]*\?",
                           re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    rule: str
    question: Question | None
    message: str
    field: str | None = None
    hint: str | None = None


def lint(library: Library) -> list[Problem]:
    """Every warning for the loaded banks, in bank and question order; accepted ones left out."""
    problems: list[Problem] = []
    for bank in library.banks:
        lines = _Lines(bank)
        for warning in _bank_warnings(bank):
            if warning.question is not None and warning.rule in warning.question.lint_ok:
                continue
            problems.append(lines.problem(warning))
    problems.extend(_duplicates(library))
    return problems


def _bank_warnings(bank: Bank) -> Iterator[Finding]:
    yield from _longest_key(bank.questions)
    for question in bank.questions:
        for rule in _QUESTION_RULES:
            yield from rule(question)


# --- rules on one question ------------------------------------------------------------------


def _above(q: Question) -> Iterator[Finding]:
    for option in q.options:
        if match := _ABOVE.search(option.text):
            yield Finding("all-or-none-of-the-above", q, f"option {option.text!r} says '{match.group(0)}'",
                           "options", "write the option out; with shuffled options 'above' can point anywhere")


def _single_key(q: Question) -> bool:
    return not q.is_multiple_answer and q.style != "list"


def _stands_out(q: Question) -> Iterator[Finding]:
    if not _single_key(q):
        return
    key = len(q.options[min(q.correct_indices)].text)
    others = [len(o.text) for o in q.options if not o.correct]
    longest, shortest = max(others), min(others)
    if key >= STANDS_OUT_RATIO * longest and key - longest >= STANDS_OUT_CHARS:
        yield Finding("key-stands-out", q, f"the key has {key} characters, the longest other option {longest}",
                       "options", "make the options alike in length and detail")
    elif key * STANDS_OUT_RATIO <= shortest and shortest - key >= STANDS_OUT_CHARS:
        yield Finding("key-stands-out", q, f"the key has {key} characters, the shortest other option {shortest}",
                       "options", "make the options alike in length and detail")


def _list_options(q: Question) -> Iterator[Finding]:
    if q.style != "list":
        return
    odd = [o.text for o in q.options if not LIST_OPTION.fullmatch(o.text)]
    if odd:
        yield Finding("list-options", q, f"option {odd[0]!r} is not of the form '1 and 2'", "options")
    if q.shuffle:
        yield Finding("list-options", q, "a list question shuffles its options", "shuffle",
                       "set 'shuffle: false' so '1 and 2' comes before '1 and 3'")


def _negative(q: Question) -> Iterator[Finding]:
    if q.style == "negative":
        return
    match = _NEGATIVE_CAPS.search(q.prompt) or _NEGATIVE_ASK.search(q.prompt)
    if match:
        yield Finding("negative-wording", q, "the prompt asks a negative question but its style is "
                       f"'{q.style}'", "prompt", "set 'style: negative', or ask the question the positive way")


def _syllabus(q: Question) -> Iterator[Finding]:
    if not q.syllabus:
        yield Finding("missing-syllabus", q, "no syllabus tag", None, "add 'syllabus: \"x.y\"'")


def _placeholder(q: Question) -> Iterator[Finding]:
    if q.explanation == PLACEHOLDER or q.explanation.lstrip().upper().startswith("TODO"):
        yield Finding("placeholder-explanation", q, "the explanation is a placeholder", "explanation",
                       "write why the answer is right")


def _unknown_lint_ok(q: Question) -> Iterator[Finding]:
    for rule in q.lint_ok:
        if rule not in RULES:
            yield Finding("unknown-lint-ok", q, f"lint_ok names an unknown rule '{rule}'", "lint_ok",
                           "rules: " + ", ".join(RULES))


_QUESTION_RULES: tuple[Callable[[Question], Iterator[Finding]], ...] = (
    _above, _stands_out, _list_options, _negative, _syllabus, _placeholder, _unknown_lint_ok)


# --- rules across a bank and across banks ---------------------------------------------------


def longest_key_stats(questions: Iterable[Question]) -> tuple[list[Question], int, float]:
    """(questions whose key is the one longest option, questions where that can be judged, chance share)."""
    judged, hits, chance = 0, [], 0.0
    for q in questions:
        if not _single_key(q):
            continue
        lengths = [len(o.text) for o in q.options]
        longest = max(lengths)
        if lengths.count(longest) > 1:
            continue
        judged += 1
        chance += 1 / len(lengths)
        if lengths.index(longest) in q.correct_indices:
            hits.append(q)
    return hits, judged, chance / judged if judged else 0.0


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p)."""
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(k, n + 1))


def _longest_key(questions: Iterable[Question]) -> Iterator[Finding]:
    hits, judged, chance = longest_key_stats(questions)
    if judged < LONGEST_KEY_MIN or binomial_tail(len(hits), judged, chance) >= LONGEST_KEY_P:
        return
    for q in hits:
        yield Finding("longest-key", q, f"the key is the longest option, as in {len(hits)} of {judged} questions of "
                       f"this bank (chance: {chance * judged:.0f})", "options",
                       "learners learn to pick the longest option: shorten the key or lengthen a distractor")


def _duplicates(library: Library) -> list[Problem]:
    questions = [q for bank in library.banks for q in bank.questions]
    where = {q.id: (bank, i) for bank in library.banks for i, q in enumerate(bank.questions)}
    lines = {bank.id: _Lines(bank) for bank in library.banks}
    problems = []
    for pair in near_duplicates(questions, THRESHOLD):
        first_bank, first_index = where[pair.first]
        second_bank, second_index = where[pair.second]
        first, second = first_bank.questions[first_index], second_bank.questions[second_index]
        if "near-duplicate" in first.lint_ok or "near-duplicate" in second.lint_ok:
            continue
        other = f"{first_bank.path}:{lines[first_bank.id].line(first_index)}"
        problems.append(lines[second_bank.id].problem(Finding(
            "near-duplicate", second, f"asks what question '{first.id}' asks ({other}; similarity "
            f"{pair.score:.0f} of 100)", None, "merge or reword one of them")))
    return problems


# --- where -----------------------------------------------------------------------------------


class _Lines:
    """Lines of the questions (and their fields) of one bank file; the file is composed on first use."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.index = {q.id: i for i, q in enumerate(bank.questions)}
        self._items: list[yaml.Node] | None = None

    def line(self, index: int, field: str | None = None) -> int:
        if self._items is None:
            try:
                root = yaml.compose(Path(self.bank.path).read_text(encoding="utf-8"), Loader=SafeLoader)
                self._items = list(getattr(child(root, "questions", 1)[0], "value", []))
            except (OSError, yaml.YAMLError):
                self._items = []
        if index >= len(self._items):
            return 1
        item = self._items[index]
        if field:
            node, line = child(item, field, item.start_mark.line + 1)
            if node is not None:
                return line
        return item.start_mark.line + 1

    def problem(self, warning: Finding) -> Problem:
        q = warning.question
        line = self.line(self.index[q.id], warning.field) if q is not None else 1
        hint = warning.hint
        if q is not None:
            accept = f"or accept it with 'lint_ok: {{{warning.rule}: why}}'"
            hint = f"{hint}; {accept}" if hint else accept.removeprefix("or ")
        return Problem(self.bank.path, line, f"warning: {warning.rule}: {warning.message}", q.id if q else None, hint)
