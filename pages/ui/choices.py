"""Choice widgets return what the browser sent, and a hostile client may send a value that was never offered.

Streamlit hands such a value back as a plain string; these helpers keep only what was offered.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TypeVar

T = TypeVar("T")


def offered(value: T | None, options: Collection[T]) -> T | None:
    """`value` if it is one of `options`, else None (as if nothing had been chosen)."""
    try:
        return value if value in options else None
    except TypeError:  # an unhashable forged value
        return None


def all_offered(values: Iterable[T] | None, options: Collection[T]) -> list[T]:
    """The chosen values that were offered, in the order chosen."""
    return [v for v in values or () if offered(v, options) is not None]


def named_by(names: dict) -> callable:
    """A format_func that always returns text: Streamlit formats forged values too, and None breaks it."""
    return lambda value: str(names.get(value, value))
