"""The Authoring page as a trainer uses it in Chromium: import a GIFT file, read the preview, save it as a bank,
export a bank, and open the item analysis."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import GOOD_BANKS, ROOT, VIEWPORT, app_env, app_server, save_screenshot, settle, unlock_trainer

pytestmark = pytest.mark.browser
GIFT = ROOT / "tests" / "fixtures" / "authoring" / "rules.gift"


def test_a_trainer_imports_previews_saves_and_exports_a_bank(browser: Browser, tmp_path):
    banks = tmp_path / "banks"
    shutil.copytree(GOOD_BANKS, banks)
    with app_server(app_env(tmp_path, banks), tmp_path / "server.log") as url:
        page = browser.new_context(viewport=VIEWPORT).new_page()
        page.goto(url)
        settle(page)
        unlock_trainer(page)
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Authoring").click()
        expect(page.get_by_role("heading", name="Authoring")).to_be_visible()
        page.locator('input[type="file"]').set_input_files(str(GIFT))
        expect(page.get_by_text("not imported", exact=False)).to_be_visible()  # the file's unsupported types
        expect(page.get_by_text("skipped:", exact=False).first).to_be_visible()
        save = page.get_by_role("button", name="Save", exact=False).filter(has_text="questions")
        expect(save).to_be_visible()
        save_screenshot(page, "authoring-import")
        save.click()
        expect(page.get_by_text("Saved 10 questions as bank rules")).to_be_visible()
        assert (banks / "rules.yaml").is_file()

        page.get_by_role("tab", name="Export").click()
        expect(page.get_by_test_id("stDownloadButton").first).to_be_visible()
        page.get_by_role("tab", name="Item analysis").click()
        expect(page.get_by_text("responses", exact=False).first).to_be_visible()
        save_screenshot(page, "authoring-analysis")
        page.context.close()
