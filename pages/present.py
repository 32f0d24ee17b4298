"""Present: a trainer's step-through of the model, layer by layer, and questions shown to a class."""

import streamlit as st

from course.system_figures import svs_figure, value_chain_figure
from pages.ui.browser import fullscreen_button, step_keys, viewport
from pages.ui.content import course
from pages.ui.diagram import stream_steps
from pages.ui.present import BACKWARD, FORWARD, PRESENTER_CSS, STATIC, question_for_class, walkthrough
from pages.ui.scenario import scenario as chosen_scenario
from pages.ui.scenario import scenario_switch

presenting = st.query_params.get("present") == "1"
course = course()

if presenting:
    st.html(PRESENTER_CSS)


def header() -> tuple[str, dict | None]:
    """Title, scenario switch (in presenter mode), full screen and the presenter toggle; the window's size."""
    left, middle, screen, right = st.columns([2, 3, 2, 2], vertical_alignment="center")
    left.title("Present")
    # In presenter mode there is no sidebar, so the scenario switch comes onto the page.
    scenario = scenario_switch(middle) if presenting else chosen_scenario()
    with screen:
        # The browser's own full screen; from the normal page it also opens presenter mode.
        if fullscreen_button("present.fullscreen", report=not presenting) and not presenting:
            st.switch_page("pages/present.py", query_params={"present": "1", "scenario": scenario})
        # → / Space / PageDown and ← / PageUp step whatever has focus (a clicker sends the page keys).
        step_keys("present.keys", forward=FORWARD, backward=BACKWARD)
        size = viewport("present.viewport", every=True) if presenting else None
    if presenting and not right.toggle("Presenter mode", value=True, key="present.on"):
        del st.query_params["present"]
        st.rerun()
    return scenario, size


def value_system(scenario: str) -> None:
    """The value system, then the value chain with the scenario's value stream, for the whole room."""
    system, scale = course.value_system, 1.35 if presenting else 1.0
    svs, chain = st.tabs(["The service value system", "The value chain and a value stream"])
    with svs:
        st.markdown(system.intro)
        st.plotly_chart(svs_figure(system, scale=scale), key="present.svs", config=STATIC)
    with chain:
        figure, words = st.columns([3, 2], gap="large")
        figure.plotly_chart(value_chain_figure(system, scenario, scale=scale), key="present.chain", config=STATIC)
        with words:
            stream_steps(course, scenario)


scenario, size = header()
model_tab, system_tab, question_tab = st.tabs(["The model, step by step", "Value system and value chain",
                                               "A question for the class"])
with model_tab:
    walkthrough(course, scenario, presenting=presenting, size=size)
with system_tab:
    value_system(scenario)
with question_tab:
    question_for_class(scenario)
