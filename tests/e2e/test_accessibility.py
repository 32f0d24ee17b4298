"""axe-core in headless Chromium on every page: no serious or critical accessibility violation.

axe-core comes from npm; `.ci/run` installs it into .cache/axe. Elsewhere the test is skipped with
how to install it, except under CI, where it must run.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import ROOT, new_learner, settle

AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "learn?construct=service-offering&scenario=real-estate", "diagram", "glossary", "practice", "review",
         "exam", "progress", "present", "bank_health", "authoring", "present?present=1", "classroom"]
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .map(v => ({id: v.id, impact: v.impact, help: v.help, where: v.nodes.slice(0, 2).map(n => n.target.join(' '))}))"""

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        message = f"axe-core is not installed: npm install --prefix {AXE.parents[2]} axe-core"
        if os.environ.get("CI"):
            pytest.fail(f"{message}. CI is set, so .ci/run should have installed it.", pytrace=False)
        pytest.skip(message)
    return AXE


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(page: Page, real_app_url: str, axe_script: Path, path: str):
    page.goto(f"{real_app_url}/{path}")
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
    settle(page)
    page.add_script_tag(path=str(axe_script))
    violations = page.evaluate(RUN_AXE)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, serious


def test_a_checked_practice_question_and_an_exam_question_pass_too(page: Page, real_app_url: str,
                                                                     axe_script: Path):
    page.goto(f"{real_app_url}/practice")
    new_learner(page, "Accessibility check")  # its own, so that other tests' learner starts clean
    page.get_by_role("button", name="Start round").click()
    page.locator('[data-testid="stMain"] label[data-testid="stRadioOption"], [data-testid="stMain"] '
                 '[data-testid="stCheckbox"] label').first.click()
    settle(page)
    page.get_by_role("button", name="Check").click()
    page.get_by_role("button", name="Next question").wait_for()
    settle(page)
    page.add_script_tag(path=str(axe_script))
    assert not [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")]
    # Through the sidebar, not page.goto: a reload would start a new session with the default learner.
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Mock exam").click()
    page.get_by_role("button", name="Start the exam").click()
    page.get_by_role("button", name="Submit exam…").wait_for()
    settle(page)
    page.add_script_tag(path=str(axe_script))
    assert not [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")]
