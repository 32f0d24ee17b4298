"""Recording, Review, Progress and Mock exam pages in AppTest, each on its own temporary database."""

import shutil
from datetime import UTC, datetime, timedelta

import pytest

from quiz.storage import Store
from tests.conftest import PASSPHRASE, ROOT, answer_slot, sign_up, unlock_trainer


@pytest.fixture
def db(app_env, tmp_path):
    """The store the app writes to in this test (same file as ITIL_APP_DATABASE_URL)."""
    store = Store(f"sqlite:///{tmp_path / 'progress.sqlite3'}")
    yield store
    store.close()


@pytest.fixture
def real_banks(app_env):
    app_env.setenv("ITIL_APP_QUESTIONS_DIR", str(ROOT / "content" / "questions"))


def learner(db) -> int:
    return db.profiles()[0].id


def answer_practice(at, *, correct: bool):
    """Answer the practice question on screen, right or wrong, and check it."""
    practice = at.session_state["practice.round"]
    slot = practice.current
    keys = sorted(slot.question.correct_indices)
    file_indices = keys if correct else [min(set(range(len(slot.order))) - set(keys))]
    positions = [slot.order.index(i) for i in file_indices]
    radio = next((r for r in at.radio if r.key.startswith("practice.")), None)
    if radio is not None:
        radio.set_value(positions[0])
    else:
        boxes = [c for c in at.checkbox if c.key and c.key.startswith("practice.")]
        for position in positions:
            boxes[position].check()
    next(b for b in at.button if b.key.endswith(".check")).click().run()
    return slot.question


def test_a_new_session_is_signed_in_to_nobody_and_a_profile_can_be_created(new_app, db):
    at = new_app(signed_in=False)
    assert db.profiles() == [] and not [s for s in at.selectbox if s.key == "learner"]
    assert "Practising without a profile: sign in to keep your progress." in [c.value for c in at.caption]
    sign_up(at, "Ana")
    assert [p.name for p in db.profiles()] == ["Ana"]
    at = new_app(signed_in=False)
    at.text_input(key="account.new_name").input("Ana")
    at.text_input(key="account.new_passphrase").input(PASSPHRASE)
    at.text_input(key="account.repeat").input(PASSPHRASE)
    at.button(key="account.create").click().run()
    assert any("already" in e.value for e in at.error), "a duplicate name is refused with a message"


def test_practice_answers_are_recorded_with_order_choice_and_time(new_app, db):
    at = new_app("pages/practice.py")
    at.button(key="practice.start").click().run()
    question = answer_practice(at, correct=False)
    answers = db.answers(learner(db))
    assert len(answers) == 1
    row = answers.iloc[0]
    assert (row["question_id"], row["mode"], bool(row["correct"]), row["bank_id"]) == (question.id, "practice",
                                                                                        False, "mini")
    assert row["question_hash"] == question.content_hash
    assert sorted(row["shown"]) == list(range(len(question.options))) and len(row["chosen"]) == 1
    assert row["seconds"] >= 0
    assert db.card(learner(db), question.id) is not None, "every answer schedules a review card"


def test_check_yourself_answers_are_recorded_as_check(new_app, db, real_banks):
    at = new_app()
    at.query_params["construct"] = "consumer-roles"
    at.switch_page("pages/learn.py").run()
    slot = at.session_state["learn.check.consumer-roles"][0].slots[0]
    key = "learn.check.consumer-roles.q1"
    if slot.question.is_multiple_answer:
        at.checkbox(key=f"{key}.choice.0").check()
    else:
        at.radio(key=f"{key}.choice").set_value(0)
    at.button(key=f"{key}.check").click().run()
    assert db.answers(learner(db))["mode"].tolist() == ["check"]


def test_review_queues_mistakes_and_records_confidence(new_app, db):
    at = new_app("pages/practice.py")
    at.button(key="practice.start").click().run()
    missed = answer_practice(at, correct=False)
    at.switch_page("pages/review.py").run()
    queue = at.radio(key="review.queue")
    # Answered wrongly a moment ago: a mistake, but not "due today" (it was answered today already).
    assert queue.options == ["Due today, to relearn (0)", "Due today, known: to refresh (0)", "My mistakes (1)"]
    queue.set_value("mistakes").run()
    at.button(key="review.start").click().run()
    assert at.session_state["review.round"].current.question.id == missed.id
    key = f"review.r{at.session_state['review.serial']}.q1"
    answer_slot(at, at.session_state["review.round"].current, key)
    assert "Correct." in at.success[0].value
    card_sure_would_be = db.card(learner(db), missed.id)
    at.button_group(key=f"{key}.confidence").set_value("guessed").run()
    answers = db.answers(learner(db))
    assert answers["mode"].tolist() == ["practice", "review"]
    assert answers["confidence"].tolist()[-1] == "guessed", "the confidence is stored with the answer"
    assert db.card(learner(db), missed.id) != card_sure_would_be, "and the card is rescheduled with it"


def test_a_right_answer_schedules_its_question_for_a_later_review(new_app, db):
    at = new_app("pages/practice.py")
    at.button(key="practice.start").click().run()
    before = datetime.now(UTC)
    question = answer_practice(at, correct=True)
    due = db.cards(learner(db)).set_index("question_id").loc[question.id, "due"]
    assert before < due < before + timedelta(days=1), "a first right answer comes back after a short step"
    assert question.id not in db.due_question_ids(learner(db), before), "not due straight away"


def test_progress_shows_counts_weakest_topics_and_attempts(new_app, db):
    at = new_app("pages/practice.py")
    for _ in range(2):  # two rounds over the 3-question bank: consumer-roles gets 4 answers
        at.button(key="practice.start").click().run()
        for _ in range(3):
            answer_practice(at, correct=False)
            at.button(key="practice.next").click().run()
        at.button(key="practice.new").click().run()
    at.switch_page("pages/progress.py").run()
    assert at.metric[0].value == "3 of 3"
    assert at.metric[1].value == "6"
    assert at.metric[2].value == "0 %"
    table = at.dataframe[0].value
    assert len(table) == 6 and set(table["mode"]) == {"practice"}
    assert "question_id" not in table.columns and "id" not in table.columns
    assert set(table["topic"]) == {"Consumer roles", "Service provision"}, "topic titles, not slugs"
    assert not table["answered"].str.contains(r"\+00:00|T").any(), "a local time, no UTC offset"
    weakest = at.button(key="progress.weakest")
    assert weakest.label.startswith("Practise my weakest topics")
    weakest.click().run()
    practice = at.session_state["practice.round"]
    assert practice.slots and practice.position == 0


def test_deleting_a_learner_removes_their_data(new_app, db):
    at = new_app("pages/practice.py")
    at.button(key="practice.start").click().run()
    answer_practice(at, correct=True)
    first = learner(db)
    other = db.create_profile("Other")
    at.switch_page("pages/progress.py").run()
    at.button(key="progress.delete").click().run()
    assert "Every answer, review card and exam of Learner will be deleted. This cannot be undone." in [
        t.value for t in at.text], "the dialog names the learner"
    at.button(key="progress.delete_confirm").click().run()
    assert [p.name for p in db.profiles()] == ["Other"]
    assert "Practising without a profile: sign in to keep your progress." in [c.value for c in at.caption]
    assert db.answers(other.id).empty
    with pytest.raises(LookupError):
        db.export_profile(first)


def start_exam(at, blueprint: str = "service-relationships"):
    at.selectbox(key="exam.blueprint").set_value(blueprint).run()
    at.button(key="exam.start").click().run()
    assert not at.exception, at.exception
    return at.session_state["exam.attempt"]


def exam_radio(at):
    return next(r for r in at.radio if r.key.startswith("exam."))


def test_foundation_exam_on_the_shipped_banks_is_offered_whole(new_app, db, real_banks):
    at = new_app("pages/exam.py")
    at.selectbox(key="exam.blueprint").set_value("itil4-foundation").run()
    assert not at.warning
    assert not [b for b in at.button if b.key == "exam.start_partial"]
    attempt = start_exam(at, "itil4-foundation")
    assert len(attempt.slots) == 40 and attempt.time_limit_seconds == 60 * 60 and attempt.blueprint.pass_mark == 26


def test_foundation_exam_lists_exact_shortfalls_and_offers_what_can_run(new_app, db, app_env, tmp_path):
    banks = tmp_path / "model-banks"
    banks.mkdir()
    for name in ("service-relationships.yaml", "relationship-activities-and-roles.yaml"):
        shutil.copy(ROOT / "content" / "questions" / name, banks / name)
    app_env.setenv("ITIL_APP_QUESTIONS_DIR", str(banks))
    at = new_app("pages/exam.py")
    assert at.selectbox(key="exam.blueprint").value == "service-relationships", "a runnable exam is offered first"
    at.selectbox(key="exam.blueprint").set_value("itil4-foundation").run()
    warning = at.warning[0].value
    for criterion, short in [("2.2", 5), ("6.1", 5), ("7.1", 17)]:
        assert f"- {criterion} " in warning and f"short by {short}" in warning
    assert at.button(key="exam.start_partial").label.startswith("Run what the banks can fill: 7 questions")


def test_exam_journey_answer_change_flag_navigate_submit(new_app, db, real_banks):
    at = new_app("pages/exam.py")
    attempt = start_exam(at)
    assert len(attempt.slots) == 24 and not attempt.submitted
    exam_radio(at).set_value(0).run()
    exam_radio(at).set_value(1).run()
    assert at.session_state["exam.attempt"].slots[0].chosen == frozenset({attempt.slots[0].order[1]})
    assert not at.success and not at.error, "no feedback before submitting"
    at.button(key="exam.next").click().run()
    flag = next(c for c in at.checkbox if c.key.endswith(".flag"))
    flag.check().run()
    assert at.button(key="exam.go.1").label in ("1 ✓", "● 1 ✓")
    assert at.button(key="exam.go.2").label == "● 2 ⚑"
    at.button(key="exam.go.1").click().run()
    assert exam_radio(at).value == 1, "going back shows the answer given"
    at.button(key="exam.submit").click().run()
    assert any("23 question(s) not answered" in w.value for w in at.warning)
    at.button(key="exam.submit_confirm").click().run()
    result = at.session_state["exam.attempt"].result()
    verdict = (at.success or at.error)[0].value
    assert f"{result.score} of 24" in verdict and ("Pass" in verdict or "Fail" in verdict)
    assert len(at.expander) == 24
    criteria = at.dataframe[0].value["criterion"].tolist()  # by name, not the bare "1.1"
    assert criteria and all(" " in c for c in criteria), criteria
    assert any(c.startswith("1.1 ") and len(c) > 10 for c in criteria), criteria
    topics = at.dataframe[1].value["topic"].tolist()
    assert not [t for t in topics if "-" in t and " " not in t], topics
    exams = db.exams(learner(db))
    assert len(exams) == 1 and int(exams["score"].iloc[0]) == result.score and exams["total"].iloc[0] == 24
    answers = db.answers(learner(db))
    assert answers["mode"].tolist() == ["exam"] and answers["exam_id"].iloc[0] == exams["exam_id"].iloc[0]


def test_an_exam_in_progress_resumes_in_a_new_session(new_app, db, real_banks):
    at = new_app("pages/exam.py")
    attempt = start_exam(at)
    exam_radio(at).set_value(2).run()
    restarted = new_app("pages/exam.py")
    resumed = restarted.session_state["exam.attempt"]
    assert [s.question.id for s in resumed.slots] == [s.question.id for s in attempt.slots]
    assert resumed.started_at == attempt.started_at, "the clock runs from the stored start"
    assert resumed.slots[0].chosen == frozenset({attempt.slots[0].order[2]})
    assert exam_radio(restarted).value == 2
    assert restarted.button(key="exam.go.1").label == "● 1 ✓"


def test_broken_course_and_blueprint_are_reported_and_practice_still_works(new_app, app_env, tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    glossary = content / "course" / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("terms:", "terms: [", 1), encoding="utf-8")
    (content / "exams" / "broken.yaml").write_text("blueprint:\n  id: broken\n  title: [\n", encoding="utf-8")
    app_env.setenv("ITIL_APP_CONTENT_DIR", str(content))
    app_env.delenv("ITIL_APP_QUESTIONS_DIR")
    at = new_app("pages/learn.py")
    assert any("course content has problems" in e.value for e in at.error)
    assert f"{glossary}:" in at.code[0].value
    at.switch_page("pages/practice.py").run()
    assert not at.exception and at.button(key="practice.start"), "the banks keep working"
    at.switch_page("pages/exam.py").run()
    assert any("1 exam blueprint(s) could not be loaded" in w.value for w in at.warning)
    assert at.selectbox(key="exam.blueprint").options, "the valid blueprints are still offered"
    unlock_trainer(at)
    at.switch_page("pages/bank_health.py").run()
    listed = " ".join(c.value for c in at.code)
    assert "exams/broken.yaml:" in listed and "course/glossary.yaml:" in listed and str(content) not in listed


def test_a_finished_exam_cannot_be_reopened_or_resubmitted_from_a_second_session(new_app, db, real_banks):
    first = new_app("pages/exam.py")
    start_exam(first)
    second = new_app("pages/exam.py")  # the same learner in another tab: the exam is resumed there
    assert second.session_state["exam.attempt"] is not None
    first.button(key="exam.submit").click().run()
    first.button(key="exam.submit_confirm").click().run()
    assert first.session_state["exam.attempt"].submitted
    # The stale tab answers and tries to submit after the key was shown in the first one.
    slot = second.session_state["exam.attempt"].current
    exam_radio(second).set_value(slot.order.index(min(slot.question.correct_indices))).run()
    assert not second.exception, second.exception
    assert any("submitted in another tab" in n.value for n in (*second.info, *second.warning, *second.caption,
                                                               *second.markdown, *second.toast))
    assert second.session_state["exam.attempt"].submitted, "the stale tab now shows the finished exam"
    finished = db.exams(learner(db))
    assert finished["score"].tolist() == [0] and len(finished) == 1
    assert db.answers(learner(db)).empty, "no answer was recorded from the stale tab"
