"""The Practice page's round: kept in the database while unfinished, so a reload or a new tab can resume it.

Only a signed-in learner's round is kept; the answers themselves are recorded as they are given, whatever
happens to the round.
"""

from __future__ import annotations

import logging
import time

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from pages.ui.account import learner_id
from pages.ui.content import library
from pages.ui.store import now, store
from quiz.engine import PracticeRound, RoundStateError

ROUND, SERIAL, SAVED = "practice.round", "practice.serial", "practice.saved_state"
LOG = logging.getLogger("itil_app.practice")


def begin(practice: PracticeRound | None) -> None:
    """Make `practice` the current round (None: none); a new serial keeps its widgets apart from earlier rounds'."""
    st.session_state[SERIAL] = st.session_state.get(SERIAL, 0) + 1
    st.session_state[ROUND] = practice
    keep(practice)


def keep(practice: PracticeRound | None) -> None:
    """Save the round if it changed since the last save; a finished round (or none) is no longer kept."""
    learner = learner_id()
    if learner is None:
        return
    state = None if practice is None or practice.finished else practice.to_state()
    if SAVED in st.session_state and st.session_state[SAVED] == state:
        return
    try:
        if state is None:
            store().discard_round(learner)
        else:
            store().save_round(learner, state, now())
        st.session_state[SAVED] = state
    except SQLAlchemyError:  # the round goes on in this tab; only a reload would lose it
        LOG.exception("could not keep the practice round of profile %s", learner)


def saved_round() -> PracticeRound | None:
    """The round the signed-in learner left unfinished in another tab or before a reload, or None."""
    learner = learner_id()
    state = None if learner is None else store().open_round(learner)
    if not state:
        return None
    try:
        return PracticeRound.from_state(state, library().questions, clock=time.monotonic)
    except RoundStateError as exc:
        LOG.warning("profile %s: saved practice round dropped: %s", learner, exc)
        store().discard_round(learner)
        return None


def resume() -> None:
    practice = saved_round()
    if practice is not None:
        st.session_state[SAVED] = practice.to_state()
        begin(practice)


def discard() -> None:
    st.session_state[SAVED] = None
    if (learner := learner_id()) is not None:
        store().discard_round(learner)
