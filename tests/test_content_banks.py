"""The shipped question banks: valid, and shaped like the exam (styles, scenarios, explanations, balance)."""

from collections import Counter
from pathlib import Path

import pytest

from quiz.loader import load_library

QUESTIONS = Path(__file__).resolve().parents[1] / "content" / "questions"


@pytest.fixture(scope="module")
def questions():
    library = load_library([QUESTIONS])
    assert not library.broken, library.problems
    return list(library.questions.values())


def test_every_bank_under_content_validates(questions):
    assert len(questions) >= 60


def test_styles_and_scenarios_are_all_present(questions):
    styles = Counter(q.style for q in questions)
    assert styles["list"] >= 5 and styles["missing-word"] >= 5
    assert 1 <= styles["negative"] <= 0.1 * len(questions), "negative questions are used rarely"
    scenarios = Counter(q.scenario for q in questions)
    assert scenarios["banking"] >= 10 and scenarios["real-estate"] >= 10


def test_every_question_explains_its_key_and_every_wrong_option(questions):
    for q in questions:
        assert q.explanation.strip(), q.id
        assert all(o.why for o in q.options if not o.correct), f"{q.id}: a wrong option has no 'why'"


def test_exam_style_rules_hold(questions):
    for q in questions:
        if q.style == "missing-word":
            assert "[?]" in q.prompt, q.id
        if q.style == "negative":
            assert "NOT" in q.prompt and not q.is_multiple_answer, q.id
        if q.style == "list":
            assert not q.shuffle and len(q.correct_indices) == 1, f"{q.id}: list options keep their order"
        if not q.is_multiple_answer:
            assert len(q.options) == 4, f"{q.id}: exam questions have four options"


def test_the_correct_answer_position_is_balanced(questions):
    positions = Counter(i for q in questions for i in q.correct_indices)
    total = sum(positions.values())
    for position in range(4):
        assert 0.18 <= positions[position] / total <= 0.32, (position, positions)
