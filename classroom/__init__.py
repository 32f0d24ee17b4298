"""Live classroom sessions: the trainer paces a quiz on the projector, students answer on their phones.

Headless (no Streamlit): every bit of state is in the database through `quiz.storage.Store`, so any number of
app processes serve one class; the pages only render these views and call these moves.

    from classroom import Classroom, from_banks, from_blueprint
    room = Classroom(store, library.questions, clock=utc_now)     # clock: () -> aware datetime (inject in tests)
    ids = from_banks(library.questions.values(), rng, count=10, topics={"service-offering"})
    #   or from_blueprint(blueprint, library.questions.values(), rng, count=10)
    session = room.start(ids, title="Tuesday class", names="on" | "initials" | "off", time_limit=30 or None)
    session.id, session.code                                       # the 6-character join code (CODE_ALPHABET)

Students (no profile needed):
    seat = room.join(code, nickname)           # Seat(id, session_id, nickname, token); JoinError, NicknameError
    room.rejoin(seat.token) -> Seat | None     # after a reload: put the token in the URL (?seat=TOKEN)
    room.student_view(token) -> StudentView | None   # poll it; .question is a StudentQuestion (prompt and
                                                     # options only) and .reveal is None until the reveal
    room.answer(token, option_index)           # an index into question.options (StudentOption.index); may be
                                               # changed until answering closes; AnswerRefusedError after
    room.link_profile(token, profile_id)       # optional: a student's learner profile

The trainer (gate these behind the trainer role in the page):
    room.trainer_view(session_id) -> TrainerView     # phase, question with key, counts per option, answered,
                                                     # seats, seconds_left, version; cheap enough to poll
    room.seats(session_id) -> list[str]              # who has joined
    room.next / open / close / reveal / show_leaderboard / previous / skip / end(session_id, version=view.version)
        -> TrainerView; MoveError when the move is not allowed in this phase, StaleClassroomError when the
           session moved on since `version` (a second click or another process): redraw and carry on
    room.leaderboard(session_id) -> list[Standing]   # correct answers first, total time breaks ties only
    room.results(session_id) -> DataFrame; room.results_csv(session_id) -> str
    room.hardest(session_id, limit=3) -> list[QuestionStat]; room.missed(session_id) -> question ids
    room.list_sessions() -> list[SessionSummary]; room.delete(session_id)

Phases (`Phase`): created -> shown -> open -> closed -> revealed -> leaderboard -> shown ... -> ended.
`next` from created shows the first question; `open` starts answering (and the time limit's countdown, after
which the step is closed without a move); `previous` goes back without reopening answering; `skip` leaves a
question out of the scores; `end` works from anywhere. Only revealed, unskipped questions count in scores.

Modules: `names` (codes, tokens, nicknames), `phases` (the state machine, pure), `views` (what each screen
gets), `scores` (leaderboard, results, hardest), `sources` (choosing questions), `session` (`Classroom`).
"""

from classroom.names import CODE_ALPHABET, NicknameError, clean_code, clean_nickname
from classroom.phases import MoveError, Phase
from classroom.session import Classroom, JoinError, utc_now
from classroom.sources import from_banks, from_blueprint
from classroom.views import (
    QuestionStat,
    Seat,
    SessionSummary,
    Standing,
    StudentOption,
    StudentQuestion,
    StudentReveal,
    StudentView,
    TrainerView,
)
from quiz.storage import AnswerRefusedError, NicknameTakenError, StaleClassroomError

__all__ = [
    "CODE_ALPHABET", "AnswerRefusedError", "Classroom", "JoinError", "MoveError", "NicknameError",
    "NicknameTakenError", "Phase", "QuestionStat", "Seat", "SessionSummary", "StaleClassroomError", "Standing",
    "StudentOption", "StudentQuestion", "StudentReveal", "StudentView", "TrainerView", "clean_code",
    "clean_nickname", "from_banks", "from_blueprint", "utc_now",
]
