"""Mock exam: a timed exam from a blueprint, deferred feedback, free navigation, flags, and a full review."""

from datetime import timedelta

import streamlit as st

from pages.ui.account import learner_id
from pages.ui.answers import answer_inputs
from pages.ui.choices import named_by
from pages.ui.content import blueprints, criterion_name, library, topic_name
from pages.ui.exam import header, overview, review_item, seed_choice, sync_answer
from pages.ui.exam_state import ATTEMPT, EXAM_ID, VERSION, begin, current, finish, save
from pages.ui.store import now, store
from quiz.exam import ExamAttempt, plan


def choose() -> None:
    loaded, questions = blueprints(), library().questions.values()
    if loaded.broken:
        st.warning(f"{len(loaded.broken)} exam blueprint(s) could not be loaded; see Bank health.",
                   icon=":material/warning:")
    by_id = dict(loaded.by_id)
    if not by_id:
        return
    seen = set(store().question_stats(learner_id())["question_id"])
    plans = {blueprint_id: plan(blueprint, questions, seen) for blueprint_id, blueprint in by_id.items()}
    titles = {b.id: b.title for b in by_id.values()}
    # Offer first an exam the banks can fill.
    ready = next((i for i, p in enumerate(plans.values()) if p.feasible), 0)
    chosen_id = st.selectbox("Exam", list(titles), index=ready, format_func=named_by(titles), key="exam.blueprint")
    chosen, exam_plan = by_id[chosen_id], plans[chosen_id]
    st.markdown(chosen.blueprint.description or "")
    extended = chosen.blueprint.extended_time_minutes and st.checkbox(
        f"Extended time ({chosen.blueprint.extended_time_minutes} minutes), for candidates not sitting the exam in "
        "their native or working language", key="exam.extended")
    if exam_plan.feasible:
        st.info(f"{chosen.total} questions · {chosen.time_limit_seconds(extended=bool(extended)) // 60} minutes · "
                f"pass with {chosen.pass_mark} right. Answers are marked only when you submit.",
                icon=":material/info:")
        st.button("Start the exam", type="primary", key="exam.start", on_click=begin, args=(chosen, bool(extended)))
        return
    missing = "\n".join(f"- {shortfall}" for shortfall in exam_plan.shortfalls)
    st.warning(f"The question banks cannot fill this exam. Missing:\n{missing}", icon=":material/warning:")
    runnable = exam_plan.runnable
    if runnable:
        st.button(f"Run what the banks can fill: {runnable.total} questions, "
                  f"{runnable.time_limit_seconds(extended=bool(extended)) // 60} minutes, pass with "
                  f"{runnable.pass_mark}", key="exam.start_partial", on_click=begin, args=(runnable, bool(extended)))


@st.fragment(run_every=timedelta(seconds=1))
def countdown(attempt: ExamAttempt) -> None:
    """The clock ticks without rerunning the page; at zero the exam is submitted."""
    if attempt.submitted:
        return
    if attempt.check_time(now()):
        finish(attempt)
        st.rerun()
    left = int(attempt.remaining(now()))
    st.markdown(f":material/timer: Time left **{left // 60:02d}:{left % 60:02d}**")


def move(attempt: ExamAttempt, step, *args) -> None:
    """Navigate, and save the position so that a reload comes back to the same question."""
    step(*args)
    save(attempt)


def question(attempt: ExamAttempt) -> None:
    index, slot = attempt.position, attempt.current
    key = f"exam.{st.session_state[EXAM_ID]}.q{index}"
    seed_choice(slot, key)
    with st.container(border=True, key="exam_card"):
        st.markdown(slot.question.prompt)
        answer_inputs(slot, key, locked=False, enter_checks=False)
    if sync_answer(attempt, index, key):
        save(attempt)
    # One row even on a phone: columns would stack the buttons.
    buttons = st.container(horizontal=True, gap="small", vertical_alignment="center", key="exam_nav")
    buttons.button("Back", key="exam.back", on_click=move, args=(attempt, attempt.back), disabled=index == 0,
                   icon=":material/arrow_back:")
    buttons.button("Next", key="exam.next", on_click=move, args=(attempt, attempt.next),
                   disabled=index == len(attempt.slots) - 1, icon=":material/arrow_forward:")
    buttons.checkbox("Flag for review", value=attempt.flags[index], key=f"{key}.flag",
                     on_change=lambda: (attempt.toggle_flag(index), save(attempt)))
    if buttons.button("Submit exam…", key="exam.submit", type="primary"):
        confirm(attempt)


@st.dialog("Submit the exam?")
def confirm(attempt: ExamAttempt) -> None:
    unanswered = attempt.unanswered()
    if unanswered:
        st.warning(f"{len(unanswered)} question(s) not answered: {', '.join(map(str, unanswered))}. "
                   "They will score nothing.", icon=":material/warning:")
    else:
        st.write("Every question has an answer.")
    # A callback runs before the next rerun, whether or not the dialog is drawn again.
    if st.button("Submit now", type="primary", key="exam.submit_confirm", on_click=finish, args=(attempt,)):
        st.rerun()


def results(attempt: ExamAttempt) -> None:
    result = attempt.result()
    verdict = "Pass" if result.passed else "Fail"
    box = st.success if result.passed else st.error
    box(f"**{verdict}: {result.score} of {result.total} ({result.percent} %).** Pass mark: {result.pass_mark}."
        f"{' Time ran out.' if result.timed_out else ''}",
        icon=":material/check_circle:" if result.passed else ":material/cancel:")
    minutes, seconds = divmod(int(result.seconds_used), 60)
    st.caption(f"Time used: {minutes} min {seconds:02d} s · unanswered: {result.unanswered}")
    st.markdown("**By syllabus criterion**")
    st.dataframe(result.by_criterion.assign(criterion=result.by_criterion["criterion"].map(criterion_name)),
                 hide_index=True, key="exam.by_criterion")
    st.markdown("**By topic**")
    st.dataframe(result.by_topic.assign(topic=result.by_topic["topic"].map(topic_name)), hide_index=True,
                 key="exam.by_topic", height="content")
    st.header("Review every question")
    for item in result.review:
        review_item(item)
    st.button("New exam", key="exam.new", type="primary", on_click=st.session_state.update,
              args=({ATTEMPT: None, EXAM_ID: None, VERSION: None},))


attempt = current()
if attempt is None or attempt.submitted:
    st.title("Mock exam")
if notice := st.session_state.pop("exam.notice", None):
    st.info(notice, icon=":material/info:")
if attempt is None:
    choose()
elif attempt.submitted:
    results(attempt)
else:
    line, board = header(attempt, countdown)
    question(attempt)  # first, so that an answer given in this run shows in the overview drawn above it
    if st.session_state.pop("exam.stale", False):
        st.rerun()  # this run drew the stale copy; the next draws the database's, with the notice
    overview(attempt, line, board, move)
