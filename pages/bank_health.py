"""Bank health (trainers only): which banks loaded and exactly what is wrong with the others."""

import pandas as pd
import streamlit as st

from pages.ui.account import require_trainer
from pages.ui.content import blueprints, course_or_error, library
from pages.ui.settings import content_dir, relative_to_content

st.title("Bank health")
require_trainer()
st.markdown(f"Banks are read from the content folder (*{content_dir().name}/*). Edit a file and this page shows "
            "the result on the next run. Paths are relative to the content folder.")
library = library()

st.header(f"Loaded: {len(library.banks)} banks")
rows = [(b.id, b.info.title, len(b.questions), relative_to_content(b.path)) for b in library.banks]
st.dataframe(pd.DataFrame(rows, columns=["bank", "title", "questions", "file"]), hide_index=True,
             key="health.banks")

st.header(f"Broken: {len(library.broken)} banks")
if not library.broken:
    st.success("Every bank file is valid.", icon=":material/check_circle:")
for path, problems in library.broken.items():
    st.error(f"{relative_to_content(path)} is not served: {len(problems)} problem(s).", icon=":material/error:")
    st.code("\n".join(relative_to_content(str(p)) for p in problems), language=None)

st.header("Course and exam blueprints")
course = course_or_error()
problems = [*blueprints().problems, *(course.problems if isinstance(course, Exception) else [])]
if problems:
    st.error("These files have problems; the pages that need them say so:", icon=":material/error:")
    st.code("\n".join(relative_to_content(str(p)) for p in problems), language=None)
else:
    st.success("The course content and the exam blueprints are valid.", icon=":material/check_circle:")
