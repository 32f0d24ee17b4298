"""One question on screen: the answer widgets, Check, the verdict and every option's why."""

from __future__ import annotations

import streamlit as st

from pages.ui.choices import offered
from pages.ui.content import topic_name
from pages.ui.keys import question_keys
from pages.ui.recording import record
from quiz.engine import Slot, State
from quiz.letters import answer_label, letter, option_label


def choice_key(key: str, position: int | None = None) -> str:
    return f"{key}.choice" if position is None else f"{key}.choice.{position}"


def chosen_positions(slot: Slot, key: str) -> list[int]:
    """The 0-based screen positions currently chosen in the widgets of `answer_inputs`."""
    if slot.question.is_multiple_answer:
        return [i for i in range(len(slot.order)) if st.session_state.get(choice_key(key, i))]
    picked = offered(st.session_state.get(choice_key(key)), range(len(slot.order)))
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

    `keyboard` lets the keys A-F (or 1-6) choose and Enter check; only one question on a screen may have it.
    """
    options = slot.shown_options()
    locked = slot.state is not State.TODO if locked is None else locked
    if locked:
        # Once checked, the feedback lists every option with its mark; greyed-out inputs would only repeat
        # them in a colour too faint to read (axe-core: contrast).
        return [slot.order.index(i) for i in sorted(slot.chosen or ())]
    keys = key_hint(len(options), enter_checks) if keyboard else ""
    if slot.question.is_multiple_answer:
        if "select" not in slot.question.prompt.lower():  # many prompts already say "(Select 2)"
            st.markdown(f"**Select {len(slot.question.correct_indices)}.**")
        chosen = [i for i, text in enumerate(options)
                  if st.checkbox(option_label(i, text), key=choice_key(key, i), on_change=on_change)]
        if keys:
            st.caption(keys.capitalize())
    else:
        # The hint goes in the label, not a line of its own: an exam question has to fit a phone's screen.
        picked = st.radio(f"Choose one answer{' · ' + keys if keys else ''}", range(len(options)), index=None,
                          key=choice_key(key), format_func=lambda i: option_label(i, options[i]),
                          on_change=on_change)
        picked = offered(picked, range(len(options)))
        chosen = [] if picked is None else [picked]
    if keyboard:
        question_keys("Check" if enter_checks else None)
    return chosen


def key_hint(count: int, enter_checks: bool) -> str:
    return f"keys A–{letter(count - 1)} or 1–{count} choose" + (", Enter checks" if enter_checks else "")


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
    keys = answer_label([f.number - 1 for f in slot.feedback() if f.correct], slot.shown_options())
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
        st.markdown(f"{option_label(item.number - 1, item.text)}  \n{mark(item.correct, item.chosen)}{why}")


def mark(correct: bool, chosen: bool) -> str:
    if correct and chosen:
        return ":material/check_circle: **Your answer, correct.**"
    if correct:
        return ":material/check_circle: **Correct answer.**"
    if chosen:
        return ":material/cancel: **Your answer, wrong.**"
    return ":material/remove: **Not the answer.**"
