"""Classroom: a live quiz; the trainer paces it on the projector while the students answer on their phones."""

import streamlit as st

from pages.ui.account import is_trainer
from pages.ui.classroom_room import room
from pages.ui.classroom_student import student_screen, wants_to_join
from pages.ui.classroom_trainer import trainer_screen

st.title("Classroom")
if wants_to_join() or not is_trainer():
    student_screen(room())
    if not wants_to_join():
        st.caption("Trainers: unlock the trainer role in the sidebar to start a session.")
else:
    trainer_screen(room())
