import pytest

from quiz.letters import answer_label, letter, option_label


def test_positions_become_letters_as_on_the_exam():
    assert [letter(i) for i in range(4)] == ["A", "B", "C", "D"]
    assert option_label(1, "Service provision") == "B. Service provision"


def test_the_key_is_named_by_letter_and_text():
    options = ["1 and 2", "1 and 3", "2 and 4", "3 and 4"]
    assert answer_label([2], options) == "C: 2 and 4"
    assert answer_label([3, 0], options) == "A: 1 and 2; D: 3 and 4"


def test_a_position_without_a_letter_is_refused():
    with pytest.raises(ValueError):
        letter(26)
    with pytest.raises(ValueError):
        letter(-1)
