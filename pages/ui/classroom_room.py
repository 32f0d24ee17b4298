"""The process's `Classroom` engine over the store and the loaded banks, for the trainer's and students' screens."""

from __future__ import annotations

import threading
import time

from classroom import Classroom
from pages.ui.content import library
from pages.ui.settings import questions_dir
from pages.ui.store import store

_rooms: dict[tuple[int, int], tuple[object, object, Classroom]] = {}
_lock = threading.Lock()
# Every phone polls once a second; checking the bank files' signature on each poll was a sixth of a poll's cost
# (py-spy, 30 students). A bank edited during a class is picked up within this many seconds instead.
BANKS_FRESH_FOR = 2.0
SESSION_FRESH_FOR = 0.5  # a phone sees another process's move within this (and a second's poll)
_banks: dict[str, tuple[float, object]] = {}


def _library():
    db_key, now = str(questions_dir()), time.monotonic()  # tests switch folders within one process
    checked = _banks.get(db_key)
    if checked is None or now - checked[0] > BANKS_FRESH_FOR:
        _banks[db_key] = checked = (now, library())
    return checked[1]


def room() -> Classroom:
    """One engine per store and bank set: it keeps derived standings between polls, never session state."""
    db, banks = store(), _library()
    key = (id(db), id(banks))
    with _lock:
        found = _rooms.get(key)
        if found is None or found[0] is not db or found[1] is not banks:
            while len(_rooms) >= 4:  # banks reloaded or tests' databases: drop the oldest
                _rooms.pop(next(iter(_rooms)))
            found = _rooms[key] = (db, banks, Classroom(db, banks.questions, session_fresh_for=SESSION_FRESH_FOR))
        return found[2]
