"""Aiken import and export: Moodle's rules; each broken question is reported with its line and skipped."""

from pathlib import Path

import pytest

from authoring.aiken import read_aiken, write_aiken
from authoring.convert import PLACEHOLDER, Ids
from quiz.models import Option, Question

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "authoring"


def read(name: str, **kwargs):
    path = FIXTURES / name
    return read_aiken(path.read_text(encoding="utf-8"), str(path), "service-provision", **kwargs)


def test_good_file_reads_every_option_form_and_multi_line_questions():
    result = read("good.aiken.txt")
    assert result.problems == []
    first, second, third, fourth = (i.question for i in result.questions)
    assert [i.line for i in result.questions] == [1, 8, 15, 21]
    assert first.options[0] == Option("Organizations and people", True)
    assert [o.correct for o in first.options] == [True, False, False, False]
    assert second.prompt == ("The bank pays an ATM maintenance firm to service its cash machines.\n"
                             "Which dimension is chiefly concerned with this arrangement?")
    assert [o.text for o in third.options] == ["Sponsor", "User", "Customer"]  # "A)Sponsor", "C.Customer", "ANSWER:C"
    assert third.options[2].correct
    assert fourth.style == "list" and fourth.shuffle is False, "'1 and 3' options make a list question, in order"
    assert fourth.prompt.endswith("3. A customer defines requirements.")
    assert all(q.topic == "service-provision" and q.explanation == PLACEHOLDER for q in (first, second, third))
    assert first.id == "which-dimension-covers-the-bank-s-own-advisers"


def test_broken_questions_are_reported_with_their_line_and_the_valid_ones_around_them_import():
    result = read("broken.aiken.txt")
    path = FIXTURES / "broken.aiken.txt"
    assert [str(p) for p in result.problems] == [
        f"{path}:1: not imported: the question has 1 option(s); it needs at least 2",
        f"{path}:10: not imported: the question has no 'ANSWER:' line",
        f"{path}:17: not imported: ANSWER: names 'D'; the options are A to B",
        f"{path}:19: not imported: option 'A' comes before any question text",
        f"{path}:22: not imported: 'ANSWER:' line without a question before it",
        f"{path}:26: not imported: expected an option ('A.' or 'A)') or the 'ANSWER:' line",
        f"{path}:32: not imported: option 'C' where 'B' was expected",
    ]
    assert [i.question.id for i in result.questions] == ["a-good-question-before-the-broken-ones",
                                                         "a-good-question-after-the-broken-ones"]
    assert [o.correct for o in result.questions[1].question.options] == [False, True]


def test_ids_avoid_those_already_taken_and_each_other():
    text = "Same question\nA. a\nB. b\nANSWER: A\n\nSame question\nA. a\nB. b\nANSWER: B\n"
    result = read_aiken(text, "x.txt", "t", Ids(["same-question"]))
    assert [i.question.id for i in result.questions] == ["same-question-2", "same-question-3"]


def test_a_file_with_windows_line_endings_reads_the_same():
    text = (FIXTURES / "good.aiken.txt").read_text(encoding="utf-8")
    assert read_aiken(text.replace("\n", "\r\n"), "x", "t").questions == read_aiken(text, "x", "t").questions


@pytest.fixture
def bank():
    single = Question(id="s", topic="t", prompt="Which one?\n\n1. First\n2. Second", style="list", shuffle=False,
                      options=(Option("1 and 2", True, "Both true."), Option("2 and 3")), explanation="Because.",
                      syllabus="1.2", tags=("x",))
    multi = Question(id="m", topic="t", prompt="Which two?", explanation="E.",
                     options=(Option("a", True), Option("b", True), Option("c")))
    return [single, multi]


def test_export_writes_single_answer_questions_and_says_what_it_left_out(bank):
    exported = write_aiken(bank)
    assert exported.text == "Which one?\n1. First\n2. Second\nA. 1 and 2\nB. 2 and 3\nANSWER: A\n"
    assert exported.skipped == ("m",)
    assert "the whole question: it has 2 correct options and Aiken holds one" in exported.left_out["m"]
    lost = exported.left_out["s"]
    for what in ("explanation", "the why of 1 option(s)", "syllabus (1.2)", "style (list)", "shuffle: false", "tags",
                 "the blank lines of the prompt (a blank line ends an Aiken question)"):
        assert what in lost


def test_export_reads_back_as_the_same_texts_and_key(bank):
    back = read_aiken(write_aiken(bank).text, "x", "t").questions
    assert len(back) == 1
    assert [(o.text, o.correct) for o in back[0].question.options] == [("1 and 2", True), ("2 and 3", False)]
