"""Leaderboard, results table and hardest questions of a session, from its seats, steps and answers.

Only revealed steps that were not skipped count, so nothing here tells anyone a result before the class sees it.
The leaderboard ranks by correct answers; total answer time breaks ties only. A step not answered counts its
whole open time, so not answering is never faster than answering.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from classroom.names import initials
from classroom.views import QuestionStat, Standing
from quiz.models import Question
from quiz.storage import ClassAnswer, SeatRecord, StepRecord


def counted(steps: Sequence[StepRecord]) -> list[StepRecord]:
    return [step for step in steps if step.revealed and not step.skipped]


def _open_seconds(step: StepRecord) -> float:
    if step.opened_at is None or step.closed_at is None:
        return 0.0
    return max(0.0, (step.closed_at - step.opened_at).total_seconds())


def display_name(nickname: str, names: str, number: int) -> str:
    if names == "on":
        return nickname
    if names == "initials":
        return initials(nickname)
    return f"Student {number}"


def _by_seat(answers: Sequence[ClassAnswer]) -> dict[tuple[int, int], ClassAnswer]:
    return {(a.seat_id, a.position): a for a in answers}


def standings(seats: Sequence[SeatRecord], steps: Sequence[StepRecord], answers: Sequence[ClassAnswer],
              names: str) -> list[Standing]:
    """Every seat, best first: most correct answers, then least total time; equal pairs share a rank."""
    steps = counted(steps)
    given = _by_seat(answers)
    rows = []
    for number, seat in enumerate(seats, start=1):
        mine = [given.get((seat.id, step.position)) for step in steps]
        correct = sum(1 for a in mine if a is not None and a.correct)
        seconds = sum(_open_seconds(s) if a is None else a.seconds for s, a in zip(steps, mine, strict=True))
        rows.append((correct, round(seconds, 3), seat, number))
    rows.sort(key=lambda row: (-row[0], row[1], row[2].id))
    result: list[Standing] = []
    for i, (correct, seconds, seat, number) in enumerate(rows):
        tied = result and (result[-1].correct, result[-1].seconds) == (correct, seconds)
        rank = result[-1].rank if tied else i + 1
        result.append(Standing(rank, seat.id, display_name(seat.nickname, names, number), correct, seconds))
    return result


def results_frame(seats: Sequence[SeatRecord], steps: Sequence[StepRecord],
                  answers: Sequence[ClassAnswer]) -> pd.DataFrame:
    """Students x questions: per counted step "right", "wrong" or "no answer" and the seconds taken.

    Columns: student, correct, seconds, then `Q1`, `Q1 seconds`, `Q2`, ... (the trainer sees real nicknames).
    """
    steps = counted(steps)
    given = _by_seat(answers)
    table: dict[str, list] = {"student": [], "correct": [], "seconds": []}
    for step in steps:
        table[f"Q{step.position + 1}"] = []
        table[f"Q{step.position + 1} seconds"] = []
    for seat in seats:
        mine = [given.get((seat.id, step.position)) for step in steps]
        table["student"].append(seat.nickname)
        table["correct"].append(sum(1 for a in mine if a is not None and a.correct))
        table["seconds"].append(sum(a.seconds for a in mine if a is not None))
        for step, answer in zip(steps, mine, strict=True):
            verdict = "no answer" if answer is None else "right" if answer.correct else "wrong"
            table[f"Q{step.position + 1}"].append(verdict)
            table[f"Q{step.position + 1} seconds"].append(None if answer is None else round(answer.seconds, 1))
    dtypes = {name: "string" for name in table} | {"correct": "int64", "seconds": "float64"}
    dtypes |= {name: "Float64" for name in table if name.endswith(" seconds")}
    return pd.DataFrame({name: pd.Series(values, dtype=dtypes[name]) for name, values in table.items()})


def question_stats(steps: Sequence[StepRecord], answers: Sequence[ClassAnswer],
                   questions: Mapping[str, Question]) -> list[QuestionStat]:
    """Each counted step with how many answered and how many were right, hardest first."""
    stats = []
    for step in counted(steps):
        mine = [a for a in answers if a.position == step.position]
        question = questions.get(step.question_id)
        prompt = question.prompt if question is not None else step.question_id
        stats.append(QuestionStat(step.position, step.question_id, prompt, len(mine), sum(a.correct for a in mine)))
    # Unanswered steps say nothing about difficulty: they go last.
    return sorted(stats, key=lambda s: (s.percent is None, s.percent or 0.0, -(s.answered - s.right), s.position))
