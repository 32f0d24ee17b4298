"""Present: a trainer's step-through of the model, layer by layer, and questions shown to a class."""

import random

import streamlit as st

from course.figures import model_figure
from course.system_figures import svs_figure, value_chain_figure
from pages.ui.content import course, library
from pages.ui.diagram import stream_steps
from pages.ui.scenario import scenario as chosen_scenario
from pages.ui.scenario import scenario_switch
from quiz.engine import select_questions

presenting = st.query_params.get("present") == "1"
course = course()
layers = course.model.layers
STEP, QUESTION, REVEAL = "present.step", "present.question", "present.reveal"

if presenting:
    # Static style only, no user or bank text: large type for a projector.
    st.html("<style>.stMainBlockContainer p, .stMainBlockContainer li {font-size: 1.45rem; line-height: 1.5}"
            ".stMainBlockContainer h1 {font-size: 2.6rem}</style>")


def header() -> str:
    left, middle, right = st.columns([3, 3, 2], vertical_alignment="center")
    left.title("Present")
    # In presenter mode there is no sidebar, so the scenario switch comes onto the page.
    scenario = scenario_switch(middle) if presenting else chosen_scenario()
    if presenting and not right.toggle("Presenter mode", value=True, key="present.on"):
        del st.query_params["present"]
        st.rerun()
    if not presenting and right.button("Full screen", key="present.start", icon=":material/fullscreen:"):
        st.switch_page("pages/present.py", query_params={"present": "1", "scenario": scenario})
    return scenario


def move(delta: int) -> None:
    st.session_state[STEP] = min(len(layers), max(1, st.session_state.get(STEP, 1) + delta))


def walkthrough(scenario: str) -> None:
    step = st.session_state.setdefault(STEP, 1)
    layer = layers[step - 1]
    back, progress, forward = st.columns([1, 4, 1], vertical_alignment="center")
    back.button("Back", key="present.back", shortcut="Left", on_click=move, args=(-1,), disabled=step == 1,
                width="stretch")
    progress.progress(step / len(layers), text=f"Step {step} of {len(layers)}: {layer.name}")
    forward.button("Next", key="present.next", shortcut="Right", on_click=move, args=(1,),
                   disabled=step == len(layers), width="stretch")
    figure, words = st.columns([3, 2], gap="large")
    figure.plotly_chart(model_figure(course, scenario, revealed=step, scale=1.35 if presenting else 1.0),
                        key="present.figure",
                        config={"displayModeBar": False, "staticPlot": True})
    with words:
        st.header(layer.name)
        st.markdown(layer.presenter[scenario])


def new_question(scenario: str) -> None:
    pool = [q for bank in library().banks for q in bank.questions if not q.is_multiple_answer]
    preferred = [q for q in pool if q.scenario in (None, scenario)]
    st.session_state[QUESTION] = select_questions(preferred or pool, random.Random(), count=1)[0]
    st.session_state[REVEAL] = False


def question_for_class(scenario: str) -> None:
    if QUESTION not in st.session_state:
        new_question(scenario)
    question = st.session_state[QUESTION]
    st.markdown(question.prompt)
    st.markdown("\n".join(f"{i}. {option.text}" for i, option in enumerate(question.options, start=1)))
    reveal, following = st.columns(2)
    reveal.button("Reveal answer", key="present.reveal_button", type="primary", shortcut="Space",
                  on_click=st.session_state.__setitem__, args=(REVEAL, True), width="stretch")
    following.button("Next question", key="present.new_question", on_click=new_question, args=(scenario,),
                     width="stretch")
    if st.session_state.get(REVEAL):
        keys = ", ".join(str(i + 1) for i in sorted(question.correct_indices))
        st.success(f"**Answer: {keys}.** {question.explanation}", icon=":material/check_circle:")


def value_system(scenario: str) -> None:
    """The value system, then the value chain with the scenario's value stream, for the whole room."""
    system, scale = course.value_system, 1.35 if presenting else 1.0
    static = {"displayModeBar": False, "staticPlot": True}
    svs, chain = st.tabs(["The service value system", "The value chain and a value stream"])
    with svs:
        st.markdown(system.intro)
        st.plotly_chart(svs_figure(system, scale=scale), key="present.svs", config=static)
    with chain:
        figure, words = st.columns([3, 2], gap="large")
        figure.plotly_chart(value_chain_figure(system, scenario, scale=scale), key="present.chain", config=static)
        with words:
            stream_steps(course, scenario)


scenario = header()
model_tab, system_tab, question_tab = st.tabs(["The model, step by step", "Value system and value chain",
                                               "A question for the class"])
with model_tab:
    walkthrough(scenario)
with system_tab:
    value_system(scenario)
with question_tab:
    question_for_class(scenario)
