"""Bank health: for authors, which banks loaded and exactly what is wrong with the others."""

import pandas as pd
import streamlit as st

from pages import _ui

st.title("Bank health")
st.markdown(f"Banks are read from **{_ui.questions_dir()}**. Edit a file and this page shows the result on the "
            "next run.")
library = _ui.library()

st.header(f"Loaded: {len(library.banks)} banks")
rows = [(b.id, b.info.title, len(b.questions), b.path) for b in library.banks]
st.dataframe(pd.DataFrame(rows, columns=["bank", "title", "questions", "file"]), hide_index=True,
             key="health.banks")

st.header(f"Broken: {len(library.broken)} banks")
if not library.broken:
    st.success("Every bank file is valid.", icon=":material/check_circle:")
for path, problems in library.broken.items():
    st.error(f"**{path}** is not served: {len(problems)} problem(s).", icon=":material/error:")
    st.code("\n".join(str(p) for p in problems), language=None)
