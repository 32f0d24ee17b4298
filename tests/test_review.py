"""Spaced repetition: the rating of an answer, fsrs scheduling with an injected clock, mistakes and due cards."""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from fsrs import Rating

from quiz.review import due, mistakes, rating_for, schedule

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("correct", "confidence", "rating"), [
    (False, None, Rating.Again),
    (False, "sure", Rating.Again),
    (False, "guessed", Rating.Again),
    (True, "guessed", Rating.Hard),
    (True, "sure", Rating.Good),
    (True, None, Rating.Good),
])
def test_rating_for(correct, confidence, rating):
    assert rating_for(correct, confidence) is rating


def test_rating_for_rejects_an_unknown_confidence():
    with pytest.raises(ValueError, match="unknown confidence"):
        rating_for(True, "certain")


def test_a_new_card_starts_at_now_and_is_deterministic():
    card, when = schedule(None, True, "sure", NOW)
    assert card["last_review"] == NOW.isoformat()
    assert when > NOW
    assert schedule(None, True, "sure", NOW) == (card, when)  # no fuzzing, no wall clock


def test_a_guessed_right_answer_comes_back_before_a_sure_one():
    _, guessed = schedule(None, True, "guessed", NOW)
    _, sure = schedule(None, True, "sure", NOW)
    assert guessed < sure


def test_a_guessed_right_answer_comes_back_sooner_for_a_card_in_review_too():
    card, when = None, NOW
    for _ in range(3):
        card, when = schedule(card, True, "sure", when)
    _, guessed = schedule(card, True, "guessed", when)
    _, sure = schedule(card, True, "sure", when)
    assert when < guessed < sure


@pytest.mark.parametrize("reviews", [0, 4])
def test_a_wrong_answer_is_due_within_a_day(reviews):
    card, when = None, NOW
    for _ in range(reviews):
        card, when = schedule(card, True, "sure", when)
    _, again = schedule(card, False, "sure", when)
    assert when < again <= when + timedelta(days=1)


def test_repeated_sure_answers_push_the_due_date_out():
    card, when = None, NOW
    intervals = []
    for _ in range(5):
        answered = when
        card, when = schedule(card, True, "sure", answered)
        intervals.append(when - answered)
    assert intervals == sorted(intervals)
    assert intervals[-1] > intervals[0]
    assert intervals[-1] > timedelta(days=7)


def test_the_card_dict_survives_a_json_round_trip():
    card, when = schedule(None, False, None, NOW)
    card, when = schedule(card, True, "sure", when)
    restored = json.loads(json.dumps(card))
    assert restored == card
    assert schedule(restored, True, "sure", when) == schedule(card, True, "sure", when)


def test_schedule_takes_any_aware_now_and_rejects_a_naive_one():
    paris = NOW.astimezone(ZoneInfo("Europe/Paris"))
    assert schedule(None, True, None, paris) == schedule(None, True, None, NOW)
    assert schedule(None, True, None, pd.Timestamp(NOW)) == schedule(None, True, None, NOW)
    with pytest.raises(ValueError, match="timezone-aware"):
        schedule(None, True, None, NOW.replace(tzinfo=None))


def _answers(rows):
    return pd.DataFrame({
        "id": range(1, len(rows) + 1),
        "question_id": [qid for qid, _, _ in rows],
        "correct": [correct for _, correct, _ in rows],
        "answered_at": pd.to_datetime([NOW + timedelta(minutes=minutes) for _, _, minutes in rows], utc=True),
    })


def test_mistakes_use_the_latest_answer_only_most_recent_first():
    answers = _answers([
        ("fixed", False, 0), ("fixed", True, 5),      # wrong, then right: no longer a mistake
        ("broke", True, 1), ("broke", False, 6),      # right, then wrong: a mistake
        ("old", False, 2),
        ("fine", True, 3),
        ("late", False, 9),
    ])
    assert mistakes(answers) == ["late", "broke", "old"]


def test_mistakes_does_not_depend_on_row_order_and_breaks_ties_by_id():
    answers = _answers([("a", True, 0), ("a", False, 0), ("b", False, 1)])
    assert mistakes(answers.iloc[::-1]) == ["b", "a"]  # a: same time, the later id (wrong) counts


def test_mistakes_of_no_answers():
    assert mistakes(_answers([])) == []


def test_due_lists_cards_due_at_or_before_now_soonest_first():
    cards = pd.DataFrame({
        "question_id": ["later", "now", "first", "future", "second"],
        "due": pd.to_datetime([NOW - timedelta(hours=1), NOW, NOW - timedelta(days=2), NOW + timedelta(seconds=1),
                               NOW - timedelta(days=1)], utc=True),
    })
    assert due(cards, NOW) == ["first", "second", "later", "now"]


def test_due_reads_the_iso_strings_of_card_dicts():
    one, _ = schedule(None, False, None, NOW)                   # due in a minute
    two, _ = schedule(None, True, "sure", NOW)                  # due in ten minutes
    cards = pd.DataFrame({"question_id": ["two", "one"], "due": [two["due"], one["due"]]})
    assert due(cards, NOW) == []
    assert due(cards, NOW + timedelta(minutes=5)) == ["one"]
    assert due(cards, NOW + timedelta(days=1)) == ["one", "two"]


def test_due_of_no_cards():
    assert due(pd.DataFrame({"question_id": [], "due": []}), NOW) == []


def test_the_local_day_ends_at_the_learners_midnight_not_utc():
    from quiz.review import end_of_day, start_of_day

    late_in_new_york = datetime(2026, 3, 5, 2, 30, tzinfo=UTC)  # 21:30 on 4 March there
    zone = ZoneInfo("America/New_York")
    assert start_of_day(late_in_new_york, zone) == datetime(2026, 3, 4, 5, 0, tzinfo=UTC)
    assert end_of_day(late_in_new_york, zone) == datetime(2026, 3, 5, 5, 0, tzinfo=UTC)
    assert end_of_day(late_in_new_york, UTC) == datetime(2026, 3, 6, tzinfo=UTC)


def test_due_today_leaves_out_answers_given_today_and_splits_mistakes_from_known():
    from quiz.review import due_today

    day_start = datetime(2026, 3, 5, tzinfo=UTC)
    stats = pd.DataFrame({
        "question_id": ["wrong-yesterday", "right-yesterday", "wrong-minutes-ago"],
        "last_correct": [False, True, False],
        "last_at": pd.to_datetime([day_start - timedelta(hours=3), day_start - timedelta(days=2),
                                   day_start + timedelta(hours=9)], utc=True),
    })
    due = ["wrong-minutes-ago", "right-yesterday", "wrong-yesterday"]
    assert due_today(due, stats, day_start) == (["wrong-yesterday"], ["right-yesterday"])
    assert due_today([], stats, day_start) == ([], [])
