"""The Practice journey in AppTest: right, wrong and multiple-answer questions, summary, retry missed."""

import yaml

from tests.conftest import GOOD_BANKS

PAGE = "pages/practice.py"
BANK = yaml.safe_load((GOOD_BANKS / "mini.yaml").read_text(encoding="utf-8"))
BY_PROMPT = {q["prompt"]: q for q in BANK["questions"]}


def current_question(at) -> dict:
    prompts = [m.value for m in at.markdown if m.value in BY_PROMPT]
    assert len(prompts) == 1, prompts
    return BY_PROMPT[prompts[0]]


def answer_radio(at):
    """The radio of the question shown (the sidebar has a radio too), or None for checkboxes."""
    return next((r for r in at.radio if r.key.startswith("practice.")), None)


def answer_boxes(at):
    return [c for c in at.checkbox if c.key and c.key.startswith("practice.")]


def positions(at, question: dict, *, correct: bool) -> list[int]:
    """Screen positions (0-based) of the correct, or of one wrong, option of the question shown."""
    radio = answer_radio(at)
    labels = list(radio.options) if radio else [c.label for c in answer_boxes(at)]
    texts = [label.split(". ", 1)[1] for label in labels]
    keys = [texts.index(o["text"]) for o in question["options"] if o.get("correct")]
    if correct:
        return keys
    return [next(i for i in range(len(texts)) if i not in keys)]


def choose(at, chosen: list[int]):
    radio = answer_radio(at)
    if radio:
        radio.set_value(chosen[0])
    else:
        boxes = answer_boxes(at)
        for i in chosen:
            boxes[i].check()
    return at


def check_button(at):
    return next(b for b in at.button if b.key.endswith(".check"))


def start_round(at, topics: list[str] | None = None):
    if topics:
        at.multiselect(key="practice.topics").set_value(topics)
    at.button(key="practice.start").click().run()
    assert not at.exception, at.exception
    return at


def answer(at, *, correct: bool):
    question = current_question(at)
    choose(at, positions(at, question, correct=correct))
    check_button(at).click().run()
    assert not at.exception, at.exception
    return question


def alerts(at) -> str:
    return " ".join(a.value for kind in (at.success, at.error, at.warning) for a in kind)


def test_setup_offers_banks_topics_and_count(new_app):
    at = new_app(PAGE)
    assert at.multiselect(key="practice.banks").value == ["mini"]
    assert at.multiselect(key="practice.topics").options == ["Consumer roles", "Service provision"], "titles, not slugs"
    assert "3 questions match, so a round has 1 to 3." in [c.value for c in at.caption]
    count = at.number_input(key="practice.count")
    assert (count.min, count.max, count.label) == (1, 3, "Number of questions (1 to 3)"), "bounded, and says so"
    at.multiselect(key="practice.topics").set_value(["service-provision"]).run()
    assert "1 questions match, so a round has 1 to 1." in [c.value for c in at.caption]


def test_right_answer_shows_correct_explanation_and_score(new_app):
    at = start_round(new_app(PAGE), ["service-provision"])
    assert "Question 1 of 1" in at.get("progress")[0].proto.text
    question = answer(at, correct=True)
    assert "Correct." in at.success[0].value
    assert not at.error
    shown = " ".join(m.value for m in at.markdown)
    assert question["explanation"] in shown
    assert "Your answer, correct." in shown
    for option in question["options"]:
        if option.get("why"):
            assert option["why"] in shown, "every other option's why is shown"
    assert answer_radio(at) is None, "once checked, the inputs give way to the marked options"


def test_wrong_answer_shows_incorrect_the_key_and_why_of_the_choice(new_app):
    at = start_round(new_app(PAGE), ["service-provision"])
    question = answer(at, correct=False)
    assert "Incorrect." in at.error[0].value and "The answer is" in at.error[0].value
    shown = " ".join(m.value for m in at.markdown)
    assert "Your answer, wrong." in shown and "Correct answer." in shown
    assert question["explanation"] in shown


def test_check_with_nothing_chosen_asks_for_an_answer(new_app):
    at = start_round(new_app(PAGE), ["service-provision"])
    check_button(at).click().run()
    assert "Choose an answer first." in alerts(at)
    assert not at.success and not at.error


def test_options_are_lettered_and_the_key_is_named_by_letter_and_text(new_app):
    at = start_round(new_app(PAGE), ["service-provision"])
    radio = answer_radio(at)
    assert [label[:3] for label in radio.options] == ["A. ", "B. ", "C. ", "D. "][:len(radio.options)]
    texts = [label.split(". ", 1)[1] for label in radio.options]
    last = "ABCDEF"[len(texts) - 1]
    assert radio.label == f"Choose one answer · keys A–{last} or 1–{len(texts)} choose, Enter checks"
    question = answer(at, correct=True)
    right = next(o["text"] for o in question["options"] if o.get("correct"))
    key = "ABCD"[texts.index(right)]
    assert f"The answer is {key}: {right}." in at.success[0].value
    shown = [m.value for m in at.markdown]
    assert any(v.startswith(f"{key}. {right}") for v in shown), "the marked options are lettered too"


def test_multiple_answer_is_scored_all_or_nothing(new_app):
    at = new_app(PAGE)
    at.multiselect(key="practice.topics").set_value(["consumer-roles"]).run()
    at = start_round(at)
    while current_question(at)["id"] != "mini-multi":
        answer(at, correct=True)
        at.button(key="practice.next").click().run()
    assert "**Select 2.**" in [m.value for m in at.markdown]
    question = current_question(at)
    one_key = positions(at, question, correct=True)[:1]
    choose(at, one_key)
    check_button(at).click().run()
    assert "Incorrect." in at.error[0].value, "one of two correct options scores nothing"


def test_summary_then_retry_missed_then_new_round(new_app):
    at = start_round(new_app(PAGE))
    missed = []
    for number in range(1, 4):
        assert f"Question {number} of 3" in at.get("progress")[0].proto.text
        question = answer(at, correct=number != 2)
        if number == 2:
            missed.append(question["id"])
        at.button(key="practice.next").click().run()
    assert "Round complete" in [h.value for h in at.header]
    assert at.metric[0].value == "2 / 3"
    table = at.dataframe[0].value
    assert table["answered"].sum() == 3 and table["right"].sum() == 2
    retry = at.button(key="practice.retry")
    assert retry.label == "Retry missed (1)"
    retry.click().run()
    assert "Question 1 of 1" in at.get("progress")[0].proto.text
    assert current_question(at)["id"] == missed[0]
    assert answer_radio(at).value is None, "a retried question starts unanswered"
    answer(at, correct=True)
    at.button(key="practice.next").click().run()
    assert at.metric[0].value == "1 / 1"
    at.button(key="practice.new").click().run()
    assert at.button(key="practice.start")


def test_a_broken_bank_is_listed_and_the_good_one_still_served(new_app, app_env, tmp_path):
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "mini.yaml").write_text((GOOD_BANKS / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    broken = folder / "broken.yaml"
    broken.write_text("bank:\n  id: broken\n  title: Broken\nquestions:\n  - id: x\n    topic: [\n", encoding="utf-8")
    app_env.setenv("ITIL_APP_QUESTIONS_DIR", str(folder))
    at = new_app("pages/bank_health.py", trainer=True)
    assert "Broken: 1 banks" in [h.value for h in at.header]
    code = " ".join(c.value for c in at.code)
    assert "questions/broken.yaml:7: malformed YAML" in code and str(folder) not in code, "paths shown relative"
    at.switch_page(PAGE).run()
    assert at.multiselect(key="practice.banks").options == ["Mini bank for tests"] or \
        at.multiselect(key="practice.banks").value == ["mini"]


def test_home_links_to_practice_with_the_question_count(new_app):
    at = new_app("pages/home.py")
    links = [link.label for link in at.get("page_link")]
    assert "Practice: 3 questions in 1 banks" in links


def test_a_prompt_that_says_select_2_still_gets_checkboxes_and_no_second_hint(new_app, app_env, tmp_path):
    bank = yaml.safe_load((GOOD_BANKS / "mini.yaml").read_text(encoding="utf-8"))
    multi = next(q for q in bank["questions"] if q["id"] == "mini-multi")
    multi["prompt"] = "Which two are roles of the service consumer? (Select 2)"
    bank["questions"] = [multi]
    folder = tmp_path / "select"
    folder.mkdir()
    (folder / "select.yaml").write_text(yaml.safe_dump(bank), encoding="utf-8")
    app_env.setenv("ITIL_APP_QUESTIONS_DIR", str(folder))
    at = start_round(new_app(PAGE))
    assert len(answer_boxes(at)) == 4 and answer_radio(at) is None
    assert not any(m.value.startswith("**Select") for m in at.markdown)


def test_an_unfinished_round_survives_a_new_session_and_can_be_resumed_or_discarded(new_app):
    at = start_round(new_app(PAGE))
    first = answer(at, correct=True)
    next(b for b in at.button if b.key == "practice.next").click().run()
    second = current_question(at)

    again = new_app(PAGE)  # a reload or a new tab: a new session of the same learner
    assert "You have a round in progress: question 2 of 3, 1 right of 1 answered." in [i.value for i in again.info]
    again.button(key="practice.resume").click().run()
    assert not again.exception, again.exception
    assert current_question(again) == second
    assert "Score: 1 right of 1 answered" in " ".join(c.value for c in again.caption)
    assert first != second

    third = new_app(PAGE)
    third.button(key="practice.discard").click().run()
    assert not [i for i in third.info if "round in progress" in i.value]
    assert not [i for i in new_app(PAGE).info if "round in progress" in i.value], "discarded for good"


def test_a_finished_round_is_not_offered_again(new_app):
    at = start_round(new_app(PAGE), ["service-provision"])
    answer(at, correct=True)
    next(b for b in at.button if b.key == "practice.next").click().run()
    assert "Round complete" in [h.value for h in at.header]
    assert not [i for i in new_app(PAGE).info if "round in progress" in i.value]
