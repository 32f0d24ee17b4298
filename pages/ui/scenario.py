"""The Bank / Real estate switch, shared by every page and kept in the URL."""

from __future__ import annotations

import streamlit as st

from course.models import SCENARIOS
from pages.ui.choices import named_by


def scenario() -> str:
    """The scenario chosen in the sidebar (held in the URL as ?scenario=...)."""
    state = st.session_state
    for value in (state.get("scenario"), state.get("url.scenario"), st.query_params.get("scenario")):
        if value in SCENARIOS:
            return value
    return "banking"


def scenario_switch(container=st.sidebar, *, write_url: bool = True) -> str:
    """The Bank / Real estate switch; one widget key, kept in the URL, so every page shares it.

    Before st.navigation has run, pass write_url=False and call `to_url("scenario", ...)` after it:
    navigation resets the query string when it resolves the page.
    """
    from_url("scenario", SCENARIOS, "banking")
    value = container.radio("Scenario", list(SCENARIOS), format_func=named_by(SCENARIOS), key="scenario",
                            horizontal=True)
    if write_url:
        to_url("scenario", value, "banking")
    return value


# Streamlit's bind="query-params" matches a URL value against the *formatted* label ("Real estate"),
# but links must carry the slug (?scenario=real-estate), so these two keep widget and URL in step.
def from_url(key: str, valid, default: str) -> None:
    """Before the widget: a URL value that changed since we last wrote it wins; else keep the widget's."""
    in_url = st.query_params.get(key)
    if in_url is not None and in_url in valid and in_url != st.session_state.get(f"url.{key}"):
        st.session_state[key] = in_url
    elif st.session_state.get(key) not in valid:
        # The widget's state is dropped on a run that does not draw it; the last value we wrote is not.
        last = st.session_state.get(f"url.{key}")
        st.session_state[key] = last if last in valid else default


def to_url(key: str, value: str, default: str) -> None:
    """After the widget: show its value in the URL (a default value is left out to keep links short)."""
    if value == default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value
    st.session_state[f"url.{key}"] = value
