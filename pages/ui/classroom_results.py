"""A finished session: the results table and its CSV, the hardest questions, a Practice round on the missed ones."""

from __future__ import annotations

import streamlit as st

from classroom import Classroom


def results(engine: Classroom, session_id: int) -> None:
    st.subheader("Results")
    table = engine.results(session_id)
    if table.empty:
        st.caption("No student joined, or no question was revealed.")
    else:
        st.dataframe(table, hide_index=True, key="classroom.results")
        st.download_button("Download the results (CSV)", engine.results_csv(session_id),
                           file_name=f"classroom-{session_id}.csv", mime="text/csv", key="classroom.csv",
                           icon=":material/download:")
    hardest = engine.hardest(session_id)
    if hardest:
        st.subheader("Hardest questions")
        st.dataframe([{"question": f"Q{s.position + 1}", "right": f"{s.right} of {s.answered}",
                       "percent right": None if s.percent is None else round(s.percent), "prompt": s.prompt}
                      for s in hardest], hide_index=True, key="classroom.hardest")
    missed = engine.missed(session_id)
    if missed:
        st.page_link("pages/practice.py", label=f"Practise these ({len(missed)} missed questions)",
                     icon=":material/quiz:", query_params={"questions": ",".join(missed)})
        st.caption("The link opens a Practice round on the questions someone got wrong; share it with the class.")
