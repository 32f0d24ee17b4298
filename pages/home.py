"""Home: what the app is for, the learner's review counts, and a way into each part."""

import streamlit as st

from pages.ui.account import is_trainer, learner_id
from pages.ui.content import library
from pages.ui.review import queues
from pages.ui.settings import content_dir

st.title("ITIL 4 Foundation: learn and practise")
st.markdown((content_dir() / "pages" / "home.md").read_text(encoding="utf-8"))

library, learner = library(), learner_id()
count = sum(len(bank.questions) for bank in library.banks)
if learner is None:
    review_words = "Review: sign in to get questions back when they are due"
else:
    lists = queues(learner)
    due, mistakes = len(lists["relearn"]) + len(lists["refresh"]), len(lists["mistakes"])
    mistake_words = "1 mistake" if mistakes == 1 else f"{mistakes} mistakes"
    review_words = f"Review: {due} due today · {mistake_words} to look at again"

links = [
    ("learn", "Learn: every construct of the model in two scenarios", "school"),
    ("diagram", "Diagram: click through the model and the chain of relationships", "account_tree"),
    ("glossary", "Glossary: every term, searchable", "dictionary"),
    ("practice", f"Practice: {count} questions in {len(library.banks)} banks", "quiz"),
    ("review", review_words, "replay"),
    ("exam", "Mock exam: timed, marked at the end, with a full review", "timer"),
    ("progress", "Progress: accuracy per topic, over time, and mock exam scores", "monitoring"),
    ("present", "Present: step through the model in front of a class", "co_present"),
]
if is_trainer():
    links += [("learners", "Learners: every profile, for trainers", "group"),
              ("bank_health", "Bank health: check the question banks", "fact_check")]
for page, label, icon in links:
    st.page_link(f"pages/{page}.py", label=label, icon=f":material/{icon}:")
if library.broken:
    st.warning(f"{len(library.broken)} question bank(s) could not be loaded; a trainer can see why on Bank health.",
               icon=":material/warning:")
