"""The floor for bench_check.py: one radio, one Check button, and a success message after the click."""

import streamlit as st

choice = st.radio("Choose one answer", ["1. First", "2. Second", "3. Third", "4. Fourth"], index=None)
if st.button("Check", type="primary"):
    st.success(f"**Correct.** You chose {choice}.")
