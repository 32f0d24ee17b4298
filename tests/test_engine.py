"""The engine: selection, shuffling, grading, and whole practice rounds walked step by step."""

import random
from pathlib import Path

import pytest

from quiz.engine import PracticeRound, State, grade, option_order, select_questions
from quiz.loader import load_bank
from quiz.models import Option, Question

GOOD = Path(__file__).parent / "fixtures" / "banks" / "good" / "mini.yaml"


def make(qid: str, topic: str = "service-provision", *, correct=(0,), n: int = 4, shuffle: bool = True,
         difficulty: str = "medium") -> Question:
    options = tuple(Option(f"{qid} option {i}", i in correct, f"why {i}") for i in range(n))
    return Question(qid, topic, f"Prompt of {qid}?", options, "Because.", difficulty, shuffle=shuffle)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def questions() -> list[Question]:
    return [
        make("a1", "service-provision", difficulty="easy"),
        make("a2", "service-provision", correct=(2,)),
        make("b1", "consumer-roles", correct=(1, 3), difficulty="hard"),
        make("b2", "consumer-roles", correct=(3,), shuffle=False),
    ]


def test_select_filters_by_topic_and_difficulty(questions):
    rng = random.Random(1)
    assert {q.id for q in select_questions(questions, rng, topics={"consumer-roles"})} == {"b1", "b2"}
    assert [q.id for q in select_questions(questions, rng, difficulties={"hard"})] == ["b1"]
    assert select_questions(questions, rng, topics={"consumer-roles"}, difficulties={"easy"}) == []


def test_select_count_and_no_filter_takes_all(questions):
    assert len(select_questions(questions, random.Random(2), count=3)) == 3
    assert sorted(q.id for q in select_questions(questions, random.Random(2))) == ["a1", "a2", "b1", "b2"]


def test_select_order_depends_only_on_the_injected_rng(questions):
    first = [q.id for q in select_questions(questions, random.Random(7))]
    again = [q.id for q in select_questions(questions, random.Random(7))]
    assert first == again


def test_option_order_is_a_permutation_and_respects_shuffle_false(questions):
    rng = random.Random(3)
    orders = {option_order(questions[0], rng) for _ in range(30)}
    assert all(sorted(order) == [0, 1, 2, 3] for order in orders)
    assert len(orders) > 1, "shuffled questions should not always come out in file order"
    assert {option_order(questions[3], rng) for _ in range(10)} == {(0, 1, 2, 3)}


def test_grade_single_and_multiple_answer_all_or_nothing(questions):
    single, multi = questions[1], questions[2]
    assert grade(single, {2}) and not grade(single, {0}) and not grade(single, {0, 2})
    assert grade(multi, {1, 3})
    assert not grade(multi, {1}), "half of a multiple-answer question scores nothing"
    assert not grade(multi, {1, 2, 3})


def test_check_translates_screen_positions_to_file_indices():
    question = make("x", correct=(2,))
    practice = PracticeRound.start([question], random.Random(0))
    slot = practice.current
    screen_position_of_key = slot.order.index(2)
    assert practice.check([screen_position_of_key]).state is State.RIGHT
    assert slot.chosen == frozenset({2})


def test_walkthrough_of_a_whole_round(questions):
    clock = FakeClock()
    practice = PracticeRound.start(questions, random.Random(5), clock=clock)
    assert (practice.position, practice.answered, practice.right) == (0, 0, 0)
    outcomes = []
    for step in range(len(questions)):
        slot = practice.current
        assert slot.state is State.TODO
        practice.advance()
        assert practice.position == step, "cannot skip an unanswered question"
        right_answer = [slot.order.index(i) for i in slot.question.correct_indices]
        wrong_answer = [slot.order.index(min(set(range(4)) - slot.question.correct_indices))]
        clock.now += 7
        chosen = right_answer if step % 2 == 0 else wrong_answer
        practice.check(chosen)
        expected = State.RIGHT if step % 2 == 0 else State.WRONG
        assert slot.state is expected
        assert slot.seconds == 7
        practice.check(right_answer)  # answering again changes nothing
        assert slot.state is expected
        outcomes.append(expected)
        assert practice.answered == step + 1
        assert practice.right == outcomes.count(State.RIGHT)
        practice.advance()
    assert practice.finished and practice.current is None
    assert practice.right == 2 and practice.answered == 4
    with pytest.raises(RuntimeError):
        practice.check([0])


def test_check_without_answer_is_refused():
    practice = PracticeRound.start([make("x")], random.Random(0))
    with pytest.raises(ValueError, match="choose an answer"):
        practice.check([])
    assert practice.current.state is State.TODO


def test_summary_per_topic_and_retry_missed(questions):
    rng = random.Random(9)
    practice = PracticeRound.start(questions, rng)
    wrong_ids = {"a2", "b1"}
    while not practice.finished:
        slot = practice.current
        if slot.question.id in wrong_ids:
            keys = [slot.order.index(min(set(range(4)) - slot.question.correct_indices))]
        else:
            keys = [slot.order.index(i) for i in slot.question.correct_indices]
        practice.check(keys)
        practice.advance()
    table = practice.summary().set_index("topic")
    assert table.loc["consumer-roles"].tolist() == [2, 1, 50]
    assert table.loc["service-provision"].tolist() == [2, 1, 50]
    assert {q.id for q in practice.missed()} == wrong_ids

    retry = practice.retry_missed(rng)
    assert {slot.question.id for slot in retry.slots} == wrong_ids
    assert retry.position == 0 and retry.answered == 0
    assert all(slot.state is State.TODO for slot in retry.slots)


def test_feedback_lists_options_in_screen_order_with_marks():
    question = make("x", correct=(1,), shuffle=False)
    practice = PracticeRound.start([question], random.Random(0))
    practice.check([0])
    feedback = practice.current.feedback()
    assert [f.number for f in feedback] == [1, 2, 3, 4]
    assert [(f.correct, f.chosen) for f in feedback] == [(False, True), (True, False), (False, False), (False, False)]
    assert feedback[0].why == "why 0"


def test_round_over_a_real_bank_file():
    bank = load_bank(GOOD)
    practice = PracticeRound.start(bank.questions, random.Random(4))
    while not practice.finished:
        slot = practice.current
        practice.check([slot.order.index(i) for i in slot.question.correct_indices])
        practice.advance()
    assert practice.right == len(bank.questions) == 3
    assert practice.missed() == []


def test_an_unfinished_round_is_rebuilt_from_its_saved_state(questions):
    practice = PracticeRound.start(questions, random.Random(3))
    practice.check([practice.current.order.index(0)])
    practice.advance()
    saved = practice.to_state()
    by_id = {q.id: q for q in questions}
    again = PracticeRound.from_state(saved, by_id)
    assert again.position == 1 and again.answered == 1 and again.right == 1
    assert [s.order for s in again.slots] == [s.order for s in practice.slots]
    assert again.to_state() == saved


@pytest.mark.parametrize("broken", [
    {"position": 9},
    {"questions": ["a1", "gone", "b1", "b2"]},
    {"orders": [[0, 1, 2], [0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3]]},
    {"answers": [[7], None, None, None]},
    {"version": 99},
])
def test_a_saved_round_that_does_not_fit_is_refused_in_words(questions, broken):
    from quiz.engine import RoundStateError
    saved = {**PracticeRound.start(questions, random.Random(3)).to_state(), **broken}
    with pytest.raises(RoundStateError):
        PracticeRound.from_state(saved, {q.id: q for q in questions})
