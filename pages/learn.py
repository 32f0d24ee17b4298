"""Learn: the model overview, then one view per construct, in the chosen scenario."""

import random
import time

import streamlit as st

from course.models import SCENARIOS
from pages.ui.answers import answer_inputs, check_button, feedback_details, verdict
from pages.ui.content import course, questions_on
from pages.ui.scenario import from_url, scenario, to_url
from pages.ui.titles import set_tab_title
from quiz.engine import PracticeRound, State

course = course()
scenario = scenario()
other = next(s for s in SCENARIOS if s != scenario)
names = {"overview": "Overview of the model", **{c.id: c.name for c in course.constructs}}


def go_to(construct_id: str) -> None:
    st.session_state["construct"] = construct_id


def overview() -> None:
    st.title(course.model.title)
    st.markdown(course.model.overview)
    st.header("The constructs")
    for construct in course.constructs:
        st.button(f"{construct.name}: {construct.summary}", key=f"learn.open.{construct.id}", on_click=go_to,
                  args=(construct.id,), type="tertiary")


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


def construct_view(construct_id: str) -> None:
    construct = course.construct(construct_id)
    st.title(construct.name)
    layers = {layer.id: layer.name for layer in course.model.layers}
    st.caption(f"Layer: {layers.get(construct.layer, 'the whole model')} · {construct.side.capitalize()} side")
    st.markdown(construct.definition)
    st.markdown("\n".join(f"- {point}" for point in construct.key_points))
    side_by_side = st.toggle(f"Show the {SCENARIOS[other].lower()} scenario side by side", key="learn.compare")
    columns = st.columns(2) if side_by_side else [st.container()]
    for column, which in zip(columns, [scenario, other], strict=False):
        with column.container(border=True):
            st.markdown(f"**In the {SCENARIOS[which].lower()} scenario**")
            st.markdown(construct.scenarios[which].example)
            if construct.parts:
                with st.expander("Part by part"):
                    for part in construct.parts:
                        st.markdown(f"**{part.name}**: {part.examples[which]}")
    st.warning(f"**Exam trap.** {construct.exam_trap}", icon=":material/report:")
    st.markdown("**Related constructs**")
    for column, related in zip(st.columns(len(construct.related)), construct.related, strict=True):
        column.button(names[related], key=f"learn.related.{related}", on_click=go_to, args=(related,),
                      icon=":material/arrow_forward:", width="stretch")
    check_yourself(construct_id)


from_url("construct", names, "overview")
choice = st.selectbox("Construct", list(names), format_func=names.get, key="construct")
to_url("construct", choice, "overview")
if choice == "overview":
    set_tab_title("Overview", "Learn")
    overview()
else:
    set_tab_title(f"{names[choice]} ({SCENARIOS[scenario].lower()})", "Learn")
    construct_view(choice)
