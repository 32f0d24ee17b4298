"""The shipped banks cover the whole Foundation syllabus: counts per criterion, tags, style mix, balance, no repeats.

Criteria and their exam weights come from content/course/syllabus.yaml; the Foundation blueprint must fill six
times in a row without repeating a question.
"""

import random
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from authoring.similar import near_duplicates
from course.loader import load_course
from quiz.exam import draw, load_blueprint, plan
from quiz.loader import load_library

ROOT = Path(__file__).resolve().parents[1]
COURSE = load_course(ROOT / "content" / "course")
CRITERIA = {c.id: c for o in COURSE.outcomes for c in o.criteria}
PRACTICE_LETTERS = "abcdefghijklmno"
TAG = re.compile(r"^(?P<criterion>[1-7]\.[1-3])(?:\.(?P<letter>[a-o]))?$")


@pytest.fixture(scope="module")
def questions():
    library = load_library([ROOT / "content" / "questions"])
    assert not library.broken, library.problems
    return list(library.questions.values())


def criterion(question) -> str:
    return TAG.match(question.syllabus).group("criterion")


def test_every_question_has_a_known_syllabus_tag_with_a_letter_exactly_for_6_1(questions):
    for q in questions:
        assert q.syllabus and (match := TAG.match(q.syllabus)), f"{q.id}: tag {q.syllabus!r}"
        assert match.group("criterion") in CRITERIA, f"{q.id}: unknown criterion {q.syllabus}"
        assert (match.group("letter") is not None) == (match.group("criterion") == "6.1"), f"{q.id}: {q.syllabus}"


def test_every_criterion_has_six_times_its_weight_in_single_answer_questions_and_at_least_eight(questions):
    counts = Counter(criterion(q) for q in questions if not q.is_multiple_answer)
    need = {c: max(8, 6 * spec.marks) for c, spec in CRITERIA.items()}
    short = {c: (counts[c], n) for c, n in need.items() if counts[c] < n}
    assert not short, f"criterion: (have, need) {short}"


def test_criterion_6_1_covers_all_fifteen_practices_and_6_2_the_seven_definition_topics(questions):
    letters = {TAG.match(q.syllabus).group("letter") for q in questions if criterion(q) == "6.1"}
    assert letters == set(PRACTICE_LETTERS)
    topics = {q.topic for q in questions if criterion(q) == "6.2"}
    assert {"it-asset-management", "monitoring-and-event-management", "service-configuration-management",
            "change-enablement", "incident-management", "problem-management"} <= topics


def test_every_learning_outcome_mixes_list_and_missing_word_questions(questions):
    styles = defaultdict(Counter)
    for q in questions:
        styles[criterion(q)[0]][q.style] += 1
    for outcome in COURSE.outcomes:
        mix = styles[str(outcome.number)]
        assert mix["list"] >= 1 and mix["missing-word"] >= 1, (outcome.id, mix)
        assert mix["standard"] >= mix["list"] + mix["missing-word"] + mix["negative"], (outcome.id, mix)


def test_every_bank_topic_is_taught_on_learn(questions):
    assert {q.topic for q in questions} <= set(COURSE.entry_ids)


@pytest.mark.parametrize("bank", sorted(p.name for p in (ROOT / "content" / "questions").glob("*.yaml")))
def test_key_positions_and_lengths_give_nothing_away_in_each_bank(bank):
    library = load_library([ROOT / "content" / "questions" / bank])
    single = [q for q in library.questions.values() if not q.is_multiple_answer]
    positions = Counter(min(q.correct_indices) for q in single)
    for position in range(4):
        assert 0.15 <= positions[position] / len(single) <= 0.35, (bank, positions)
    standard = [q for q in single if q.style != "list"]
    longest = sum(max(range(4), key=lambda i, q=q: len(q.options[i].text)) in q.correct_indices for q in standard)
    assert longest / len(standard) <= 0.30, f"{bank}: the key is the longest option in {longest} of {len(standard)}"


def test_no_two_questions_are_near_duplicates(questions):
    accepted = {q.id for q in questions if "near-duplicate" in q.lint_ok}
    pairs = [p for p in near_duplicates(questions) if not {p.first, p.second} & accepted]
    assert not pairs, [str(p) for p in pairs]


def test_six_foundation_exams_in_a_row_never_repeat_a_question(questions):
    blueprint = load_blueprint(ROOT / "content" / "exams" / "itil4-foundation.yaml")
    assert plan(blueprint, questions).feasible
    seen: set[str] = set()
    rng = random.Random(2026)
    for sitting in range(6):
        drawn = {q.id for q in draw(blueprint, questions, rng, seen=seen)}
        assert len(drawn) == 40 and not drawn & seen, f"exam {sitting + 1} repeats {sorted(drawn & seen)}"
        seen |= drawn
