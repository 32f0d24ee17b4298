"""The exam page's glue: answers kept in step with the attempt, and the review of a submitted exam."""

from __future__ import annotations

import streamlit as st

from pages.ui.answers import choice_key, chosen_positions, mark
from pages.ui.store import now
from quiz.engine import Slot
from quiz.letters import option_label


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
            st.markdown(f"{option_label(option.number - 1, option.text)}  \n{mark(option.correct, option.chosen)}{why}")
