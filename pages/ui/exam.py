"""The exam page's glue: answers kept in step with the attempt, and the review of a submitted exam."""

from __future__ import annotations

import streamlit as st

from pages.ui.answers import choice_key, chosen_positions, mark
from pages.ui.store import now
from quiz.engine import Slot
from quiz.letters import option_label

# Less empty space above the exam, so that the question and Next fit a laptop's and a phone's first screen.
COMPACT_CSS = """<style>
[data-testid='stMainBlockContainer'] { padding-top: 4rem !important; }
/* Back, Next, Flag and Submit stay on screen however long the question: a bar held at the bottom. */
.st-key-exam_nav { position: sticky; bottom: 0; z-index: 3; background: rgb(255 255 255 / 0.97);
                   padding: 0.4rem 0; border-top: 1px solid rgb(49 51 63 / 0.2); }
@media (max-width: 640px) {
  /* On a phone the bar is fixed to the screen's foot; the page gets room below so nothing hides under it. */
  .st-key-exam_nav { position: fixed; left: 0; right: 0; padding: 0.4rem 1rem; }
  [data-testid='stMainBlockContainer'] { padding-top: 3.25rem !important; padding-bottom: 8rem !important; }
  .st-key-exam_card { padding: 0.5rem 0.75rem !important; gap: 0.5rem !important; }
  .st-key-exam_card [data-testid='stMarkdownContainer'] li { line-height: 1.45; }
}
</style>"""


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


def header(attempt, countdown):
    """One line (timer, progress), then the question numbers folded away: the question stays above the fold."""
    st.html(COMPACT_CSS)
    st.markdown(f"###### Mock exam: {attempt.blueprint.title}")
    line = st.container(horizontal=True, vertical_alignment="center", gap="small")
    with line:
        countdown(attempt)
    # A new key per question: after a jump (or Next) the strip is folded again and the question in view.
    board = st.expander("All questions: ✓ answered · ⚑ flagged · ● current", key=f"exam.board.{attempt.position}")
    return line, board


def overview(attempt, line, board, move) -> None:
    items = attempt.overview()
    answered, flagged = sum(i.answered for i in items), sum(i.flagged for i in items)
    line.markdown(f"**Question {attempt.position + 1} of {len(items)}** · {answered} answered"
                  + (f" · {flagged} flagged" if flagged else ""))
    strip = board.container(horizontal=True, gap="small")
    for item in items:
        marks = ("● " if item.current else "", " ✓" if item.answered else "", " ⚑" if item.flagged else "")
        strip.button(f"{marks[0]}{item.number}{marks[1]}{marks[2]}", key=f"exam.go.{item.number}",
                     on_click=move, args=(attempt, attempt.go, item.number - 1),
                     type="primary" if item.current else "secondary",
                     help=f"Question {item.number}: {'answered' if item.answered else 'not answered'}"
                          f"{', flagged' if item.flagged else ''}")

