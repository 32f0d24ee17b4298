"""Recording answers: into the signed-in learner's profile, or kept in the session for a profile made later.

A write that fails (database locked, read-only, disk full) loses nothing: the answer waits in the session,
the learner is told in plain words that it is not saved yet, the details go to the server's log, and the
next run tries again.
"""

from __future__ import annotations

import logging
from datetime import datetime

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from pages.ui.account import learner_id
from pages.ui.content import bank_id
from pages.ui.store import now, store
from quiz import review
from quiz.engine import Slot, State
from quiz.storage import AnswerRecord

LOG = logging.getLogger("itil_app.recording")
ANONYMOUS, UNSAVED = "records.anonymous", "records.unsaved"
NOT_SAVED = ("{count} answer(s) are not saved yet: the progress database cannot be written to right now. They are "
             "kept in this browser tab and saved as soon as it can; keep the tab open.")


def answer_record(slot: Slot, mode: str, *, exam_id: str | None = None, when: datetime | None = None) -> AnswerRecord:
    question = slot.question
    return AnswerRecord(question.id, bank_id(question), question.content_hash, mode, tuple(slot.order),
                        tuple(sorted(slot.chosen or ())), slot.state is State.RIGHT, slot.seconds,
                        answered_at=when or now(), exam_id=exam_id)


def card_after(learner: int, answer: AnswerRecord) -> tuple[dict | None, tuple[dict, datetime]]:
    """The question's review card before this answer, and after it."""
    before = store().card(learner, answer.question_id)
    return before, review.schedule(before, answer.correct, None, answer.answered_at)


def record(slot: Slot, mode: str, *, exam_id: str | None = None, when: datetime | None = None) -> int | None:
    """Store an answer and reschedule its question's review card; return the answer's id (None if not stored)."""
    answer = answer_record(slot, mode, exam_id=exam_id, when=when)
    learner = learner_id()
    if learner is None:
        st.session_state.setdefault(ANONYMOUS, []).append(answer)
        return None
    try:
        before, card = card_after(learner, answer)
        answer_id = store().record_answer(learner, answer, card=card)
    except SQLAlchemyError:
        LOG.exception("could not record an answer for profile %s; kept in the session to retry", learner)
        st.session_state.setdefault(UNSAVED, []).append((learner, answer))
        st.warning(NOT_SAVED.format(count=len(st.session_state[UNSAVED])), icon=":material/cloud_off:")
        return None
    if mode == "review":  # only Review asks "sure or guessed?", which reschedules from the card before
        st.session_state[f"card.before.{answer_id}"] = (before, answer.correct, answer.answered_at)
    return answer_id


def retry_unsaved() -> None:
    """Try again to store the answers a failed write kept; say plainly if some are still not saved."""
    waiting = st.session_state.get(UNSAVED) or []
    still = []
    for learner, answer in waiting:
        try:
            store().record_answer(learner, answer, card=card_after(learner, answer)[1])
        except SQLAlchemyError:
            LOG.warning("still cannot record an answer for profile %s", learner, exc_info=True)
            still.append((learner, answer))
    st.session_state[UNSAVED] = still
    if still:
        st.warning(NOT_SAVED.format(count=len(still)), icon=":material/cloud_off:")


def save_anonymous_into(learner: int) -> int:
    """Store the answers given before signing in into this profile, in order, with their review cards."""
    answers = st.session_state.pop(ANONYMOUS, None) or []
    for answer in answers:
        st.session_state.setdefault(UNSAVED, []).append((learner, answer))
    retry_unsaved()
    return len(answers)


def set_confidence(answer_id: int, question_id: str, confidence: str | None) -> None:
    """The learner's "sure" or "guessed" after answering: stored, and the card rescheduled from before the answer."""
    learner, kept = learner_id(), st.session_state.get(f"card.before.{answer_id}")
    if learner is None or kept is None:
        return
    before, correct, when = kept
    try:
        store().set_confidence(learner, answer_id, confidence)
        card, due = review.schedule(before, correct, confidence, when)
        store().save_card(learner, question_id, card, due)
    except SQLAlchemyError:
        LOG.exception("could not store a confidence for profile %s", learner)
        st.session_state["records.confidence_failed"] = True
