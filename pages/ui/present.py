"""The Present page's parts: the model step by step, sized to the window, and a question for the class."""

from __future__ import annotations

import random

import streamlit as st

from course.figures import model_figure
from course.loader import Course
from course.screen import presenter_layout, presenter_scale
from pages.ui.content import library
from quiz.engine import select_questions
from quiz.letters import answer_label, option_label

STEP, QUESTION, REVEAL = "present.step", "present.question", "present.reveal"
# What the step keys click, first shown first (pages/ui/browser.step_keys).
FORWARD = ["present.next", "present.reveal_button", "present.new_question"]
BACKWARD = ["present.back", "present.hide"]
STATIC = {"displayModeBar": False, "staticPlot": True}
# Static style only, no user or bank text: large type for a projector and little padding, so a step fits a
# 1366x768 screen without scrolling.
PRESENTER_CSS = ("<style>.stMainBlockContainer {padding-top: 3.75rem; padding-bottom: 1rem}"
                 ".stMainBlockContainer p, .stMainBlockContainer li {font-size: 1.35rem; line-height: 1.5}"
                 ".stMainBlockContainer h1 {font-size: 2.2rem; padding: 0}</style>")


def move(delta: int, count: int) -> None:
    st.session_state[STEP] = min(count, max(1, st.session_state.get(STEP, 1) + delta))


def walkthrough(course: Course, scenario: str, *, presenting: bool, size: dict | None) -> None:
    """Back / Next over the model's layers; in presenter mode the figure spans the page with its words under it."""
    layers = course.model.layers
    step = st.session_state.setdefault(STEP, 1)
    layer = layers[step - 1]
    back, progress, forward = st.columns([1, 4, 1], vertical_alignment="center")
    back.button("Back", key="present.back", shortcut="Left", on_click=move, args=(-1, len(layers)),
                disabled=step == 1, width="stretch")
    progress.progress(step / len(layers), text=f"Step {step} of {len(layers)}: {layer.name}")
    forward.button("Next", key="present.next", shortcut="Right", on_click=move, args=(1, len(layers)),
                   disabled=step == len(layers), width="stretch")
    words = layer.presenter[scenario]
    if not presenting:
        figure, beside = st.columns([3, 2], gap="large")
        figure.plotly_chart(model_figure(course, scenario, revealed=step, highlight=True), key="present.figure",
                            config=STATIC)
        beside.header(layer.name)
        beside.markdown(words)
        return
    place, height = presenter_layout(size, len(words))
    figure = model_figure(course, scenario, revealed=step, highlight=True, height=height,
                          scale=presenter_scale(height))
    if place == "below":
        st.plotly_chart(figure, key="present.figure", config=STATIC)
        st.markdown(words)
    else:
        left, right = st.columns([3, 1.3], gap="medium")
        left.plotly_chart(figure, key="present.figure", config=STATIC)
        right.markdown(words)


def new_question(scenario: str) -> None:
    pool = [q for bank in library().banks for q in bank.questions if not q.is_multiple_answer]
    preferred = [q for q in pool if q.scenario in (None, scenario)]
    st.session_state[QUESTION] = select_questions(preferred or pool, random.Random(), count=1)[0]
    st.session_state[REVEAL] = False


def question_for_class(scenario: str) -> None:
    """A question with options A-D; Reveal answer names the key ("C: 2 and 4"), Hide answer takes it back."""
    if QUESTION not in st.session_state:
        new_question(scenario)
    question = st.session_state[QUESTION]
    options = [option.text for option in question.options]
    st.markdown(question.prompt)
    st.markdown("\n\n".join(option_label(i, text) for i, text in enumerate(options)))
    revealed = st.session_state.get(REVEAL, False)
    reveal, following = st.columns(2)
    if revealed:
        reveal.button("Hide answer", key="present.hide", on_click=st.session_state.__setitem__, args=(REVEAL, False),
                      width="stretch", icon=":material/visibility_off:")
    else:
        reveal.button("Reveal answer", key="present.reveal_button", type="primary", shortcut="Space",
                      on_click=st.session_state.__setitem__, args=(REVEAL, True), width="stretch")
    following.button("Next question", key="present.new_question", on_click=new_question, args=(scenario,),
                     width="stretch")
    if revealed:
        st.success(f"**Answer: {answer_label(question.correct_indices, options)}**\n\n{question.explanation}",
                   icon=":material/check_circle:")
