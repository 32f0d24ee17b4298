"""The reveal's chart: one bar per option in the order shown, the key named in words and hatched, not colour alone."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from classroom import Phase, TrainerView
from classroom.figures import KEY_MARK, answers_figure
from quiz.loader import load_library
from tests.conftest import GOOD_BANKS


def view(counts, shown=(2, 0, 1), question_id="mini-single"):
    question = load_library([GOOD_BANKS]).questions[question_id]
    return TrainerView(1, "K7QX3M", "", "on", Phase.REVEALED, 0, 1, 3, question, shown, sum(counts.values()), 5,
                       counts, datetime(2025, 1, 1, tzinfo=UTC), None, None)


def test_bars_follow_the_order_shown_and_count_each_option():
    fig = answers_figure(view({0: 3, 1: 1}))
    bar = fig.data[0]
    assert list(bar.x) == [0, 3, 1]  # C (option 2), A (option 0, the key), B (option 1)
    assert [label[:1] for label in bar.y] == ["A", "B", "C"]
    assert fig.layout.title.text == "Answers: 4 of 5 students"


def test_the_key_is_marked_in_words_and_pattern_as_well_as_colour():
    bar = answers_figure(view({0: 3})).data[0]
    marked = [KEY_MARK in label for label in bar.y]
    assert marked == [False, True, False]
    assert list(bar.marker.pattern.shape) == ["", "/", ""]
    assert answers_figure(view({0: 3}), reveal=False).data[0].marker.pattern.shape == ("", "", "")


def test_no_question_no_chart():
    with pytest.raises(ValueError):
        answers_figure(replace(view({}), question=None))
