"""Streamlit glue shared by the pages: configuration, cached loaders, and the question widgets."""

from __future__ import annotations

import gc
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import streamlit as st

from course.loader import Course, CourseError, load_course
from course.models import SCENARIOS
from quiz import review
from quiz.engine import Slot, State
from quiz.exam import Blueprints, load_blueprints
from quiz.loader import BankCache, Library, Limits, bank_files, load_library
from quiz.models import Question
from quiz.storage import AnswerRecord, Profile, Store, database_url

ROOT = Path(__file__).resolve().parents[1]


def setting(name: str, default: str) -> str:
    """A setting from the environment (ITIL_APP_NAME) or st.secrets (name), else the default."""
    env = os.environ.get(f"ITIL_APP_{name.upper()}")
    if env:
        return env
    try:
        return str(st.secrets.get(name, default))
    except FileNotFoundError:
        return default
    except Exception:  # no secrets.toml at all is the usual case
        return default


def content_dir() -> Path:
    return Path(setting("content_dir", str(ROOT / "content")))


def questions_dir() -> Path:
    return Path(setting("questions_dir", str(content_dir() / "questions")))


def _signature(folder: Path) -> tuple:
    """What identifies the banks' current contents cheaply: names, sizes and change times."""
    files = bank_files([folder]) if folder.is_dir() else []
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def _settle(value):
    """Move what is alive now out of the garbage collector's sight; return `value`.

    Streamlit runs a full collection after every rerun, holding the interpreter lock while the page's
    output waits to be sent; its cost grows with the live objects. Cached banks, course and imports
    live as long as the process, so freezing them keeps each rerun's collection small (the Check
    click-to-feedback time went from about 2x to under 1x a minimal app's).
    """
    gc.freeze()
    return value


@st.cache_resource(show_spinner="Loading question banks…")
def _load(folder: str, signature: tuple) -> Library:
    cache_dir = setting("cache_dir", str(Path.home() / ".cache" / "itil-app" / "banks"))
    return _settle(load_library([folder], limits=Limits.from_env(), cache=BankCache(cache_dir)))


def library() -> Library:
    """Every bank under content/questions; reloaded only when a bank file changes."""
    folder = questions_dir()
    return _load(str(folder), _signature(folder))


# --- one question with immediate feedback -------------------------------------------------


def choice_key(key: str, position: int | None = None) -> str:
    return f"{key}.choice" if position is None else f"{key}.choice.{position}"


def _pick(slot: Slot, key: str, position: int) -> None:
    """Keyboard/button choice: set the radio, or toggle the checkbox, for this option."""
    if slot.question.is_multiple_answer:
        st.session_state[choice_key(key, position)] = not st.session_state.get(choice_key(key, position), False)
    else:
        st.session_state[choice_key(key)] = position


def chosen_positions(slot: Slot, key: str) -> list[int]:
    """The 0-based screen positions currently chosen in the widgets of `answer_inputs`."""
    if slot.question.is_multiple_answer:
        return [i for i in range(len(slot.order)) if st.session_state.get(choice_key(key, i))]
    picked = st.session_state.get(choice_key(key))
    return [] if picked is None else [picked]


def check(slot_owner, slot: Slot, key: str, mode: str) -> None:
    """Button callback: grade what is chosen (recorded once the verdict is drawn), or remember that nothing was."""
    chosen = chosen_positions(slot, key)
    st.session_state[f"{key}.empty"] = not chosen
    if chosen:
        slot_owner.check(chosen)
        st.session_state.setdefault("records.pending", []).append((slot, mode, key))


def flush_records() -> None:
    """Store the answers checked in this run; their ids go to `<key>.answer_id` (for the confidence question)."""
    pending = st.session_state.pop("records.pending", [])
    for slot, mode, key in pending:
        st.session_state[f"{key}.answer_id"] = record(slot, mode)


def check_button(slot_owner, slot: Slot, key: str, *, mode: str, shortcut: str | None = "Enter") -> None:
    """The Check button, and a reminder if it was pressed with nothing chosen."""
    st.button("Check", type="primary", key=f"{key}.check", shortcut=shortcut, on_click=check,
              args=(slot_owner, slot, key, mode))
    if st.session_state.get(f"{key}.empty"):
        st.warning("Choose an answer first.", icon=":material/info:")


def answer_inputs(slot: Slot, key: str, *, keyboard: bool = True, locked: bool | None = None,
                  on_change=None, enter_checks: bool = True) -> list[int]:
    """Render the options as a radio (one answer) or checkboxes (several); return the 0-based positions chosen.

    `keyboard` adds buttons with the shortcuts 1-6; only one question on a screen may have them.
    """
    options = slot.shown_options()
    locked = slot.state is not State.TODO if locked is None else locked
    if locked:
        # Once checked, the feedback lists every option with its mark; greyed-out inputs would only repeat
        # them in a colour too faint to read (axe-core: contrast).
        return [slot.order.index(i) for i in sorted(slot.chosen or ())]
    if slot.question.is_multiple_answer:
        if "select" not in slot.question.prompt.lower():  # many prompts already say "(Select 2)"
            st.markdown(f"**Select {len(slot.question.correct_indices)}.**")
        chosen = [i for i, text in enumerate(options)
                  if st.checkbox(f"{i + 1}. {text}", key=choice_key(key, i), on_change=on_change)]
    else:
        picked = st.radio("Choose one answer", range(len(options)), index=None, key=choice_key(key),
                          format_func=lambda i: f"{i + 1}. {options[i]}", on_change=on_change)
        chosen = [] if picked is None else [picked]
    if keyboard:
        _keyboard_row(slot, key, len(options), enter_checks)
    return chosen


def _keyboard_row(slot: Slot, key: str, count: int, enter_checks: bool) -> None:
    columns = st.columns(count + 1, gap="small", vertical_alignment="center")
    columns[0].caption(f"Keys 1–{count} choose" + (", Enter checks" if enter_checks else ""))
    for i, column in enumerate(columns[1:]):
        column.button(f"Option {i + 1}", key=f"{key}.key.{i}", shortcut=str(i + 1), on_click=_pick,
                      args=(slot, key, i), help=f"Choose option {i + 1} (key {i + 1})", width="stretch")


def practice_step(practice, key: str, mode: str, *, after_verdict=None) -> bool:
    """The current question of a round with immediate feedback: progress, card, Check, then verdict and
    explanations. Return True once it is answered (the caller then offers the way on)."""
    slot, total = practice.current, len(practice.slots)
    st.progress(practice.answered / total, text=f"Question {practice.position + 1} of {total}")
    st.caption(f"Score: {practice.right} right of {practice.answered} answered · {topic_name(slot.question.topic)}")
    with st.container(border=True):
        st.markdown(slot.question.prompt)
        answer_inputs(slot, key)
    if slot.state is State.TODO:
        check_button(practice, slot, key, mode=mode)
        return False
    verdict(slot)
    if after_verdict:
        after_verdict(slot)
    feedback_details(slot)
    return True


def verdict(slot: Slot) -> None:
    """Right or wrong, in words and icon, never colour alone; then store the answers checked in this run.

    Storing after drawing lets the learner see the result without waiting for the database.
    """
    keys = ", ".join(str(f.number) for f in slot.feedback() if f.correct)
    if slot.state is State.RIGHT:
        st.success(f"**Correct.** The answer is {keys}.", icon=":material/check_circle:")
    else:
        st.error(f"**Incorrect.** The answer is {keys}.", icon=":material/cancel:")
    flush_records()


def feedback_details(slot: Slot) -> None:
    """The explanation, then every option with its mark (icon and words) and why."""
    st.markdown(f"**Explanation.** {slot.question.explanation}")
    for item in slot.feedback():
        why = f" {item.why}" if item.why else ""
        st.markdown(f"{item.number}. {item.text}  \n{_mark(item.correct, item.chosen)}{why}")


def _mark(correct: bool, chosen: bool) -> str:
    if correct and chosen:
        return ":material/check_circle: **Your answer, correct.**"
    if correct:
        return ":material/check_circle: **Correct answer.**"
    if chosen:
        return ":material/cancel: **Your answer, wrong.**"
    return ":material/remove: **Not the answer.**"


# --- course and scenario ------------------------------------------------------------------


@st.cache_resource(show_spinner="Loading the course…")
def _course(folder: str, signature: tuple) -> Course:
    return _settle(load_course(folder))


def course_or_error() -> Course | CourseError:
    """The course content, or what is wrong with it; reloaded only when one of its files changes."""
    folder = content_dir() / "course"
    files = sorted(folder.glob("*.yaml"))
    try:
        return _course(str(folder), tuple((str(p), p.stat().st_mtime_ns) for p in files))
    except CourseError as exc:
        return exc


def course() -> Course:
    """The course content; a broken course stops this page with its problems (the banks keep working)."""
    loaded = course_or_error()
    if isinstance(loaded, CourseError):
        st.error("The course content has problems, so this page cannot be shown:", icon=":material/error:")
        st.code("\n".join(map(str, loaded.problems)), language=None)
        st.stop()
    return loaded


def scenario() -> str:
    """The scenario chosen in the sidebar (held in the URL as ?scenario=...)."""
    state = st.session_state
    for value in (state.get("scenario"), state.get("url.scenario"), st.query_params.get("scenario")):
        if value in SCENARIOS:
            return value
    return "banking"


def scenario_switch(container=st.sidebar, *, write_url: bool = True) -> str:
    """The Bank / Real estate switch; one widget key, kept in the URL, so every page shares it.

    Before st.navigation has run, pass write_url=False and call `to_url("scenario", ...)` after it:
    navigation resets the query string when it resolves the page.
    """
    from_url("scenario", SCENARIOS, "banking")
    value = container.radio("Scenario", list(SCENARIOS), format_func=SCENARIOS.get, key="scenario",
                            horizontal=True)
    if write_url:
        to_url("scenario", value, "banking")
    return value


# Streamlit's bind="query-params" matches a URL value against the *formatted* label ("Real estate"),
# but links must carry the slug (?scenario=real-estate), so these two keep widget and URL in step.
def from_url(key: str, valid, default: str) -> None:
    """Before the widget: a URL value that changed since we last wrote it wins; else keep the widget's."""
    in_url = st.query_params.get(key)
    if in_url is not None and in_url in valid and in_url != st.session_state.get(f"url.{key}"):
        st.session_state[key] = in_url
    elif st.session_state.get(key) not in valid:
        # The widget's state is dropped on a run that does not draw it; the last value we wrote is not.
        last = st.session_state.get(f"url.{key}")
        st.session_state[key] = last if last in valid else default


def to_url(key: str, value: str, default: str) -> None:
    """After the widget: show its value in the URL (a default value is left out to keep links short)."""
    if value == default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value
    st.session_state[f"url.{key}"] = value


def questions_on(topic: str) -> list[Question]:
    return [q for bank in library().banks for q in bank.questions if q.topic == topic]


# --- learners and their records -----------------------------------------------------------


@st.cache_resource(show_spinner="Opening the progress database…")
def _store(url: str) -> Store:
    return _settle(Store(url))


def store() -> Store:
    """One Store (engine and connection pool) per database URL; schema created or upgraded on first use."""
    return _store(database_url(setting("database_url", "") or None))


def now() -> datetime:
    return datetime.now(UTC)


@st.cache_resource
def _bank_ids(signature: tuple) -> dict[str, str]:
    return library().bank_of()


def bank_id(question: Question) -> str:
    return _bank_ids(_signature(questions_dir())).get(question.id, "")


def learner_picker(container=st.sidebar) -> Profile:
    """Choose the learner whose answers are recorded; the first start creates one called "Learner"."""
    profiles = store().profiles() or [store().create_profile("Learner")]
    names = {p.id: p.name for p in profiles}
    # The widget's state is dropped on runs that do not draw it (presenter mode); the plain key is not.
    if st.session_state.get("learner") not in names:
        kept = st.session_state.get("learner.id")
        st.session_state["learner"] = kept if kept in names else _first(profiles).id
    chosen = container.selectbox("Learner", list(names), format_func=names.get, key="learner")
    st.session_state["learner.id"] = chosen
    with container.popover("New learner", icon=":material/person_add:"):
        st.text_input("Name of the new learner", key="learner.new_name", max_chars=100)
        st.button("Create", key="learner.create", on_click=_create_learner)
        if st.session_state.get("learner.error"):
            st.error(st.session_state["learner.error"])
    return next(p for p in profiles if p.id == chosen)


def _create_learner() -> None:
    try:
        profile = store().create_profile(st.session_state.get("learner.new_name", ""))
    except ValueError as exc:
        st.session_state["learner.error"] = str(exc)
        return
    st.session_state.update({"learner": profile.id, "learner.id": profile.id, "learner.error": None,
                             "learner.new_name": ""})


def learner_id() -> int:
    """The current learner; falls back to the first one when no page has drawn the picker yet."""
    kept = st.session_state.get("learner.id")
    if kept is not None:
        return kept
    return _first(store().profiles() or [store().create_profile("Learner")]).id


def _first(profiles: list[Profile]) -> Profile:
    """The learner a new session starts with: the oldest, not the first by name."""
    return min(profiles, key=lambda p: p.id)


def record(slot: Slot, mode: str, *, exam_id: str | None = None, when: datetime | None = None) -> int:
    """Store an answer and reschedule its question's review card; return the answer's id."""
    question, learner, when = slot.question, learner_id(), when or now()
    correct = slot.state is State.RIGHT
    answer = AnswerRecord(question.id, bank_id(question), question.content_hash, mode, tuple(slot.order),
                          tuple(sorted(slot.chosen or ())), correct, slot.seconds, answered_at=when, exam_id=exam_id)
    before = store().card(learner, question.id)
    answer_id = store().record_answer(learner, answer, card=review.schedule(before, correct, None, when))
    if mode == "review":  # only Review asks "sure or guessed?", which reschedules from the card before
        st.session_state[f"card.before.{answer_id}"] = (before, correct, when)
    return answer_id


def set_confidence(answer_id: int, question_id: str, confidence: str | None) -> None:
    """The learner's "sure" or "guessed" after answering: stored, and the card rescheduled from before the answer."""
    before, correct, when = st.session_state[f"card.before.{answer_id}"]
    store().set_confidence(learner_id(), answer_id, confidence)
    card, due = review.schedule(before, correct, confidence, when)
    store().save_card(learner_id(), question_id, card, due)


def end_of_today() -> datetime:
    """Midnight UTC at the end of the current day: "due today" means due before then."""
    current = now()
    return datetime(current.year, current.month, current.day, tzinfo=UTC) + timedelta(days=1)


# --- exams --------------------------------------------------------------------------------


@st.cache_resource
def _blueprints(folder: str, signature: tuple) -> Blueprints:
    return load_blueprints([folder])


def blueprints() -> Blueprints:
    """Exam blueprints under content/exams (valid ones by id, broken ones with problems); reloaded on change."""
    folder = content_dir() / "exams"
    return _blueprints(str(folder), _signature(folder))


def seed_choice(slot: Slot, key: str) -> None:
    """Show a saved answer in a question's widgets when they are drawn again (their state was dropped)."""
    shown = [slot.order.index(i) for i in sorted(slot.chosen or ())]
    if slot.question.is_multiple_answer:
        for position in range(len(slot.order)):
            st.session_state.setdefault(choice_key(key, position), position in shown)
    elif choice_key(key) not in st.session_state:
        st.session_state[choice_key(key)] = shown[0] if shown else None


def sync_answer(attempt, index: int, key: str) -> bool:
    """Give the exam the answer now in the question's widgets; an empty choice clears it. True if it changed."""
    slot = attempt.slots[index]
    positions = chosen_positions(slot, key)
    if slot.to_file_indices(positions) == (slot.chosen or frozenset()):
        return False
    if positions:
        return attempt.answer(index, positions, now=now())
    return attempt.clear(index, now=now())


def review_item(item) -> None:
    """One exam question after submission: the verdict in words, then the options as in Practice."""
    words = str(item.state) if item.chosen else "not answered"
    with st.expander(f"Question {item.number}: {words}{' · flagged' if item.flagged else ''}"):
        st.markdown(item.question.prompt)
        st.markdown(f"**Explanation.** {item.explanation}")
        for option in item.options:
            why = f" {option.why}" if option.why else ""
            st.markdown(f"{option.number}. {option.text}  \n{_mark(option.correct, option.chosen)}{why}")


_settle(None)  # the imports above (Streamlit, pandas, plotly, pydantic, SQLAlchemy) live as long as the process


def topic_name(slug: str) -> str:
    """The construct's name for a bank topic slug, or the slug itself (outside the course, or course broken)."""
    loaded = course_or_error()
    constructs = () if isinstance(loaded, CourseError) else loaded.constructs
    return next((c.name for c in constructs if c.id == slug), slug)
