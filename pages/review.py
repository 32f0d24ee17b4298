"""Review: the questions due again on the spaced-repetition schedule, and the ones last answered wrongly."""

import random
import time

import streamlit as st

from pages.ui.account import require_learner
from pages.ui.answers import practice_step
from pages.ui.choices import named_by, offered
from pages.ui.content import library
from pages.ui.recording import set_confidence
from pages.ui.review import RULE, queues
from quiz.engine import PracticeRound

ROUND, SERIAL = "review.round", "review.serial"
CONFIDENCE = {"sure": "I was sure", "guessed": "I guessed"}


def start(ids: list[str]) -> None:
    known = library().questions
    st.session_state[SERIAL] = st.session_state.get(SERIAL, 0) + 1
    st.session_state[ROUND] = PracticeRound.start([known[q] for q in ids], random.Random(), clock=time.monotonic)


def choose_queue() -> None:
    lists = queues(require_learner("review questions when they are due"))
    labels = {"relearn": f"Due today, to relearn ({len(lists['relearn'])})",
              "refresh": f"Due today, known: to refresh ({len(lists['refresh'])})",
              "mistakes": f"My mistakes ({len(lists['mistakes'])})"}
    which = st.radio("Queue", list(labels), format_func=named_by(labels), key="review.queue", horizontal=True)
    st.caption(RULE + " *To relearn*: your last answer was wrong; *to refresh*: it was right.")
    ids = lists[which]
    if not ids:
        st.info("Nothing here right now. Questions come back here after you answer them anywhere in the app.",
                icon=":material/celebration:")
        return
    count = st.number_input("Questions in this session", 1, len(ids), min(20, len(ids)), key="review.count")
    st.button("Start review", type="primary", key="review.start", on_click=start, args=(ids[:count],))


def confidence(key: str, slot) -> None:
    """After answering: how sure the learner was; a guessed right answer comes back sooner."""
    answer_id = st.session_state.get(f"{key}.answer_id")
    if answer_id is None:
        return
    st.pills("How sure were you? (optional)", list(CONFIDENCE), format_func=named_by(CONFIDENCE),
             key=f"{key}.confidence",
             on_change=lambda: set_confidence(answer_id, slot.question.id,
                                              offered(st.session_state.get(f"{key}.confidence"), CONFIDENCE)))


@st.fragment
def play() -> None:
    practice: PracticeRound | None = st.session_state.get(ROUND)
    if practice is None:  # the round ended in another run of this fragment: back to the whole page
        st.rerun(scope="app")
    if practice.finished:
        st.metric("Reviewed", f"{practice.right} / {len(practice.slots)} right")
        if st.button("Back to the queues", key="review.done"):
            st.session_state.pop(ROUND, None)
            st.rerun(scope="app")
        return
    key = f"review.r{st.session_state[SERIAL]}.q{practice.position + 1}"
    if practice_step(practice, key, "review", after_verdict=lambda slot: confidence(key, slot)):
        st.button("Next question", type="primary", key="review.next", shortcut="Enter", on_click=practice.advance)


st.title("Review")
st.caption("Questions come back on a spaced-repetition schedule (FSRS): soon after a mistake or a guess, "
           "later each time you know them.")
if st.session_state.get(ROUND) is None:
    choose_queue()
else:
    play()
