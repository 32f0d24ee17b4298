"""Diagram: the service relationship model, the chain of relationships, the value system and the value chain."""

import streamlit as st

from course.compact_figures import compact_model_figure
from course.figures import chain_figure, model_figure
from course.models import SCENARIOS
from course.screen import COMPACT_WIDTH, compact
from course.system_figures import svs_figure, value_chain_figure
from pages.ui.browser import viewport
from pages.ui.content import course
from pages.ui.diagram import (
    chain_elements,
    explain_chain,
    explain_model,
    explain_node,
    model_elements,
    panel,
    service_key,
    stream_steps,
)
from pages.ui.scenario import scenario

course = course()
scenario = scenario()
system = course.value_system
# A phone gets the diagrams stacked top to bottom with wrapped names; the window tells its width.
narrow = compact(viewport("diagram.viewport", (COMPACT_WIDTH,)))
model = compact_model_figure if narrow else model_figure

st.title("Diagram")
st.caption(f"Scenario: {SCENARIOS[scenario]}. Hover for a one-line definition; click or tap to explain.")
model_tab, chain_tab, svs_tab, value_chain_tab = st.tabs(
    ["Service relationship model", "Chain of service relationships", "Service value system", "Value chain"])
with model_tab:
    panel(lambda el: model(course, scenario, selected=el), "diagram.model", "diagram.element",
          model_elements(course), lambda el: explain_model(course, scenario, el))
with chain_tab:
    st.markdown(course.chains[scenario].intro)
    st.caption("Circles are organizations; each numbered ◇ on an arrow is a service from provider to consumer, "
               "listed under the diagram.")
    panel(lambda el: chain_figure(course, scenario, selected=el, compact=narrow), "diagram.chain",
          "diagram.chain_element", chain_elements(course, scenario), lambda el: explain_chain(course, scenario, el))
    service_key(course, scenario)
with svs_tab:
    st.markdown(system.intro)
    st.caption("▶ input · ■ component of the system · ★ outcome")
    panel(lambda el: svs_figure(system, selected=el, compact=narrow), "diagram.svs", "diagram.svs_element",
          {n.id: n.name for n in system.nodes}, lambda el: explain_node(course, scenario, system.nodes, el))
with value_chain_tab:
    st.markdown(system.chain_intro)
    st.caption("⬢ value chain activity · numbered arrows: the steps of the value stream")
    panel(lambda el: value_chain_figure(system, scenario, selected=el, compact=narrow), "diagram.value_chain",
          "diagram.value_chain_element", {a.id: a.name for a in system.activities},
          lambda el: explain_node(course, scenario, system.activities, el))
    stream_steps(course, scenario)
