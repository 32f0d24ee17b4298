"""GIFT import and export: every rule of Moodle's format, located problems, skipped types, and the round trip."""

from pathlib import Path

import pytest

from authoring.convert import PLACEHOLDER
from authoring.gift import read_gift, write_gift
from authoring.markup import html_to_markdown, plain_to_markdown
from quiz.loader import load_library

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "tests" / "fixtures" / "authoring" / "rules.gift"


@pytest.fixture(scope="module")
def result():
    return read_gift(RULES.read_text(encoding="utf-8"), str(RULES), "default-topic")


@pytest.fixture(scope="module")
def by_id(result):
    return {i.question.id: i for i in result.questions}


def test_unsupported_and_broken_items_are_named_with_their_line(result):
    assert [str(p) for p in result.problems] == [
        f"{RULES}:47: skipped: essay questions are not supported",
        f"{RULES}:49: skipped: matching questions are not supported",
        f"{RULES}:51: skipped: numerical questions are not supported",
        f"{RULES}:53: skipped: short-answer questions are not supported",
        f"{RULES}:55: skipped: description questions are not supported",
        f"{RULES}:57: not imported: a '{{' or '}}' is missing or out of place (escape them as \\{{ and \\}} in text)",
        f"{RULES}:59: not imported: the question has 1 option(s); it needs at least 2",
    ]


def test_titles_become_unique_slug_ids_and_categories_topics(by_id):
    assert list(by_id) == ["provision-01", "provision-01-2", "roles", "tf-true", "tf-word", "tf-false", "missing",
                           "escapes", "multi-line", "plain"]
    assert by_id["provision-01"].line == 6
    assert by_id["provision-01"].question.topic == "service-relationships", "$course$/ and Moodle's top/ dropped"
    assert by_id["plain"].question.topic == "other-topic-sub-topic"


def test_options_feedback_general_feedback_and_tags(by_id):
    q = by_id["provision-01"].question
    assert [(o.text, o.correct) for o in q.options] == [("Managing the provider's resources", True),
                                                        ("Users logging in to the portal", False),
                                                        ("Reviewing the service together", False)]
    assert q.options[0].why == "The provider manages its own resources."
    assert q.options[2].why == "That is **service relationship management**.", "[html] feedback becomes Markdown"
    assert q.explanation == "Provision is what the *provider* does, shown as \\[markdown\\] only when marked."
    assert q.tags == ("provision", "exam-prep")


def test_positive_weights_are_the_correct_options_of_a_multiple_answer_question(by_id):
    q = by_id["roles"].question
    assert q.prompt == "Which **two** are roles of the service consumer?"
    assert [o.correct for o in q.options] == [True, False, True, False]
    assert q.options[3].text == "Broker \\*not\\* a role", "[plain] text shows its asterisks"
    assert q.explanation == "The consumer roles are *customer*, user and sponsor.", "the script is dropped"
    assert by_id["roles"].notes == ()


def test_partial_credit_is_noted():
    result = read_gift("::p::Q?{=a ~%50%b ~c}", "x.gift", "t")
    assert [o.correct for o in result.questions[0].question.options] == [True, True, False]
    assert "partial credit (50%, 100%) became all or nothing" in result.questions[0].notes[0]


def test_true_false_questions(by_id):
    for qid, key in (("tf-true", "True"), ("tf-word", "True"), ("tf-false", "False")):
        q = by_id[qid].question
        assert [o.text for o in q.options] == ["True", "False"] and q.shuffle is False
        assert [o.text for o in q.options if o.correct] == [key]
    q = by_id["tf-false"].question
    assert q.options[0].why == "No: value is co-created.", "the first feedback is for the wrong answer"
    assert q.options[1].why == "Right: it is co-created."
    assert q.explanation == "Both sides contribute."


def test_text_after_the_braces_makes_a_missing_word_question(by_id):
    q = by_id["missing"].question
    assert q.prompt == "A service relationship is a [?] between a provider and a consumer."
    assert q.style == "missing-word"
    assert [o.text for o in q.options if o.correct] == ["cooperation"]


def test_escapes(by_id):
    q = by_id["escapes"].question
    assert q.prompt == "Which of these reads 1 = 1, a ~ b, c # d, {e}, f: g and a \\ backslash?"
    assert [o.text for o in q.options] == ["All of them: escaped", "None = wrong"]


def test_multi_line_html_question(by_id):
    assert by_id["multi-line"].question.prompt == "This question\n\nruns over several lines."


def test_missing_explanation_gets_the_placeholder_and_a_note(by_id):
    item = by_id["missing"]
    assert item.question.explanation == PLACEHOLDER
    assert item.notes == ("no general feedback (####): a placeholder explanation was written",)


def test_malformed_metadata_comment_is_reported():
    result = read_gift("// itil-app: {not json\n::x::Q?{=a ~b}", "x.gift", "t")
    assert result.questions == []
    assert str(result.problems[0]).startswith("x.gift:2: not imported: the '// itil-app:' comment is not valid JSON")


def test_a_metadata_field_the_model_refuses_is_reported_at_the_question():
    result = read_gift('// itil-app: {"difficulty": "extreme"}\n::x::Q?{=a ~b}', "x.gift", "t")
    assert result.questions == [] and result.problems[0].line == 2 and result.problems[0].question_id == "x"
    assert "difficulty" in result.problems[0].message


def test_html_never_stays_live():
    text = html_to_markdown('<p onclick="x()">A <b>bold</b> <a href="https://example.org">link</a></p>'
                            "<ul><li>one</li><li>two</li></ul><img src=x alt='a chart'><style>p{}</style>"
                            "<iframe src='evil'></iframe>&lt;b&gt;")
    assert text == "A **bold** link (https://example.org)\n\n- one\n- two\n\na chart\\<b\\>"
    assert "<" not in text.replace("\\<", "")
    assert plain_to_markdown("# not a heading\n1. not a list *x*") == "\\# not a heading\n1\\. not a list \\*x\\*"


@pytest.mark.parametrize("bank", sorted(p.name for p in (ROOT / "content" / "questions").glob("*.yaml")))
def test_round_trip_gives_back_every_shipped_bank(bank):
    library = load_library([ROOT / "content" / "questions" / bank])
    assert library.banks, library.problems
    questions = library.banks[0].questions
    exported = write_gift(questions)
    assert exported.left_out == {}
    back = read_gift(exported.text, "export.gift", "unused")
    assert back.problems == []
    assert [i.question for i in back.questions] == list(questions)


def test_round_trip_keeps_the_rules_file(result):
    questions = [i.question for i in result.questions]
    back = read_gift(write_gift(questions).text, "export.gift", "unused")
    assert [i.question for i in back.questions] == questions
