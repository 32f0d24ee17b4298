"""Present and Diagram at the sizes people use: real key presses, and bounding boxes measured on the page.

390x844 a phone, 1366x768 a laptop, 1920x1080 a projector; the app on the real course and banks.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from course.loader import load_course
from tests.e2e.conftest import ROOT, save_screenshot, settle

pytestmark = pytest.mark.browser

COURSE = load_course(ROOT / "content" / "course")
LAYERS = COURSE.model.layers
PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}

# Every text plotly drew in the shown chart, with its box on screen.
_TEXT_BOXES = """(plot) => [...plot.querySelectorAll('.textpoint, .annotation-text, .gtitle')]
  .map((t) => (t.tagName === 'text' ? t : t.querySelector('text') || t))
  .map((t) => ({text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize),
                ...JSON.parse(JSON.stringify(t.getBoundingClientRect()))}))
  .filter((b) => b.text.trim() && b.width > 0)"""
_SCROLLS = """() => { const m = document.querySelector('[data-testid="stMain"]');
  return Math.max(m.scrollHeight - m.clientHeight, document.documentElement.scrollHeight - window.innerHeight); }"""


def open_at(page: Page, url: str, size: dict) -> None:
    page.set_viewport_size(size)
    page.goto(url)
    page.get_by_test_id("stMain").locator(".js-plotly-plot").first.wait_for(timeout=30_000)  # a cold server
    settle(page, 300)


def shown_plot(page: Page):
    return page.get_by_test_id("stMain").locator(".js-plotly-plot").filter(visible=True).first


def text_boxes(page: Page) -> list[dict]:
    plot = shown_plot(page)
    plot.locator(".scatterlayer .point").first.wait_for()
    return plot.evaluate(_TEXT_BOXES)


def overlaps(a: dict, b: dict, slack: float = 1.0) -> bool:
    return (a["x"] + slack < b["x"] + b["width"] and b["x"] + slack < a["x"] + a["width"]
            and a["y"] + slack < b["y"] + b["height"] and b["y"] + slack < a["y"] + a["height"])


def assert_apart_and_inside(page: Page) -> None:
    """No two texts of the shown chart overlap, and none reaches past the chart's edges (cut)."""
    plot = shown_plot(page).bounding_box()
    boxes = text_boxes(page)
    for box in boxes:
        assert plot["x"] - 1 <= box["x"] and box["x"] + box["width"] <= plot["x"] + plot["width"] + 1, box["text"]
    clashes = [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if overlaps(a, b)]
    assert not clashes, clashes


def step_text(page: Page):
    return page.get_by_test_id("stMain").get_by_test_id("stProgress")


def test_the_step_keys_work_whatever_has_focus_and_each_step_fits_a_laptop(page: Page, real_app_url: str):
    open_at(page, f"{real_app_url}/present?present=1", LAPTOP)
    expect(step_text(page)).to_contain_text(f"Step 1 of {len(LAYERS)}")
    assert page.evaluate(_SCROLLS) <= 0, "step 1 fits 1366x768 without scrolling"

    bank = page.locator('label[data-testid="stRadioOption"]').filter(has_text="Bank")
    bank.click()  # focus on the scenario switch, where → used to flip Bank / Real estate
    settle(page)
    page.keyboard.press("ArrowRight")
    expect(step_text(page)).to_contain_text(f"Step 2 of {len(LAYERS)}: {LAYERS[1].name}")
    expect(bank.locator("input")).to_be_checked()

    page.get_by_role("tab", name="The model, step by step").click()  # focus on the tabs
    settle(page)
    page.keyboard.press("PageDown")  # what a clicker sends
    expect(step_text(page)).to_contain_text(f"Step 3 of {len(LAYERS)}")
    expect(page.get_by_role("tab", name="The model, step by step")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("PageUp")
    expect(step_text(page)).to_contain_text(f"Step 2 of {len(LAYERS)}")
    page.get_by_role("switch", name="Presenter mode").focus()
    page.keyboard.press("Space")
    expect(step_text(page)).to_contain_text(f"Step 3 of {len(LAYERS)}")
    expect(page.get_by_role("switch", name="Presenter mode")).to_be_checked()
    for step in range(3, len(LAYERS) + 1):
        expect(step_text(page)).to_contain_text(f"Step {step} of {len(LAYERS)}")
        settle(page)
        assert page.evaluate(_SCROLLS) <= 0, f"step {step} fits 1366x768 without scrolling"
        page.keyboard.press("ArrowRight")
    for scenario in ("Real estate", "Bank"):  # the longest words are in the real-estate scenario
        page.locator('label[data-testid="stRadioOption"]').filter(has_text=scenario).click()
        settle(page)
        assert page.evaluate(_SCROLLS) <= 0, f"the last step fits in the {scenario} scenario"


def test_space_reveals_the_lettered_answer_and_page_up_hides_it(page: Page, real_app_url: str):
    open_at(page, f"{real_app_url}/present?present=1", LAPTOP)
    page.get_by_role("tab", name="A question for the class").click()
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text(re.compile(r"A\. .+B\. .+C\. .+D\. ", re.S))
    settle(page)
    page.keyboard.press("Space")
    answer = main.get_by_test_id("stAlertContentSuccess")
    expect(answer).to_contain_text(re.compile(r"Answer: [A-D]: "))
    expect(main.get_by_role("button", name="Hide answer")).to_be_visible()
    page.keyboard.press("PageUp")
    expect(answer).to_have_count(0)
    main.get_by_role("button", name="Hide answer").wait_for(state="detached")
    expect(main.get_by_role("button", name="Reveal answer")).to_be_visible()


def test_a_projector_gets_the_model_full_width_in_large_type_with_the_new_layer_marked(page: Page,
                                                                                      real_app_url: str):
    open_at(page, f"{real_app_url}/present?present=1", PROJECTOR)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(step_text(page)).to_contain_text(f"Step 3 of {len(LAYERS)}")
    settle(page, 300)
    content = page.get_by_test_id("stMain").get_by_role("tablist").first.bounding_box()  # the page's width
    assert shown_plot(page).bounding_box()["width"] >= 0.95 * content["width"], "the diagram spans the page"
    boxes = text_boxes(page)
    labels = [b for b in boxes if b["text"] not in ("", ) and "scenario" not in b["text"]]
    assert min(b["size"] for b in labels) >= 20, [(b["text"], b["size"]) for b in labels if b["size"] < 20]
    assert f"▶ {LAYERS[2].name.upper()}" in [b["text"] for b in boxes], "the layer just revealed is marked"
    assert page.evaluate(_SCROLLS) <= 0
    save_screenshot(page, "present")


def test_full_screen_is_the_browsers_and_opens_presenter_mode(page: Page, real_app_url: str):
    open_at(page, f"{real_app_url}/present", LAPTOP)
    page.get_by_role("button", name="Full screen").click()
    expect(page).to_have_url(re.compile(r"[?&]present=1"))
    page.wait_for_function("() => document.fullscreenElement !== null")
    expect(page.get_by_role("button", name="Exit full screen")).to_be_visible()
    page.get_by_role("button", name="Exit full screen").click()
    page.wait_for_function("() => document.fullscreenElement === null")


@pytest.mark.parametrize("scenario", ["banking", "real-estate"])
def test_on_a_phone_the_diagrams_names_neither_collide_nor_get_cut(page: Page, real_app_url: str, scenario: str):
    open_at(page, f"{real_app_url}/diagram?scenario={scenario}", PHONE)
    main = page.get_by_test_id("stMain")
    expect(shown_plot(page)).to_contain_text("provider side")
    assert_apart_and_inside(page)
    if scenario == "banking":
        save_screenshot(page, "diagram-phone")
    for tab in ("Chain of service relationships", "Service value system", "Value chain"):
        main.get_by_role("tab", name=tab).click()
        settle(page, 300)
        assert_apart_and_inside(page)
        if tab.startswith("Chain"):
            first = COURSE.chains[scenario].relationships[0]
            services = main.get_by_role("list").filter(has_text=first.service).get_by_role("listitem")
            expect(services).to_have_count(len(COURSE.chains[scenario].relationships))  # the diamonds' numbers
            if scenario == "real-estate":
                save_screenshot(page, "diagram-chain-phone")


def test_on_a_phone_a_tap_on_a_stacked_row_explains_it(page: Page, real_app_url: str):
    open_at(page, f"{real_app_url}/diagram", PHONE)
    box = shown_plot(page).evaluate("""(plot) => { for (const trace of plot.querySelectorAll('.scatterlayer .trace')) {
        const texts = [...trace.querySelectorAll('.textpoint')].map((t) => t.textContent);
        const i = texts.findIndex((t) => t.startsWith('Product'));
        if (i >= 0) { const point = trace.querySelectorAll('.point')[i];
                      point.scrollIntoView({block: 'center'});
                      const b = point.getBoundingClientRect();
                      return {x: b.x + b.width / 2, y: b.y + b.height / 2}; } } return null; }""")
    assert box, "Product has a row of its own"
    page.mouse.click(box["x"], box["y"])
    expect(page.get_by_test_id("stMain").get_by_role("heading", name="Product", exact=True)).to_be_visible()
