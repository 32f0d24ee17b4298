"""Practice: choose questions, answer one at a time, see right or wrong at once, review a summary."""

import random
import time

import streamlit as st

from pages.ui.answers import practice_step
from pages.ui.choices import all_offered, named_by
from pages.ui.content import library, topic_name
from pages.ui.practice_state import ROUND, SERIAL, begin, discard, keep, resume, saved_round
from pages.ui.settings import setting
from quiz.engine import PracticeRound, select_questions


def rng() -> random.Random:
    if "practice.rng" not in st.session_state:
        seed = setting("seed", "")
        st.session_state["practice.rng"] = random.Random(int(seed) if seed else None)
    return st.session_state["practice.rng"]


def offer_saved() -> None:
    """A round left unfinished (reload, another tab): say so, and offer to resume or discard it."""
    saved = saved_round()
    if saved is None:
        return
    total = len(saved.slots)
    with st.container(border=True):
        st.info(f"You have a round in progress: question {min(saved.position + 1, total)} of {total}, "
                f"{saved.right} right of {saved.answered} answered.", icon=":material/pending_actions:")
        buttons = st.container(horizontal=True)
        buttons.button("Resume the round", type="primary", key="practice.resume", on_click=resume)
        buttons.button("Discard it", key="practice.discard", on_click=discard,
                       help="Start afresh; the answers already given stay recorded")


def setup() -> None:
    offer_saved()
    banks = library()
    if not banks.banks:
        st.warning("No question bank could be loaded. See **Bank health** for what is wrong.")
        return
    titles = {bank.id: bank.info.title for bank in banks.banks}
    chosen = st.multiselect("Banks", list(titles), default=list(titles), format_func=named_by(titles),
                            key="practice.banks")
    chosen = all_offered(chosen, titles)
    pool = [q for bank in banks.banks if bank.id in chosen for q in bank.questions]
    topics = st.multiselect("Topics (none chosen = all)", sorted({q.topic for q in pool}, key=topic_name),
                            format_func=topic_name, key="practice.topics")
    levels = st.pills("Difficulty (none chosen = all)", ["easy", "medium", "hard"], selection_mode="multi",
                      key="practice.difficulty")
    matching = [q for q in pool if (not topics or q.topic in topics) and (not levels or q.difficulty in levels)]
    most = max(1, len(matching))
    count = st.number_input(f"Number of questions (1 to {most})", 1, most, min(10, most), key="practice.count")
    st.caption(f"{len(matching)} questions match, so a round has 1 to {most}." if matching else
               "No question matches these choices.")
    if st.button("Start round", type="primary", key="practice.start", disabled=not matching):
        # Shuffle only now, so a fixed seed gives the same round however the filters were reached.
        picked = select_questions(matching, rng(), count=count)
        begin(PracticeRound.start(picked, rng(), clock=time.monotonic))
        st.rerun()


@st.fragment
def play() -> None:
    practice: PracticeRound = st.session_state[ROUND]
    if practice.finished:
        keep(practice)  # no longer kept: nothing left to resume
        summary(practice)
        return
    number, total = practice.position + 1, len(practice.slots)
    if practice_step(practice, f"practice.r{st.session_state[SERIAL]}.q{number}", "practice"):
        label = "See summary" if number == total else "Next question"
        st.button(label, type="primary", key="practice.next", shortcut="Enter", on_click=practice.advance)
    keep(practice)


def summary(practice: PracticeRound) -> None:
    right, total = practice.right, len(practice.slots)
    st.header("Round complete")
    st.metric("Score", f"{right} / {total}", f"{round(100 * right / total)} %", delta_color="off",
              delta_arrow="off")
    table = practice.summary()
    st.dataframe(table.assign(topic=table["topic"].map(topic_name)), hide_index=True, key="practice.summary")
    missed = practice.missed()
    buttons = st.container(horizontal=True)
    buttons.button(f"Retry missed ({len(missed)})", key="practice.retry", disabled=not missed, type="primary",
                   on_click=lambda: begin(practice.retry_missed(rng())))
    if buttons.button("New round", key="practice.new"):
        begin(None)
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
