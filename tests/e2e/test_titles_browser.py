"""The browser tab shows each page's own title (set with st.set_page_config after st.navigation)."""

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import settle

pytestmark = pytest.mark.browser

PATHS = ["", "learn", "learn?construct=service-offering&scenario=real-estate", "diagram", "glossary", "practice",
         "review", "exam", "progress", "present", "bank_health", "authoring"]


def test_every_page_has_its_own_tab_title(page: Page, real_app_url: str):
    titles = []
    for path in PATHS:
        page.goto(f"{real_app_url}/{path}")
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
        settle(page)
        titles.append(page.title())
    assert len(set(titles)) == len(PATHS), titles
    assert all(t.endswith(" · ITIL 4 Foundation") for t in titles), titles
    assert "Service offering (real estate) · Learn · ITIL 4 Foundation" in titles
