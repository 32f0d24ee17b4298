"""The store, one per database URL for the life of the process, and the clock the pages use.

The store is kept in a plain module-level registry, not in `st.cache_resource`: any client may ask Streamlit
to clear its caches, and each clear would otherwise open a new engine and strand the old one's connections.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from pages.ui.settings import setting
from quiz.review import end_of_day
from quiz.storage import Store, database_url

MAX_STORES = 4  # one URL in production; tests open many databases in one process
_stores: dict[str, Store] = {}
_lock = threading.Lock()


def store() -> Store:
    """The Store (engine and connection pool) of the configured database; schema created or upgraded on first use."""
    url = database_url(setting("database_url", "") or None)
    with _lock:
        if url not in _stores:
            while len(_stores) >= MAX_STORES:
                _stores.pop(next(iter(_stores))).close()
            _stores[url] = Store(url)
        return _stores[url]


def now() -> datetime:
    return datetime.now(UTC)


def local_zone() -> tzinfo:
    """The learner's time zone as the browser reports it (st.context.timezone); UTC if unknown."""
    try:
        name = st.context.timezone
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError, AttributeError):
        return UTC


def end_of_today() -> datetime:
    """Midnight at the end of the learner's current local day: "due today" means due before then."""
    return end_of_day(now(), local_zone())
