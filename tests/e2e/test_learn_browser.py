"""Learn, Diagram, Glossary and Present on the real course content, in headless Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from course.loader import load_course
from tests.e2e.conftest import ROOT, save_screenshot, settle

pytestmark = pytest.mark.browser

COURSE = load_course(ROOT / "content" / "course")


# --- what a learner sees and does ------------------------------------------------------------


def main(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def opening(markdown: str, length: int = 60) -> str:
    """The first words of a course text's first line as the page shows them (bold markers dropped)."""
    text = " ".join(markdown.strip().splitlines()[0].split()).replace("**", "")[:length]
    assert not set(text) & set("[]`_*#"), f"pick a text without other markdown: {text!r}"
    return text


def example(construct_id: str, scenario: str) -> str:
    return opening(COURSE.construct(construct_id).scenarios[scenario].example)


def scenario_option(page: Page, name: str) -> Locator:
    return sidebar(page).locator('label[data-testid="stRadioOption"]').filter(has_text=name)


def shown_plot(page: Page) -> Locator:
    """The plotly chart of the open tab (the other tab's chart is in the page but hidden)."""
    return main(page).locator(".js-plotly-plot").filter(visible=True)


def element_choice(page: Page) -> Locator:
    return main(page).get_by_role("combobox", name="Element to explain").filter(visible=True)


_MARKER = """(plot, label) => {
  for (const trace of plot.querySelectorAll('.scatterlayer .trace')) {
    const texts = [...trace.querySelectorAll('.textpoint')].map((t) => t.textContent);
    const index = texts.indexOf(label);
    if (index >= 0) {
      const box = trace.querySelectorAll('.point')[index].getBoundingClientRect();
      return {x: box.x + box.width / 2, y: box.y + box.height / 2, width: box.width};
    }
  }
  return null;
}"""


def marker_centre(page: Page, label: str) -> tuple[float, float]:
    """Where the marker labelled `label` is on screen: plotly draws point i and text i of a trace in data order."""
    plot = shown_plot(page)
    plot.locator(".scatterlayer .point").first.wait_for()
    box = plot.evaluate(_MARKER, label)
    assert box and box["width"] > 0, f"no marker labelled {label!r} in the shown chart"
    return box["x"], box["y"]


def click_marker(page: Page, label: str) -> None:
    """Click a marker: it sits under plotly's drag layer, so click at its place rather than on the element."""
    x, y = marker_centre(page, label)
    page.mouse.click(x, y)


# --- tests ----------------------------------------------------------------------------------------


def test_hover_a_diagram_element_for_its_definition_then_click_it_for_the_explanation(page: Page,
                                                                                     real_app_url: str):
    product, offering = COURSE.construct("product"), COURSE.construct("service-offering")
    goods = next(p for p in offering.parts if p.id == "goods")
    page.goto(f"{real_app_url}/diagram")
    expect(element_choice(page)).to_have_value(COURSE.constructs[0].name)  # the first element until a click
    expect(main(page).get_by_role("heading", name="Product", exact=True)).to_have_count(0)

    x, y = marker_centre(page, "Product")
    page.mouse.move(x, y)
    expect(shown_plot(page).locator(".hoverlayer .hovertext")).to_contain_text(product.summary)

    page.mouse.click(x, y)
    main(page).get_by_role("heading", name="Product", exact=True).wait_for()
    expect(element_choice(page)).to_have_value("Product")
    expect(main(page)).to_contain_text(opening(product.definition))
    expect(main(page)).to_contain_text(example("product", "banking"))
    expect(main(page).get_by_role("link", name="Learn more about Product")).to_be_visible()
    save_screenshot(page, "diagram")

    click_marker(page, goods.name)  # a part of a construct
    main(page).get_by_role("heading", name=goods.name, exact=True).wait_for()
    expect(element_choice(page)).to_have_value(f"{offering.name}: {goods.name}")
    expect(main(page)).to_contain_text(f"Part of {offering.name}")


def test_the_chain_tab_explains_an_organization(page: Page, real_app_url: str):
    chain = COURSE.chains["banking"]
    first, other = chain.organizations[0], chain.organizations[1]
    page.goto(f"{real_app_url}/diagram")
    main(page).get_by_role("tab", name="Chain of service relationships").click()
    expect(shown_plot(page)).to_contain_text(chain.title)
    expect(element_choice(page)).to_have_value(first.name)

    click_marker(page, other.name)
    main(page).get_by_role("heading", name=other.name, exact=True).wait_for()
    expect(element_choice(page)).to_have_value(other.name)
    expect(main(page)).to_contain_text(opening(other.description))
    save_screenshot(page, "diagram-chain")


def test_switch_scenario_changes_the_example_and_follows_to_the_diagram(page: Page, real_app_url: str):
    page.goto(f"{real_app_url}/learn?construct=service-provision")
    expect(main(page).get_by_role("heading", name="Service provision", level=1)).to_be_visible()
    expect(main(page)).to_contain_text("In the bank scenario")
    expect(main(page)).to_contain_text(example("service-provision", "banking"))

    scenario_option(page, "Real estate").click()
    main(page).get_by_text("In the real estate scenario").wait_for()
    expect(main(page)).to_contain_text(example("service-provision", "real-estate"))
    expect(main(page)).not_to_contain_text(example("service-provision", "banking"))
    expect(page).to_have_url(re.compile(r"[?&]scenario=real-estate(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]construct=service-provision(&|$)"))

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Diagram").click()
    main(page).get_by_role("heading", name="Diagram").wait_for()
    expect(main(page)).to_contain_text("Scenario: Real estate.")
    expect(scenario_option(page, "Real estate").locator("input")).to_be_checked()
    expect(page).to_have_url(re.compile(r"/diagram\?(.*&)?scenario=real-estate(&|$)"))
    expect(shown_plot(page)).to_contain_text("in the real estate scenario")


def test_a_deep_link_opens_a_construct_in_a_scenario(page: Page, real_app_url: str):
    page.goto(f"{real_app_url}/learn?construct=service-offering&scenario=real-estate")
    expect(main(page).get_by_role("heading", name="Service offering", level=1)).to_be_visible()
    expect(main(page).get_by_role("combobox", name="Topic")).to_have_value("Service offering")
    expect(main(page)).to_contain_text("In the real estate scenario")
    expect(main(page)).to_contain_text(example("service-offering", "real-estate"))
    expect(main(page)).not_to_contain_text(example("service-offering", "banking"))
    expect(scenario_option(page, "Real estate").locator("input")).to_be_checked()
    main(page).get_by_role("button", name="New questions").wait_for()  # the end of the page
    save_screenshot(page, "learn")


def test_glossary_search_and_link_to_the_construct(page: Page, real_app_url: str):
    total = len(COURSE.glossary)
    page.goto(f"{real_app_url}/glossary")
    expect(main(page)).to_contain_text(f"{total} of {total} terms.")
    search = main(page).get_by_role("textbox", name="Search the glossary")
    search.fill("sponsor")
    search.press("Enter")
    shown = len(COURSE.search("sponsor"))
    assert 0 < shown < total
    main(page).get_by_text(f"{shown} of {total} terms.").wait_for()
    search.blur()
    save_screenshot(page, "glossary")

    term = COURSE.search("sponsor")[0]
    construct = COURSE.construct(term.construct_id)
    main(page).get_by_role("link", name=f"Explained under: {construct.name}").first.click()
    expect(main(page).get_by_role("heading", name=construct.name, level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/learn\?(.*&)?construct={construct.id}(&|$)"))

    page.go_back()  # Back keeps the search (it is in the URL)
    expect(main(page).get_by_role("textbox", name="Search the glossary")).to_have_value("sponsor")
    main(page).get_by_text(f"{shown} of {total} terms.").wait_for()


def test_presenter_mode_steps_with_the_keyboard_and_reveals_an_answer(page: Page, real_app_url: str):
    layers = COURSE.model.layers
    page.goto(f"{real_app_url}/present?present=1")
    progress = main(page).get_by_test_id("stProgress")
    expect(progress).to_contain_text(f"Step 1 of {len(layers)}: {layers[0].name}")
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(main(page).get_by_role("button", name="Back")).to_be_disabled()
    settle(page)

    page.keyboard.press("ArrowRight")
    expect(progress).to_contain_text(f"Step 2 of {len(layers)}: {layers[1].name}")
    expect(main(page)).to_contain_text(layers[1].presenter["banking"].strip()[:60])
    main(page).get_by_role("button", name="Next").click()
    expect(progress).to_contain_text(f"Step 3 of {len(layers)}: {layers[2].name}")
    page.keyboard.press("ArrowLeft")
    expect(progress).to_contain_text(f"Step 2 of {len(layers)}")

    main(page).get_by_role("tab", name="A question for the class").click()
    reveal = main(page).get_by_role("button", name="Reveal answer")
    expect(main(page).get_by_text("Answer:")).to_have_count(0)
    reveal.click()
    answer = main(page).get_by_test_id("stAlertContentSuccess")
    expect(answer).to_contain_text(re.compile(r"Answer: [A-D]: "))
