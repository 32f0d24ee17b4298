"""The process's `Classroom` engine over the store and the loaded banks, for the trainer's and students' screens."""

from __future__ import annotations

import threading

from classroom import Classroom
from pages.ui.content import library
from pages.ui.store import store

_rooms: dict[tuple[int, int], tuple[object, object, Classroom]] = {}
_lock = threading.Lock()


def room() -> Classroom:
    """One engine per store and bank set: it keeps derived standings between polls, never session state."""
    db, banks = store(), library()
    key = (id(db), id(banks))
    with _lock:
        found = _rooms.get(key)
        if found is None or found[0] is not db or found[1] is not banks:
            while len(_rooms) >= 4:  # banks reloaded or tests' databases: drop the oldest
                _rooms.pop(next(iter(_rooms)))
            found = _rooms[key] = (db, banks, Classroom(db, banks.questions))
        return found[2]
