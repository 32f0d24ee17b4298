"""Mock exams: blueprints, planning and drawing, and timed attempts with deferred feedback walked step by step."""

from __future__ import annotations

import json
import random
import shutil
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from quiz.engine import State
from quiz.exam import (
    Blueprint,
    BlueprintError,
    ExamAttempt,
    ExamStateError,
    NotFeasibleError,
    Section,
    draw,
    load_blueprint,
    load_blueprints,
    plan,
)
from quiz.loader import load_library
from quiz.models import Option, Question

ROOT = Path(__file__).resolve().parents[1]
EXAMS = ROOT / "content" / "exams"
BAD = ROOT / "tests" / "fixtures" / "exams" / "bad"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

FOUNDATION_MARKS = {"1.1": 2, "1.2": 2, "1.3": 1, "2.1": 1, "2.2": 5, "3.1": 2, "4.1": 1, "5.1": 1, "5.2": 1,
                    "6.1": 5, "6.2": 2, "7.1": 17}
TOPICS = ["resources", "product", "service-offering", "service-provision", "service-relationship",
          "service-consumption", "service-relationship-management", "value-co-creation", "service-provider",
          "service-consumer", "consumer-roles", "service-relationship-model"]


class Clock:
    """An injected clock: time moves only when the test says so."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


def make(qid: str, topic: str = "product", syllabus: str | None = "1.3", *, correct=(0,), n: int = 4) -> Question:
    options = tuple(Option(f"{qid} option {i}", i in correct, f"why {i}") for i in range(n))
    return Question(qid, topic, f"Prompt of {qid}?", options, f"Because of {qid}.", syllabus=syllabus)


def blueprint(*sections: dict, pass_mark: int = 1, minutes: int = 10, **info) -> Blueprint:
    return Blueprint.model_validate({
        "blueprint": {"id": "test-exam", "title": "Test exam", "time_limit_minutes": minutes,
                      "pass_mark": pass_mark, **info},
        "sections": list(sections),
    })


def key(slot) -> list[int]:
    """Screen positions of the correct options."""
    return sorted(slot.order.index(i) for i in slot.question.correct_indices)


def wrong(slot) -> list[int]:
    return [slot.order.index(min(set(range(len(slot.order))) - slot.question.correct_indices))]


@pytest.fixture(scope="module")
def bank_questions() -> dict[str, Question]:
    library = load_library([ROOT / "content" / "questions"])
    assert not library.problems
    return library.questions


# The first two banks, on the service relationship model only: the Foundation exam cannot be filled from them.
MODEL_BANKS = [ROOT / "content" / "questions" / name
               for name in ("service-relationships.yaml", "relationship-activities-and-roles.yaml")]


@pytest.fixture(scope="module")
def model_questions() -> dict[str, Question]:
    library = load_library(MODEL_BANKS)
    assert not library.problems
    return library.questions


@pytest.fixture(scope="module")
def shipped() -> dict[str, Blueprint]:
    blueprints = load_blueprints([EXAMS])
    assert blueprints.problems == []
    return dict(blueprints.by_id)


@pytest.fixture
def four() -> list[Question]:
    return [make("q1", "product", "1.3"), make("q2", "product", "1.3", correct=(2,)),
            make("q3", "consumer-roles", "1.1", correct=(1,)), make("q4", "resources", "3.1", correct=(3,))]


@pytest.fixture
def exam_of_four(four) -> ExamAttempt:
    bp = blueprint({"label": "All", "count": 4}, pass_mark=3, minutes=10)
    return ExamAttempt.start(bp, four, random.Random(3), T0)


# --- the shipped blueprints -----------------------------------------------------------------

def test_foundation_blueprint_matches_the_exam_facts(shipped):
    foundation = shipped["itil4-foundation"]
    assert foundation.total == 40 and foundation.pass_mark == 26
    assert foundation.time_limit_seconds() == 60 * 60
    assert foundation.time_limit_seconds(extended=True) == 75 * 60
    assert foundation.blueprint.single_answer_only is True
    assert {s.criterion: s.count for s in foundation.sections} == FOUNDATION_MARKS
    assert all(s.topics is None for s in foundation.sections)


def test_service_relationships_blueprint_is_sized_to_the_banks(shipped):
    topic_test = shipped["service-relationships"]
    assert topic_test.total == 24 and topic_test.time_limit_seconds() == 36 * 60
    assert topic_test.pass_mark == 16 == -(-65 * 24 // 100)
    assert [s.topics for s in topic_test.sections] == [(topic,) for topic in TOPICS]
    assert {s.count for s in topic_test.sections} == {2}


# --- planning -------------------------------------------------------------------------------

def test_the_shipped_banks_fill_the_foundation_exam_with_no_shortfall(shipped, bank_questions):
    result = plan(shipped["itil4-foundation"], bank_questions.values())
    assert result.feasible and result.shortfalls == () and result.runnable is shipped["itil4-foundation"]
    assert all(p.available >= 6 * p.needed for p in result.sections), [(p.section.label, p.available)
                                                                        for p in result.sections]


def test_foundation_plan_on_the_model_banks_names_every_short_criterion(shipped, model_questions):
    foundation = shipped["itil4-foundation"]
    bank_questions = model_questions
    result = plan(foundation, bank_questions.values())
    assert not result.feasible
    assert {s.criterion: s.missing for s in result.shortfalls} == {
        "2.1": 1, "2.2": 5, "4.1": 1, "5.1": 1, "5.2": 1, "6.1": 5, "6.2": 2, "7.1": 17}
    assert all(s.missing == s.needed for s in result.shortfalls), "the banks hold nothing for these criteria"
    single_answer_1_3 = sum(q.syllabus == "1.3" and not q.is_multiple_answer for q in bank_questions.values())
    by_criterion = {p.section.criterion: p for p in result.sections}
    assert by_criterion["1.3"].available == single_answer_1_3 < 54, "multiple-answer questions are left out"
    assert (by_criterion["1.1"].needed, by_criterion["1.1"].allocated) == (2, 2)

    shortened = result.runnable
    assert [s.criterion for s in shortened.sections] == ["1.1", "1.2", "1.3", "3.1"]
    assert shortened.total == 7
    assert shortened.time_limit_seconds() == 11 * 60, "60 min x 7/40 = 10.5, rounded up"
    assert shortened.time_limit_seconds(extended=True) == 14 * 60
    assert shortened.pass_mark == 5, "26/40 of 7 = 4.55, rounded up"
    assert shortened.id == "itil4-foundation-partial"
    assert plan(shortened, bank_questions.values()).feasible

    with pytest.raises(NotFeasibleError, match=r"7\.1 Seven practices in detail: needs 17, short by 17") as caught:
        draw(foundation, bank_questions.values(), random.Random(0))
    assert caught.value.plan.shortfalls == result.shortfalls


def test_service_relationships_plan_is_feasible_and_draws_two_per_topic(shipped, bank_questions):
    topic_test = shipped["service-relationships"]
    result = plan(topic_test, bank_questions.values())
    assert result.feasible and result.shortfalls == () and result.runnable is topic_test
    assert all(p.available >= p.needed == p.allocated == 2 for p in result.sections)
    drawn = draw(topic_test, bank_questions.values(), random.Random(11))
    assert len(drawn) == len({q.id for q in drawn}) == 24
    assert Counter(q.topic for q in drawn) == dict.fromkeys(TOPICS, 2)
    assert not any(q.is_multiple_answer for q in drawn)


def test_a_question_matching_two_sections_is_allocated_where_it_is_needed():
    # Filling "x or y" first with x questions would leave "x only" short; the plan must see it is feasible.
    questions = [make("x1", "product"), make("x2", "product"), make("y1", "service-offering"),
                 make("y2", "service-offering")]
    bp = blueprint({"label": "x or y", "topics": ["product", "service-offering"], "count": 2},
                   {"label": "x only", "topics": ["product"], "count": 2})
    result = plan(bp, questions)
    assert result.feasible
    assert [(p.available, p.allocated) for p in result.sections] == [(4, 2), (2, 2)]
    for seed in range(30):
        assert sorted(q.id for q in draw(bp, questions, random.Random(seed))) == ["x1", "x2", "y1", "y2"]


def test_shortfall_counts_shared_questions_once_and_lands_on_the_section_with_slack():
    questions = [make("x1", "product"), make("x2", "product")]
    bp = blueprint({"label": "two x", "topics": ["product"], "count": 2},
                   {"label": "one x", "topics": ["product"], "count": 1}, pass_mark=2, minutes=9)
    result = plan(bp, questions)
    assert [(p.available, p.allocated) for p in result.sections] == [(2, 2), (2, 0)]
    assert [(s.label, s.needed, s.missing) for s in result.shortfalls] == [("one x", 1, 1)]
    assert [s.label for s in result.runnable.sections] == ["two x"]
    assert (result.runnable.total, result.runnable.pass_mark, result.runnable.time_limit_seconds()) == (2, 2, 360)


def test_criterion_and_topics_must_both_match_and_a_criterion_takes_its_sub_criteria():
    questions = [make("a", "product", "6.1.h"), make("b", "product", "6.1"), make("c", "product", "6.10"),
                 make("d", "resources", "6.1"), make("e", "product", None)]
    section = Section(label="6.1 products", criterion="6.1", topics=("product",), count=1)
    assert [q.id for q in questions if section.matches(q)] == ["a", "b"]


def test_plan_reports_unseen_questions_per_section():
    questions = [make(f"x{i}", "product") for i in range(5)]
    result = plan(blueprint({"label": "x", "count": 3}), questions, seen={"x0", "x1"})
    assert (result.sections[0].available, result.sections[0].unseen) == (5, 3)


# --- drawing --------------------------------------------------------------------------------

def test_draw_prefers_unseen_questions_and_never_repeats():
    questions = [make(f"x{i}", "product") for i in range(10)]
    bp = blueprint({"label": "x", "topics": ["product"], "count": 4})
    seen = {f"x{i}" for i in range(7)}
    draws = []
    for seed in range(40):
        drawn = draw(bp, questions + questions[:3], random.Random(seed), seen=seen)
        ids = [q.id for q in drawn]
        assert len(ids) == len(set(ids)) == 4
        assert {"x7", "x8", "x9"} <= set(ids), "every unseen question comes before any seen one"
        draws.append(frozenset(ids))
    assert len(set(draws)) > 3, "the seen question that completes the exam is chosen at random"
    assert all(q.id not in {"x0", "x1"} for q in draw(bp, questions, random.Random(1), seen={"x0", "x1"}))


def test_draw_moves_questions_between_sections_to_use_the_most_unseen():
    # "x or y" may first take x1, the only unseen x; "x only" then needs x1, and y1 (unseen) must replace it.
    questions = [make("x1", "product"), make("x2", "product"), make("y1", "service-offering")]
    bp = blueprint({"label": "x or y", "topics": ["product", "service-offering"], "count": 1},
                   {"label": "x only", "topics": ["product"], "count": 1})
    for seed in range(30):
        assert {q.id for q in draw(bp, questions, random.Random(seed), seen={"x2"})} == {"x1", "y1"}


def test_draw_refuses_rather_than_repeat_or_shrink():
    bp = blueprint({"label": "x", "topics": ["product"], "count": 3})
    with pytest.raises(NotFeasibleError, match="x: needs 3, short by 1") as caught:
        draw(bp, [make("x1"), make("x2"), make("x1")], random.Random(0))
    assert not caught.value.plan.feasible


def test_multiple_answer_questions_are_left_out_unless_the_blueprint_allows_them():
    questions = [make("single"), make("multi", correct=(0, 2))]
    strict = blueprint({"label": "x", "count": 2})
    assert strict.blueprint.single_answer_only is True, "the default follows the real exam"
    assert [s.missing for s in plan(strict, questions).shortfalls] == [1]
    lenient = blueprint({"label": "x", "count": 2}, single_answer_only=False)
    assert {q.id for q in draw(lenient, questions, random.Random(0))} == {"single", "multi"}


# --- the attempt, walked step by step -------------------------------------------------------

def test_walkthrough_answer_change_flag_navigate_and_submit(exam_of_four):
    clock = Clock()
    exam = exam_of_four
    assert (exam.position, exam.submitted, exam.remaining(clock())) == (0, False, 600)
    assert [(o.number, o.answered, o.flagged, o.current) for o in exam.overview()] == [
        (1, False, False, True), (2, False, False, False), (3, False, False, False), (4, False, False, False)]
    with pytest.raises(RuntimeError, match="deferred"):
        exam.result()

    # Question 1: answer wrongly, then change to the key; repeating an answer changes nothing.
    first = exam.current
    assert exam.answer(0, wrong(first)) is True
    assert first.state is State.WRONG and exam.unanswered() == [2, 3, 4]
    assert exam.answer(0, key(first)) is True
    assert exam.answer(0, key(first)) is False
    assert first.state is State.RIGHT

    # Question 2: flag it, leave it, come back, answer, then clear it again.
    assert exam.next() and exam.position == 1
    assert exam.toggle_flag(1) is True
    assert exam.next() and exam.position == 2
    assert exam.answer(2, key(exam.current))
    exam.go(3)
    assert exam.next() is False and exam.position == 3, "there is nothing after the last question"
    assert exam.answer(3, wrong(exam.current))
    assert exam.back() and exam.back() and exam.position == 1
    assert exam.answer(1, key(exam.current)) and exam.clear(1) and exam.clear(1) is False
    exam.go(0)
    assert exam.back() is False and exam.position == 0
    assert [(o.answered, o.flagged, o.current) for o in exam.overview()] == [
        (True, False, True), (False, True, False), (True, False, False), (True, False, False)]
    with pytest.raises(ValueError, match="choose an answer"):
        exam.answer(2, [])
    with pytest.raises(ValueError, match="has 4 options"):
        exam.answer(2, [4])
    with pytest.raises(IndexError):
        exam.go(4)

    # Submit with question 2 unanswered: it is listed, and counts as wrong.
    assert exam.unanswered() == [2]
    clock.advance(5 * 60)
    assert exam.remaining(clock()) == 300
    assert exam.submit(clock()) is True
    assert exam.submitted and exam.submitted_at == T0 + timedelta(minutes=5) and not exam.timed_out

    # After submission nothing changes, and submitting again changes nothing.
    before = exam.to_state()
    assert exam.answer(1, key(exam.slots[1])) is False
    assert exam.answer(3, key(exam.slots[3])) is False
    assert exam.clear(0) is False
    assert exam.toggle_flag(0) is False and exam.toggle_flag(1) is False
    assert exam.submit(clock.advance(60)) is False
    assert exam.check_time(clock.advance(3600)) is True
    assert exam.to_state() == before
    assert exam.remaining(clock()) == 300, "the time left is frozen at submission"
    exam.go(2)  # reviewing still navigates
    assert exam.position == 2

    result = exam.result()
    assert (result.score, result.total, result.pass_mark, result.passed) == (2, 4, 3, False)
    assert (result.unanswered, result.seconds_used, result.timed_out, result.percent) == (1, 300, False, 50)
    by_criterion = result.by_criterion.set_index("criterion")
    assert list(by_criterion.index) == ["1.1", "1.3", "3.1"]
    assert by_criterion.loc["1.3"].tolist() == [2, 1, 1, 50]
    assert by_criterion.loc["3.1"].tolist() == [1, 1, 0, 0]
    by_topic = result.by_topic.set_index("topic")
    assert list(by_topic.columns) == ["questions", "answered", "right", "accuracy %"]
    assert by_topic.loc["consumer-roles"].tolist() == [1, 1, 1, 100]

    review = result.review
    assert [item.state for item in review] == [State.RIGHT, State.TODO, State.RIGHT, State.WRONG]
    assert review[1].chosen == () and review[1].flagged
    fourth = review[3]
    assert fourth.chosen == (wrong(exam.slots[3])[0] + 1,) and fourth.key == (key(exam.slots[3])[0] + 1,)
    assert fourth.explanation == "Because of q4."
    assert [o.why for o in fourth.options] == [f"why {i}" for i in exam.slots[3].order]
    assert [o.text for o in fourth.options] == exam.slots[3].shown_options()


def test_time_out_submits_at_the_deadline_and_refuses_late_answers(exam_of_four):
    clock = Clock()
    exam = exam_of_four
    exam.answer(0, key(exam.slots[0]))
    assert exam.check_time(clock.advance(599)) is False and not exam.submitted
    assert exam.remaining(clock()) == 1
    assert exam.answer(1, key(exam.slots[1]), now=clock.advance(2)) is False, "the answer came after time ran out"
    assert exam.submitted and exam.timed_out
    assert exam.submitted_at == exam.deadline == T0 + timedelta(minutes=10)
    assert exam.check_time(clock()) is True and exam.submitted_at == exam.deadline
    result = exam.result()
    assert (result.score, result.unanswered, result.seconds_used, result.timed_out) == (1, 3, 600, True)


def test_a_late_submit_counts_at_the_deadline(exam_of_four):
    assert exam_of_four.submit(T0 + timedelta(hours=2))
    assert exam_of_four.timed_out and exam_of_four.result().seconds_used == 600


def test_extended_time_and_an_injected_time_zone(four):
    bp = blueprint({"label": "All", "count": 4}, minutes=60, extended_time_minutes=75)
    paris = datetime(2026, 3, 2, 10, 0, tzinfo=timezone(timedelta(hours=1)))  # the same instant as T0
    exam = ExamAttempt.start(bp, four, random.Random(0), paris, extended=True)
    assert exam.time_limit_seconds == 75 * 60
    assert exam.remaining(T0 + timedelta(hours=1, minutes=15)) == 0
    with pytest.raises(ValueError, match="no extended time"):
        ExamAttempt.start(blueprint({"label": "All", "count": 4}), four, random.Random(0), T0, extended=True)
    with pytest.raises(ValueError, match="timezone-aware"):
        ExamAttempt.start(bp, four, random.Random(0), datetime(2026, 3, 2, 9, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        exam.check_time(datetime(2026, 3, 2, 9, 30))


def test_resume_after_a_restart_keeps_everything_and_the_clock(four):
    clock = Clock()
    bp = blueprint({"label": "All", "count": 4}, pass_mark=3, minutes=10)
    exam = ExamAttempt.start(bp, four, random.Random(8), clock())
    exam.answer(0, key(exam.slots[0]))
    exam.answer(1, wrong(exam.slots[1]))
    exam.toggle_flag(1)
    exam.go(2)
    clock.advance(4 * 60)

    state = json.loads(json.dumps(exam.to_state()))  # what a database or a file would hold
    assert state["started_at"] == "2026-03-02T09:00:00+00:00" and state["time_limit_seconds"] == 600
    assert state["questions"] == [q.id for q in four] and state["submitted_at"] is None
    del exam  # the app restarts

    resumed = ExamAttempt.from_state(state, {q.id: q for q in four})
    assert resumed.to_state() == state
    assert resumed.position == 2 and resumed.flags == [False, True, False, False]
    assert resumed.unanswered() == [3, 4]
    assert resumed.remaining(clock()) == 360, "the time left comes from the stored start, not from the restart"

    resumed.answer(1, key(resumed.slots[1]))  # answers can still change
    resumed.answer(2, key(resumed.slots[2]))
    assert resumed.check_time(clock.advance(60)) is False
    assert resumed.submit(clock())
    result = resumed.result()
    assert (result.score, result.passed, result.seconds_used, result.unanswered) == (3, True, 300, 1)


def test_resuming_after_the_deadline_submits_at_the_deadline(exam_of_four, four):
    exam_of_four.answer(0, key(exam_of_four.slots[0]))
    resumed = ExamAttempt.from_state(json.loads(json.dumps(exam_of_four.to_state())), {q.id: q for q in four})
    assert resumed.check_time(T0 + timedelta(days=1)) is True
    assert resumed.submitted_at == resumed.deadline and resumed.result().score == 1


def test_resuming_with_a_question_gone_from_the_banks_is_a_clear_error(exam_of_four, four):
    state = exam_of_four.to_state()
    with pytest.raises(ExamStateError, match="no longer in the banks: q3"):
        ExamAttempt.from_state(state, {q.id: q for q in four if q.id != "q3"})
    shrunk = {q.id: q for q in four} | {"q2": make("q2", n=3)}
    with pytest.raises(ExamStateError, match="'q2' now has 3 options"):
        ExamAttempt.from_state(state, shrunk)
    with pytest.raises(ExamStateError, match="malformed: started_at"):
        ExamAttempt.from_state(state | {"started_at": "yesterday"}, {q.id: q for q in four})
    with pytest.raises(ExamStateError, match="differ in length"):
        ExamAttempt.from_state(state | {"flags": [False]}, {q.id: q for q in four})


def test_a_whole_exam_over_the_real_banks(shipped, bank_questions):
    clock = Clock()
    rng = random.Random(21)
    topic_test = shipped["service-relationships"]
    exam = ExamAttempt.start(topic_test, draw(topic_test, bank_questions.values(), rng), rng, clock())
    for index, slot in enumerate(exam.slots):
        exam.answer(index, key(slot), now=clock.advance(60))
    assert exam.unanswered() == [] and not exam.submitted
    exam.submit(clock())
    result = exam.result()
    assert (result.score, result.total, result.passed, result.seconds_used) == (24, 24, True, 24 * 60)
    assert result.by_topic["questions"].tolist() == [2] * 12
    assert set(result.by_criterion["criterion"]) <= {"1.1", "1.2", "1.3", "3.1"}


# --- blueprint files ------------------------------------------------------------------------

# file in bad/, line, a phrase of the message, a phrase of the hint (or None); every fixture starts with a comment.
CASES = [
    ("unknown-key.yaml", 12, "section 'Offerings': unknown key 'topic'", "did you mean 'topics'?"),
    ("unquoted-criterion.yaml", 9, "section 'Ten': 'criterion' must be a syllabus criterion", "quote it"),
    ("zero-count.yaml", 13, "section 'Offerings': 'count' must be a whole number above 0, not 0", None),
    ("pass-mark-too-high.yaml", 6, "pass_mark 5 is more than the 4 questions the sections draw", None),
    ("duplicate-label.yaml", 11, "section label 'Products' is used twice; first at {path}:8", None),
    ("extended-shorter.yaml", 6, "extended_time_minutes 20 is shorter than time_limit_minutes 30", None),
    ("bad-topic.yaml", 9, "'topics': 'Service Provision' is not a slug", "lower-case letters"),
    ("missing-sections.yaml", 1, "missing 'sections' at the top level", "'section' looks like 'sections'"),
    ("malformed-yaml.yaml", 7, "malformed YAML: mapping values are not allowed", "quote text"),
]


@pytest.mark.parametrize(("name", "line", "phrase", "hint"), CASES, ids=[case[0] for case in CASES])
def test_bad_blueprints_name_the_file_and_line(name, line, phrase, hint):
    path = BAD / name
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(path)
    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    assert str(problems[0]).startswith(f"{path}:{line}: ")
    assert phrase.format(path=path) in problems[0].message
    assert (hint is None and problems[0].hint is None) or hint in problems[0].hint


def test_every_bad_fixture_is_covered():
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(case[0] for case in CASES)


def test_load_blueprints_sets_broken_files_and_duplicate_ids_aside(tmp_path):
    shutil.copy(EXAMS / "service-relationships.yaml", tmp_path / "a.yaml")
    shutil.copy(EXAMS / "service-relationships.yaml", tmp_path / "b.yaml")
    shutil.copy(BAD / "zero-count.yaml", tmp_path / "c.yaml")
    (tmp_path / "README.md").write_text("not a blueprint", encoding="utf-8")
    blueprints = load_blueprints([tmp_path])
    assert list(blueprints.by_id) == ["service-relationships"]
    assert sorted(Path(p).name for p in blueprints.broken) == ["b.yaml", "c.yaml"]
    duplicate = blueprints.broken[str(tmp_path / "b.yaml")][0]
    assert str(duplicate) == (f"{tmp_path / 'b.yaml'}:4: blueprint id 'service-relationships' is already used by "
                              f"{tmp_path / 'a.yaml'}:4")
