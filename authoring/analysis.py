"""Item analysis: which questions misbehave once learners answer them.

For every question, over the recorded answers of all learners (each learner's first answer to it by
default, or every answer):

- **responses**, and **facility**: the share of right answers.
- **discrimination**, as Moodle's quiz statistics compute their discrimination index: the correlation
  (Pearson's r) between the item's score (0 or 1) and the rest of the exam's score (the share right of the
  attempt's other questions), over the mock-exam attempts that hold the question. With fewer than
  `MIN_FULL_ATTEMPTS` such attempts it falls back to Kelley's upper/lower 27 % method: learners who answered
  the question are ranked by their share right on all their other questions, and the index is the facility
  of the top 27 % minus that of the bottom 27 %. `method` says which was used.
- how often each option was chosen.

Flags are hints for a human, never verdicts; a question with fewer than `MIN_RESPONSES` responses gets none
and says "not enough data". Everything is vectorised over the answers (pandas and numpy): 100,000 answers
take a few tens of milliseconds (bench/bench_gift.py).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from quiz.models import Question

MIN_RESPONSES = 20  # fewer responses than this: "not enough data", no flags
MIN_FULL_ATTEMPTS = 20  # exam attempts holding the question needed for the correlation method
MIN_EXAM_QUESTIONS = 5  # an exam attempt with fewer answers has no meaningful "rest of the test"
GROUP = 0.27  # upper and lower groups of the fallback method
NEAR_ZERO = 0.1  # discrimination below this (and not negative) is flagged as near zero
EASY, HARD = 0.95, 0.2

CORRELATION = "correlation with the rest of the exam"
UPPER_LOWER = "upper/lower 27 %"
NOT_ENOUGH = "not enough data"

FLAGS = {
    "negative discrimination": "stronger learners got it wrong more often than weaker ones: check the key",
    "near-zero discrimination": "it hardly separates stronger from weaker learners: check for ambiguity",
    "distractor beats key": "a wrong option was chosen more often than the key: check the key and that option",
    "very easy": "almost everyone gets it right: it tells little about who knows the topic",
    "very hard": "fewer than one in five get it right, below chance: check the key and the wording",
}
COLUMNS = ["question_id", "topic", "responses", "facility", "discrimination", "method", "flags", "flag_count",
           "earlier_versions", "options"]


def analyse(questions: Iterable[Question], answers: pd.DataFrame, *, first_attempts: bool = True) -> pd.DataFrame:
    """One row per question (answered or not), most flagged first.

    `answers` has the Store's answer columns: profile_id, question_id, question_hash, chosen (file indices),
    correct, exam_id, answered_at. `options` holds one (text, correct, times chosen) per option.
    """
    questions = list(questions)
    answers = _coded(questions, answers)
    chosen_set = answers.drop_duplicates(["profile_id", "question_id"]) if first_attempts else answers

    grouped = chosen_set.groupby("question_id")["correct"]
    # Plain dicts: looking each question up in a pandas Series costs microseconds, 10,000 times over.
    sizes, facilities = grouped.size().to_dict(), grouped.mean().to_dict()
    correlation = _correlation(answers, first_attempts).to_dict()
    fallback = _upper_lower(chosen_set).to_dict()
    picks = _option_counts(chosen_set)
    older = chosen_set["older"].groupby(chosen_set["question_id"]).sum().to_dict()

    rows = []
    for code, q in enumerate(questions):
        n = int(sizes.get(code, 0))
        facility = float(facilities[code]) if n else np.nan
        chosen = picks.get(code, {})
        options = tuple((o.text, o.correct, int(chosen.get(i, 0))) for i, o in enumerate(q.options))
        if n < MIN_RESPONSES:
            method, discrimination = NOT_ENOUGH, np.nan
        elif code in correlation:
            method, discrimination = CORRELATION, float(correlation[code])
        else:
            method, discrimination = UPPER_LOWER, float(fallback.get(code, np.nan))
        flags = _flags(facility, discrimination, options) if method != NOT_ENOUGH else ()
        rows.append((q.id, q.topic, n, facility, discrimination, method, flags, len(flags),
                     int(older.get(code, 0)), options))
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.sort_values(["flag_count", "discrimination"], ascending=[False, True], na_position="last",
                             kind="stable").reset_index(drop=True)


def _coded(questions: list[Question], answers: pd.DataFrame) -> pd.DataFrame:
    """The answers to these questions, oldest first, with questions and exams as integer codes (grouping on
    codes is several times faster than on strings) and whether each was given to an earlier version."""
    index = pd.Index([q.id for q in questions])
    codes = index.get_indexer(answers["question_id"])
    known = codes >= 0
    answers = answers[known]
    codes = codes[known]
    hashes = np.array([q.content_hash for q in questions], dtype=object)
    exam = answers["exam_id"].where(answers["exam_id"].ne(""))
    coded = pd.DataFrame({
        "profile_id": answers["profile_id"].to_numpy(), "question_id": codes,
        "exam_id": pd.factorize(exam, use_na_sentinel=True)[0], "correct": answers["correct"].to_numpy(bool),
        "chosen": answers["chosen"].to_numpy(), "answered_at": pd.DatetimeIndex(answers["answered_at"]).asi8,
        "older": answers["question_hash"].to_numpy(object) != hashes[codes],
    })
    return coded.sort_values("answered_at", kind="stable")


def _correlation(answers: pd.DataFrame, first_attempts: bool) -> pd.Series:
    """Pearson r of item score and rest-of-exam share, per question with enough exam attempts."""
    exams = answers[answers["exam_id"] >= 0]
    if exams.empty:
        return pd.Series(dtype="float64")
    x = exams["correct"].astype("float64")
    total = x.groupby(exams["exam_id"]).transform("sum")
    size = x.groupby(exams["exam_id"]).transform("size")
    frame = pd.DataFrame({"question_id": exams["question_id"], "profile_id": exams["profile_id"], "x": x,
                          "y": (total - x) / (size - 1).where(size > 1)})[size >= MIN_EXAM_QUESTIONS]
    if first_attempts:  # each learner's first exam that held the question
        frame = frame.drop_duplicates(["profile_id", "question_id"])
    frame = frame.assign(xy=frame["x"] * frame["y"], xx=frame["x"] ** 2, yy=frame["y"] ** 2)
    sums = frame.groupby("question_id")[["x", "y", "xy", "xx", "yy"]].sum()
    n = frame.groupby("question_id").size()
    cov = sums["xy"] - sums["x"] * sums["y"] / n
    var_x = sums["xx"] - sums["x"] ** 2 / n
    var_y = sums["yy"] - sums["y"] ** 2 / n
    r = cov / np.sqrt(var_x * var_y).where((var_x > 1e-12) & (var_y > 1e-12))
    return r[n >= MIN_FULL_ATTEMPTS]


def _upper_lower(answers: pd.DataFrame) -> pd.Series:
    """Facility of the top 27 % of learners minus that of the bottom 27 %, ranked on their other answers."""
    x = answers["correct"].astype("float64")
    right = x.groupby(answers["profile_id"]).transform("sum")
    count = x.groupby(answers["profile_id"]).transform("size")
    frame = pd.DataFrame({"question_id": answers["question_id"], "profile_id": answers["profile_id"], "x": x,
                          "rest": (right - x) / (count - 1).where(count > 1)}).dropna()
    frame = frame.sort_values(["question_id", "rest", "profile_id"], kind="stable")
    rank = frame.groupby("question_id").cumcount()
    size = frame.groupby("question_id")["x"].transform("size")
    k = np.maximum(1, np.round(GROUP * size)).astype("int64")
    upper = frame["x"][rank >= size - k].groupby(frame["question_id"]).mean()
    lower = frame["x"][rank < k].groupby(frame["question_id"]).mean()
    return upper - lower


def _option_counts(answers: pd.DataFrame) -> dict[int, dict[int, int]]:
    exploded = answers[["question_id", "chosen"]].explode("chosen").dropna()
    if exploded.empty:
        return {}
    counts = exploded.groupby(["question_id", exploded["chosen"].astype("int64")]).size()
    out: dict[int, dict[int, int]] = {}
    for (code, index), value in counts.items():
        out.setdefault(int(code), {})[int(index)] = int(value)
    return out


def _flags(facility: float, discrimination: float, options: tuple) -> tuple[str, ...]:
    flags = []
    if not np.isnan(discrimination):
        if discrimination < 0:
            flags.append("negative discrimination")
        elif discrimination < NEAR_ZERO:
            flags.append("near-zero discrimination")
    key_least = min(count for _, correct, count in options if correct)
    if any(count > key_least for _, correct, count in options if not correct):
        flags.append("distractor beats key")
    if facility > EASY:
        flags.append("very easy")
    elif facility < HARD:
        flags.append("very hard")
    return tuple(flags)


def flag_text(flags: Iterable[str]) -> str:
    """The flags as hints a person reads: 'may be: <what it suggests>'."""
    return "; ".join(f"{flag} (hint: {FLAGS[flag]})" for flag in flags)


def report_lines(table: pd.DataFrame) -> list[str]:
    """The table as lines for the command line."""
    lines = []
    for row in table.itertuples(index=False):
        if row.method == NOT_ENOUGH:
            lines.append(f"question '{row.question_id}': {row.responses} responses: not enough data")
            continue
        disc = "n/a" if np.isnan(row.discrimination) else f"{row.discrimination:+.2f}"
        picks = ", ".join(f"{'*' if correct else ''}{chr(65 + i)} {count}"
                          for i, (_, correct, count) in enumerate(row.options))
        line = (f"question '{row.question_id}': {row.responses} responses, facility {row.facility:.2f}, "
                f"discrimination {disc} ({row.method}); chosen: {picks}")
        if row.flags:
            line += "; may need a look: " + flag_text(row.flags)
        lines.append(line)
    flagged = int((table["flag_count"] > 0).sum())
    lines.append(f"{len(table)} questions, {flagged} flagged; flags are hints for a person to check, not verdicts")
    return lines
