"""Two app processes on one database (two Stores, two engines) answering and moving one session at once."""

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from classroom import AnswerRefusedError, Classroom, MoveError, StaleClassroomError
from quiz.loader import load_library
from quiz.storage import Store
from tests.conftest import GOOD_BANKS, ROOT

QUESTIONS = load_library([GOOD_BANKS]).questions
QUESTION = "mini-single"
RIGHT, WRONG = 0, 1
STUDENTS = 40


@pytest.fixture
def rooms(database_url):
    """The same database seen from two 'processes': a Store (engine and pool) each."""
    with Store(database_url) as first, Store(database_url) as second:
        yield Classroom(first, QUESTIONS), Classroom(second, QUESTIONS)


def at_once(jobs, workers: int = 16) -> list:
    """Run the jobs from threads, the first `workers` released together; return each result or exception."""
    start = threading.Barrier(min(workers, len(jobs)))

    def run(numbered):
        number, job = numbered
        if number < start.parties:
            start.wait(timeout=30)
        try:
            return job()
        except Exception as error:  # the test inspects what each job met
            return error

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(run, enumerate(jobs)))


def test_every_answer_from_two_processes_arrives_once_with_its_last_choice(rooms):
    trainer, other = rooms
    session = trainer.start([QUESTION, "mini-list"])
    seats = [(trainer if i % 2 else other).join(session.code, f"Student {i}") for i in range(STUDENTS)]
    trainer.next(session.id)
    trainer.open(session.id)

    def answers(seat, room):
        def job():
            room.answer(seat.token, WRONG)
            return room.answer(seat.token, RIGHT)  # changed at once: the upsert keeps one row, the last
        return job

    results = at_once([answers(seat, trainer if i % 2 else other) for i, seat in enumerate(seats)])
    assert [r for r in results if isinstance(r, Exception)] == []
    view = other.trainer_view(session.id)
    assert (view.answered, view.seats, view.counts[RIGHT], view.counts[WRONG]) == (STUDENTS, STUDENTS, STUDENTS, 0)
    stored = trainer._store.classroom_answers(session.id)
    assert sorted(a.seat_id for a in stored) == sorted(s.id for s in seats)


def test_answers_racing_the_close_are_either_stored_or_refused(rooms):
    trainer, other = rooms
    session = trainer.start([QUESTION])
    seats = [other.join(session.code, f"Student {i}") for i in range(STUDENTS)]
    trainer.next(session.id)
    trainer.open(session.id)
    jobs = [lambda seat=seat: other.answer(seat.token, RIGHT) for seat in seats]
    jobs.insert(STUDENTS // 2, lambda: trainer.close(session.id))
    results = at_once(jobs)
    accepted = {r.seat_id for r in results if not isinstance(r, Exception) and hasattr(r, "seat_id")}
    refused = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(r, AnswerRefusedError) for r in refused), refused
    assert len(accepted) + len(refused) == STUDENTS
    assert {a.seat_id for a in trainer._store.classroom_answers(session.id)} == accepted


def test_two_trainer_clicks_at_once_advance_the_session_once(rooms):
    trainer, other = rooms
    session = trainer.start([QUESTION, "mini-list", "mini-multi"])
    for _ in range(5):
        view = trainer.trainer_view(session.id)
        results = at_once([lambda room=room: room.next(session.id) for room in (trainer, other) for _ in range(4)],
                          workers=8)
        moved = [r for r in results if not isinstance(r, Exception)]
        assert len(moved) == 1, results
        assert all(isinstance(r, StaleClassroomError | MoveError) for r in results if r not in moved)
        after = trainer.trainer_view(session.id)
        assert after.version == view.version + 1
        if after.position == 2:
            break
        trainer.open(session.id)
        trainer.close(session.id)
        trainer.reveal(session.id)


@pytest.mark.postgresql
def test_app_processes_starting_at_once_on_a_new_postgresql_database_migrate_it_once(pg_cluster):
    url = pg_cluster.new_database()
    script = "import sys; from quiz.storage import Store; Store(sys.argv[1]).close()"
    starts = [subprocess.Popen([sys.executable, "-c", script, url], cwd=ROOT, stderr=subprocess.PIPE, text=True)
              for _ in range(3)]
    errors = [p.communicate(timeout=120)[1] for p in starts]
    assert [p.returncode for p in starts] == [0, 0, 0], errors
    with Store(url) as store:
        assert store.classrooms() == []
