"""Options are lettered A, B, C, ... as on the real exam, so "C: 2 and 4" never reads as statement 3."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def letter(position: int) -> str:
    """The letter of a 0-based screen position: 0 -> "A"."""
    if not 0 <= position < 26:
        raise ValueError(f"no letter for option position {position}")
    return chr(ord("A") + position)


def option_label(position: int, text: str) -> str:
    """How an option is shown: "B. Service provision"."""
    return f"{letter(position)}. {text}"


def answer_label(positions: Iterable[int], options: Sequence[str]) -> str:
    """The key in words: "C: 2 and 4", or "A: … ; D: …" when several options are right."""
    return "; ".join(f"{letter(i)}: {options[i]}" for i in sorted(positions))
