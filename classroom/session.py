"""`Classroom`: a live session run through the store, so every app process sees and moves the same class."""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy.exc import IntegrityError

from classroom import names as naming
from classroom import phases, scores
from classroom.phases import MoveError, Phase, phase_now
from classroom.polls import PollCache
from classroom.views import (
    QuestionStat,
    Seat,
    SessionSummary,
    Standing,
    StudentView,
    TrainerView,
    student_question,
    student_reveal,
)
from quiz.engine import grade, option_order
from quiz.models import Question
from quiz.storage import (
    AnswerRefusedError,
    ClassAnswer,
    ClassroomRecord,
    NicknameTakenError,
    StaleClassroomError,
    Store,
)

NAME_MODES = ("on", "initials", "off")
MAX_STEPS = 200


class JoinError(ValueError):
    """The code names no session a student can join; the message says so in plain words."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class Classroom:
    """Runs sessions on `store` with questions looked up in `questions` (id -> Question) and time from `clock`."""

    def __init__(self, store: Store, questions: Mapping[str, Question], *,
                 clock: Callable[[], datetime] = utc_now, rng: random.Random | None = None,
                 session_fresh_for: float = 0.0) -> None:
        """`session_fresh_for`: how long a student's poll may reuse the session row (see classroom.polls)."""
        self._store = store
        self._polls = PollCache(fresh_for=session_fresh_for)
        self._questions = questions
        self._clock = clock
        self._rng = rng or random.Random()
        # Derived, never state: standings of a revealed step cannot change until the session's version does.
        self._standings: OrderedDict[tuple[int, int, int], list[Standing]] = OrderedDict()

    # Starting, listing, deleting

    def start(self, question_ids: Sequence[str], *, title: str = "", names: str = "on",
              time_limit: float | None = None) -> SessionSummary:
        """A new session on these questions (in this order), with a fresh join code."""
        if names not in NAME_MODES:
            raise ValueError(f"names must be one of {', '.join(NAME_MODES)}, not {names!r}")
        if not question_ids or len(question_ids) > MAX_STEPS:
            raise ValueError(f"a session has 1 to {MAX_STEPS} questions")
        if time_limit is not None and not 1 <= time_limit <= 3600:
            raise ValueError("the time limit is between 1 second and an hour")
        unknown = [qid for qid in question_ids if qid not in self._questions]
        if unknown:
            raise ValueError(f"unknown question ids: {', '.join(unknown[:5])}")
        steps = [(qid, option_order(self._questions[qid], self._rng)) for qid in question_ids]
        for _ in range(20):
            try:
                session_id = self._store.create_classroom(code=naming.new_code(), title=title.strip()[:200],
                                                          names=names, time_limit=time_limit, steps=steps,
                                                          now=self._clock())
                break
            except IntegrityError:
                continue  # the code was taken: about one in a million per running session
        else:
            raise RuntimeError("could not find a free join code")
        return self._summary(self._store.classroom(session_id))

    def list_sessions(self) -> list[SessionSummary]:
        """Every session, newest first."""
        return [self._summary(record) for record in self._store.classrooms()]

    def delete(self, session_id: int) -> None:
        """Delete a session and everything of it; LookupError if there is none."""
        self._store.delete_classroom(session_id)
        self._polls.forget(("session", session_id))

    def _summary(self, record: ClassroomRecord) -> SessionSummary:
        return SessionSummary(record.id, record.code, record.title, phase_now(record, self._clock()), record.steps,
                              self._store.seat_count(record.id), record.created_at, record.ended_at)

    # Students

    def join(self, code: str, nickname: str, *, profile_id: int | None = None) -> Seat:
        """Seat a student. JoinError for an unknown or ended session, NicknameError for a refused name."""
        record = self._store.classroom_by_code(naming.clean_code(code))
        if record is None:
            raise JoinError("No session has this code. Check the code on the trainer's screen.")
        if record.phase == Phase.ENDED:
            raise JoinError("This session has ended.")
        name = naming.clean_nickname(nickname)
        token = naming.new_token()
        try:
            seat = self._store.add_seat(record.id, nickname=name, name_key=naming.nickname_key(name),
                                        token_hash=naming.token_hash(token), now=self._clock(),
                                        profile_id=profile_id)
        except NicknameTakenError as error:
            raise naming.NicknameError(f"Someone in this session is already called {name!r} (or a name that "
                                       "looks the same). Choose another nickname.") from error
        return Seat(seat.id, record.id, name, token)

    def rejoin(self, token: str) -> Seat | None:
        """The seat a rejoin token belongs to (after a reload or a lost connection), or None."""
        seat = self._store.seat_by_token(naming.token_hash(token)) if token else None
        return None if seat is None else Seat(seat.id, seat.session_id, seat.nickname, token)

    def link_profile(self, token: str, profile_id: int | None) -> None:
        """Link the seat's answers to a learner profile (None unlinks); LookupError for an unknown seat."""
        seat = self._store.seat_by_token(naming.token_hash(token))
        if seat is None:
            raise LookupError("no seat with this token")
        self._store.link_seat(seat.id, profile_id)

    def answer(self, token: str, choice: int | Iterable[int]) -> ClassAnswer:
        """Answer (or change the answer to) the open question; AnswerRefusedError, storing nothing, otherwise."""
        seat = self._store.seat_by_token(naming.token_hash(token))
        if seat is None:
            raise AnswerRefusedError("this seat is not in any session")
        record = self._store.classroom(seat.session_id)
        step = self._store.classroom_step(seat.session_id, record.position) if record else None
        if step is None:
            raise AnswerRefusedError("this session no longer exists")
        question = self._questions.get(step.question_id)
        if question is None:
            raise AnswerRefusedError("this question is no longer in the banks")
        chosen = sorted({choice} if isinstance(choice, int) else set(choice))
        if not chosen or any(not 0 <= i < len(question.options) for i in chosen):
            raise AnswerRefusedError("choose one of the options shown")
        if len(chosen) > len(question.correct_indices):
            raise AnswerRefusedError(f"choose {len(question.correct_indices)} options")
        return self._store.put_answer(seat, step.position, chosen, grade(question, chosen), self._clock())

    def student_view(self, token: str) -> StudentView | None:
        """What the student's phone shows now, or None if the token is unknown (or the session deleted)."""
        seat = self._polled_seat(token)
        record = (self._polls.get(("session", seat.session_id), lambda: self._store.classroom(seat.session_id),
                                  fresh_for=self._polls.fresh_for) if seat else None)
        if record is None:
            return None
        now = self._clock()
        phase = phase_now(record, now)
        step = self._polls.get(("step", record.id, record.position, record.version),
                               lambda: self._store.classroom_step(record.id, record.position))
        mine = self._store.seat_answer(seat.id, record.position)
        chosen = () if mine is None else mine.chosen
        question = self._questions.get(step.question_id)
        asking = phase not in (Phase.CREATED, Phase.ENDED) and question is not None
        rank = score = None
        if phase in (Phase.REVEALED, Phase.LEADERBOARD, Phase.ENDED):
            mine_standing = next((s for s in self._cached_standings(record) if s.seat_id == seat.id), None)
            if mine_standing is not None:
                rank, score = mine_standing.rank, mine_standing.correct
        return StudentView(
            record.id, record.title, seat.nickname, phase, record.position, record.steps,
            student_question(question, step) if asking else None, chosen, _seconds_left(record, phase, now),
            student_reveal(question, step, mine) if asking and step.revealed else None, rank, score)

    def _polled_seat(self, token: str) -> Seat | None:
        if not token:
            return None
        hashed = naming.token_hash(token)
        return self._polls.get(("seat", hashed), lambda: self._store.seat_by_token(hashed))

    # The trainer

    def trainer_view(self, session_id: int) -> TrainerView:
        """What the trainer's screen shows now (a few indexed reads: fine to poll every second)."""
        record = self._record(session_id)
        now = self._clock()
        phase = phase_now(record, now)
        step = self._store.classroom_step(record.id, record.position)
        counts: dict[int, int] = dict.fromkeys(step.shown, 0)
        answers = self._store.step_answers(record.id, record.position)
        for answer in answers:
            for index in answer.chosen:
                counts[index] = counts.get(index, 0) + 1
        question = self._questions.get(step.question_id) if phase not in (Phase.CREATED, Phase.ENDED) else None
        return TrainerView(record.id, record.code, record.title, record.names, phase, record.position,
                           record.steps, record.version, question, step.shown, len(answers),
                           self._store.seat_count(record.id), counts, record.opened_at,
                           _seconds_left(record, phase, now), record.time_limit)

    def seats(self, session_id: int) -> list[str]:
        """The nicknames of who has joined, in the order they joined."""
        return [seat.nickname for seat in self._store.seats(session_id)]

    def open(self, session_id: int, *, version: int | None = None) -> TrainerView:
        return self._move(session_id, version, lambda r, s, now: phases.open_answers(r, now))

    def close(self, session_id: int, *, version: int | None = None) -> TrainerView:
        return self._move(session_id, version, lambda r, s, now: phases.close_answers(r, now))

    def reveal(self, session_id: int, *, version: int | None = None) -> TrainerView:
        return self._move(session_id, version, lambda r, s, now: phases.reveal(r, now))

    def show_leaderboard(self, session_id: int, *, version: int | None = None) -> TrainerView:
        return self._move(session_id, version, lambda r, s, now: phases.show_leaderboard(r, now))

    def next(self, session_id: int, *, version: int | None = None) -> TrainerView:
        return self._move(session_id, version, phases.next_step)

    def previous(self, session_id: int, *, version: int | None = None) -> TrainerView:
        return self._move(session_id, version, phases.previous_step)

    def skip(self, session_id: int, *, version: int | None = None) -> TrainerView:
        return self._move(session_id, version, phases.skip)

    def end(self, session_id: int, *, version: int | None = None) -> TrainerView:
        return self._move(session_id, version, lambda r, s, now: phases.end(r, now))

    def _move(self, session_id: int, version: int | None, rule) -> TrainerView:
        record = self._record(session_id)
        if version is not None and version != record.version:
            raise StaleClassroomError("the session moved on since this screen was drawn")
        steps = self._store.classroom_steps(session_id)
        move = rule(record, steps, self._clock())
        self._store.move_classroom(session_id, record.version, move.session, move.steps)
        self._polls.forget(("session", session_id))  # this process's phones see the move at once
        return self.trainer_view(session_id)

    def _record(self, session_id: int) -> ClassroomRecord:
        record = self._store.classroom(session_id)
        if record is None:
            raise LookupError(f"no classroom session with id {session_id}")
        return record

    # Scores

    def leaderboard(self, session_id: int) -> list[Standing]:
        """Best first over the revealed questions; names as the trainer chose to show them."""
        return list(self._cached_standings(self._record(session_id)))

    def results(self, session_id: int) -> pd.DataFrame:
        """Students x revealed questions: right/wrong/no answer and seconds (see `scores.results_frame`)."""
        self._record(session_id)
        return scores.results_frame(self._store.seats(session_id), self._store.classroom_steps(session_id),
                                    self._store.classroom_answers(session_id))

    def results_csv(self, session_id: int) -> str:
        return self.results(session_id).to_csv(index=False)

    def hardest(self, session_id: int, limit: int = 3) -> list[QuestionStat]:
        """The revealed questions the class got wrong most, hardest first."""
        self._record(session_id)
        stats = scores.question_stats(self._store.classroom_steps(session_id),
                                      self._store.classroom_answers(session_id), self._questions)
        return stats[:limit]

    def missed(self, session_id: int) -> list[str]:
        """Ids of the revealed questions at least one student got wrong (for a Practice round on them)."""
        self._record(session_id)
        stats = scores.question_stats(self._store.classroom_steps(session_id),
                                      self._store.classroom_answers(session_id), self._questions)
        return sorted({s.question_id for s in stats if s.answered > s.right})

    def _cached_standings(self, record: ClassroomRecord) -> list[Standing]:
        # A late joiner adds a seat without a move, hence the count in the key.
        key = (record.id, record.version, self._store.seat_count(record.id))
        found = self._standings.get(key)
        if found is None:
            found = scores.standings(self._store.seats(record.id), self._store.classroom_steps(record.id),
                                     self._store.classroom_answers(record.id), record.names)
            self._standings[key] = found
            # Page threads share this object: another may evict at the same time.
            while len(self._standings) > 64:
                try:
                    self._standings.popitem(last=False)
                except KeyError:
                    break
        return found


def _seconds_left(record: ClassroomRecord, phase: Phase, now: datetime) -> float | None:
    if phase != Phase.OPEN or record.deadline is None:
        return None
    return max(0.0, (record.deadline - now).total_seconds())


__all__ = ["Classroom", "JoinError", "MoveError", "utc_now"]
