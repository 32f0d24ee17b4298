"""The screens' per-second polls read a few rows through keys and indexes, never a whole table."""

import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import event

from classroom import Classroom
from quiz.loader import load_library
from quiz.storage import Store
from tests.conftest import GOOD_BANKS

QUESTIONS = load_library([GOOD_BANKS]).questions


@pytest.fixture
def running(tmp_path):
    """A SQLite store with two sessions of 30 students each, the first one open with answers."""
    path = tmp_path / "polls.sqlite3"
    with Store(f"sqlite:///{path}") as store:
        room = Classroom(store, QUESTIONS)
        sessions = [room.start(["mini-single", "mini-list"]) for _ in range(2)]
        seats = [room.join(s.code, f"Student {i}") for s in sessions for i in range(30)]
        for session in sessions:
            room.next(session.id)
            room.open(session.id)
        for seat in seats:
            room.answer(seat.token, 0)
        yield store, room, sessions[0], seats[0], path


def statements_of(store: Store, call) -> list[tuple[str, tuple]]:
    seen = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    event.listen(store._engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(store._engine, "before_cursor_execute", record)
    return seen


def plans(path, statements) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [" / ".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", params))
                for sql, params in statements]


@pytest.mark.parametrize("screen", ["trainer", "student"])
def test_a_screen_poll_is_a_few_indexed_reads(running, screen):
    store, room, session, seat, path = running
    call = (lambda: room.trainer_view(session.id)) if screen == "trainer" else (lambda: room.student_view(seat.token))
    statements = statements_of(store, call)
    assert 1 <= len(statements) <= 5
    for plan in plans(path, statements):
        assert plan.startswith("SEARCH") and "SCAN" not in plan, plan


def test_the_trainers_poll_reads_only_the_current_steps_answers(running):
    _store, room, session, _seat, _path = running
    view = room.trainer_view(session.id)
    assert view.answered == 30 and sum(view.counts.values()) == 30  # the other session's 30 are not counted


def test_a_class_of_phones_shares_its_reads_and_a_move_shows_at_once(running):
    store, _room, session, seat, _path = running
    clock = [100.0]
    shared = Classroom(store, QUESTIONS, session_fresh_for=0.5)
    shared._polls._monotonic = lambda: clock[0]  # the cache's own clock, not the session's
    shared.student_view(seat.token)
    again = statements_of(store, lambda: shared.student_view(seat.token))
    assert len(again) == 1, "only the student's own answer is read again within the half second"
    clock[0] += 0.6
    assert len(statements_of(store, lambda: shared.student_view(seat.token))) == 2, "then the session row too"
    shared.close(session.id)
    assert shared.student_view(seat.token).phase.name == "CLOSED", "a move in this process shows at once"


def test_the_poll_cache_keeps_values_by_age_never_none_and_within_its_size():
    from classroom.polls import PollCache

    now = [0.0]
    cache = PollCache(fresh_for=1.0, size=2, monotonic=lambda: now[0])
    loads = []
    value = cache.get("a", lambda: loads.append("a") or "A", fresh_for=1.0)
    assert value == "A" and cache.get("a", lambda: "new", fresh_for=1.0) == "A"
    now[0] = 1.5
    assert cache.get("a", lambda: "new", fresh_for=1.0) == "new"
    assert cache.get("gone", lambda: None) is None and cache.get("gone", lambda: "back") == "back"
    cache.get("b", lambda: "B")
    cache.get("c", lambda: "C")
    assert cache.get("a", lambda: "reloaded") == "reloaded", "the oldest entry went when the size was passed"
