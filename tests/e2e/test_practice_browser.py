"""The Practice journey as a learner does it, in headless Chromium: mouse, keyboard, summary, retry missed."""

from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import GOOD_BANKS, REAL_BANKS, app_env, app_server, save_screenshot, settle

pytestmark = pytest.mark.browser

BANK = yaml.safe_load((GOOD_BANKS / "mini.yaml").read_text(encoding="utf-8"))
QUESTIONS = BANK["questions"]
TOTAL = len(QUESTIONS)


# --- what a learner sees and does ------------------------------------------------------------


def main(page: Page) -> Locator:
    """The page's own content, without the sidebar (which may hold widgets of its own)."""
    return page.get_by_test_id("stMain")


def start_round(page: Page, url: str) -> None:
    page.goto(f"{url}/practice")
    page.get_by_role("button", name="Start round").click()
    wait_for_question(page, 1, TOTAL)


def wait_for_question(page: Page, number: int, total: int) -> None:
    """Wait until question `number` is shown unanswered: its progress text, then its Check button.

    Waits for a change go through `wait_for`; the `expect` assertions that follow then pass at their first try
    instead of retrying at growing intervals.
    """
    main(page).get_by_test_id("stProgress").filter(has_text=f"Question {number} of {total}").wait_for()
    page.get_by_role("button", name="Check").wait_for()


def current_question(page: Page) -> dict:
    shown = [q for q in QUESTIONS if main(page).get_by_text(q["prompt"], exact=True).is_visible()]
    assert len(shown) == 1, [q["id"] for q in shown]
    return shown[0]


def is_multiple(question: dict) -> bool:
    return sum(bool(o.get("correct")) for o in question["options"]) > 1


def answer_texts(question: dict, *, correct: bool) -> list[str]:
    """The texts of the correct options, or of one wrong option."""
    if correct:
        return [o["text"] for o in question["options"] if o.get("correct")]
    return [next(o["text"] for o in question["options"] if not o.get("correct"))]


def option_labels(page: Page, question: dict) -> Locator:
    testid = "stCheckbox" if is_multiple(question) else "stRadioOption"
    return main(page).locator(f'label[data-testid="{testid}"], [data-testid="{testid}"] label')


def option_inputs(page: Page, question: dict) -> Locator:
    kind = "checkbox" if is_multiple(question) else "radio"
    return main(page).locator(f'input[type="{kind}"]')


def choose_with_mouse(page: Page, question: dict, texts: list[str]) -> None:
    for text in texts:
        label = option_labels(page, question).filter(has_text=re.compile(rf"^[A-F]\. {re.escape(text)}$"))
        label.click()
        expect(label.locator("input")).to_be_checked()


def choose_with_keys(page: Page, question: dict, texts: list[str]) -> None:
    """Press the number key of each option (as numbered on screen), waiting until it shows as chosen."""
    shown = [label.split(". ", 1)[1] for label in option_labels(page, question).all_inner_texts()]
    for text in texts:
        position = shown.index(text)
        page.keyboard.press(str(position + 1))
        expect(option_inputs(page, question).nth(position)).to_be_checked()


def expect_verdict(page: Page, question: dict, *, correct: bool) -> None:
    verdict = re.compile(r"Correct\." if correct else r"Incorrect\.")  # a regex matches case-sensitively
    main(page).get_by_test_id("stAlert").filter(has_text=verdict).wait_for()
    alert = main(page).get_by_test_id("stAlert")
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text("The answer is")
    expect(alert.get_by_test_id("stAlertContentSuccess" if correct else "stAlertContentError")).to_be_visible()
    explanation = main(page).get_by_test_id("stMarkdownContainer").filter(has_text="Explanation.")
    expect(explanation).to_contain_text(question["explanation"])
    expect(main(page)).to_contain_text("Your answer, correct." if correct else "Your answer, wrong.")


# --- tests ----------------------------------------------------------------------------------------


def test_check_with_the_mouse_shows_verdict_and_explanation_then_next(page: Page, app_url: str):
    start_round(page, app_url)
    question = current_question(page)
    choose_with_mouse(page, question, answer_texts(question, correct=False))
    page.get_by_role("button", name="Check").click()
    expect_verdict(page, question, correct=False)
    expect(option_inputs(page, question)).to_have_count(0)  # the marked options replace the inputs
    save_screenshot(page, "practice-question")

    page.get_by_role("button", name="Next question").click()
    wait_for_question(page, 2, TOTAL)
    assert current_question(page) != question
    expect(main(page).get_by_test_id("stAlert")).to_have_count(0)
    expect(main(page)).to_contain_text("Score: 0 right of 1 answered")


def test_keyboard_only_answer_and_go_on(page: Page, app_url: str):
    start_round(page, app_url)
    question = current_question(page)
    page.keyboard.press("Enter")
    main(page).get_by_test_id("stAlert").filter(has_text="Choose an answer first.").wait_for()

    choose_with_keys(page, question, answer_texts(question, correct=True))
    page.keyboard.press("Enter")
    expect_verdict(page, question, correct=True)

    page.keyboard.press("Enter")
    wait_for_question(page, 2, TOTAL)
    expect(main(page)).to_contain_text("Score: 1 right of 1 answered")
    second = current_question(page)
    choose_with_keys(page, second, answer_texts(second, correct=False))
    page.keyboard.press("Enter")
    expect_verdict(page, second, correct=False)


def test_keys_work_with_focus_on_an_option_and_the_focus_ring_shows(page: Page, app_url: str):
    """Streamlit's own shortcuts ignore keys while a radio has focus; ours must not (issue 11, item 7)."""
    start_round(page, app_url)
    question = current_question(page)
    while is_multiple(question):  # the single-answer path: a radio that takes focus
        choose_with_mouse(page, question, answer_texts(question, correct=True))
        page.get_by_role("button", name="Check").click()
        expect_verdict(page, question, correct=True)
        page.get_by_role("button", name="Next question").click()
        settle(page)
        question = current_question(page)
    option_inputs(page, question).first.focus()
    expect(option_inputs(page, question).first).to_be_focused()
    ring = option_labels(page, question).first.evaluate("e => getComputedStyle(e).outlineStyle")
    page.keyboard.press("Tab")  # keyboard focus (focus-visible) on the radio group
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("() => document.activeElement.type")
    assert focused == "radio", focused
    label = page.evaluate("() => getComputedStyle(document.activeElement.closest('label')).outlineStyle")
    assert label == "solid", (ring, label)  # the focus ring on the option, 3 px
    shown = [text.split(". ", 1)[1] for text in option_labels(page, question).all_inner_texts()]
    wrong = next(i for i, text in enumerate(shown) if text not in answer_texts(question, correct=True))
    page.keyboard.press("abcd"[wrong])  # a letter key, with focus on an option
    expect(option_inputs(page, question).nth(wrong)).to_be_checked()
    other = (wrong + 1) % len(shown)
    page.keyboard.press(str(other + 1))  # a digit key still works
    expect(option_inputs(page, question).nth(other)).to_be_checked()
    page.keyboard.press("abcd"[wrong])
    expect(option_inputs(page, question).nth(wrong)).to_be_checked()
    expect(option_inputs(page, question).nth(wrong)).to_be_focused()
    page.keyboard.press("Enter")  # Enter on the option checks
    expect_verdict(page, question, correct=False)


def test_a_focused_nav_link_looks_different_from_the_current_page(page: Page, app_url: str):
    page.goto(f"{app_url}/practice")
    page.get_by_role("button", name="Start round").wait_for()
    nav = page.get_by_test_id("stSidebarNav")
    current, other = nav.get_by_role("link", name="Practice"), nav.get_by_role("link", name="Review")
    other.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    expect(other).to_be_focused()
    style = ("e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth, "
             "getComputedStyle(e).backgroundColor]")
    focused, shown = other.evaluate(style), current.evaluate(style)
    assert focused[0] == "solid" and focused[1] == "3px", focused
    assert shown[0] != "solid" and focused != shown, (focused, shown)


def test_finish_a_round_see_the_summary_then_retry_missed(page: Page, app_url: str):
    start_round(page, app_url)
    missed = None
    for number in range(1, TOTAL + 1):
        question = current_question(page)
        correct = number != 2
        if not correct:
            missed = question
        choose_with_mouse(page, question, answer_texts(question, correct=correct))
        page.get_by_role("button", name="Check").click()
        expect_verdict(page, question, correct=correct)
        page.get_by_role("button", name="See summary" if number == TOTAL else "Next question").click()
        if number < TOTAL:
            wait_for_question(page, number + 1, TOTAL)

    page.get_by_role("button", name="New round").wait_for()  # the last element of the summary
    expect(main(page).get_by_role("heading", name="Round complete")).to_be_visible()
    expect(main(page).get_by_test_id("stMetricValue")).to_have_text(f"{TOTAL - 1} / {TOTAL}")
    expect(main(page).get_by_test_id("stDataFrame")).to_be_visible()
    save_screenshot(page, "practice-summary")

    page.get_by_role("button", name="Retry missed (1)").click()
    wait_for_question(page, 1, 1)
    assert current_question(page) == missed
    expect(main(page).locator("input:checked")).to_have_count(0)
    choose_with_mouse(page, missed, answer_texts(missed, correct=True))
    page.get_by_role("button", name="Check").click()
    expect_verdict(page, missed, correct=True)
    page.get_by_role("button", name="See summary").click()
    page.get_by_role("button", name="New round").wait_for()
    expect(main(page).get_by_test_id("stMetricValue")).to_have_text("1 / 1")
    expect(page.get_by_role("button", name="Retry missed (0)")).to_be_disabled()

    page.get_by_role("button", name="New round").click()
    page.get_by_role("button", name="Start round").wait_for()


def test_deep_link_as_the_first_request_shows_the_real_navigation(page: Page, tmp_path):
    """Guards pages/__init__.py: without it a first visit to /practice leaves Streamlit in legacy pages/ mode."""
    with app_server(app_env(tmp_path, REAL_BANKS), tmp_path / "server.log") as url:
        page.goto(f"{url}/practice")
        page.get_by_role("button", name="Start round").wait_for()
        expect(main(page).get_by_role("heading", name="Practice")).to_be_visible()
        nav = page.get_by_test_id("stSidebarNav")
        links = nav.get_by_test_id("stSidebarNavLink")
        expect(links).to_contain_text(["Home", "Learn", "Practice", "Mock exam", "Present"])
        names = [name.strip().lower() for name in links.all_inner_texts()]
        assert not {"app", "ui", "_ui"} & set(names), names
