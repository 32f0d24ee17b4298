"""The exam page's state: the attempt in this session, resumed from and saved to the database, never stale."""

from __future__ import annotations

import logging
import random
import uuid

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from pages.ui.account import learner_id, require_learner
from pages.ui.content import library
from pages.ui.recording import answer_record, card_after
from pages.ui.store import now, store
from quiz.exam import ExamAttempt, ExamStateError, draw
from quiz.storage import StaleExamError

ATTEMPT, EXAM_ID, VERSION = "exam.attempt", "exam.id", "exam.version"
LOG = logging.getLogger("itil_app.exam")


def current() -> ExamAttempt | None:
    """The learner's exam in progress: from this session, or resumed from the database after a reload."""
    learner = require_learner("take a mock exam")
    if st.session_state.get("exam.learner") == learner and ATTEMPT in st.session_state:
        return st.session_state[ATTEMPT]
    st.session_state.update({"exam.learner": learner, ATTEMPT: None, EXAM_ID: None})
    saved = store().open_exam(learner)
    if saved and load(saved[0]):
        st.session_state["exam.notice"] = "You have an exam in progress: it is resumed where you left off."
    return st.session_state[ATTEMPT]


def load(exam_id: str) -> bool:
    """Take the exam as the database has it (after a reload, or when another tab got there first)."""
    saved = store().exam(learner_id(), exam_id)
    try:
        attempt = ExamAttempt.from_state(saved.state, library().questions)
    except ExamStateError as exc:
        st.warning(f"An unfinished exam could not be resumed: {exc}", icon=":material/warning:")
        return False
    st.session_state.update({ATTEMPT: attempt, EXAM_ID: exam_id, VERSION: saved.version})
    return True


def save(attempt: ExamAttempt, answers=()) -> None:
    """Write the attempt; a stale tab gets the database's copy instead, and a failed write is retried later."""
    result = attempt.result() if attempt.submitted else None
    try:
        st.session_state[VERSION] = store().save_exam(
            learner_id(), st.session_state[EXAM_ID], attempt.blueprint.id, attempt.to_state(),
            total=len(attempt.slots), started_at=attempt.started_at, finished_at=attempt.submitted_at,
            score=result and result.score, passed=result and result.passed,
            version=st.session_state.get(VERSION), answers=answers)
    except StaleExamError:
        load(st.session_state[EXAM_ID])
        st.session_state["exam.notice"] = ("This exam was changed or submitted in another tab or window, so this "
                                           "one now shows it as saved there. Nothing from here was stored.")
        st.session_state["exam.stale"] = True
    except SQLAlchemyError:
        LOG.exception("could not save exam %s", st.session_state[EXAM_ID])
        st.session_state["exam.notice"] = ("Your exam is not saved yet: the progress database cannot be written to "
                                           "right now. Keep this tab open; it is saved with your next step.")


def finish(attempt: ExamAttempt) -> None:
    """Submit (if not yet) and store the result with every answer given, once, in one write."""
    attempt.submit(now())
    learner, exam_id = learner_id(), st.session_state[EXAM_ID]
    answers = []
    for slot in attempt.slots:
        if slot.chosen:
            answer = answer_record(slot, "exam", exam_id=exam_id, when=attempt.submitted_at)
            answers.append((answer, card_after(learner, answer)[1]))
    save(attempt, answers)


def begin(blueprint, extended: bool) -> None:
    rng, questions = random.Random(), list(library().questions.values())
    drawn = draw(blueprint, questions, rng, seen=set(store().question_stats(learner_id())["question_id"]))
    st.session_state.update({ATTEMPT: ExamAttempt.start(blueprint, drawn, rng, now(), extended=extended),
                             EXAM_ID: str(uuid.uuid4()), VERSION: None})
    save(st.session_state[ATTEMPT])


