"""Glossary: every term used in the app, searchable, each linked to the topic that explains it."""

import streamlit as st

from pages.ui.content import course
from pages.ui.scenario import scenario

course = course()
st.title("Glossary")
query = st.text_input("Search the glossary", key="glossary.search", placeholder="for example: ownership, sponsor")
terms = course.search(query) if query.strip() else list(course.glossary)
st.caption(f"{len(terms)} of {len(course.glossary)} terms.")
if not terms:
    st.info("No term matches. Try one word, such as *value* or *provider*.", icon=":material/search_off:")
for term in terms:
    construct = course.entry(term.construct_id)
    with st.container(border=True):
        st.markdown(f"**{term.term}**  \n{term.definition}")
        st.page_link("pages/learn.py", label=f"Explained under: {construct.name}", icon=":material/school:",
                     query_params={"construct": construct.id, "scenario": scenario()})
