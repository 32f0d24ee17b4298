"""Glossary: every term used in the app, searchable, each linked to the topic that explains it."""

import streamlit as st

from pages.ui.content import course
from pages.ui.scenario import scenario

course = course()
st.title("Glossary")
# The search is in the URL (?search=…, a link shares it) and kept for the session: Streamlit's Back restores the
# page without its query, so coming back from a term's topic takes the search from the session.
if "glossary.search" not in st.session_state:
    st.session_state["glossary.search"] = st.query_params.get("search") or st.session_state.get("glossary.last", "")
query = st.text_input("Search the glossary", key="glossary.search", placeholder="for example: ownership, sponsor")
st.session_state["glossary.last"] = query
if query.strip():
    st.query_params["search"] = query
else:
    st.query_params.pop("search", None)
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
