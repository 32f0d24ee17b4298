"""Home: what the app is for, and a way into each part."""

import streamlit as st

from pages import _ui

st.title("ITIL 4 service relationships")
st.markdown((_ui.content_dir() / "pages" / "home.md").read_text(encoding="utf-8"))

library = _ui.library()
count = sum(len(bank.questions) for bank in library.banks)
st.page_link("pages/learn.py", label="Learn: every construct of the model in two scenarios", icon=":material/school:")
st.page_link("pages/diagram.py", label="Diagram: click through the model and the chain of relationships",
             icon=":material/account_tree:")
st.page_link("pages/glossary.py", label="Glossary: every term, searchable", icon=":material/dictionary:")
st.page_link("pages/practice.py", label=f"Practice: {count} questions in {len(library.banks)} banks",
             icon=":material/quiz:")
st.page_link("pages/present.py", label="Present: step through the model in front of a class",
             icon=":material/co_present:")
st.page_link("pages/bank_health.py", label="Bank health: check the question banks", icon=":material/fact_check:")
learner = _ui.learner_id()
due = len(_ui.store().due_question_ids(learner, _ui.end_of_today()))
stats = _ui.store().question_stats(learner)
mistakes = int((~stats["last_correct"]).sum())
st.page_link("pages/review.py", label=f"Review: {due} due today · {mistakes} mistakes to look at again",
             icon=":material/replay:")
st.page_link("pages/exam.py", label="Mock exam: timed, marked at the end, with a full review",
             icon=":material/timer:")
st.page_link("pages/progress.py", label="Progress: accuracy per topic, over time, and mock exam scores",
             icon=":material/monitoring:")
if library.broken:
    st.warning(f"{len(library.broken)} question bank(s) could not be loaded; see Bank health.")
