"""No visitor can wear the server down or lose a learner's answer: cache clears, bank saves and failed writes."""

import os
import weakref
from pathlib import Path

import streamlit as st
from sqlalchemy.exc import OperationalError

from pages.ui import content
from tests.conftest import GOOD_BANKS, answer_slot


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_many_cache_clears_leave_file_descriptors_flat(new_app):
    at = new_app("pages/practice.py")
    at.run()
    before = open_descriptors()
    for _ in range(60):  # what a stream of clear_cache messages from a client does
        st.cache_resource.clear()
        st.cache_data.clear()
        at.run()
    assert not at.exception
    assert open_descriptors() - before <= 3, "the store and its connections outlive a cache clear"


def test_saving_a_bank_again_and_again_keeps_only_the_latest_copies(tmp_path):
    folder = tmp_path / "banks"
    folder.mkdir()
    bank = folder / "mini.yaml"
    bank.write_text((GOOD_BANKS / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    alive = []
    for save in range(12):
        os.utime(bank, ns=(save * 10**9, save * 10**9))
        alive.append(weakref.ref(content._load(str(folder), content.signature(folder))))
    import gc

    gc.collect()
    assert sum(ref() is not None for ref in alive) <= 2, "old versions of a bank are let go"


def test_a_failed_write_keeps_the_answer_says_so_and_saves_it_later(new_app, tmp_path, monkeypatch):
    from pages.ui.store import store

    at = new_app("pages/practice.py")
    at.button(key="practice.start").click().run()
    real = type(store()).record_answer

    def locked(*args, **kwargs):
        raise OperationalError("INSERT INTO answers ...", {}, Exception("database is locked"))

    monkeypatch.setattr(type(store()), "record_answer", locked)
    answer_slot(at, at.session_state["practice.round"].current, f"practice.r{at.session_state['practice.serial']}.q1")
    assert not at.exception
    assert any("not saved yet" in w.value for w in at.warning)
    assert not any("INSERT" in text for text in [w.value for w in at.warning] + [m.value for m in at.markdown])
    profile = store().profiles()[0]
    assert store().answers(profile.id).empty
    monkeypatch.setattr(type(store()), "record_answer", real)
    at.run()
    assert not any("not saved yet" in w.value for w in at.warning)
    assert len(store().answers(profile.id)) == 1, "the kept answer is stored once the database is back"


def test_error_details_are_off_for_users():
    config = (Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert 'showErrorDetails = "none"' in config and "maxUploadSize = 16" in config
