"""Browser tests: one app server per content set and one headless Chromium per session, a fresh page per test.

The app runs in a real `streamlit run` process on a free port, with a private cache folder and database and a
fixed seed: one server on the small fixture bank (`app_url`), one on the real content (`real_app_url`).
Chromium is Debian's (/usr/bin/chromium): never `playwright install`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.e2e import harness
from tests.e2e.harness import streamlit_server

ROOT = Path(__file__).resolve().parents[2]
GOOD_BANKS = ROOT / "tests" / "fixtures" / "banks" / "good"
REAL_BANKS = ROOT / "content" / "questions"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
STARTUP_TIMEOUT = 60.0  # seconds until /_stcore/health must answer
VIEWPORT = {"width": 1280, "height": 900}  # screenshots for the docs start from this size
TRAINER_PASSCODE = "trainer passcode for browser tests"
TIMEOUT_MS = 15_000  # for Playwright actions and expect(); the first run of a page is the slow one


def require_chromium() -> None:
    """Skip when Chromium is missing, except in CI, which installs it (see .ci/run): there it is an error."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing; the browser tests need Debian's chromium (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}. CI is set, so Chromium should have been installed.", pytrace=False)
    pytest.skip(message)


def app_server(env: Mapping[str, str], log: Path, app_dir: Path = ROOT, script: str = "app.py"):
    """Run `streamlit run <script>` in `app_dir` with extra `env`; a context manager yielding its base URL."""
    return streamlit_server(script, env, log, cwd=app_dir, timeout=STARTUP_TIMEOUT)


def app_env(folder: Path, banks: Path = GOOD_BANKS) -> dict[str, str]:
    """The app's settings for a test server: `banks`, and a private cache and database under `folder`."""
    return {"ITIL_APP_QUESTIONS_DIR": str(banks), "ITIL_APP_CACHE_DIR": str(folder / "cache"), "ITIL_APP_SEED": "7",
            "ITIL_APP_DATABASE_URL": f"sqlite:///{folder / 'progress.sqlite3'}",
            "ITIL_APP_TRAINER_PASSCODE": TRAINER_PASSCODE}


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    """Base URL of the app serving the 3-question fixture bank; started once for the session."""
    require_chromium()
    folder = tmp_path_factory.mktemp("app")
    with app_server(app_env(folder), folder / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def real_app_url(tmp_path_factory) -> Iterator[str]:
    """Base URL of the app on the real content (content/questions, content/course, content/exams), with its own
    cache and database; started once for the session and shared by the Learn, Diagram, Present and exam tests."""
    require_chromium()
    folder = tmp_path_factory.mktemp("real-app")
    with app_server(app_env(folder, REAL_BANKS), folder / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    require_chromium()
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    expect.set_options(timeout=TIMEOUT_MS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def browser_context(browser: Browser) -> Iterator[BrowserContext]:
    """One context for the session, so Streamlit's scripts and styles come from the HTTP cache after the first page."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(browser_context: BrowserContext) -> Iterator[Page]:
    """A fresh tab: a new Streamlit session with empty session state (sessions are per tab, not per cookie)."""
    page = browser_context.new_page()
    yield page
    page.close()


# --- waiting and screenshots ----------------------------------------------------------------



def settle(page: Page, quiet_ms: int = 150) -> None:
    """Wait until the script has stopped running and the page has not changed for `quiet_ms`."""
    harness.settle(page, quiet_ms, TIMEOUT_MS)


def save_screenshot(page: Page, name: str) -> Path:
    """Save a screenshot of the whole page, as docs/screenshots/<name>.png, and return its path.

    Streamlit scrolls inside its main area, not the document, so a plain full-page screenshot stops at the
    viewport: the viewport is made as tall as the content for the shot, then restored. The mouse is moved to the
    bottom right corner first, so that nothing shows its hover state.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size or VIEWPORT
    page.mouse.move(size["width"] - 2, size["height"] - 2)  # no hover effects (toolbars, tooltips) in the shot
    settle(page)
    height = size["height"]
    for _ in range(5):  # growing the viewport can reflow the page; stop once its height holds still
        needed = page.evaluate(
            """() => Math.max(document.documentElement.scrollHeight,
                 ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')]
                    .map((e) => e.scrollHeight))"""
        )
        if needed <= height:
            break
        height = needed
        page.set_viewport_size({"width": size["width"], "height": height})
        settle(page)
    try:
        page.screenshot(path=path, full_page=True, animations="disabled", caret="hide")
    finally:
        page.set_viewport_size(size)
    return path


def new_learner(page: Page, name: str, passphrase: str = "a long passphrase") -> None:
    """Create a profile from the sidebar (which signs this browser in to it), so a test's answers are its own."""
    sidebar = page.get_by_test_id("stSidebar")
    create = sidebar.get_by_role("button", name="Create a profile")
    leave = sidebar.get_by_role("button", name="Sign out")
    expect(create.or_(leave)).to_be_visible()
    if leave.is_visible():  # the browser context is shared: forget an earlier test's sign-in, start a new session
        page.context.clear_cookies()
        page.reload()
        expect(create).to_be_visible()
        settle(page)
    submit = page.get_by_role("button", name="Create profile")
    fields = [("Your name", name), ("Passphrase (8 characters or more)", passphrase),
              ("The passphrase again", passphrase)]
    for label, value in fields:
        # Each field reruns the page when it loses focus, which may close the popover: open it again if so.
        if not submit.is_visible():
            create.click()
        page.get_by_role("textbox", name=label).last.fill(value)
        settle(page)
    if not submit.is_visible():
        create.click()
    submit.click()
    expect(sidebar.get_by_text(f"Signed in as {name}")).to_be_visible()
    page.keyboard.press("Escape")


def unlock_trainer(page: Page) -> None:
    """Unlock the trainer role from the sidebar with the test servers' passcode (`app_env`)."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="Trainer").click()
    page.get_by_role("textbox", name="Trainer passcode").fill(TRAINER_PASSCODE)
    page.get_by_role("button", name="Unlock").click()
    expect(sidebar.get_by_role("button", name="Leave the trainer role")).to_be_visible()
