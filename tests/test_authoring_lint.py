"""`validate --strict`: each rule warns on a flawed question, `lint_ok` accepts it, and the exit codes."""

import random
from pathlib import Path

import pytest
import yaml

from authoring.convert import PLACEHOLDER
from authoring.lint import RULES, binomial_tail, lint
from quiz.__main__ import main
from quiz.loader import load_library

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = [{"text": "Managing its own resources", "correct": True}, {"text": "Using the provider's portal"},
           {"text": "Agreeing the service levels"}, {"text": "Reporting the incidents"}]


WORDS = ["asset", "budget", "change", "demand", "event", "forecast", "gateway", "harbour", "invoice", "journey",
         "kettle", "ladder", "meadow", "network", "orchard", "pattern", "quarry", "river", "signal", "tunnel",
         "upgrade", "vendor", "window", "yacht", "zone"]


def question(qid: str, **fields) -> dict:
    """A clean question; its words are drawn from `qid`, so no two questions of a test look alike."""
    words = random.Random(qid).sample(WORDS, 12)
    options = [{"text": " ".join(words[i:i + 2]).capitalize(), "correct": i == 4} for i in (4, 6, 8, 10)]
    base = {"id": qid, "topic": "service-provision", "prompt": f"Which {' '.join(words[:4])} applies?",
            "options": options, "explanation": "Because.", "syllabus": "1.3"}
    return base | fields


def write(folder: Path, name: str, questions: list[dict]) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"bank": {"id": name, "title": name}, "questions": questions}, sort_keys=False),
                    encoding="utf-8")
    return path


def warnings(folder: Path) -> list[tuple[str, str]]:
    return [(p.question_id, p.message.split(":")[1].strip()) for p in lint(load_library([folder]))]


FLAWS = {
    "all-or-none-of-the-above": {"options": [*OPTIONS[:3], {"text": "All of the above"}]},
    "key-stands-out": {"options": [{"text": "Managing the provider's own resources that deliver the service to the "
                                            "consumer, including people and technology", "correct": True},
                                   {"text": "Using"}, {"text": "Agreeing"}, {"text": "Reporting"}]},
    "list-options": {"style": "list", "shuffle": False,
                     "options": [{"text": "1 and 2", "correct": True}, {"text": "Both 3 and 4"}]},
    "negative-wording": {"prompt": "Which activity is NOT part of provision?"},
    "missing-syllabus": {"syllabus": None},
    "placeholder-explanation": {"explanation": PLACEHOLDER},
    "unknown-lint-ok": {"lint_ok": {"no-such-rule": "typo"}},
}


@pytest.mark.parametrize("rule", list(FLAWS))
def test_each_rule_warns_with_the_question_and_line_and_lint_ok_accepts_it(rule, tmp_path):
    fields = FLAWS[rule]
    path = write(tmp_path, "bank", [question("clean"), question("flawed", **fields)])
    found = lint(load_library([tmp_path]))
    assert [(p.question_id, p.message.split(":")[1].strip()) for p in found] == [("flawed", rule)]
    assert found[0].path == str(path) and found[0].line > 10, "points into the flawed question"
    assert f"lint_ok: {{{rule}: why}}" in found[0].hint
    if rule != "unknown-lint-ok":
        accepted = fields | {"lint_ok": {rule: "a reason an author wrote"}}
        write(tmp_path, "bank", [question("clean"), question("flawed", **accepted)])
        assert warnings(tmp_path) == []


def test_negative_wording_also_in_lower_case_questions_but_not_in_statements(tmp_path):
    write(tmp_path, "bank", [
        question("asks", prompt="The bank reviews its offers. Which of these does not belong to provision?"),
        question("states", prompt="The fee is not waived for this client. Which activity belongs to provision?"),
        question("styled", prompt="Which is **NOT** provision?", style="negative")])
    assert warnings(tmp_path) == [("asks", "negative-wording")]


def test_list_questions_must_not_shuffle(tmp_path):
    write(tmp_path, "bank", [question("l", style="list", options=[{"text": "1 and 2", "correct": True},
                                                                     {"text": "2 and 3"}])])
    assert warnings(tmp_path) == [("l", "list-options")]


def test_longest_key_warns_across_a_bank_on_each_question_it_counts(tmp_path):
    long_key = [{"text": "A longer option", "correct": True}, {"text": "Short one"},
                {"text": "Short two"}, {"text": "Short six"}]
    fair = [{"text": "Short one", "correct": True}, {"text": "A longer option"},
            {"text": "Short two"}, {"text": "Short six"}]
    write(tmp_path, "bank", [question(f"long-{i}", options=long_key) for i in range(8)]
          + [question(f"fair-{i}", options=fair) for i in range(4)])
    found = lint(load_library([tmp_path]))
    assert {p.question_id for p in found} == {f"long-{i}" for i in range(8)}
    assert "as in 8 of 12 questions of this bank (chance: 3)" in found[0].message
    # By chance alone the key is the longest in a quarter of the questions: no warning.
    write(tmp_path, "bank", [question(f"long-{i}", options=long_key) for i in range(3)]
          + [question(f"fair-{i}", options=fair) for i in range(9)])
    assert warnings(tmp_path) == []


def test_binomial_tail():
    assert binomial_tail(0, 5, 0.3) == pytest.approx(1)
    assert binomial_tail(2, 2, 0.5) == pytest.approx(0.25)
    assert binomial_tail(8, 12, 0.25) == pytest.approx(0.00278, abs=1e-5)


def test_near_duplicates_across_banks_are_reported_once_with_both_places(tmp_path):
    write(tmp_path, "a", [question("first", prompt="Who authorizes the budget for consuming the service?",
                                   options=[{"text": "The sponsor", "correct": True}, {"text": "The user"}])])
    write(tmp_path, "b", [question("second", prompt="Which role authorizes the budget for service consumption?",
                                   options=[{"text": "Sponsor", "correct": True}, {"text": "User"}]),
                          question("other")])
    found = [p for p in lint(load_library([tmp_path])) if "near-duplicate" in p.message]
    assert len(found) == 1 and found[0].question_id == "second"
    assert f"asks what question 'first' asks ({tmp_path / 'a.yaml'}:" in found[0].message


def test_every_rule_is_documented_in_the_bank_format():
    readme = (ROOT / "content" / "questions" / "README.md").read_text(encoding="utf-8")
    assert all(f"`{rule}`" in readme for rule in RULES)


def test_strict_exit_codes(tmp_path, capsys):
    good = tmp_path / "good"
    good.mkdir()
    write(good, "bank", [question("clean")])
    assert main(["validate", "--strict", str(good)]) == 0
    assert capsys.readouterr().out == "OK: 1 questions in 1 banks\n"
    write(good, "bank", [question("clean"), question("flawed", syllabus=None)])
    assert main(["validate", "--strict", str(good)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{good / 'bank.yaml'}:") and "question 'flawed': warning: missing-syllabus" in out[0]
    assert out[-1] == "OK: 2 questions in 1 banks; 1 warning(s)"
    assert main(["validate", str(good)]) == 0, "without --strict warnings are not looked for"
    (good / "broken.yaml").write_text("bank: [\n", encoding="utf-8")
    assert main(["validate", "--strict", str(good)]) == 1


def test_the_shipped_banks_pass_strict():
    library = load_library([ROOT / "content" / "questions"])
    assert [str(p) for p in lint(library)] == []
