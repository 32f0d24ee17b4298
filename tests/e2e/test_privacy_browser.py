"""Learners' data is private in a real browser: another browser sees, opens, exports and deletes nothing of it;
a trainer (after the passcode) can."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import VIEWPORT, new_learner, save_screenshot, settle, unlock_trainer

pytestmark = pytest.mark.browser
NAME = "Alice Private"
LEARNER_PAGES = ("", "/practice", "/review", "/exam", "/progress")


def fresh_browser(browser: Browser) -> Page:
    """Another person's browser: its own cookies and its own Streamlit session."""
    context = browser.new_context(viewport=VIEWPORT)
    return context.new_page()


def answer_one_question(page: Page, url: str) -> None:
    page.goto(f"{url}/practice")
    page.get_by_role("button", name="Start round").click()
    page.get_by_test_id("stMain").locator('[data-testid="stRadioOption"]').first.click()
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("The answer is", exact=False)).to_be_visible()



def test_another_browser_sees_nothing_of_a_learner_and_a_trainer_manages_them(browser: Browser, app_url: str):
    alice = fresh_browser(browser)
    alice.goto(app_url)
    settle(alice)
    new_learner(alice, NAME)
    answer_one_question(alice, app_url)

    other = fresh_browser(browser)
    for path in (*LEARNER_PAGES, "/learners", "/bank_health", "/authoring"):
        other.goto(f"{app_url}{path}")
        settle(other)
        if path in ("/learners", "/bank_health", "/authoring"):  # trainer pages do not exist for a learner
            expect(other.get_by_role("dialog", name="Page not found")).to_be_visible()
            other.keyboard.press("Escape")
        expect(other.get_by_text(NAME, exact=False)).to_have_count(0)
        expect(other.get_by_role("button", name="Export", exact=False)).to_have_count(0)
        expect(other.get_by_role("button", name="Delete", exact=False)).to_have_count(0)
    nav = other.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link", name="Learners")).to_have_count(0)
    expect(other.get_by_text("Practising without a profile", exact=False)).to_be_visible()

    unlock_trainer(other)
    nav.get_by_role("link", name="Learners").click()
    expect(other.get_by_text(f"{NAME} · created", exact=False)).to_be_visible()
    expect(other.get_by_role("button", name=f"Export {NAME} (JSON)")).to_be_visible()
    save_screenshot(other, "learners-trainer")
    other.get_by_role("button", name=f"Delete {NAME} and all their data").click()
    other.get_by_role("button", name=f"Delete {NAME}", exact=True).click()
    expect(other.get_by_text(f"{NAME} · created", exact=False)).to_have_count(0)

    alice.reload()  # her browser's token went with her profile: she is signed in to nobody now
    expect(alice.get_by_text("Practising without a profile", exact=False)).to_be_visible()
    expect(alice.get_by_text(f"Signed in as {NAME}")).to_have_count(0)
    alice.context.close()
    other.context.close()
