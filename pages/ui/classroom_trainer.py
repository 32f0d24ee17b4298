"""The trainer's screens: start a session, show the join code, pace the questions live, review and delete sessions."""

from __future__ import annotations

import contextlib
import random

import streamlit as st

from classroom import Classroom, MoveError, Phase, StaleClassroomError, TrainerView, from_banks, from_blueprint
from classroom.figures import answers_figure
from classroom.links import join_link, qr_png
from classroom.names import initials
from pages.ui.classroom_results import results
from pages.ui.classroom_room import room
from pages.ui.content import blueprints, library, topic_name
from pages.ui.settings import setting
from quiz.exam import NotFeasibleError
from quiz.letters import letter

RUN, NOTE = "classroom.run", "classroom.note"
NAMES = {"on": "Nicknames", "initials": "Initials", "off": "No names"}
# Static style only, no user or bank text: the code, link and question readable from the back of a room.
PROJECTOR_CSS = ("<style>.st-key-classroom-code [data-testid='stMetricValue'] {font-size: 4.5rem; "
                 "letter-spacing: .12em; font-family: monospace}"
                 ".st-key-classroom-link code {font-size: 1.35rem}"
                 ".st-key-classroom-live p, .st-key-classroom-live li {font-size: 1.3rem}</style>")


def trainer_screen(engine: Classroom) -> None:
    running = st.session_state.get(RUN)
    if running is not None and running not in {s.id for s in engine.list_sessions()}:
        running = st.session_state[RUN] = None  # deleted meanwhile (another trainer, another process)
    if running is None:
        setup(engine)
        sessions(engine)
        return
    view = engine.trainer_view(running)
    if view.phase == Phase.ENDED:
        results(engine, running)
    else:
        st.html(PROJECTOR_CSS)
        join_panel(view)
        live(running)
    st.button("Back to the sessions", key="classroom.back", icon=":material/arrow_back:",
              on_click=st.session_state.__setitem__, args=(RUN, None))


# --- starting a session ---------------------------------------------------------------------


def _rng() -> random.Random:
    seed = setting("seed", "")
    return random.Random(int(seed) if seed else None)


def _picked() -> list[str] | str:
    """The question ids the set-up asks for, or what is wrong with it."""
    banks, state = library(), st.session_state
    count = int(state.get("classroom.count", 5))
    if state.get("classroom.source") == "Exam blueprint":
        blueprint = blueprints().by_id.get(state.get("classroom.blueprint") or "")
        if blueprint is None:
            return "Choose an exam blueprint."
        try:
            return from_blueprint(blueprint, banks.questions.values(), _rng(), count=count)
        except NotFeasibleError as error:
            return str(error)
    return from_banks(banks.questions.values(), _rng(), count=count, bank_ids=state.get("classroom.banks"),
                      bank_of=banks.bank_of(), topics=state.get("classroom.topics") or None)


def _start(engine: Classroom) -> None:
    state = st.session_state
    picked = _picked()
    if isinstance(picked, str) or not picked:
        state[NOTE] = picked or "No question matches these choices."
        return
    limit = int(state.get("classroom.limit", 0)) or None
    session = engine.start(picked, title=state.get("classroom.title", ""), names=state.get("classroom.names", "on"),
                           time_limit=limit)
    state.update({RUN: session.id, NOTE: None})


def setup(engine: Classroom) -> None:
    st.subheader("Start a session")
    banks = library()
    st.text_input("Title (shown to the students)", key="classroom.title", max_chars=200,
                  placeholder="e.g. Tuesday, module 3")
    source = st.segmented_control("Questions from", ["Banks and topics", "Exam blueprint"], key="classroom.source",
                                  default="Banks and topics")
    if source == "Exam blueprint":
        titles = {bid: b.title for bid, b in blueprints().by_id.items()}
        st.selectbox("Exam blueprint", list(titles), format_func=titles.get, key="classroom.blueprint")
    else:
        titles = {bank.id: bank.info.title for bank in banks.banks}
        chosen = st.multiselect("Banks (none chosen = all)", list(titles), format_func=titles.get,
                                key="classroom.banks")
        pool = [q for b in banks.banks if not chosen or b.id in chosen for q in b.questions]
        st.multiselect("Topics (none chosen = all)", sorted({q.topic for q in pool}), format_func=topic_name,
                       key="classroom.topics")
    left, middle, right = st.columns(3)
    left.number_input("Number of questions", 1, 50, 5, key="classroom.count")
    middle.radio("Names on the leaderboard", list(NAMES), format_func=NAMES.get, key="classroom.names",
                 horizontal=True)
    right.number_input("Time limit per question (seconds, 0 = none)", 0, 600, 0, step=5, key="classroom.limit")
    st.button("Start session", key="classroom.start", type="primary", on_click=_start, args=(engine,),
              icon=":material/play_arrow:")
    if st.session_state.get(NOTE):
        st.error(st.session_state[NOTE], icon=":material/error:")


def sessions(engine: Classroom) -> None:
    """Every session, running or finished: open one again, or delete it."""
    listed = engine.list_sessions()
    st.subheader("Sessions")
    if not listed:
        st.caption("No session yet.")
        return
    st.dataframe([{"title": s.title, "code": s.code, "phase": s.phase.value, "questions": s.steps,
                   "students": s.seats, "started": s.created_at.strftime("%Y-%m-%d %H:%M")} for s in listed],
                 hide_index=True, key="classroom.sessions")
    labels = {s.id: f"{s.title or 'Untitled'} · {s.code} · {s.phase.value}" for s in listed}
    chosen = st.selectbox("Session", list(labels), format_func=labels.get, key="classroom.chosen")
    buttons = st.container(horizontal=True, vertical_alignment="center")
    buttons.button("Open", key="classroom.open_session", on_click=st.session_state.__setitem__,
                   args=(RUN, chosen), icon=":material/open_in_new:")
    sure = buttons.checkbox("Yes, delete it and its answers", key="classroom.sure")
    buttons.button("Delete", key="classroom.delete", disabled=not sure, icon=":material/delete:",
                   on_click=_delete, args=(engine, chosen))


def _delete(engine: Classroom, session_id: int) -> None:
    with contextlib.suppress(LookupError):  # already deleted (a second click, another trainer)
        engine.delete(session_id)
    st.session_state["classroom.sure"] = False


# --- the live session -------------------------------------------------------------------------


def _browser_url() -> tuple[str, str]:
    try:
        url = st.context.url
        host = st.context.headers.get("host", "")
    except Exception:  # no browser (AppTest): no address to go by
        return "", ""
    return (url if isinstance(url, str) else ""), (host if isinstance(host, str) else "")


def join_panel(view: TrainerView) -> None:
    browser, host = _browser_url()
    link = join_link(view.code, public_url=setting("public_url", ""), browser_url=browser, host=host)
    words, code = st.columns([3, 1], vertical_alignment="center")
    with words:
        with st.container(key="classroom-code"):
            st.metric("Join code", view.code)
        with st.container(key="classroom-link"):
            st.code(link.url, language=None, wrap_lines=True)
        st.caption("Open the link or scan the code with a phone camera, then type a nickname.")
        if link.local_only:
            st.warning("This address works only on this computer: phones cannot reach it. Run the app with "
                       "`make run HOST=0.0.0.0` and set `ITIL_APP_PUBLIC_URL` to this computer's address on the "
                       "room's network (e.g. http://192.168.1.20:8501).", icon=":material/wifi_off:")
    code.image(qr_png(link.url), caption="Scan to join", width=240, alt=f"QR code of the join link {link.url}")


def _move(session_id: int, name: str, version: int) -> None:
    try:
        getattr(room(), name)(session_id, version=version)
    except StaleClassroomError:
        st.session_state[NOTE] = None  # someone else moved first: the next draw shows where it is
    except MoveError as error:
        st.session_state[NOTE] = str(error).capitalize() + "."


# (label, engine move, icon) offered in each phase; the first is the main one.
MOVES = {
    Phase.CREATED: [("Show the first question", "next", ":material/play_arrow:")],
    Phase.SHOWN: [("Open answering", "open", ":material/how_to_vote:"), ("Previous", "previous", None),
                  ("Skip", "skip", ":material/skip_next:")],
    Phase.OPEN: [("Close answering", "close", ":material/lock:"), ("Skip", "skip", ":material/skip_next:")],
    Phase.CLOSED: [("Reveal the answer", "reveal", ":material/visibility:"), ("Previous", "previous", None),
                   ("Skip", "skip", ":material/skip_next:")],
    Phase.REVEALED: [("Leaderboard", "show_leaderboard", ":material/leaderboard:"),
                     ("Next question", "next", ":material/arrow_forward:"), ("Previous", "previous", None)],
    Phase.LEADERBOARD: [("Next question", "next", ":material/arrow_forward:"), ("Previous", "previous", None)],
}


def controls(view: TrainerView) -> None:
    row = st.container(horizontal=True)
    for at, (label, name, icon) in enumerate(MOVES.get(view.phase, [])):
        if name == "next" and view.position + 1 == view.count and view.phase != Phase.CREATED:
            label = "Finish"
        row.button(label, key=f"classroom.{name}", type="primary" if at == 0 else "secondary", icon=icon,
                   on_click=_move, args=(view.session_id, name, view.version))
    row.button("End session", key="classroom.end", icon=":material/stop:", on_click=_move,
               args=(view.session_id, "end", view.version))
    if st.session_state.get(NOTE):
        st.warning(st.session_state[NOTE], icon=":material/warning:")


def _joined(engine: Classroom, view: TrainerView) -> None:
    names = engine.seats(view.session_id)
    shown = {"on": names, "initials": [initials(n) for n in names], "off": []}[view.names]
    st.markdown(f"**{len(names)} joined**")
    if shown:
        st.text(", ".join(shown))  # plain text: nicknames are never Markdown


@st.fragment(run_every=1)
def live(session_id: int) -> None:
    engine = room()
    view = engine.trainer_view(session_id)
    if view.phase == Phase.ENDED:
        st.rerun(scope="app")  # the results replace the join panel
    with st.container(key="classroom-live"):
        _joined(engine, view)
        controls(view)
        if view.question is not None:
            step(view)
        if view.phase == Phase.LEADERBOARD:
            board(engine, view)


def step(view: TrainerView) -> None:
    question, revealed = view.question, view.phase in (Phase.REVEALED, Phase.LEADERBOARD)
    st.markdown(f"**Question {view.position + 1} of {view.count}**")
    st.markdown(question.prompt)
    if view.phase == Phase.OPEN:
        left = "" if view.seconds_left is None else f" · {view.seconds_left:.0f} s left"
        st.progress(view.answered / max(1, view.seats), text=f"{view.answered} of {view.seats} answered{left}")
    if not revealed:
        st.markdown("\n".join(f"- **{letter(at)}.** {question.options[i].text}" for at, i in enumerate(view.shown)))
        return
    if view.phase == Phase.LEADERBOARD:
        return
    st.plotly_chart(answers_figure(view), key=f"classroom.chart.{view.position}", theme=None,
                    config={"displayModeBar": False, "staticPlot": True})
    keys = [f"{letter(at)}. {question.options[i].text}" for at, i in enumerate(view.shown)
            if question.options[i].correct]
    st.success(f"**Key: {'; '.join(keys)}**", icon=":material/check_circle:")
    st.markdown(question.explanation)
    for at, i in enumerate(view.shown):
        option = question.options[i]
        verdict = "✔ right" if option.correct else "✘ wrong"
        st.markdown(f"**{letter(at)} ({verdict}).** {option.why or ''}")


def board(engine: Classroom, view: TrainerView) -> None:
    standings = engine.leaderboard(view.session_id)[:10]
    st.subheader("Leaderboard")
    st.dataframe([{"rank": s.rank, "name": s.name, "right": s.correct, "seconds": round(s.seconds, 1)}
                  for s in standings], hide_index=True, key=f"classroom.board.{view.position}")
