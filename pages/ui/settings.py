"""Where the app's settings and content live, and keeping long-lived objects out of the collector's way."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import streamlit as st

from quiz.loader import bank_files

ROOT = Path(__file__).resolve().parents[2]
_settled = False


def setting(name: str, default: str) -> str:
    """A setting from the environment (ITIL_APP_NAME) or st.secrets (name), else the default."""
    env = os.environ.get(f"ITIL_APP_{name.upper()}")
    if env:
        return env
    try:
        return str(st.secrets.get(name, default))
    except FileNotFoundError:
        return default
    except Exception:  # no secrets.toml at all is the usual case
        return default


def content_dir() -> Path:
    return Path(setting("content_dir", str(ROOT / "content")))


def questions_dir() -> Path:
    return Path(setting("questions_dir", str(content_dir() / "questions")))


def signature(folder: Path) -> tuple:
    """What identifies the banks' current contents cheaply: names, sizes and change times."""
    files = bank_files([folder]) if folder.is_dir() else []
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def settle(value):
    """Move what is alive now out of the garbage collector's sight; return `value`.

    Streamlit runs a full collection after every rerun, holding the interpreter lock while the page's
    output waits to be sent; its cost grows with the live objects. Cached banks, course and imports
    live as long as the process, so freezing them keeps each rerun's collection small (the Check
    click-to-feedback time went from about 2x to under 1x a minimal app's). Garbage is collected first,
    so that nothing already dead is kept for ever.
    """
    gc.collect()
    gc.freeze()
    return value


def settle_imports() -> None:
    """Freeze the imported modules (Streamlit, pandas, plotly, pydantic, SQLAlchemy) once per process."""
    global _settled
    if not _settled:
        _settled = True
        settle(None)


def relative_to_content(text: str) -> str:
    """Text (a path or a problem line) with the content folder's absolute path left out of it."""
    return text.replace(str(content_dir()) + os.sep, "").replace(str(questions_dir()) + os.sep, "questions/")
