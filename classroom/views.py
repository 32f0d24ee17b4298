"""What each screen gets: the trainer's view of a session, and the student's, which holds no key before the reveal.

`StudentQuestion` is a type of its own with the prompt and the options' texts only: no key, no whys, no
explanation. A `StudentReveal` (the key, the why of the option chosen, the explanation) is built only once the
step is revealed, so a page that renders a StudentView cannot send the key to a phone early.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from classroom.phases import Phase
from quiz.letters import letter
from quiz.models import Question
from quiz.storage import ClassAnswer, StepRecord


@dataclass(frozen=True)
class Seat:
    """A student's place in a session. `token` goes in the student's URL; it is the only way back to the seat."""

    id: int
    session_id: int
    nickname: str
    token: str


@dataclass(frozen=True)
class StudentOption:
    index: int  # the option's index in the question (file order): what `Classroom.answer` takes
    letter: str  # A, B, C... in the order shown
    text: str


@dataclass(frozen=True)
class StudentQuestion:
    """A question as a student may see it before the reveal: prompt and options only."""

    prompt: str
    options: tuple[StudentOption, ...]
    select: int  # how many options to choose


@dataclass(frozen=True)
class StudentReveal:
    """After the reveal: right or wrong, the key, why the chosen option is right or wrong, the explanation."""

    correct: bool | None  # None: the student did not answer
    key: tuple[StudentOption, ...]
    chosen_whys: tuple[tuple[StudentOption, str | None], ...]
    explanation: str


@dataclass(frozen=True)
class StudentView:
    session_id: int
    title: str
    nickname: str
    phase: Phase
    position: int  # 0-based step
    count: int  # steps in the session
    question: StudentQuestion | None  # None while waiting, and at the end
    chosen: tuple[int, ...]  # option indices of the student's answer to this step
    seconds_left: float | None  # while answering is open with a time limit
    reveal: StudentReveal | None  # only once the step is revealed
    rank: int | None  # after a reveal, on the leaderboard and at the end
    score: int | None  # correct answers so far (revealed steps)


@dataclass(frozen=True)
class TrainerView:
    """Everything the trainer's screen shows of a session, the key included (the trainer's page is gated)."""

    session_id: int
    code: str
    title: str
    names: str
    phase: Phase
    position: int
    count: int
    version: int  # pass back with a move, so a stale screen cannot move the session twice
    question: Question | None
    shown: tuple[int, ...]  # option indices in the order shown
    answered: int  # answers to this step so far
    seats: int
    counts: dict[int, int]  # option index -> how many chose it (this step)
    opened_at: datetime | None
    seconds_left: float | None
    time_limit: float | None


@dataclass(frozen=True)
class Standing:
    rank: int  # equal correct answers and equal time share a rank
    seat_id: int
    name: str  # as the trainer chose to show names: the nickname, its initials, or "Student N"
    correct: int
    seconds: float


@dataclass(frozen=True)
class QuestionStat:
    position: int
    question_id: str
    prompt: str
    answered: int
    right: int

    @property
    def percent(self) -> float | None:
        return None if not self.answered else 100 * self.right / self.answered


@dataclass(frozen=True)
class SessionSummary:
    id: int
    code: str
    title: str
    phase: Phase
    steps: int
    seats: int
    created_at: datetime
    ended_at: datetime | None


def _options(question: Question, step: StepRecord, indices: Iterable[int]) -> tuple[StudentOption, ...]:
    wanted = set(indices)
    return tuple(StudentOption(i, letter(at), question.options[i].text)
                 for at, i in enumerate(step.shown) if i in wanted)


def student_question(question: Question, step: StepRecord) -> StudentQuestion:
    """The question as the student may see it before the reveal: no key, no whys, no explanation."""
    return StudentQuestion(question.prompt, _options(question, step, step.shown), len(question.correct_indices))


def student_reveal(question: Question, step: StepRecord, mine: ClassAnswer | None) -> StudentReveal:
    """What the student learns once the step is revealed; `mine` is their answer, if any."""
    chosen = _options(question, step, mine.chosen) if mine else ()
    return StudentReveal(None if mine is None else mine.correct, _options(question, step, question.correct_indices),
                         tuple((option, question.options[option.index].why) for option in chosen),
                         question.explanation)
