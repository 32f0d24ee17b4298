"""Progress statistics on small hand-made answer histories with known results, and on no answers at all."""

import math
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from quiz.models import Option, Question
from quiz.progress import (
    ATTEMPT_COLUMNS,
    TOPIC_COLUMNS,
    accuracy_over_time,
    attempts_table,
    group_accuracy,
    question_stats,
    shorten,
    topic_accuracy,
    weakest_topics,
)

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
COLUMNS = ["id", "question_id", "bank_id", "question_hash", "mode", "shown", "chosen", "correct", "seconds",
           "confidence", "answered_at", "exam_id"]


def make(qid: str, topic: str, prompt: str | None = None) -> Question:
    options = (Option("right", True), Option("wrong"))
    return Question(qid, topic, prompt or f"Prompt of {qid}?", options, "Because.")


QUESTIONS = [
    make("p1", "provision"), make("p2", "provision"), make("p3", "provision"),
    make("c1", "consumption"), make("c2", "consumption"),
    make("m1", "management"),
    make("v1", "value", "What   does\nvalue co-creation mean " + "really " * 20 + "?"),
]


def answers_of(rows) -> pd.DataFrame:
    """Rows of (question_id, correct, hours after START, seconds, confidence, mode)."""
    records = [
        (i, qid, "core", "hash", mode, "0,1", "0", correct, seconds, confidence, START + timedelta(hours=hours),
         "e1" if mode == "exam" else None)
        for i, (qid, correct, hours, seconds, confidence, mode) in enumerate(rows, start=1)
    ]
    frame = pd.DataFrame(records, columns=COLUMNS)
    frame["answered_at"] = pd.to_datetime(frame["answered_at"], utc=True)
    frame["correct"] = frame["correct"].astype(bool)
    frame["seconds"] = frame["seconds"].astype(float)
    return frame


@pytest.fixture
def answers() -> pd.DataFrame:
    return answers_of([
        ("p1", True, 0, 10.0, "sure", "practice"),
        ("p1", False, 1, 12.0, None, "practice"),
        ("p2", True, 2, 8.0, "guessed", "practice"),
        ("p1", True, 25, 9.0, "sure", "review"),       # day 2
        ("c1", False, 26, 30.0, None, "exam"),
        ("c1", False, 27, 31.0, None, "exam"),
        ("c2", True, 28, float("nan"), None, "check"),
        ("m1", False, 73, 5.0, "sure", "practice"),    # day 4; day 3 has no answers
        ("gone", True, 74, 4.0, None, "practice"),     # a question no longer in the banks
    ])


@pytest.fixture
def no_answers() -> pd.DataFrame:
    return answers_of([])


def test_topic_accuracy(answers):
    table = topic_accuracy(answers, QUESTIONS)
    assert list(table.columns) == TOPIC_COLUMNS
    assert table["topic"].tolist() == ["consumption", "management", "provision", "value"]
    assert table["questions_total"].tolist() == [2, 1, 3, 1]
    assert table["questions_answered"].tolist() == [2, 1, 2, 0]
    assert table["attempts"].tolist() == [3, 1, 4, 0]
    assert table["right"].tolist() == [1, 0, 3, 0]
    assert table["accuracy"].tolist()[:3] == pytest.approx([100 / 3, 0.0, 75.0])
    assert math.isnan(table["accuracy"].iloc[3])


def test_topic_accuracy_of_no_answers_lists_every_topic(no_answers):
    table = topic_accuracy(no_answers, QUESTIONS)
    assert table["topic"].tolist() == ["consumption", "management", "provision", "value"]
    assert table["questions_total"].tolist() == [2, 1, 3, 1]
    assert (table[["questions_answered", "attempts", "right"]] == 0).all().all()
    assert table["accuracy"].isna().all()


def test_topic_accuracy_of_no_questions(answers):
    table = topic_accuracy(answers, [])
    assert table.empty
    assert list(table.columns) == TOPIC_COLUMNS


def test_accuracy_over_time_by_day_skips_days_without_answers(answers):
    table = accuracy_over_time(answers)
    assert list(table.columns) == ["period", "attempts", "right", "accuracy"]
    assert table["period"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-01", "2025-03-02", "2025-03-04"]
    assert table["attempts"].tolist() == [3, 4, 2]
    assert table["right"].tolist() == [2, 2, 1]
    assert table["accuracy"].tolist() == pytest.approx([200 / 3, 50.0, 50.0])


def test_accuracy_over_time_by_month(answers):
    table = accuracy_over_time(answers, freq="MS")
    assert table["period"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-01"]
    assert table["attempts"].tolist() == [9]
    assert table["accuracy"].tolist() == pytest.approx([500 / 9])


def test_accuracy_over_time_of_no_answers(no_answers):
    table = accuracy_over_time(no_answers)
    assert table.empty
    assert list(table.columns) == ["period", "attempts", "right", "accuracy"]


def test_weakest_topics(answers):
    assert weakest_topics(answers, QUESTIONS) == ["consumption", "provision"]  # management has 1 attempt
    assert weakest_topics(answers, QUESTIONS, min_attempts=1) == ["management", "consumption", "provision"]
    assert weakest_topics(answers, QUESTIONS, n=1, min_attempts=1) == ["management"]
    assert weakest_topics(answers, QUESTIONS, min_attempts=4) == ["provision"]


def test_weakest_topics_ties_go_by_topic_name():
    answers = answers_of([("p1", False, 0, 1.0, None, "practice"), ("c1", False, 1, 1.0, None, "practice")])
    assert weakest_topics(answers, QUESTIONS, min_attempts=1) == ["consumption", "provision"]


def test_weakest_topics_of_no_answers(no_answers):
    assert weakest_topics(no_answers, QUESTIONS) == []
    assert weakest_topics(no_answers, QUESTIONS, min_attempts=0) == []  # a topic never answered has no accuracy


def test_attempts_table(answers):
    table = attempts_table(answers, QUESTIONS)
    assert list(table.columns) == ATTEMPT_COLUMNS
    assert len(table) == len(answers)
    assert table["answered_at"].is_monotonic_decreasing
    first = table.iloc[-1]
    assert (first["mode"], first["bank"], first["topic"], first["question_id"]) == ("practice", "core", "provision",
                                                                                     "p1")
    assert (first["prompt"], bool(first["correct"]), first["seconds"], first["confidence"]) == (
        "Prompt of p1?", True, 10.0, "sure")
    assert pd.isna(table.loc[table["question_id"] == "gone", "topic"]).all()
    assert table.loc[table["question_id"] == "c2", "seconds"].isna().all()


def test_attempts_table_shortens_prompts_and_writes_csv():
    answers = answers_of([("v1", True, 0, 2.0, None, "practice")])
    table = attempts_table(answers, QUESTIONS)
    prompt = table["prompt"].iloc[0]
    assert prompt.startswith("What does value co-creation mean really")
    assert len(prompt) == 80
    assert prompt.endswith("…")
    csv = table.to_csv(index=False)
    assert csv.splitlines()[0] == ",".join(ATTEMPT_COLUMNS)
    assert len(csv.splitlines()) == 2


def test_attempts_table_of_no_answers(no_answers):
    table = attempts_table(no_answers, QUESTIONS)
    assert table.empty
    assert list(table.columns) == ATTEMPT_COLUMNS


@pytest.mark.parametrize(("text", "width", "short"), [
    ("Short one", 80, "Short one"),
    ("  spread\n over   lines ", 80, "spread over lines"),
    ("abcdef ghijkl", 8, "abcdef…"),
    ("abcdefghijkl", 8, "abcdefg…"),
])
def test_shorten(text, width, short):
    assert shorten(text, width) == short


def test_counts_from_the_database_give_the_same_topic_table(tmp_path):
    from datetime import UTC, datetime, timedelta

    from quiz.models import Option, Question
    from quiz.progress import question_stats, topic_accuracy, topic_accuracy_from_stats
    from quiz.storage import AnswerRecord, Store

    bank = [Question(f"q{i}", f"t{i % 2}", "P?", (Option("A", True), Option("B")), "E") for i in range(4)]
    start = datetime(2026, 3, 1, tzinfo=UTC)
    times = (start + timedelta(minutes=m) for m in range(100))
    with Store(f"sqlite:///{tmp_path / 'p.sqlite3'}", clock=lambda: next(times)) as store:
        learner = store.create_profile("P")
        for qid, correct in [("q0", True), ("q1", False), ("q0", False), ("q2", True), ("q1", True), ("q9", True)]:
            store.record_answer(learner.id, AnswerRecord(qid, "b", "h", "practice", (0, 1), (0,), correct))
        answers = store.answers(learner.id)
        from_db = topic_accuracy_from_stats(store.question_stats(learner.id), bank)
        pd.testing.assert_frame_equal(from_db, topic_accuracy(answers, bank))
        in_pandas = question_stats(answers).set_index("question_id").sort_index()
        in_sql = store.question_stats(learner.id).set_index("question_id").sort_index()
        pd.testing.assert_frame_equal(in_pandas[["attempts", "right", "last_correct"]],
                                      in_sql[["attempts", "right", "last_correct"]])


def test_group_accuracy_sums_answers_per_group_and_leaves_out_unknown_questions(answers):
    group = {"p": "provide", "c": "consume"}
    result = group_accuracy(question_stats(answers), QUESTIONS, lambda q: group.get(q.id[0]))
    assert result["provide"] == (4, 75.0)  # p1 right, wrong, right; p2 right
    assert result["consume"] == (3, pytest.approx(100 / 3))
    assert set(result) == {"provide", "consume"}  # m1, v1 and the deleted question are in no group


def test_group_accuracy_without_answers_gives_every_group_nan(no_answers):
    result = group_accuracy(question_stats(no_answers), QUESTIONS, lambda q: q.topic)
    assert set(result) == {"provision", "consumption", "management", "value"}
    assert all(attempts == 0 and math.isnan(accuracy) for attempts, accuracy in result.values())
