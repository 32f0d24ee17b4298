"""Learn: the syllabus by learning outcome, then one view per topic, in the chosen scenario."""

import random
import time

import streamlit as st

from course.models import SCENARIOS
from pages.ui.account import learner_id
from pages.ui.answers import answer_inputs, check_button, feedback_details, verdict
from pages.ui.choices import named_by
from pages.ui.content import course, library, questions_on
from pages.ui.learn import entry_view, outcome_accuracy, overview, step_buttons
from pages.ui.scenario import from_url, scenario, to_url
from pages.ui.store import store
from pages.ui.titles import set_tab_title
from quiz.engine import PracticeRound, State

course = course()
scenario = scenario()
other = next(s for s in SCENARIOS if s != scenario)
names = {"overview": "Overview of the syllabus", **{i: course.entry(i).name for i in course.entry_ids}}


def check_yourself(construct_id: str) -> None:
    """Up to three bank questions on this construct, each graded at once like Practice."""
    key = f"learn.check.{construct_id}"
    on_topic = questions_on(construct_id)
    # Questions set in the other scenario would break the thread of the page; use them only if needed.
    pool = [q for q in on_topic if q.scenario in (None, scenario)] or on_topic
    if key not in st.session_state:
        rng = random.Random()
        picked = rng.sample(pool, min(3, len(pool)))
        st.session_state[key] = [PracticeRound.start([q], rng, clock=time.monotonic) for q in picked]
    rounds: list[PracticeRound] = st.session_state[key]
    right = sum(r.right for r in rounds)
    st.header("Check yourself")
    st.caption(f"{right} of {len(rounds)} right so far.")
    for number, practice in enumerate(rounds, start=1):
        slot, widget_key = practice.slots[0], f"{key}.q{number}"
        with st.container(border=True):
            st.markdown(f"**{number}.** {slot.question.prompt}")
            answer_inputs(slot, widget_key, keyboard=False)
            if slot.state is State.TODO:
                check_button(practice, slot, widget_key, mode="check", shortcut=None)
            else:
                verdict(slot)
                feedback_details(slot)
    st.button("New questions", key=f"{key}.new", on_click=st.session_state.pop, args=(key, None))



from_url("construct", names, "overview")
choice = st.selectbox("Topic", list(names), format_func=named_by(names), key="construct")
to_url("construct", choice, "overview")
if choice == "overview":
    set_tab_title("Overview", "Learn")
    learner = learner_id()
    overview(course, {} if learner is None else outcome_accuracy(course, library(), store().question_stats(learner)))
else:
    set_tab_title(f"{names[choice]} ({SCENARIOS[scenario].lower()})", "Learn")
    entry_view(course, choice, scenario, other, names)
    check_yourself(choice)
    step_buttons(choice, names)
