"""Item analysis on answer sets whose true values are known: a wrong key is flagged, a good question is not."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from authoring.analysis import CORRELATION, MIN_RESPONSES, NOT_ENOUGH, UPPER_LOWER, analyse, report_lines
from authoring.figures import facility_discrimination_figure, option_choices_figure
from quiz.models import Option, Question
from quiz.storage import AnswerRecord, Store

START = datetime(2026, 1, 5, 9, tzinfo=UTC)


def make_question(qid: str, key: int = 0, options: int = 4) -> Question:
    return Question(id=qid, topic="t", prompt=f"Prompt {qid}?", explanation="Because.",
                    options=tuple(Option(f"option {i}", i == key) for i in range(options)))


def rows(question: Question, learner: int, chosen: int, exam: str | None, when: int) -> dict:
    return {"profile_id": learner, "question_id": question.id, "question_hash": question.content_hash,
            "chosen": (chosen,), "correct": chosen in question.correct_indices, "exam_id": exam,
            "answered_at": pd.Timestamp(START + timedelta(seconds=when))}


def simulate(*, learners: int = 300, items: int = 15, exams: bool = True, seed: int = 3):
    """Learners of normal ability answer items by a logistic model; 'bad-key' is filed with the wrong key:
    the option that able learners choose (1) is not the one the bank marks correct (0)."""
    rng = np.random.default_rng(seed)
    questions = [make_question(f"good-{i:02d}") for i in range(items)] + [make_question("bad-key")]
    ability = rng.normal(size=learners)
    difficulty = rng.uniform(-1, 1, size=len(questions))
    answers = []
    for learner in range(learners):
        for k, q in enumerate(questions):
            knows = rng.random() < 1 / (1 + np.exp(-1.7 * (ability[learner] - difficulty[k])))
            truth = 1 if q.id == "bad-key" else 0
            chosen = truth if knows else int(rng.integers(0, 4))
            answers.append(rows(q, learner, chosen, f"exam-{learner}" if exams else None, len(answers)))
    return questions, pd.DataFrame(answers)


@pytest.mark.parametrize("exams, method", [(True, CORRELATION), (False, UPPER_LOWER)])
def test_a_wrong_key_is_flagged_and_good_questions_are_not(exams, method):
    questions, answers = simulate(exams=exams)
    table = analyse(questions, answers).set_index("question_id")
    bad = table.loc["bad-key"]
    assert bad["method"] == method
    assert bad["discrimination"] < 0
    assert {"negative discrimination", "distractor beats key"} <= set(bad["flags"])
    options = dict(enumerate(count for _, _, count in bad["options"]))
    assert options[1] > options[0], "the true answer is chosen more often than the filed key"
    good = table.drop(index="bad-key")
    assert (good["discrimination"] > 0.15).all()
    assert good["flags"].map(len).eq(0).all(), good[good["flags"].map(len) > 0]
    assert table.index[0] == "bad-key", "the most flagged question comes first"


def test_facility_and_correlation_match_a_hand_computed_set():
    questions = [make_question(f"q{i}") for i in range(5)]
    # 25 exams of five questions; q0's score correlates with the rest of the exam by construction.
    rng = np.random.default_rng(0)
    scores = rng.integers(0, 2, size=(25, 5))
    answers = pd.DataFrame([rows(q, learner, 0 if scores[learner, k] else 1, f"e{learner}", learner * 5 + k)
                            for learner in range(25) for k, q in enumerate(questions)])
    row = analyse(questions, answers).set_index("question_id").loc["q0"]
    rest = (scores.sum(axis=1) - scores[:, 0]) / 4
    assert row["responses"] == 25
    assert row["facility"] == pytest.approx(scores[:, 0].mean())
    assert row["discrimination"] == pytest.approx(np.corrcoef(scores[:, 0], rest)[0, 1])
    assert row["method"] == CORRELATION


def test_upper_lower_27_percent_on_a_hand_computed_set():
    target, others = make_question("target"), [make_question(f"o{i}") for i in range(4)]
    answers = []
    # 30 learners: learner n gets n of the others' 4 answers right... ranked by their rest score.
    for learner in range(30):
        right_others = learner * 4 // 30
        for k, q in enumerate(others):
            answers.append(rows(q, learner, 0 if k < right_others else 1, None, len(answers)))
        answers.append(rows(target, learner, 0 if learner >= 15 else 1, None, len(answers)))
    row = analyse([target, *others], pd.DataFrame(answers)).set_index("question_id").loc["target"]
    # The top 8 (27 % of 30) are learners 22-29, all right; the bottom 8 are learners 0-7, all wrong.
    assert row["method"] == UPPER_LOWER and row["discrimination"] == pytest.approx(1.0)


def test_too_few_responses_say_not_enough_data_and_are_not_flagged():
    q = make_question("rare")
    answers = pd.DataFrame([rows(q, n, 1, None, n) for n in range(MIN_RESPONSES - 1)])
    row = analyse([q, make_question("never")], answers).set_index("question_id")
    assert row.loc["rare", "method"] == NOT_ENOUGH and row.loc["rare", "flags"] == ()
    assert row.loc["never", "responses"] == 0
    assert "question 'rare': 19 responses: not enough data" in report_lines(row.reset_index())


def test_first_attempt_per_learner_by_default_or_every_attempt():
    q = make_question("retried")
    answers = pd.DataFrame([rows(q, n % 20, 1 if n < 20 else 0, None, n) for n in range(40)])
    assert analyse([q], answers).loc[0, "facility"] == 0.0, "each learner's first answer was wrong"
    assert analyse([q], answers, first_attempts=False).loc[0, "facility"] == 0.5


def test_very_easy_and_very_hard():
    easy, hard = make_question("easy"), make_question("hard")
    answers = pd.DataFrame([rows(easy, n, 0, None, n) for n in range(30)]
                           + [rows(hard, n, 1 + n % 3, None, 100 + n) for n in range(30)])
    table = analyse([easy, hard], answers).set_index("question_id")
    assert "very easy" in table.loc["easy", "flags"]
    assert "very hard" in table.loc["hard", "flags"]


def test_answers_to_an_earlier_version_are_counted():
    q = make_question("edited")
    answers = pd.DataFrame([rows(q, n, 0, None, n) | ({"question_hash": "old"} if n < 5 else {}) for n in range(25)])
    assert analyse([q], answers).loc[0, "earlier_versions"] == 5


def test_figures_mark_flags_in_symbol_and_words():
    questions, answers = simulate(learners=60, items=4)
    table = analyse(questions, answers)
    fig = facility_discrimination_figure(table)
    flagged = next(t for t in fig.data if t.name == "flagged")
    assert "bad-key" in flagged.customdata and flagged.marker.symbol == "x"
    bars = option_choices_figure(table.iloc[0])
    assert bars.data[0].y[0].startswith("A (key): ")
    assert sum(bars.data[0].x) == 60


def test_store_hands_every_learners_answers_to_the_analysis(tmp_path):
    q = make_question("stored")
    with Store(f"sqlite:///{tmp_path / 'db.sqlite3'}") as store:
        for n in range(3):
            profile = store.create_profile(f"learner {n}")
            store.record_answers(profile.id, [AnswerRecord(q.id, "bank", q.content_hash, "exam", (0, 1, 2, 3), (n % 2,),
                                                           n % 2 == 0, answered_at=START, exam_id=f"e{n}")])
        store.record_answers(profile.id, [AnswerRecord("other", "elsewhere", "h", "practice", (0, 1), (0,), True,
                                                       answered_at=START)])
        frame = store.all_answers(bank_id="bank")
    assert list(frame["profile_id"]) == [1, 2, 3] and list(frame["chosen"]) == [(0,), (1,), (0,)]
    assert analyse([q], frame).loc[0, "responses"] == 3
