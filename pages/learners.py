"""Learners (trainers only): every profile, opened, exported, imported or deleted."""

import streamlit as st

from pages.ui.account import LEARNER, require_trainer
from pages.ui.profile_data import delete_button, export_button, import_new
from pages.ui.store import store

st.title("Learners")
require_trainer()
profiles = store().profiles()
st.caption(f"{len(profiles)} profile(s). Only trainers see this list; each learner sees only their own data.")
for profile in profiles:
    with st.container(border=True):
        st.text(f"{profile.name} · created {profile.created_at:%Y-%m-%d}")
        open_col, export_col, delete_col = st.columns(3)
        open_col.button("Open as this learner", key=f"learners.open.{profile.id}", icon=":material/visibility:",
                        on_click=st.session_state.update, args=({LEARNER: profile.id},))
        with export_col:
            export_button(profile, f"learners.{profile.id}")
        with delete_col:
            delete_button(profile, f"learners.{profile.id}",
                          after=lambda pid=profile.id: st.session_state.pop(LEARNER, None)
                          if st.session_state.get(LEARNER) == pid else None)
st.header("Import a learner")
import_new("learners.import")
