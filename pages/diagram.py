"""Diagram: the service relationship model and the chain of relationships; click an element to learn it."""

import streamlit as st

from course.figures import chain_figure, model_figure
from course.models import SCENARIOS
from pages.ui.content import course
from pages.ui.scenario import scenario

course = course()
scenario = scenario()
MODEL_KEY, CHAIN_KEY = "diagram.element", "diagram.chain_element"


def model_elements() -> dict[str, str]:
    """Every clickable element of the model diagram: constructs and their parts."""
    elements = {}
    for construct in course.constructs:
        elements[construct.id] = construct.name
        elements.update({f"{construct.id}/{p.id}": f"{construct.name}: {p.name}" for p in construct.parts})
    return elements


def chain_elements() -> dict[str, str]:
    chain = course.chains[scenario]
    return {**{f"org:{o.id}": o.name for o in chain.organizations},
            **{f"rel:{r.id}": f"{r.service} ({chain.organization(r.provider).name} → "
               f"{chain.organization(r.consumer).name})" for r in chain.relationships}}


def take_click(chart_key: str, element_key: str) -> None:
    """A new click on the chart selects its element; the widget's own choice stands until the next click."""
    points = (st.session_state.get(chart_key) or {}).get("selection", {}).get("points", [])
    clicked = points[0].get("customdata") if points else None
    if clicked and clicked != st.session_state.get(f"{chart_key}.clicked"):
        st.session_state[element_key] = clicked
    st.session_state[f"{chart_key}.clicked"] = clicked


def explain_model(element: str) -> None:
    construct_id, _, part_id = element.partition("/")
    construct = course.construct(construct_id)
    if part_id:
        part = next(p for p in construct.parts if p.id == part_id)
        st.header(part.name)
        st.caption(f"Part of {construct.name}")
        st.markdown(part.summary)
        st.markdown(f"**In the {SCENARIOS[scenario].lower()} scenario:** {part.examples[scenario]}")
    else:
        st.header(construct.name)
        st.markdown(construct.definition)
        st.markdown(f"**In the {SCENARIOS[scenario].lower()} scenario**")
        st.markdown(construct.scenarios[scenario].example)
    st.page_link("pages/learn.py", label=f"Learn more about {construct.name}", icon=":material/school:",
                 query_params={"construct": construct.id, "scenario": scenario})


def explain_chain(element: str) -> None:
    chain = course.chains[scenario]
    kind, _, item_id = element.partition(":")
    if kind == "org":
        organization = chain.organization(item_id)
        st.header(organization.name)
        st.markdown(organization.description)
        return
    rel = next(r for r in chain.relationships if r.id == item_id)
    st.header(rel.service)
    st.caption(f"{chain.organization(rel.provider).name} (provider) → {chain.organization(rel.consumer).name} "
               "(consumer)")
    st.markdown(f"**Resource created or modified:** {rel.creates}")
    st.markdown(rel.explanation)


def panel(figure, chart_key: str, element_key: str, elements: dict[str, str], explain) -> None:
    take_click(chart_key, element_key)
    if st.session_state.get(element_key) not in elements:
        st.session_state[element_key] = next(iter(elements))
    left, right = st.columns([5, 3], gap="medium")
    with right:
        element = st.selectbox("Element to explain", list(elements), format_func=elements.get, key=element_key,
                               help="Or click a shape in the diagram.")
        explain(element)
    with left:
        st.plotly_chart(figure(element), key=chart_key, on_select="rerun", selection_mode="points",
                        config={"displayModeBar": False})


st.title("Diagram")
st.caption(f"Scenario: {SCENARIOS[scenario]}. Hover for a one-line definition; click to explain.")
model_tab, chain_tab = st.tabs(["Service relationship model", "Chain of service relationships"])
with model_tab:
    panel(lambda el: model_figure(course, scenario, selected=el), "diagram.model", MODEL_KEY, model_elements(),
          explain_model)
with chain_tab:
    st.markdown(course.chains[scenario].intro)
    st.caption("Circles are organizations; each ◇ on an arrow is a service from provider to consumer.")
    panel(lambda el: chain_figure(course, scenario, selected=el), "diagram.chain", CHAIN_KEY, chain_elements(),
          explain_chain)
