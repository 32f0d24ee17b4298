"""The bank writer: every text comes back unchanged, in the shipped banks' layout; slugs and unique ids."""

from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter

from authoring.convert import Ids, bank_yaml, slugify
from quiz.loader import load_library
from quiz.models import BankFile, Option, Question

ROOT = Path(__file__).resolve().parents[1]
NASTY = ["yes", "no", "on", "null", "~", "3.1", "1e3", "0x1F", "2026-01-05", "- dash", "? what", ": colon",
         "key: value", "ends with colon:", "a # not a comment", "#hash", "'single'", '"double"', "[list]", "{map}",
         "&anchor", "*alias", "!tag", "|pipe", ">fold", "%percent", "@at", "`tick`", "Tab\tinside", "back\\slash",
         "ünïcödé – “quotes”", "emoji 🙂", "line one\nline two", "  leading spaces kept? no: stripped",
         "trailing newline kept? stripped\n", "line\n  indented second", "first\n\n\nafter blank lines",
         "spaces at line end  \nnext", "\u2028separator", "=== and ~~~ and {}", "1 and 2", "True"]


def load_text(text: str) -> list[Question]:
    return list(BankFile.model_validate(yaml.safe_load(text)).questions)


def test_every_text_comes_back_unchanged():
    validate = TypeAdapter(Question).validate_python  # as the loader would hold them (texts stripped)
    questions = [validate(Question(id=f"q{i}", topic="t", prompt=text, explanation=text, tags=("a", "b-c"),
                                   lint_ok={"negative-wording": text},
                                   options=(Option(text, True, text), Option("other"))))
                 for i, text in enumerate(NASTY)]
    assert load_text(bank_yaml("bank", "A: title", questions)) == questions


@pytest.mark.parametrize("bank", sorted(p.name for p in (ROOT / "content" / "questions").glob("*.yaml")))
def test_shipped_banks_come_back_unchanged_in_their_own_layout(bank):
    loaded = load_library([ROOT / "content" / "questions" / bank]).banks[0]
    text = bank_yaml(loaded.id, loaded.info.title, loaded.questions)
    assert load_text(text) == list(loaded.questions)
    assert "\n  - id: " in text and "\n      - text: " in text and "\n        correct: true\n" in text
    assert not [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_slugs_and_unique_ids():
    assert slugify("Service Relationships / Q.1") == "service-relationships-q.1"
    assert slugify("???") == "question" and slugify("", fallback="") == ""
    assert slugify("word " * 20) == "-".join(["word"] * 9), "cut at a word that fits 48 characters"
    ids = Ids(["a"])
    assert [ids("a"), ids("a"), ids("b")] == ["a-2", "a-3", "b"]
