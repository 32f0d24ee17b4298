"""The session's state machine: which move is allowed in which phase, and what each move changes.

    created -> shown -> open -> closed -> revealed -> leaderboard -> shown (next question) ... -> ended

`open` may carry a deadline (the time limit); once it passes the step counts as closed without anyone moving it.
`previous` goes back to the question before (answering is not reopened for a closed question), `skip` leaves a
question out of the scores, `end` ends from anywhere. Functions here are pure: they take the session as read and
the time, and return the changes for `Store.move_classroom`; they raise MoveError when the move is not allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from quiz.storage import ClassroomRecord, StepRecord


class Phase(StrEnum):
    CREATED = "created"
    SHOWN = "shown"
    OPEN = "open"
    CLOSED = "closed"
    REVEALED = "revealed"
    LEADERBOARD = "leaderboard"
    ENDED = "ended"


class MoveError(ValueError):
    """This move is not possible in the session's phase; the message says what is."""


@dataclass(frozen=True)
class Move:
    session: dict = field(default_factory=dict)
    steps: dict[int, dict] = field(default_factory=dict)


def phase_now(record: ClassroomRecord, now: datetime) -> Phase:
    """The phase at `now`: an open step whose deadline has passed is closed."""
    if record.phase == Phase.OPEN and record.deadline is not None and now >= record.deadline:
        return Phase.CLOSED
    return Phase(record.phase)


def closing_time(record: ClassroomRecord, now: datetime) -> datetime:
    """When answering closed or closes: the deadline if it has passed, else now."""
    return min(now, record.deadline) if record.deadline is not None else now


def _require(record: ClassroomRecord, now: datetime, allowed: set[Phase], what: str) -> Phase:
    phase = phase_now(record, now)
    if phase not in allowed:
        raise MoveError(f"cannot {what} while the session is {phase.value}")
    return phase


def _closing(record: ClassroomRecord, now: datetime) -> dict[int, dict]:
    """The step change that closes answering, if the stored state still has it open."""
    if record.phase == Phase.OPEN:
        return {record.position: {"closed_at": closing_time(record, now)}}
    return {}


def _enter(step: StepRecord) -> dict:
    """Go to a step in the phase its history leaves it in."""
    phase = Phase.REVEALED if step.revealed else Phase.CLOSED if step.closed_at is not None else Phase.SHOWN
    return {"position": step.position, "phase": phase.value, "opened_at": step.opened_at, "deadline": None}


def _end(now: datetime) -> dict:
    return {"phase": Phase.ENDED.value, "ended_at": now, "deadline": None}


def open_answers(record: ClassroomRecord, now: datetime) -> Move:
    _require(record, now, {Phase.SHOWN}, "open answering")
    deadline = None if record.time_limit is None else now + timedelta(seconds=record.time_limit)
    return Move({"phase": Phase.OPEN.value, "opened_at": now, "deadline": deadline},
                {record.position: {"opened_at": now, "closed_at": None, "skipped": False}})


def close_answers(record: ClassroomRecord, now: datetime) -> Move:
    _require(record, now, {Phase.OPEN}, "close answering")
    return Move({"phase": Phase.CLOSED.value}, _closing(record, now))


def reveal(record: ClassroomRecord, now: datetime) -> Move:
    _require(record, now, {Phase.CLOSED}, "reveal the answer")
    steps = _closing(record, now)
    steps.setdefault(record.position, {}).update(revealed=True, skipped=False)
    return Move({"phase": Phase.REVEALED.value}, steps)


def show_leaderboard(record: ClassroomRecord, now: datetime) -> Move:
    _require(record, now, {Phase.REVEALED}, "show the leaderboard")
    return Move({"phase": Phase.LEADERBOARD.value})


def next_step(record: ClassroomRecord, steps: Sequence[StepRecord], now: datetime) -> Move:
    phase = _require(record, now, {Phase.CREATED, Phase.REVEALED, Phase.LEADERBOARD}, "go to the next question")
    target = 0 if phase == Phase.CREATED else record.position + 1
    return Move(_enter(steps[target])) if target < len(steps) else Move(_end(now))


def previous_step(record: ClassroomRecord, steps: Sequence[StepRecord], now: datetime) -> Move:
    _require(record, now, {Phase.SHOWN, Phase.CLOSED, Phase.REVEALED, Phase.LEADERBOARD},
             "go back (close answering first)")
    if record.position == 0:
        raise MoveError("this is the first question")
    return Move(_enter(steps[record.position - 1]))


def skip(record: ClassroomRecord, steps: Sequence[StepRecord], now: datetime) -> Move:
    _require(record, now, {Phase.SHOWN, Phase.OPEN, Phase.CLOSED}, "skip a question")
    changes = _closing(record, now)
    changes.setdefault(record.position, {})["skipped"] = True
    target = record.position + 1
    return Move(_enter(steps[target]) if target < len(steps) else _end(now), changes)


def end(record: ClassroomRecord, now: datetime) -> Move:
    _require(record, now, set(Phase) - {Phase.ENDED}, "end the session")
    return Move(_end(now), _closing(record, now))
