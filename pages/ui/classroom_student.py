"""The student's screens: join with a code and a nickname, wait, answer on the phone, see the answer and rank.

Only `StudentView` data is rendered here, and nothing but the rejoin token is kept (in the URL, `?seat=`):
the key reaches the phone only once the trainer reveals it.
"""

from __future__ import annotations

import streamlit as st

from classroom import (
    AnswerRefusedError,
    Classroom,
    JoinError,
    NicknameError,
    Phase,
    StudentOption,
    StudentView,
    clean_code,
)
from pages.ui.account import learner_id
from pages.ui.classroom_room import room

SEAT, JOIN = "seat", "join"
# Static style only: big touch targets for thumbs.
PHONE_CSS = ("<style>.st-key-classroom-options button {min-height: 3.4rem} "
             ".st-key-classroom-options button p {font-size: 1.1rem}</style>")
ERROR, LINKED = "classroom.student_error", "classroom.linked"


def wants_to_join() -> bool:
    return bool(st.query_params.get(SEAT) or st.query_params.get(JOIN))


def student_screen(engine: Classroom) -> None:
    """Rejoin the seat in the URL, or the join form."""
    token = st.query_params.get(SEAT, "")
    seat = engine.rejoin(token) if token else None
    if token and seat is None:
        st.warning("This seat is not known (the session may have been deleted). Join again with the code.",
                   icon=":material/warning:")
        del st.query_params[SEAT]
    if seat is None:
        join_form(engine)
        return
    offer_profile_link(engine, token)
    live(token)


def _join(engine: Classroom) -> None:
    state = st.session_state
    try:
        seat = engine.join(state.get("classroom.code", ""), state.get("classroom.nickname", ""))
    except (JoinError, NicknameError) as error:
        state[ERROR] = str(error)
        return
    state[ERROR] = None
    st.query_params.pop(JOIN, None)
    st.query_params[SEAT] = seat.token  # a reload, or a phone back from sleep, rejoins this seat


def join_form(engine: Classroom) -> None:
    st.subheader("Join a class")
    code = clean_code(st.query_params.get(JOIN, ""))
    if code and "classroom.code" not in st.session_state:
        st.session_state["classroom.code"] = code
    st.text_input("Join code (on the trainer's screen)", key="classroom.code", max_chars=12,
                  placeholder="e.g. K7QX3M")
    st.text_input("Your nickname (shown to the class)", key="classroom.nickname", max_chars=40)
    st.button("Join", key="classroom.join", type="primary", width="stretch", on_click=_join, args=(engine,),
              icon=":material/login:")
    if st.session_state.get(ERROR):
        st.error(st.session_state[ERROR], icon=":material/error:")


def offer_profile_link(engine: Classroom, token: str) -> None:
    """A signed-in learner may keep this session's answers in their profile."""
    learner = learner_id()
    if learner is None:
        return
    if st.session_state.get(LINKED) == token:
        st.caption("Your answers in this session are kept in your profile.")
        return

    def link() -> None:
        engine.link_profile(token, learner)
        st.session_state[LINKED] = token

    st.button("Keep my answers in my profile", key="classroom.link", icon=":material/person:", on_click=link)


def _choose(token: str, before: tuple[int, ...], select: int, index: int) -> None:
    chosen = set(before)
    if select > 1:
        chosen ^= {index}  # several to choose: a tap adds or takes away
    else:
        chosen = {index}
    try:
        if chosen:
            room().answer(token, sorted(chosen))
        st.session_state[ERROR] = None
    except AnswerRefusedError as error:
        st.session_state[ERROR] = f"Not taken: {error}."


@st.fragment(run_every=1)
def live(token: str) -> None:
    view = room().student_view(token)
    if view is None:
        st.warning("This session is no longer there.", icon=":material/warning:")
        return
    st.text(f"{view.nickname} · {view.title or 'Class'} · question {view.position + 1} of {view.count}")
    if view.phase == Phase.CREATED:
        st.info("You are in. Waiting for the trainer to show the first question…", icon=":material/hourglass_top:")
    elif view.phase == Phase.ENDED:
        finished(view)
    elif view.question is not None:
        question(token, view)
        if view.reveal is not None:
            revealed(view)


def question(token: str, view: StudentView) -> None:
    asked = view.question
    st.markdown(asked.prompt)
    if asked.select > 1:
        st.caption(f"Choose {asked.select} options.")
    if view.reveal is not None:  # plain lines now: nothing greyed out to squint at
        key = {option.index for option in view.reveal.key}
        st.markdown("\n".join(f"- {o.letter}. {o.text}{' **(your answer)**' if o.index in view.chosen else ''}"
                               f"{' **✔ key**' if o.index in key else ''}" for o in asked.options))
        return
    answering = view.phase == Phase.OPEN
    st.html(PHONE_CSS)
    with st.container(key="classroom-options"):
        for option in asked.options:
            mine = option.index in view.chosen
            st.button(f"{option.letter}. {option.text}{'  (your answer)' if mine else ''}",
                      key=f"classroom.option.{view.position}.{option.index}", width="stretch",
                      type="primary" if mine else "secondary", icon=":material/check_circle:" if mine else None,
                      disabled=not answering, on_click=_choose,
                      args=(token, view.chosen, asked.select, option.index))
    if answering:
        left = f" · {view.seconds_left:.0f} s left" if view.seconds_left is not None else ""
        st.caption(f"Answering is open: you may change your answer until it closes{left}.")
    elif view.phase == Phase.SHOWN:
        st.caption("Read the question: answering opens in a moment.")
    elif view.phase == Phase.CLOSED:
        st.caption("Answering is closed. The answer comes next.")
    if st.session_state.get(ERROR):
        st.error(st.session_state[ERROR], icon=":material/error:")


def _names(options: tuple[StudentOption, ...]) -> str:
    return "; ".join(f"{option.letter}. {option.text}" for option in options)


def revealed(view: StudentView) -> None:
    reveal = view.reveal
    if reveal.correct is None:
        st.warning("You did not answer this one.", icon=":material/remove:")
    elif reveal.correct:
        st.success("Right!", icon=":material/check_circle:")
    else:
        st.error("Not right this time.", icon=":material/cancel:")
    st.markdown(f"**Answer:** {_names(reveal.key)}")
    for option, why in reveal.chosen_whys:
        if why:
            st.markdown(f"**{option.letter} (your answer):** {why}")
    st.markdown(reveal.explanation)
    if view.rank is not None:
        st.metric("Your rank", f"#{view.rank}", f"{view.score} right so far", delta_color="off", delta_arrow="off")


def finished(view: StudentView) -> None:
    st.success("The session has ended. Thank you!", icon=":material/flag:")
    if view.rank is not None:
        st.metric("Your final rank", f"#{view.rank}", f"{view.score} right", delta_color="off", delta_arrow="off")
