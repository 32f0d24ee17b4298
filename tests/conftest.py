"""Shared test set-up: faster AppTest start-up and an app pointed at test banks."""

import functools
from pathlib import Path

import pytest
import streamlit.components.v2.manifest_scanner as manifest_scanner
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

# Each AppTest rescans installed packages for components; the answer never changes within a run.
manifest_scanner.scan_component_manifests = functools.lru_cache(maxsize=None)(
    manifest_scanner.scan_component_manifests
)

# AppTest resets PagesManager.uses_pages_directory before every run, so with a pages/ folder every
# run after the first would take Streamlit's legacy path and run page scripts without app.py (no
# sidebar, no scenario switch). The real server decides this once per process; pages/__init__.py
# handles that case. Here, keep every run on the st.navigation path, as in the browser.
_pages_manager_init = PagesManager.__init__


def _navigation_only(self, *args, **kwargs):
    _pages_manager_init(self, *args, **kwargs)
    PagesManager.uses_pages_directory = False


PagesManager.__init__ = _navigation_only

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
GOOD_BANKS = FIXTURES / "banks" / "good"


@pytest.fixture
def app_env(monkeypatch, tmp_path):
    """Point the app at the small test bank, a private cache, and a fixed random seed."""
    monkeypatch.setenv("ITIL_APP_QUESTIONS_DIR", str(GOOD_BANKS))
    monkeypatch.setenv("ITIL_APP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ITIL_APP_SEED", "7")
    monkeypatch.setenv("ITIL_APP_DATABASE_URL", f"sqlite:///{tmp_path / 'progress.sqlite3'}")
    monkeypatch.setenv("ITIL_APP_TRAINER_PASSCODE", "trainer passcode for tests")
    return monkeypatch


@pytest.fixture
def new_app(app_env):
    """Return a function that starts the app (at a page, with URL query parameters) and returns the AppTest."""

    def start(page: str | None = None, *, signed_in: bool = True, trainer: bool = False, **query: str) -> AppTest:
        """`signed_in` creates the profile "Learner" (or signs in to it, if an earlier session created it)."""
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params.update(query)
        at.run()
        if signed_in and query.get("present") != "1":  # presenter mode has no sidebar to sign in from
            sign_in(at)
            if not [t for t in at.text if t.value == "Signed in as Learner"]:
                sign_up(at)
        if trainer:
            unlock_trainer(at)
        if page:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    return start


PASSPHRASE = "a long passphrase"


def sign_up(at, name: str = "Learner", passphrase: str = PASSPHRASE) -> None:
    """Create a profile from the sidebar, which signs this session in to it."""
    at.text_input(key="account.new_name").input(name)
    at.text_input(key="account.new_passphrase").input(passphrase)
    at.text_input(key="account.repeat").input(passphrase)
    at.button(key="account.create").click().run()
    assert not at.exception, at.exception
    assert f"Signed in as {name}" in [t.value for t in at.text], [e.value for e in at.error]


def sign_in(at, name: str = "Learner", passphrase: str = PASSPHRASE) -> None:
    at.session_state["account.error"] = None
    at.text_input(key="account.name").input(name)
    at.text_input(key="account.passphrase").input(passphrase)
    at.button(key="account.sign_in").click().run()


def unlock_trainer(at, passcode: str = "trainer passcode for tests") -> None:
    at.text_input(key="trainer.passcode").input(passcode)
    at.button(key="trainer.unlock").click().run()


def answer_slot(at, slot, key: str, *, correct: bool = True) -> None:
    """Choose the right (or one wrong) answer of `slot` in the widgets under `key`, then click its Check button."""
    keys = sorted(slot.question.correct_indices)
    chosen = keys if correct else [min(set(range(len(slot.order))) - set(keys))]
    positions = [slot.order.index(i) for i in chosen]
    if slot.question.is_multiple_answer:
        for position in positions:
            at.checkbox(key=f"{key}.choice.{position}").check()
    else:
        at.radio(key=f"{key}.choice").set_value(positions[0])
    at.button(key=f"{key}.check").click().run()


# Storage and classroom tests run on SQLite and on a real PostgreSQL server that the tests start (tests/pg.py).


@pytest.fixture(scope="session")
def pg_cluster():
    from tests import pg

    pg.skip_or_fail_without_postgres()
    cluster = pg.Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request, tmp_path) -> str:
    """The URL of an empty database: a SQLite file, or a new database on the throwaway PostgreSQL cluster."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return request.getfixturevalue("pg_cluster").new_database()
