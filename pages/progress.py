"""Progress: accuracy per topic and over time, mock exam scores, weakest topics, every attempt, and your data."""

import random
import time

import streamlit as st

from course.charts import accuracy_over_time_figure, exam_scores_figure, topic_accuracy_figure
from pages.ui.account import require_learner, sign_out
from pages.ui.content import library, topic_name
from pages.ui.practice_state import begin
from pages.ui.profile_data import delete_button, export_button, restore_into
from pages.ui.store import local_zone, store
from quiz import progress
from quiz.engine import PracticeRound, select_questions

RECENT = 500  # attempts shown in the table; the download has them all


def practise(topics: list[str]) -> None:
    """Start a practice round on these topics and go to it."""
    rng = random.Random()
    questions = select_questions(library().questions.values(), rng, topics=topics, count=10)
    begin(PracticeRound.start(questions, rng, clock=time.monotonic))  # kept like any round, to resume later
    st.switch_page("pages/practice.py")


def charts(learner: int, questions: list) -> None:
    table = progress.topic_accuracy_from_stats(store().question_stats(learner), questions)
    answered, attempts = int(table["questions_answered"].sum()), int(table["attempts"].sum())
    right = int(table["right"].sum())
    first, second, third = st.columns(3)
    first.metric("Questions answered", f"{answered} of {len(questions)}")
    second.metric("Answers given", attempts)
    third.metric("Accuracy", f"{round(100 * right / attempts)} %" if attempts else "–")
    named = table.assign(topic=table["topic"].map(topic_name))
    st.plotly_chart(topic_accuracy_figure(named), key="progress.topics", config={"displayModeBar": False})
    weakest = progress.weakest_in(table)
    if weakest:
        names = ", ".join(map(topic_name, weakest))
        st.button(f"Practise my weakest topics: {names}", key="progress.weakest", type="primary",
                  icon=":material/fitness_center:", on_click=practise, args=(weakest,))
    left, right_col = st.columns(2)
    left.plotly_chart(accuracy_over_time_figure(store().daily_stats(learner)), key="progress.time",
                      config={"displayModeBar": False})
    right_col.plotly_chart(exam_scores_figure(store().exams(learner)), key="progress.exams",
                           config={"displayModeBar": False})


def attempts(learner: int, questions: list) -> None:
    st.header("Every attempt")
    recent = progress.attempts_table(store().answers(learner, latest=RECENT), questions)
    st.caption(f"The latest {len(recent)} attempts; the download holds every one.")
    st.dataframe(progress.attempts_shown(recent, local_zone(), topic_name), hide_index=True, key="progress.table")
    st.download_button("Download all attempts (CSV)", key="progress.csv", file_name="attempts.csv",
                       mime="text/csv", icon=":material/download:",
                       data=lambda: progress.attempts_table(store().answers(learner), questions).to_csv(
                           index=False))


def your_data(learner: int) -> None:
    st.header("Your data")
    profile = store().profile(learner)
    export_button(profile, "progress")
    restore_into(profile, "progress.restore")
    delete_button(profile, "progress", after=sign_out)


st.title("Progress")
learner, questions = require_learner("see your progress"), list(library().questions.values())
charts(learner, questions)
attempts(learner, questions)
your_data(learner)
