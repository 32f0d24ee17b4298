"""Browser tab titles, in the form people know from other sites: "Practice · ITIL 4 Foundation"."""

from __future__ import annotations

import streamlit as st

APP_NAME = "ITIL 4 Foundation"


def tab_title(*parts: str) -> str:
    """The parts from the most to the least specific, then the app's name."""
    return " · ".join([*(part for part in parts if part), APP_NAME])


def set_tab_title(*parts: str) -> None:
    """Title this page's browser tab; the title is also kept in session state, where page tests read it."""
    title = tab_title(*parts)
    st.set_page_config(page_title=title)
    st.session_state["page.title"] = title
