"""Reads that every phone repeats once a second, shared by the process's sessions of one class.

A class of 100 polls 100 times a second; without this, each poll read its seat, the session and the step, and a
single server process spent its whole interpreter lock on it (bench/bench_classroom.py). A seat never changes
(only its profile link, which a poll does not show); a step changes only with the session's version, so it is
kept by version; the session row itself is kept for `fresh_for` seconds (0: always read), so a phase change made
by another process shows within that time. A student's own answer is always read.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class PollCache:
    def __init__(self, *, fresh_for: float = 0.0, size: int = 5000,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.fresh_for = fresh_for
        self._size = size
        self._monotonic = monotonic
        self._kept: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[], T], *, fresh_for: float | None = None) -> T:
        """The value kept under `key` if younger than `fresh_for` (None: forever), else `load()` kept anew.

        None is never kept: an unknown token or a deleted session is read again next time.
        """
        now = self._monotonic()
        with self._lock:
            found = self._kept.get(key)
        if found is not None and (fresh_for is None or now - found[0] < fresh_for):
            return found[1]
        value = load()
        if value is not None:
            with self._lock:
                self._kept[key] = (now, value)
                self._kept.move_to_end(key)
                while len(self._kept) > self._size:
                    self._kept.popitem(last=False)
        return value

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._kept.pop(key, None)
