"""A profile's data: export it, restore or import an export, delete it (the learner's own, or any for a trainer)."""

from __future__ import annotations

import json
from collections.abc import Callable

import streamlit as st

from pages.ui.store import store
from quiz.storage import Profile
from quiz.storage.documents import parse_export


def export_button(profile: Profile, key: str) -> None:
    st.download_button(f"Export {profile.name} (JSON)", key=f"{key}.export", file_name="learner.json",
                       mime="application/json", icon=":material/download:",
                       data=lambda: json.dumps(store().export_profile(profile.id), indent=1))


def _uploaded(key: str, label: str) -> dict | None:
    """The JSON of an uploaded export once the button is pressed; a plain-words error if it is not one."""
    upload = st.file_uploader(label, type=["json"], key=f"{key}.file")
    if upload is None or not st.button("Import", key=f"{key}.button"):
        return None
    try:
        return parse_export(upload.getvalue())
    except ValueError as error:
        st.error(f"Not imported: {error}.", icon=":material/error:")
        return None


def restore_into(profile: Profile, key: str) -> None:
    """The learner's own restore: an export's answers and exams are added to this profile."""
    data = _uploaded(key, "Restore answers from an export (JSON) into this profile")
    if data is None:
        return
    try:
        added = store().import_into(profile.id, data)
    except ValueError as error:
        st.error(f"Not imported: {error}.", icon=":material/error:")
        return
    st.success(f"Added {added} answers to this profile. Imported exams are marked as imported.",
               icon=":material/check_circle:")


def import_new(key: str) -> None:
    """A trainer's import: the export becomes a new profile."""
    data = _uploaded(key, "Import a learner exported on another machine (JSON)")
    if data is None:
        return
    try:
        profile = store().import_profile(data)
    except ValueError as error:
        st.error(f"Not imported: {error}.", icon=":material/error:")
        return
    st.success(f"Imported the profile {profile.name!r}.", icon=":material/check_circle:")


def delete_button(profile: Profile, key: str, after: Callable[[], None]) -> None:
    if st.button(f"Delete {profile.name} and all their data", key=f"{key}.delete", icon=":material/delete:"):
        _confirm_delete(profile, key, after)


@st.dialog("Delete this learner?")
def _confirm_delete(profile: Profile, key: str, after: Callable[[], None]) -> None:
    st.text(f"Every answer, review card and exam of {profile.name} will be deleted. This cannot be undone.")

    def delete() -> None:
        store().delete_profile(profile.id)
        after()

    # A callback runs before the next rerun, whether or not the dialog is drawn again.
    if st.button(f"Delete {profile.name}", type="primary", key=f"{key}.delete_confirm", on_click=delete):
        st.rerun()
