"""Practice: choose questions, answer one at a time, see right or wrong at once, review a summary."""

import random
import time

import streamlit as st

from pages.ui.answers import practice_step
from pages.ui.choices import all_offered, named_by
from pages.ui.content import library
from pages.ui.settings import setting
from quiz.engine import PracticeRound, select_questions

ROUND = "practice.round"
SERIAL = "practice.serial"


def begin(practice: PracticeRound) -> None:
    """Make `practice` the current round; a new serial keeps its widgets apart from earlier rounds'."""
    st.session_state[SERIAL] = st.session_state.get(SERIAL, 0) + 1
    st.session_state[ROUND] = practice


def rng() -> random.Random:
    if "practice.rng" not in st.session_state:
        seed = setting("seed", "")
        st.session_state["practice.rng"] = random.Random(int(seed) if seed else None)
    return st.session_state["practice.rng"]


def setup() -> None:
    banks = library()
    if not banks.banks:
        st.warning("No question bank could be loaded. See **Bank health** for what is wrong.")
        return
    titles = {bank.id: bank.info.title for bank in banks.banks}
    chosen = st.multiselect("Banks", list(titles), default=list(titles), format_func=named_by(titles),
                            key="practice.banks")
    chosen = all_offered(chosen, titles)
    pool = [q for bank in banks.banks if bank.id in chosen for q in bank.questions]
    topics = st.multiselect("Topics (none chosen = all)", sorted({q.topic for q in pool}), key="practice.topics")
    levels = st.pills("Difficulty (none chosen = all)", ["easy", "medium", "hard"], selection_mode="multi",
                      key="practice.difficulty")
    matching = [q for q in pool if (not topics or q.topic in topics) and (not levels or q.difficulty in levels)]
    count = st.number_input("Number of questions", 1, max(1, len(matching)), min(10, max(1, len(matching))),
                            key="practice.count")
    st.caption(f"{len(matching)} questions match.")
    if st.button("Start round", type="primary", key="practice.start", disabled=not matching):
        # Shuffle only now, so a fixed seed gives the same round however the filters were reached.
        picked = select_questions(matching, rng(), count=count)
        begin(PracticeRound.start(picked, rng(), clock=time.monotonic))
        st.rerun()


@st.fragment
def play() -> None:
    practice: PracticeRound = st.session_state[ROUND]
    if practice.finished:
        summary(practice)
        return
    number, total = practice.position + 1, len(practice.slots)
    if practice_step(practice, f"practice.r{st.session_state[SERIAL]}.q{number}", "practice"):
        label = "See summary" if number == total else "Next question"
        st.button(label, type="primary", key="practice.next", shortcut="Enter", on_click=practice.advance)


def summary(practice: PracticeRound) -> None:
    right, total = practice.right, len(practice.slots)
    st.header("Round complete")
    st.metric("Score", f"{right} / {total}", f"{round(100 * right / total)} %", delta_color="off",
              delta_arrow="off")
    st.dataframe(practice.summary(), hide_index=True, key="practice.summary")
    missed = practice.missed()
    buttons = st.container(horizontal=True)
    buttons.button(f"Retry missed ({len(missed)})", key="practice.retry", disabled=not missed, type="primary",
                   on_click=lambda: begin(practice.retry_missed(rng())))
    if buttons.button("New round", key="practice.new"):
        st.session_state[ROUND] = None
        st.rerun()


def from_link() -> None:
    """`?questions=id,id` (the Classroom's "practise these" link) starts a round on those questions."""
    wanted = st.query_params.pop("questions", "")
    known = library().questions
    picked = [known[qid] for qid in dict.fromkeys(wanted.split(",")) if qid in known]
    if picked:
        begin(PracticeRound.start(picked, rng(), clock=time.monotonic))


st.title("Practice")
if st.query_params.get("questions"):
    from_link()
if st.session_state.get(ROUND) is None:
    setup()
else:
    play()
