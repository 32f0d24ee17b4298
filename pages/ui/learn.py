"""The Learn page's two views: the syllabus overview by learning outcome, and one topic explained."""

from __future__ import annotations

import math

import streamlit as st

from course.loader import Course
from course.models import SCENARIOS, Construct
from quiz import progress
from quiz.loader import Library


def go_to(entry_id: str) -> None:
    st.session_state["construct"] = entry_id


def outcome_accuracy(course: Course, library: Library, stats) -> dict[str, tuple[int, float]]:
    """Per learning outcome: the learner's answers to questions tagged with its criteria, and the share right."""
    by_number = {str(o.number): o.id for o in course.outcomes}
    return progress.group_accuracy(stats, library.questions.values(),
                                   lambda q: by_number.get((q.syllabus or "")[:1]))


def overview(course: Course, accuracy: dict[str, tuple[int, float]]) -> None:
    st.title("Learn the ITIL 4 Foundation syllabus")
    st.markdown("Seven learning outcomes, each with its share of the exam's 40 marks and your accuracy so far "
                "(from every answer you have given). Open a topic to read it in your scenario, then check yourself.")
    for outcome in course.outcomes:
        attempts, percent = accuracy.get(outcome.id, (0, math.nan))
        plural = "" if attempts == 1 else "s"
        mine = f"your accuracy {percent:.0f} % over {attempts} answer{plural}" if attempts else "not practised yet"
        st.header(f"{outcome.number}. {outcome.title}")
        st.caption(f"{outcome.marks} of 40 exam marks · criteria {', '.join(c.id for c in outcome.criteria)} · {mine}")
        if outcome.number == 1:
            with st.expander(f"How {course.model.title.lower()} fits together"):
                st.markdown(course.model.overview)
        columns = st.columns(2)
        for index, topic_id in enumerate(outcome.topics):
            entry = course.entry(topic_id)
            with columns[index % 2].container(border=True):
                st.button(entry.name, key=f"learn.open.{topic_id}", on_click=go_to, args=(topic_id,),
                          icon=":material/arrow_forward:", width="stretch")
                st.caption(entry.summary)


def placement(course: Course, entry) -> str:
    """Where a topic sits: its layer and side in the model, or its learning outcome."""
    if isinstance(entry, Construct):
        layers = {layer.id: layer.name for layer in course.model.layers}
        return f"Layer: {layers.get(entry.layer, 'the whole model')} · {entry.side.capitalize()} side"
    outcome = course.outcome_of(entry.id)
    return f"Learning outcome {outcome.number}: {outcome.title}" if outcome else ""


def examples(entry, scenario: str, other: str) -> None:
    """The example in the chosen scenario, and the other one beside it on request."""
    if not entry.scenarios:
        return
    side_by_side = st.toggle(f"Show the {SCENARIOS[other].lower()} scenario side by side", key="learn.compare")
    columns = st.columns(2) if side_by_side else [st.container()]
    for column, which in zip(columns, [scenario, other], strict=False):
        with column.container(border=True):
            st.markdown(f"**In the {SCENARIOS[which].lower()} scenario**")
            st.markdown(entry.scenarios[which].example)
            if getattr(entry, "parts", ()):
                with st.expander("Part by part"):
                    for part in entry.parts:
                        st.markdown(f"**{part.name}**: {part.examples[which]}")


def entry_view(course: Course, entry_id: str, scenario: str, other: str, names: dict[str, str]) -> None:
    entry = course.entry(entry_id)
    st.title(entry.name)
    st.caption(placement(course, entry))
    st.markdown(entry.definition)
    st.markdown("\n".join(f"- {point}" for point in entry.key_points))
    examples(entry, scenario, other)
    st.warning(f"**Exam trap.** {entry.exam_trap}", icon=":material/report:")
    if entry.related:
        st.markdown("**Related topics**")
        for column, related in zip(st.columns(len(entry.related)), entry.related, strict=True):
            column.button(names[related], key=f"learn.related.{related}", on_click=go_to, args=(related,),
                          icon=":material/arrow_forward:", width="stretch")


def step_buttons(entry_id: str, names: dict[str, str]) -> None:
    """Previous and Next topic, in syllabus order."""
    order = list(names)
    index = order.index(entry_id)
    back, forward = st.columns(2)
    if index > 1:
        back.button(f"Previous: {names[order[index - 1]]}", key="learn.previous", on_click=go_to,
                    args=(order[index - 1],), icon=":material/arrow_back:", width="stretch")
    if index + 1 < len(order):
        forward.button(f"Next: {names[order[index + 1]]}", key="learn.next", on_click=go_to,
                       args=(order[index + 1],), icon=":material/arrow_forward:", width="stretch")
