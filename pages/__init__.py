"""Page scripts, routed by app.py with st.navigation.

Streamlit treats a folder named `pages/` beside the entry script as a legacy (v1) multipage app
until `st.navigation` has run once. If the first visitor after a server start opens a deep link
such as /practice, Streamlit runs that page directly with the legacy sidebar and keeps doing so.
Every page imports this package, so the first such run switches the legacy mode off and reruns
through app.py, which restores the real navigation.
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

if PagesManager.uses_pages_directory:
    PagesManager.uses_pages_directory = False
    st.rerun()
