"""The store, the learner picker, and recording answers with their review cards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import streamlit as st

from pages.ui.content import bank_id
from pages.ui.settings import setting, settle
from quiz import review
from quiz.engine import Slot, State
from quiz.storage import AnswerRecord, Profile, Store, database_url


@st.cache_resource(show_spinner="Opening the progress database…")
def _store(url: str) -> Store:
    return settle(Store(url))


def store() -> Store:
    """One Store (engine and connection pool) per database URL; schema created or upgraded on first use."""
    return _store(database_url(setting("database_url", "") or None))


def now() -> datetime:
    return datetime.now(UTC)


def learner_picker(container=st.sidebar) -> Profile:
    """Choose the learner whose answers are recorded; the first start creates one called "Learner"."""
    profiles = store().profiles() or [store().create_profile("Learner")]
    names = {p.id: p.name for p in profiles}
    # The widget's state is dropped on runs that do not draw it (presenter mode); the plain key is not.
    if st.session_state.get("learner") not in names:
        kept = st.session_state.get("learner.id")
        st.session_state["learner"] = kept if kept in names else _first(profiles).id
    chosen = container.selectbox("Learner", list(names), format_func=names.get, key="learner")
    st.session_state["learner.id"] = chosen
    with container.popover("New learner", icon=":material/person_add:"):
        st.text_input("Name of the new learner", key="learner.new_name", max_chars=100)
        st.button("Create", key="learner.create", on_click=_create_learner)
        if st.session_state.get("learner.error"):
            st.error(st.session_state["learner.error"])
    return next(p for p in profiles if p.id == chosen)


def _create_learner() -> None:
    try:
        profile = store().create_profile(st.session_state.get("learner.new_name", ""))
    except ValueError as exc:
        st.session_state["learner.error"] = str(exc)
        return
    st.session_state.update({"learner": profile.id, "learner.id": profile.id, "learner.error": None,
                             "learner.new_name": ""})


def learner_id() -> int:
    """The current learner; falls back to the first one when no page has drawn the picker yet."""
    kept = st.session_state.get("learner.id")
    if kept is not None:
        return kept
    return _first(store().profiles() or [store().create_profile("Learner")]).id


def _first(profiles: list[Profile]) -> Profile:
    """The learner a new session starts with: the oldest, not the first by name."""
    return min(profiles, key=lambda p: p.id)


def record(slot: Slot, mode: str, *, exam_id: str | None = None, when: datetime | None = None) -> int:
    """Store an answer and reschedule its question's review card; return the answer's id."""
    question, learner, when = slot.question, learner_id(), when or now()
    correct = slot.state is State.RIGHT
    answer = AnswerRecord(question.id, bank_id(question), question.content_hash, mode, tuple(slot.order),
                          tuple(sorted(slot.chosen or ())), correct, slot.seconds, answered_at=when, exam_id=exam_id)
    before = store().card(learner, question.id)
    answer_id = store().record_answer(learner, answer, card=review.schedule(before, correct, None, when))
    if mode == "review":  # only Review asks "sure or guessed?", which reschedules from the card before
        st.session_state[f"card.before.{answer_id}"] = (before, correct, when)
    return answer_id


def set_confidence(answer_id: int, question_id: str, confidence: str | None) -> None:
    """The learner's "sure" or "guessed" after answering: stored, and the card rescheduled from before the answer."""
    before, correct, when = st.session_state[f"card.before.{answer_id}"]
    store().set_confidence(learner_id(), answer_id, confidence)
    card, due = review.schedule(before, correct, confidence, when)
    store().save_card(learner_id(), question_id, card, due)


def end_of_today() -> datetime:
    """Midnight UTC at the end of the current day: "due today" means due before then."""
    current = now()
    return datetime(current.year, current.month, current.day, tzinfo=UTC) + timedelta(days=1)
