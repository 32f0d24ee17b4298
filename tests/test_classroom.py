"""Live classroom sessions on the engine, with an injected clock, on SQLite and on PostgreSQL."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from classroom import (
    CODE_ALPHABET,
    AnswerRefusedError,
    Classroom,
    JoinError,
    MoveError,
    NicknameError,
    Phase,
    StaleClassroomError,
    StudentQuestion,
    clean_code,
    from_banks,
    from_blueprint,
)
from classroom.names import new_code
from quiz.exam.blueprint import load_blueprint
from quiz.loader import load_library
from quiz.storage import Store
from tests.conftest import GOOD_BANKS, ROOT

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
LIBRARY = load_library([GOOD_BANKS])
QUESTIONS = LIBRARY.questions
SINGLE, MULTI, LIST = "mini-single", "mini-multi", "mini-list"
RIGHT = {qid: sorted(q.correct_indices) for qid, q in QUESTIONS.items()}
WRONG = {qid: min(set(range(len(q.options))) - q.correct_indices) for qid, q in QUESTIONS.items()}


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(database_url):
    with Store(database_url) as opened:
        yield opened


@pytest.fixture
def room(store, clock):
    return Classroom(store, QUESTIONS, clock=clock, rng=random.Random(3))


def running(room, ids=(SINGLE, LIST, MULTI), **options):
    """A started session showing its first question."""
    session = room.start(list(ids), **options)
    room.next(session.id)
    return session


# Codes and names


def test_join_codes_are_six_unambiguous_characters():
    assert not set("0O1IL") & set(CODE_ALPHABET)
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200 and all(len(c) == 6 and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert clean_code(" abc-def ") == "ABCDEF" and clean_code("ABC0EF") == "" and clean_code("ABCDE") == ""


def test_join_with_good_duplicate_empty_and_too_long_names(room):
    session = room.start([SINGLE])
    seat = room.join(session.code.lower(), "  Ann\u3000 Lee ")  # NFKC turns the ideographic space into a space
    assert seat.nickname == "Ann Lee" and seat.session_id == session.id and len(seat.token) >= 32
    for duplicate in ("ann lee", "ANN LEE", "Ann  Lee", "Аnn Lee"):  # the last starts with a Cyrillic А
        with pytest.raises(NicknameError, match="already called"):
            room.join(session.code, duplicate)
    with pytest.raises(NicknameError, match="Type a nickname"):
        room.join(session.code, "   ")
    with pytest.raises(NicknameError, match="at most 24 characters; this one has 25"):
        room.join(session.code, "x" * 25)
    assert room.join(session.code, "y" * 24).nickname == "y" * 24
    with pytest.raises(NicknameError, match="U\\+202E"):
        room.join(session.code, "Bea\u202e")
    assert room.seats(session.id) == ["Ann Lee", "y" * 24]


def test_unknown_and_ended_sessions_cannot_be_joined(room):
    with pytest.raises(JoinError, match="No session has this code"):
        room.join("ZZZZZZ", "Ann")
    session = room.start([SINGLE])
    room.end(session.id)
    with pytest.raises(JoinError, match="ended"):
        room.join(session.code, "Ann")


# A whole session


def test_a_session_walks_through_its_phases(room, clock):
    session = room.start([SINGLE, LIST], title="Tuesday")
    ann = room.join(session.code, "Ann")
    assert room.student_view(ann.token).phase == Phase.CREATED and room.student_view(ann.token).question is None
    view = room.next(session.id)
    assert (view.phase, view.position, view.question.id) == (Phase.SHOWN, 0, SINGLE)
    with pytest.raises(AnswerRefusedError):
        room.answer(ann.token, RIGHT[SINGLE])  # shown, not yet open
    with pytest.raises(MoveError, match="cannot reveal"):
        room.reveal(session.id)
    room.open(session.id)
    clock.tick(4)
    room.answer(ann.token, WRONG[SINGLE])
    clock.tick(2)
    room.answer(ann.token, RIGHT[SINGLE])  # changed: the time runs to the last answer
    view = room.trainer_view(session.id)
    assert view.answered == 1 and view.counts[RIGHT[SINGLE][0]] == 1 and view.counts[WRONG[SINGLE]] == 0
    assert room.student_view(ann.token).chosen == tuple(RIGHT[SINGLE])
    room.close(session.id)
    assert room.reveal(session.id).phase == Phase.REVEALED
    assert room.show_leaderboard(session.id).phase == Phase.LEADERBOARD
    assert room.leaderboard(session.id)[0].seconds == 6.0
    assert room.next(session.id).position == 1
    room.open(session.id)
    room.close(session.id)
    room.reveal(session.id)
    assert room.next(session.id).phase == Phase.ENDED  # past the last question
    assert room.student_view(ann.token).phase == Phase.ENDED
    assert [s.phase for s in room.list_sessions()] == [Phase.ENDED]


def test_a_late_answer_after_close_is_refused_and_nothing_is_stored(room, store, clock):
    session = running(room)
    ann, bea = room.join(session.code, "Ann"), room.join(session.code, "Bea")
    room.open(session.id)
    room.answer(ann.token, WRONG[SINGLE])
    room.close(session.id)
    for token, choice in [(ann.token, RIGHT[SINGLE]), (bea.token, RIGHT[SINGLE])]:
        with pytest.raises(AnswerRefusedError, match="closed"):
            room.answer(token, choice)
    stored = store.classroom_answers(session.id)
    assert [(a.seat_id, a.chosen) for a in stored] == [(ann.id, (WRONG[SINGLE],))]


def test_the_time_limit_closes_answering_by_itself(room, store, clock):
    session = running(room, time_limit=20)
    ann = room.join(session.code, "Ann")
    room.open(session.id)
    clock.tick(15)
    assert room.student_view(ann.token).seconds_left == 5.0
    room.answer(ann.token, RIGHT[SINGLE])
    clock.tick(5)
    assert room.trainer_view(session.id).phase == Phase.CLOSED and room.student_view(ann.token).seconds_left is None
    with pytest.raises(AnswerRefusedError, match="time is up"):
        room.answer(ann.token, WRONG[SINGLE])
    assert store.seat_answer(ann.id, 0).chosen == tuple(RIGHT[SINGLE])
    room.reveal(session.id)  # straight from the expired step: no close needed
    assert store.classroom_step(session.id, 0).closed_at == T0 + timedelta(seconds=20)


def test_the_student_sees_no_key_before_the_reveal(room, clock):
    session = running(room, ids=[MULTI])
    ann = room.join(session.code, "Ann")
    question = QUESTIONS[MULTI]
    secrets = [question.explanation, *(o.why for o in question.options if o.why)]
    for move in (None, room.open, room.close):
        if move:
            move(session.id)
        view = room.student_view(ann.token)
        assert type(view.question) is StudentQuestion and view.reveal is None
        assert set(vars(view.question)) == {"prompt", "options", "select"}
        assert {type(o).__name__ for o in view.question.options} == {"StudentOption"}
        assert all(text not in repr(view) for text in secrets)
        assert "correct" not in repr(view.question)
    room.reveal(session.id)
    reveal = room.student_view(ann.token).reveal
    assert reveal.correct is None and {o.index for o in reveal.key} == question.correct_indices
    assert reveal.explanation == question.explanation


def test_after_the_reveal_the_student_sees_right_or_wrong_the_why_and_the_rank(room):
    session = running(room, ids=[LIST])
    ann, bea = room.join(session.code, "Ann"), room.join(session.code, "Bea")
    room.open(session.id)
    room.answer(ann.token, RIGHT[LIST])
    room.answer(bea.token, WRONG[LIST])
    room.close(session.id)
    room.reveal(session.id)
    ann_view, bea_view = room.student_view(ann.token), room.student_view(bea.token)
    assert ann_view.reveal.correct is True and (ann_view.rank, ann_view.score) == (1, 1)
    assert bea_view.reveal.correct is False and (bea_view.rank, bea_view.score) == (2, 0)
    option, why = bea_view.reveal.chosen_whys[0]
    assert option.index == WRONG[LIST] and why == QUESTIONS[LIST].options[WRONG[LIST]].why


def test_a_multiple_answer_question_takes_several_options_up_to_the_number_asked(room):
    session = running(room, ids=[MULTI])
    ann = room.join(session.code, "Ann")
    room.open(session.id)
    assert room.student_view(ann.token).question.select == 2
    with pytest.raises(AnswerRefusedError, match="choose 2"):
        room.answer(ann.token, [0, 1, 2])
    with pytest.raises(AnswerRefusedError, match="options shown"):
        room.answer(ann.token, 9)
    assert room.answer(ann.token, RIGHT[MULTI]).correct


# Leaderboard and results


def play(room, clock, session, answers):
    """Open the current step, give `answers` ({token: (seconds after opening, choice)}), close and reveal."""
    room.open(session.id)
    start = clock.now
    for token, (seconds, choice) in sorted(answers.items(), key=lambda item: item[1][0]):
        clock.now = start + timedelta(seconds=seconds)
        room.answer(token, choice)
    clock.tick(1)
    room.close(session.id)
    room.reveal(session.id)


def test_leaderboard_ranks_correct_answers_first_and_time_breaks_ties_only(room, clock):
    session = running(room, ids=[SINGLE, LIST], names="on")
    ann, bea, cy, dee = (room.join(session.code, name) for name in ("Ann", "Bea", "Cy", "Dee"))
    play(room, clock, session, {ann.token: (9, RIGHT[SINGLE]), bea.token: (2, RIGHT[SINGLE]),
                                cy.token: (1, WRONG[SINGLE]), dee.token: (2, RIGHT[SINGLE])})
    room.next(session.id)
    play(room, clock, session, {ann.token: (1, RIGHT[LIST]), bea.token: (3, RIGHT[LIST]),
                                cy.token: (1, RIGHT[LIST]), dee.token: (3, RIGHT[LIST])})
    board = room.leaderboard(session.id)
    # Ann took longest in all (10 s) but only Cy, fastest of all, has fewer correct answers.
    assert [(s.rank, s.name, s.correct, s.seconds) for s in board] == [
        (1, "Bea", 2, 5.0), (1, "Dee", 2, 5.0), (3, "Ann", 2, 10.0), (4, "Cy", 1, 2.0)]


def test_a_student_who_does_not_answer_counts_the_whole_open_time(room, clock):
    session = running(room, ids=[SINGLE])
    ann = room.join(session.code, "Ann")
    room.join(session.code, "Bea")
    play(room, clock, session, {ann.token: (30, WRONG[SINGLE])})
    assert [(s.name, s.seconds) for s in room.leaderboard(session.id)] == [("Ann", 30.0), ("Bea", 31.0)]


@pytest.mark.parametrize(("names", "shown"), [("on", ["Ann Lee", "Bea"]), ("initials", ["A. L.", "B."]),
                                               ("off", ["Student 1", "Student 2"])])
def test_names_on_the_leaderboard_as_the_trainer_chose(room, clock, names, shown):
    session = running(room, ids=[SINGLE], names=names)
    ann, bea = room.join(session.code, "Ann Lee"), room.join(session.code, "Bea")
    play(room, clock, session, {ann.token: (1, RIGHT[SINGLE]), bea.token: (2, RIGHT[SINGLE])})
    assert [s.name for s in room.leaderboard(session.id)] == shown


def test_results_table_csv_and_hardest_questions(room, clock):
    session = running(room, ids=[SINGLE, LIST, MULTI])
    ann, bea = room.join(session.code, "Ann"), room.join(session.code, "Bea")
    play(room, clock, session, {ann.token: (2, RIGHT[SINGLE]), bea.token: (3, RIGHT[SINGLE])})
    room.next(session.id)
    play(room, clock, session, {ann.token: (4, WRONG[LIST]), bea.token: (5, WRONG[LIST])})
    room.next(session.id)
    room.skip(session.id)  # MULTI is left out of everything
    frame = room.results(session.id)
    assert list(frame.columns) == ["student", "correct", "seconds", "Q1", "Q1 seconds", "Q2", "Q2 seconds"]
    assert frame.to_dict("records")[0] == {"student": "Ann", "correct": 1, "seconds": 6.0, "Q1": "right",
                                           "Q1 seconds": 2.0, "Q2": "wrong", "Q2 seconds": 4.0}
    assert room.results_csv(session.id).splitlines()[2] == "Bea,1,8.0,right,3.0,wrong,5.0"
    hardest = room.hardest(session.id)
    assert [(h.question_id, h.percent) for h in hardest] == [(LIST, 0.0), (SINGLE, 100.0)]
    assert room.missed(session.id) == [LIST]


# Moving back and forth, and stale screens


def test_previous_and_skip(room, clock):
    session = running(room, ids=[SINGLE, LIST, MULTI])
    ann = room.join(session.code, "Ann")
    with pytest.raises(MoveError, match="first question"):
        room.previous(session.id)
    play(room, clock, session, {ann.token: (1, RIGHT[SINGLE])})
    room.next(session.id)
    room.open(session.id)
    with pytest.raises(MoveError, match="close answering first"):
        room.previous(session.id)
    assert room.skip(session.id).position == 2
    view = room.previous(session.id)
    assert (view.position, view.phase) == (1, Phase.CLOSED)  # answering is not reopened
    with pytest.raises(MoveError):
        room.open(session.id)
    view = room.previous(session.id)
    assert (view.position, view.phase) == (0, Phase.REVEALED)
    assert room.student_view(ann.token).reveal.correct is True
    assert room.end(session.id).phase == Phase.ENDED
    with pytest.raises(MoveError):
        room.next(session.id)


def test_a_second_click_on_a_stale_screen_does_not_advance_twice(room, store):
    session = room.start([SINGLE, LIST])
    seen = room.trainer_view(session.id)
    room.next(session.id, version=seen.version)
    with pytest.raises(StaleClassroomError):
        room.next(session.id, version=seen.version)
    assert room.trainer_view(session.id).position == 0


def test_rejoin_after_a_reload_finds_the_same_seat_and_answer(room, store, clock):
    session = running(room)
    ann = room.join(session.code, "Ann")
    room.open(session.id)
    room.answer(ann.token, RIGHT[SINGLE])
    # A new page, a new process: only the token in the URL is left.
    again = Classroom(store, QUESTIONS, clock=clock).rejoin(ann.token)
    assert again == ann
    assert room.student_view(again.token).chosen == tuple(RIGHT[SINGLE])
    assert room.rejoin("not-a-token") is None and room.student_view("not-a-token") is None


def test_two_sessions_at_once_are_kept_apart(room, clock):
    first, second = running(room, ids=[SINGLE]), running(room, ids=[LIST])
    assert first.code != second.code
    ann, bea = room.join(first.code, "Ann"), room.join(second.code, "Ann")  # the same name in another class
    room.open(first.id)
    room.answer(ann.token, RIGHT[SINGLE])
    with pytest.raises(AnswerRefusedError):
        room.answer(bea.token, RIGHT[LIST])  # the second session is not open
    assert room.trainer_view(second.id).answered == 0 and room.trainer_view(first.id).answered == 1
    assert room.seats(first.id) == ["Ann"] and room.seats(second.id) == ["Ann"]
    assert room.student_view(bea.token).question.prompt == QUESTIONS[LIST].prompt


def test_deleting_a_session_deletes_its_seats_and_answers_only(room, store, clock):
    first, second = running(room, ids=[SINGLE]), running(room, ids=[SINGLE])
    ann, bea = room.join(first.code, "Ann"), room.join(second.code, "Bea")
    for session, seat in ((first, ann), (second, bea)):
        room.open(session.id)
        room.answer(seat.token, RIGHT[SINGLE])
    room.delete(first.id)
    assert [s.id for s in room.list_sessions()] == [second.id]
    assert store.classroom_answers(first.id) == [] and store.seats(first.id) == []
    assert room.student_view(ann.token) is None and room.rejoin(ann.token) is None
    assert len(store.classroom_answers(second.id)) == 1
    with pytest.raises(LookupError):
        room.delete(first.id)


def test_a_seat_can_be_linked_to_a_learner_profile(room, store):
    learner = store.create_profile("Learner")
    session = room.start([SINGLE])
    ann = room.join(session.code, "Ann")
    room.link_profile(ann.token, learner.id)
    assert store.seats(session.id)[0].profile_id == learner.id
    store.delete_profile(learner.id)  # the seat stays; only the link goes
    assert store.seats(session.id)[0].profile_id is None


# Choosing questions


def test_questions_from_banks_and_topics_or_a_blueprint():
    rng = random.Random(1)
    questions = list(QUESTIONS.values())
    assert sorted(from_banks(questions, rng, count=5, topics={"consumer-roles"})) == [LIST, MULTI]
    assert len(from_banks(questions, rng, count=2, bank_ids={"mini"}, bank_of=LIBRARY.bank_of())) == 2
    assert from_banks(questions, rng, count=5, bank_ids={"other"}, bank_of=LIBRARY.bank_of()) == []
    shipped = load_library([ROOT / "content" / "questions"]).questions
    blueprint = load_blueprint(ROOT / "content" / "exams" / "itil4-foundation.yaml")
    drawn = from_blueprint(blueprint, shipped.values(), rng, count=10)
    assert len(drawn) == len(set(drawn)) == 10 and set(drawn) <= set(shipped)


def test_joining_with_an_unknown_profile_is_a_lookup_error_not_a_taken_name(room):
    session = room.start([SINGLE])
    with pytest.raises(LookupError):
        room.join(session.code, "Ann", profile_id=999)
    assert room.join(session.code, "Ann").nickname == "Ann"
