"""The Classroom page under AppTest: the trainer's controls behind the role, a session from start to leaderboard,
joining (and the nickname messages), answering, rejoining by ?seat=, and no key on a student's page before the reveal.

The trainer and each student are AppTests of their own on one database, as two browsers on one server would be.
Fragments never tick under AppTest, so each screen is brought up to date with a run().
"""

from __future__ import annotations

import os

import pytest

from classroom import Classroom
from quiz.loader import load_library
from quiz.storage import Store
from tests.conftest import GOOD_BANKS

PAGE = "pages/classroom.py"
SINGLE = "mini-single"


@pytest.fixture
def engine(app_env):
    """A Classroom on the app's database (the test's own handle on it, as another app process would have)."""
    store = Store(os.environ["ITIL_APP_DATABASE_URL"])
    yield Classroom(store, load_library([GOOD_BANKS]).questions)
    store.close()


def everything(at) -> str:
    """All the page holds (every element's protobuf, as sent to the browser) and its session state, as text."""
    parts = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    state = at.session_state._state._state.filtered_state
    parts.extend(f"{key}={value!r}" for key, value in state.items())
    return "\n".join(parts)


def start_session(at, count: int = 3) -> None:
    at.number_input(key="classroom.count").set_value(count)
    at.button(key="classroom.start").click().run()
    assert not at.exception, at.exception


def code_of(at) -> str:
    return at.metric[0].value


def move(at, name: str) -> None:
    at.button(key=f"classroom.{name}").click().run()
    assert not at.exception, at.exception


def join(new_app, code: str, nickname: str):
    at = new_app(PAGE, signed_in=False, join=code)
    at.text_input(key="classroom.nickname").input(nickname)
    at.button(key="classroom.join").click().run()
    assert not at.exception, at.exception
    return at


def option_buttons(at) -> list:
    return [b for b in at.button if b.key and b.key.startswith("classroom.option.")]


def test_trainer_controls_need_the_trainer_role(new_app):
    student = new_app(PAGE)
    assert "classroom.start" not in [b.key for b in student.button]
    assert "classroom.join" in [b.key for b in student.button]
    assert any("unlock the trainer role" in c.value for c in student.caption)
    trainer = new_app(PAGE, trainer=True)
    assert "classroom.start" in [b.key for b in trainer.button]
    assert trainer.session_state["page.title"] == "Classroom · ITIL 4 Foundation"


def test_starting_a_session_shows_its_code_qr_and_a_warning_for_a_local_address(new_app, engine):
    trainer = new_app(PAGE, trainer=True)
    start_session(trainer)
    code = code_of(trainer)
    [summary] = engine.list_sessions()
    assert (summary.code, summary.steps) == (code, 3)
    assert trainer.get("image")[0].captions == ["Scan to join"]  # the QR code
    assert f"/classroom?join={code}" in trainer.code[0].value
    assert "phones cannot reach it" in trainer.warning[0].value


def test_the_join_url_comes_from_the_public_url_setting(new_app, app_env):
    app_env.setenv("ITIL_APP_PUBLIC_URL", "http://192.168.1.20:8501/")
    trainer = new_app(PAGE, trainer=True)
    start_session(trainer)
    assert trainer.code[0].value == f"http://192.168.1.20:8501/classroom?join={code_of(trainer)}"
    assert not trainer.warning


def test_nicknames_are_refused_with_a_clear_message(new_app):
    trainer = new_app(PAGE, trainer=True)
    start_session(trainer)
    code = code_of(trainer)
    empty = join(new_app, code, "   ")
    assert "Type a nickname" in empty.error[0].value
    long = join(new_app, code, "x" * 30)
    assert "at most 24 characters" in long.error[0].value
    first = join(new_app, code, "Ann")
    assert first.query_params["seat"] and not first.error
    duplicate = join(new_app, code, "ann ")
    assert "already called" in duplicate.error[0].value
    wrong = join(new_app, "ZZZZZZ", "Bob")
    assert "No session has this code" in wrong.error[0].value
    trainer.run()
    assert "Ann" in [t.value for t in trainer.text]


def test_a_whole_question_answer_reveal_and_leaderboard(new_app, engine):
    trainer = new_app(PAGE, trainer=True)
    start_session(trainer, count=1)
    ann, bob = join(new_app, code_of(trainer), "Ann"), join(new_app, code_of(trainer), "Bob")
    assert "Waiting for the trainer" in ann.info[0].value
    move(trainer, "next")
    ann.run()
    assert all(b.disabled for b in option_buttons(ann))  # shown, not yet open
    move(trainer, "open")
    view = engine.trainer_view(engine.list_sessions()[0].id)
    key = next(i for i in view.shown if view.question.options[i].correct)
    wrong = next(i for i in view.shown if not view.question.options[i].correct)
    for student, choice in ((ann, wrong), (ann, key), (bob, wrong)):  # Ann changes her mind
        student.run()
        student.button(key=f"classroom.option.0.{choice}").click().run()
        assert not student.exception, student.exception
    assert "(your answer)" in ann.button(key=f"classroom.option.0.{key}").label
    trainer.run()
    assert "2 of 2 answered" in trainer.get("progress")[0].proto.text
    move(trainer, "close")
    move(trainer, "reveal")
    assert trainer.get("plotly_chart")
    assert trainer.success[0].value.startswith("**Key: ")
    ann.run()
    bob.run()
    assert ann.success[0].value == "Right!" and bob.error[0].value == "Not right this time."
    assert ann.metric[0].value == "#1" and bob.metric[0].value == "#2"
    [lines] = [m.value for m in bob.markdown if "✔ key" in m.value]
    assert "(your answer)" in lines and not option_buttons(bob)  # plain lines after the reveal
    move(trainer, "show_leaderboard")
    board = trainer.dataframe[0].value
    assert list(board["name"]) == ["Ann", "Bob"] and list(board["right"]) == [1, 0]
    move(trainer, "next")  # the last question: Finish ends the session
    assert "Ann" in list(trainer.dataframe[0].value["student"])
    assert trainer.get("download_button")


def test_no_key_reaches_a_student_before_the_reveal(new_app, engine):
    trainer = new_app(PAGE, trainer=True)
    start_session(trainer, count=1)
    ann = join(new_app, code_of(trainer), "Ann")
    question = engine.trainer_view(engine.list_sessions()[0].id)
    secrets = [o.why for o in load_library([GOOD_BANKS]).questions[SINGLE].options if o.why]
    for name in ("next", "open", "close"):
        move(trainer, name)
        ann.run()
        if name == "open":
            ann.button(key=option_buttons(ann)[0].key).click().run()
        text = everything(ann)
        question = engine.trainer_view(engine.list_sessions()[0].id).question
        assert question.prompt in text  # the page does show the question
        assert question.explanation not in text
        assert not any(o.why and o.why in text for o in question.options)
        assert "correct" not in text.lower()
        assert "Question(" not in text
    move(trainer, "reveal")
    ann.run()
    assert question.explanation in everything(ann)  # what the check looks for does show up after the reveal
    assert secrets  # the fixture's whys exist, so the check above could have failed


def test_a_reload_with_the_seat_in_the_url_rejoins_the_seat(new_app, engine):
    trainer = new_app(PAGE, trainer=True)
    start_session(trainer, count=1)
    ann = join(new_app, code_of(trainer), "Ann")
    token = ann.query_params["seat"]
    move(trainer, "next")
    move(trainer, "open")
    ann.run()
    chosen = option_buttons(ann)[1].key
    ann.button(key=chosen).click().run()
    again = new_app(PAGE, signed_in=False, seat=token)
    assert again.text[0].value.startswith("Ann · ")
    assert "(your answer)" in again.button(key=chosen).label
    assert engine.seats(engine.list_sessions()[0].id) == ["Ann"]  # the same seat, not a new one
    unknown = new_app(PAGE, signed_in=False, seat="not-a-token")
    assert "not known" in unknown.warning[0].value and unknown.button(key="classroom.join")


def test_a_signed_in_learner_links_the_seat_to_the_profile(new_app, engine):
    trainer = new_app(PAGE, trainer=True)
    start_session(trainer, count=1)
    ann = new_app(PAGE, join=code_of(trainer))
    ann.text_input(key="classroom.nickname").input("Ann")
    ann.button(key="classroom.join").click().run()
    ann.button(key="classroom.link").click().run()
    assert not ann.exception
    assert "classroom.link" not in [b.key for b in ann.button]
    session_id = engine.list_sessions()[0].id
    assert [s.profile_id for s in engine._store.seats(session_id)] == [ann.session_state["learner.id"]]


def test_finished_sessions_are_listed_reopened_and_deleted(new_app, engine):
    trainer = new_app(PAGE, trainer=True)
    start_session(trainer, count=1)
    ann = join(new_app, code_of(trainer), "Ann")
    for name in ("next", "open"):
        move(trainer, name)
    ann.run()
    ann.button(key=option_buttons(ann)[2].key).click().run()  # mini-single is not shuffled: C is wrong
    for name in ("close", "reveal", "next"):
        move(trainer, name)
    link = trainer.get("page_link")[0].proto
    assert link.page.endswith("practice") and "questions=" in link.query_string
    move(trainer, "back")
    assert trainer.dataframe[0].value["phase"].tolist() == ["ended"]
    trainer.checkbox(key="classroom.sure").check().run()
    move(trainer, "delete")
    assert engine.list_sessions() == []
    assert "No session yet." in [c.value for c in trainer.caption]


def test_the_practise_link_starts_a_practice_round_on_those_questions(new_app):
    at = new_app("pages/practice.py", questions=f"{SINGLE},no-such-question")
    assert not at.exception
    assert at.session_state["practice.round"].slots[0].question.id == SINGLE
    assert len(at.session_state["practice.round"].slots) == 1
    assert "questions" not in at.query_params
