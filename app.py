"""Entry point: page set-up, shared sidebar (account, scenario, presenter mode), and the router."""

import streamlit as st

from pages.ui.account import account_panel, is_trainer, trainer_panel
from pages.ui.keys import focus_ring
from pages.ui.recording import retry_unsaved
from pages.ui.scenario import scenario_switch, to_url
from pages.ui.settings import settle_imports
from pages.ui.titles import APP_NAME, set_tab_title

settle_imports()

presenting = st.query_params.get("present") == "1"
st.set_page_config(page_title=APP_NAME, page_icon=":material/handshake:", layout="wide",
                   initial_sidebar_state="collapsed" if presenting else "auto")
focus_ring()

home = st.Page("pages/home.py", title="Home", icon=":material/home:", default=True)
present = st.Page("pages/present.py", title="Present", icon=":material/co_present:")
# A flat list: Streamlit draws sectioned navigation as list items outside a list, which axe-core
# reports to screen-reader users as a broken list; the order still goes learn, practise, teach, author.
pages = [
    home,
    st.Page("pages/learn.py", title="Learn", icon=":material/school:"),
    st.Page("pages/diagram.py", title="Diagram", icon=":material/account_tree:"),
    st.Page("pages/glossary.py", title="Glossary", icon=":material/dictionary:"),
    st.Page("pages/practice.py", title="Practice", icon=":material/quiz:"),
    st.Page("pages/review.py", title="Review", icon=":material/replay:"),
    st.Page("pages/exam.py", title="Mock exam", icon=":material/timer:"),
    st.Page("pages/progress.py", title="Progress", icon=":material/monitoring:"),
    present,
    # For everyone: students join a class here without a profile; its trainer controls check the role.
    st.Page("pages/classroom.py", title="Classroom", icon=":material/groups:"),
]
# For trainers only: they are not even listed for learners (and check the role themselves).
trainer_pages = [
    st.Page("pages/learners.py", title="Learners", icon=":material/group:"),
    st.Page("pages/bank_health.py", title="Bank health", icon=":material/fact_check:"),
    st.Page("pages/authoring.py", title="Authoring", icon=":material/edit_note:"),
]

if presenting:
    # A projector needs the whole screen: no navigation, and whatever the path, the presenter page.
    # (All pages stay registered, so /present is found: a lone page would be the default, served at /.)
    page = st.navigation(pages + trainer_pages, position="hidden")
    if page.url_path != "present":
        st.switch_page(present, query_params=st.query_params.to_dict())
    set_tab_title(page.title)
    page.run()
else:
    with st.sidebar:
        account_panel()
        scenario = scenario_switch(write_url=False)
        if st.toggle("Presenter mode", key="app.present", help="Large type and a step-through for a class"):
            st.switch_page(present, query_params={"present": "1", "scenario": scenario})
        trainer_panel()
    retry_unsaved()
    # Expanded: a trainer has 13 pages, and a collapsed menu would hide the trainer pages behind "View more".
    page = st.navigation(pages + trainer_pages if is_trainer() else pages, expanded=True)
    to_url("scenario", scenario, "banking")
    set_tab_title(page.title)
    page.run()
