"""The Diagram page's parts: a clickable figure beside the explanation of the element chosen in it."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from course.loader import Course
from course.models import SCENARIOS
from pages.ui.choices import named_by


def take_click(chart_key: str, element_key: str) -> None:
    """A new click on the chart selects its element; the widget's own choice stands until the next click."""
    points = (st.session_state.get(chart_key) or {}).get("selection", {}).get("points", [])
    clicked = points[0].get("customdata") if points else None
    if clicked and clicked != st.session_state.get(f"{chart_key}.clicked"):
        st.session_state[element_key] = clicked
    st.session_state[f"{chart_key}.clicked"] = clicked


def panel(figure: Callable, chart_key: str, element_key: str, elements: dict[str, str],
          explain: Callable[[str], None]) -> None:
    """The figure (clickable) and, beside it, a list of its elements with the chosen one explained."""
    take_click(chart_key, element_key)
    if st.session_state.get(element_key) not in elements:
        st.session_state[element_key] = next(iter(elements))
    left, right = st.columns([5, 3], gap="medium")
    with right:
        element = st.selectbox("Element to explain", list(elements), format_func=named_by(elements), key=element_key,
                               help="Or click a shape in the diagram.")
        explain(element)
    with left:
        st.plotly_chart(figure(element), key=chart_key, on_select="rerun", selection_mode="points",
                        config={"displayModeBar": False})


def learn_link(course: Course, entry_id: str, scenario: str) -> None:
    st.page_link("pages/learn.py", label=f"Learn more about {course.entry(entry_id).name}",
                 icon=":material/school:", query_params={"construct": entry_id, "scenario": scenario})


def model_elements(course: Course) -> dict[str, str]:
    """Every clickable element of the model diagram: constructs and their parts."""
    elements = {}
    for construct in course.constructs:
        elements[construct.id] = construct.name
        elements.update({f"{construct.id}/{p.id}": f"{construct.name}: {p.name}" for p in construct.parts})
    return elements


def explain_model(course: Course, scenario: str, element: str) -> None:
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
    learn_link(course, construct.id, scenario)


def chain_elements(course: Course, scenario: str) -> dict[str, str]:
    """Organizations, then the services numbered as on their diamonds."""
    chain = course.chains[scenario]
    return {**{f"org:{o.id}": o.name for o in chain.organizations},
            **{f"rel:{r.id}": f"{i}. {r.service} ({chain.organization(r.provider).name} → "
               f"{chain.organization(r.consumer).name})" for i, r in enumerate(chain.relationships, start=1)}}


def service_key(course: Course, scenario: str) -> None:
    """What each numbered diamond of the chain is, in words: a touch screen cannot hover to find out."""
    chain = course.chains[scenario]
    st.markdown("\n".join(f"{i}. **{r.service}**: {chain.organization(r.provider).name} → "
                           f"{chain.organization(r.consumer).name}"
                           for i, r in enumerate(chain.relationships, start=1)))


def explain_chain(course: Course, scenario: str, element: str) -> None:
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


def explain_node(course: Course, scenario: str, nodes, element: str) -> None:
    """A value system or value chain shape: what it is, the topic that explains it, and its steps in the stream."""
    node = next(n for n in nodes if n.id == element)
    st.header(node.name)
    st.markdown(node.summary)
    stream = course.value_system.streams[scenario]
    steps = [(i, s) for i, s in enumerate(stream.steps, start=1) if s.activity == node.id]
    if steps:
        st.markdown(f"**In the value stream *{stream.title}***")
        st.markdown("\n".join(f"- Step {i}: {s.text}" for i, s in steps))
    learn_link(course, node.topic, scenario)


def stream_steps(course: Course, scenario: str) -> None:
    """The scenario's value stream in words: the trigger, each numbered step with its activity, the result."""
    system = course.value_system
    stream, names = system.streams[scenario], {a.id: a.name for a in system.activities}
    st.markdown(f"**{stream.title}.** {stream.trigger}")
    st.markdown("\n".join(f"{i}. **{names[s.activity]}**: {s.text}" for i, s in enumerate(stream.steps, start=1)))
    st.markdown(f"**Result:** {stream.result}")
