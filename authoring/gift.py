"""Moodle's GIFT format, read and written over the bank's question model.

Reading follows Moodle's own parser (question/format/gift/format.php) and its tests: questions are separated
by blank lines; `//` lines are comments; `$CATEGORY:` sets the topic of the questions after it; `::title::`
names a question (its id, slugged and made unique); `[html]`, `[markdown]`, `[plain]` and `[moodle]` mark a
text's format (HTML becomes Markdown); `=` marks the right option and `~` a wrong one, `~%50%` a weighted
one (a positive weight makes it correct: a multiple-answer question); `#` starts an option's feedback (its
`why`) and `####` the general feedback (the `explanation`); `{T}`, `{TRUE}` and `{FALSE#wrong#right}` are
true/false questions; text after the braces makes a missing-word question; `\\=`, `\\~`, `\\#`, `\\{`, `\\}`,
`\\:`, `\\n` and `\\\\` are escapes. Essay, matching, numerical, short-answer and description items are
skipped with a message naming their line.

Writing keeps everything: the topic as `$CATEGORY:`, the id as the title, texts as `[markdown]`, tags as
Moodle's `// [tag:name]` comments and the fields GIFT has no place for in a `// itil-app: {...}` comment
that Moodle ignores and this reader reads back, so importing an export gives back the same questions.

The scanner works like Moodle's: escapes are swapped for private-use characters first, so every later step
is a plain `str.find` or `str.split` on an unescaped delimiter (see bench/bench_gift.py for why this is not
a lark grammar).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from authoring.convert import BLANK, Export, Ids, ImportResult, build, guess_style, skipped, slugify
from authoring.markup import to_markdown
from quiz.models import Question
from quiz.yamldoc import Problem

# Escaped characters stand in as private-use code points while the text is taken apart.
_ESCAPES = {"\\": "\ue000", ":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004", "}": "\ue005",
            "~": "\ue006", "n": "\ue007"}
_ESCAPED = re.compile(r"\\([\\:#=~{}n])")
_RESTORE = str.maketrans({code: ("\n" if char == "n" else char) for char, code in _ESCAPES.items()})
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
_FORMAT = re.compile(r"\s*\[(html|markdown|plain|moodle)\]")
_TAG = re.compile(r"\[tag:([^\]]+)\]")
_META = "itil-app:"
_CONTEXT = re.compile(r"^\$[a-z]+\$/")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def _protect(text: str) -> str:
    return _ESCAPED.sub(lambda m: _ESCAPES[m.group(1)], text)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


def _format(text: str, default: str) -> tuple[str, str]:
    """(format, text without its marker)."""
    match = _FORMAT.match(text)
    return (match.group(1), text[match.end():]) if match else (default, text)


_GAP = "\ue010"  # where a missing word's braces were, until the text is Markdown


def _markdown(text: str, fmt: str) -> str:
    return to_markdown(_restore(text), fmt).replace(_GAP, BLANK)


def _field(text: str, default: str) -> str:
    """A text with its own format marker, or in `default`, as Markdown."""
    fmt, text = _format(text, default)
    return _markdown(text, fmt)


# --- reading --------------------------------------------------------------------------------


def read_gift(text: str, path: str, topic: str, ids: Ids | None = None) -> ImportResult:
    """Every question in a GIFT file; skipped and broken items as problems naming their line."""
    ids = ids or Ids()
    result = ImportResult()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    block: list[tuple[int, str]] = []
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            block.append((number, line))
        elif block:
            topic = _item(block, path, topic, ids, result)
            block = []
    return result


def _item(block: list[tuple[int, str]], path: str, topic: str, ids: Ids, result: ImportResult) -> str:
    """Read one blank-line-separated item into `result`; return the topic for the items after it."""
    comments = [line.strip()[2:] for _, line in block if line.strip().startswith("//")]
    body = [(number, line) for number, line in block if not line.strip().startswith("//")]
    if not body:
        return topic
    line = body[0][0]
    text = _protect("\n".join(text for _, text in body).strip())
    if text.startswith("$CATEGORY:"):
        return _category(_restore(text[len("$CATEGORY:"):]).strip()) or topic
    try:
        data, notes = _question(text, comments, path, line)
    except _Skip as skip:
        result.problems.append(skipped(path, line, skip.kind) if skip.kind else
                               Problem(path, line, f"not imported: {skip.message}"))
        return topic
    data.setdefault("topic", topic)
    data["id"] = ids(data["id"])
    build(data, path, line, result, notes)
    return topic


class _Skip(Exception):
    def __init__(self, kind: str = "", message: str = ""):
        super().__init__(kind or message)
        self.kind, self.message = kind, message


def _category(name: str) -> str | None:
    """`$course$/top/Service relationships` -> 'service-relationships' (context and Moodle's `top` dropped)."""
    name = _CONTEXT.sub("", name)
    name = re.sub(r"^top(/|$)", "", name)
    return slugify(name.replace("/", "-"), fallback="") or None


def _question(text: str, comments: list[str], path: str, line: int) -> tuple[dict[str, Any], list[str]]:
    title = None
    if text.startswith("::"):
        end = text.find("::", 2)
        if end != -1:
            title, text = _restore(text[2:end]).strip(), text[end + 2:].lstrip()
    start, finish = text.find("{"), text.find("}")
    if start == -1 and finish == -1:
        raise _Skip("description")
    if start == -1 or finish < start:
        raise _Skip(message="a '{' or '}' is missing or out of place (escape them as \\{ and \\} in text)")
    answers, after = text[start + 1:finish].strip(), text[finish + 1:]
    stem = text[:start] + (_GAP + after if after.strip() else "")
    general = ""
    if (split := answers.rfind("####")) != -1:
        answers, general = answers[:split].strip(), answers[split + 4:]
    fmt, stem = _format(stem, "moodle")
    kind = _kind(answers)
    if kind != "multichoice" and kind != "truefalse":
        raise _Skip(kind)
    notes: list[str] = []
    options = _choices(answers, fmt, notes) if kind == "multichoice" else _true_false(answers, fmt)
    if len(options) < 2:
        raise _Skip(message=f"the question has {len(options)} option(s); it needs at least 2")
    prompt = _markdown(stem, fmt)
    explanation = _field(general, fmt) if general.strip() else ""
    if not explanation:
        notes.append("no general feedback (####): a placeholder explanation was written")
    style, shuffle = guess_style(prompt, [o["text"] for o in options])
    data: dict[str, Any] = {"id": slugify(title) if title else slugify(_restore(stem).split("\n")[0]),
                            "prompt": prompt, "options": options, "explanation": explanation, "style": style}
    if kind == "truefalse" or not shuffle:
        data["shuffle"] = False
    data.update(_comments(comments, path, line))
    return data, notes


def _kind(answers: str) -> str:
    """The question type as Moodle decides it, from the text between the braces."""
    if not answers:
        return "essay"
    if answers.startswith("#"):
        return "numerical"
    if "~" in answers:
        return "multichoice"
    if "=" in answers and "->" in answers:
        return "matching"
    if answers.split("#", 1)[0].strip() in _TRUE_FALSE:
        return "truefalse"
    return "short-answer"


def _choices(answers: str, fmt: str, notes: list[str]) -> list[dict[str, Any]]:
    options, weights = [], []
    for choice in answers.replace("=", "~=").split("~"):
        choice = choice.strip()
        if not choice:
            continue
        weight = 100.0 if choice.startswith("=") else 0.0
        choice = choice.removeprefix("=").lstrip()
        if match := _WEIGHT.match(choice):
            weight, choice = float(match.group(1)), choice[match.end():]
        answer, _, feedback = choice.partition("#")
        text_fmt, answer = _format(answer, fmt)
        option: dict[str, Any] = {"text": _markdown(answer, text_fmt), "correct": weight > 0}
        if feedback.strip():
            option["why"] = _field(feedback, text_fmt)
        options.append(option)
        weights.append(weight)
    positive = sorted({w for w in weights if w > 0})
    if len(positive) > 1 or (positive and positive[0] < 100 and sum(w > 0 for w in weights) == 1):
        notes.append(f"partial credit ({', '.join(f'{w:g}%' for w in positive)}) became all or nothing: "
                     "every option with a positive weight is a correct one")
    return options


def _true_false(answers: str, fmt: str) -> list[dict[str, Any]]:
    word, *feedback = answers.split("#", 2)
    key = _TRUE_FALSE[word.strip()]
    wrong, right = [*feedback, "", ""][:2]
    options = []
    for value in (True, False):
        option: dict[str, Any] = {"text": "True" if value else "False", "correct": value == key}
        why = right if value == key else wrong
        if why.strip():
            option["why"] = _field(why, fmt)
        options.append(option)
    return options


def _comments(comments: list[str], path: str, line: int) -> dict[str, Any]:
    """Moodle's `[tag:name]` comments, and the fields this app writes in its `itil-app:` comment."""
    extra: dict[str, Any] = {}
    tags = [slugify(tag, fallback="") for comment in comments for tag in _TAG.findall(comment)]
    if tags:
        extra["tags"] = [tag for tag in dict.fromkeys(tags) if tag]
    for comment in comments:
        if comment.strip().startswith(_META):
            try:
                fields = json.loads(comment.strip()[len(_META):])
            except json.JSONDecodeError as exc:
                raise _Skip(message=f"the '// {_META}' comment is not valid JSON: {exc.msg}") from None
            if not isinstance(fields, dict):
                raise _Skip(message=f"the '// {_META}' comment must hold a JSON object")
            extra.update(fields)
    return extra


# --- writing --------------------------------------------------------------------------------

_META_FIELDS = ("style", "shuffle", "scenario", "difficulty", "syllabus", "lint_ok")
_ESCAPE = str.maketrans({"\\": "\\\\", ":": "\\:", "#": "\\#", "=": "\\=", "{": "\\{", "}": "\\}", "~": "\\~",
                         "\n": "\\n"})


def _text(text: str) -> str:
    return "[markdown]" + text.translate(_ESCAPE)


def write_gift(questions: Iterable[Question]) -> Export:
    """The questions in GIFT, everything kept."""
    parts: list[str] = []
    topic = None
    for q in questions:
        if q.topic != topic:
            topic = q.topic
            parts.append(f"$CATEGORY: $course$/{topic}\n")
        parts.append(_write_question(q))
    return Export("\n".join(parts))


def _write_question(q: Question) -> str:
    lines = []
    if q.tags:
        lines.append("// " + " ".join(f"[tag:{tag}]" for tag in q.tags))
    meta = {name: getattr(q, name) for name in _META_FIELDS}
    meta["lint_ok"] = dict(q.lint_ok)
    lines.append(f"// {_META} " + json.dumps(meta, ensure_ascii=False, separators=(", ", ": ")))
    multiple = q.is_multiple_answer
    weight = f"{100 / len(q.correct_indices):.5g}"
    block = ["{"]
    for option in q.options:
        marks = (f"~%{weight}%", "~%-100%") if multiple else ("=", "~")
        mark = marks[0] if option.correct else marks[1]
        why = f"#{_text(option.why)}" if option.why else ""
        block.append(f"\t{mark}{_text(option.text)}{why}")
    block.append(f"\t####{_text(q.explanation)}")
    block.append("}")
    answers = "\n".join(block)
    before, blank, after = q.prompt.partition(BLANK)
    if blank and after.strip() and BLANK not in after and q.style == "missing-word":
        stem = f"{_text(before)}{answers}{after.translate(_ESCAPE)}"  # Moodle's own missing-word form
    else:
        stem = f"{_text(q.prompt)}{answers}"
    lines.append(f"::{q.id.translate(_ESCAPE)}::{stem}")
    return "\n".join(lines) + "\n"
