"""Which layout fits a window: a compact diagram on a phone, a presenter figure sized to the screen.

Sizes are CSS pixels as the browser reports them (pages/ui/browser.py); None means not known yet, and the wide
layout is drawn, as on a laptop.
"""

from __future__ import annotations

# Streamlit stacks columns below 640 px, so below it the diagram has the window's width to itself.
COMPACT_WIDTH = 640
DEFAULT_FIGURE_HEIGHT = 520  # the presenter's figure before the window's size is known
PRESENTER_CHROME = 290  # px above the figure in presenter mode: padding, header row, tabs, step buttons, title gap
WORDS_FONT = 22  # px, the presenter's text under the figure (1.35rem)


def compact(size: dict | None) -> bool:
    """True for a phone-sized window, where the diagrams are drawn as a vertical stack."""
    return bool(size) and size["width"] < COMPACT_WIDTH


def text_lines(chars: int, width: int, font_px: int = WORDS_FONT) -> int:
    """How many lines `chars` characters of running text take at `width` px (an average glyph is ~0.5 em)."""
    per_line = max(20, int((width - 120) / (0.5 * font_px)))
    return -(-chars // per_line)


def presenter_layout(size: dict | None, words_chars: int) -> tuple[str, int]:
    """Where the step's words go ("below" the figure or "beside" it) and the figure's height in px.

    Below, the figure spans the page (a projector); on a short screen (a 1366x768 laptop) the words go beside it,
    so that the figure keeps a readable height and the whole step still fits without scrolling."""
    if not size:
        return "beside", DEFAULT_FIGURE_HEIGHT
    words = text_lines(words_chars, size["width"]) * round(WORDS_FONT * 1.5) + 40
    below = size["height"] - PRESENTER_CHROME - words
    if below >= 560:
        return "below", min(900, below)
    return "beside", max(300, size["height"] - PRESENTER_CHROME - 10)


def presenter_scale(height: int) -> float:
    """Text scale for a presenter figure `height` px tall: 2x (labels of 20 px and more) on a 1080p projector."""
    return round(min(2.0, max(1.0, height / 360)), 2)
