"""The loader turns every broken bank into `path:line: message` problems, and never runs, hangs or crashes on one."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import quiz.loader as loader
import quiz.yamldoc as yamldoc
from quiz.loader import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_NODES,
    BankCache,
    BankError,
    Limits,
    load_bank,
    load_library,
)
from quiz.models import BankFile

ROOT = Path(__file__).resolve().parents[1]
BANKS = ROOT / "tests" / "fixtures" / "banks"
BAD = BANKS / "bad"
GOOD = BANKS / "good"
MINI = GOOD / "mini.yaml"
CROSS = BANKS / "cross"
CROSS_BANK_ID = BANKS / "cross-bank-id"

# file in bad/, line, a phrase of the message, the hint (or None), the question id named (or None).
# Lines are counted by hand from the fixtures; every fixture starts with a one-line comment.
CASES = [
    ("malformed-yaml.yaml", 8, "malformed YAML: mapping values are not allowed", "quote text that contains ': '", None),
    ("not-utf8.yaml", 8, "the file is not valid UTF-8 (byte 0xe9)", "save the file as UTF-8", None),
    ("top-level-list.yaml", 1, "the top level is a list; it must be a mapping with 'bank' and 'questions'",
     None, None),
    ("missing-bank.yaml", 1, "missing 'bank' at the top level", None, None),
    ("missing-questions.yaml", 1, "missing 'questions' at the top level", None, None),
    ("correct-maybe.yaml", 13, "'correct' must be true or false, not 'maybe'", None, "correct-maybe-q"),
    ("options-not-list.yaml", 9, "'options' must be a list", None, "options-not-list-q"),
    ("one-option.yaml", 9, "has 1 option(s); a question needs 2 to 6", None, "one-option-q"),
    ("seven-options.yaml", 9, "has 7 option(s); a question needs 2 to 6", None, "seven-options-q"),
    ("duplicate-option-text.yaml", 9, "option text \"Using the provider's resources\" appears twice",
     None, "duplicate-option-text-q"),
    ("no-correct.yaml", 9, "no option is marked 'correct: true'", None, "no-correct-q"),
    ("empty-prompt.yaml", 8, "prompt is empty", None, "empty-prompt-q"),
    ("null-prompt.yaml", 8, "'prompt' is empty", None, "null-prompt-q"),
    ("empty-option.yaml", 12, "option text is empty", None, "empty-option-q"),
    ("empty-explanation.yaml", 13, "explanation is empty", None, "empty-explanation-q"),
    ("unknown-key.yaml", 13, "unknown key 'explaination'", "did you mean 'explanation'?", "unknown-key-q"),
    ("duplicate-id.yaml", 14, "duplicate id; first used at {path}:6", None, "dup-q"),
    ("python-tag.yaml", 8, "YAML tag '!!python/object/apply:os.system' is not allowed", "remove the '!' tag", None),
    ("alias-bomb.yaml", 15, "expands to more than 300,000 values through aliases", "write the repeated text out",
     None),
    ("unquoted-no.yaml", 14, "'why' must be text, but YAML read it as false",
     "quote it: YAML reads unquoted yes/no/on/off/true/false as true or false", "unquoted-no-q"),
    ("bad-slug.yaml", 7, "'topic': 'service provision' is not a slug", "lower-case letters, digits and hyphens",
     "bad-slug-q"),
    # Questions and options are NamedTuples, which would otherwise accept a list as fields in order.
    ("question-as-list.yaml", 14, "a question must be a mapping of keys to values, not a list", None, None),
    ("option-as-text.yaml", 12, "an option must be a mapping of keys to values", None, "option-as-text-q"),
]
# Files whose one mistake also shows as a second problem: (line, phrase) of the extra one.
EXTRA = {"unknown-key.yaml": (6, "question 'unknown-key-q': missing required key 'explanation'")}


def _problems(path: Path, **kwargs) -> list:
    with pytest.raises(BankError) as caught:
        load_bank(path, **kwargs)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return caught.value.problems


def test_every_bad_fixture_has_a_case():
    assert sorted(p.name for p in BAD.iterdir()) == sorted(case[0] for case in CASES)


@pytest.mark.parametrize(("name", "line", "phrase", "hint", "question_id"), CASES, ids=[c[0] for c in CASES])
def test_bad_bank_names_file_line_and_problem(name, line, phrase, hint, question_id):
    path = BAD / name
    problems = _problems(path)
    text = [str(p) for p in problems]

    matching = [p for p in problems if p.line == line]
    assert len(matching) == 1, text
    problem = matching[0]
    assert problem.path == str(path)
    assert str(problem).startswith(f"{path}:{line}: "), text
    assert phrase.format(path=path) in str(problem)
    assert problem.question_id == question_id
    if question_id:
        assert str(problem).startswith(f"{path}:{line}: question '{question_id}': ")
    if hint:
        assert problem.hint is not None and hint in problem.hint
        assert str(problem).endswith(f" (hint: {problem.hint})")
    else:
        assert problem.hint is None

    extra = EXTRA.get(name)
    assert len(problems) == (2 if extra else 1), text
    if extra:
        other = next(p for p in problems if p is not problem)
        assert str(other).startswith(f"{path}:{extra[0]}: {extra[1]}"), text


def test_library_serves_good_bank_and_lists_every_broken_one():
    library = load_library([BAD, GOOD])
    assert [bank.id for bank in library.banks] == ["mini"]
    assert set(library.questions) == {"mini-single", "mini-multi", "mini-list"}
    assert set(library.broken) == {str(BAD / case[0]) for case in CASES}
    assert all(problems for problems in library.broken.values())
    assert library.problems == [p for name in sorted(library.broken) for p in library.broken[name]]


def test_one_broken_bank_listed_before_the_good_one_does_not_stop_it(tmp_path):
    shutil.copy(BAD / "correct-maybe.yaml", tmp_path / "a-broken.yaml")
    shutil.copy(MINI, tmp_path / "b-good.yaml")
    library = load_library([tmp_path])
    assert [bank.path for bank in library.banks] == [str(tmp_path / "b-good.yaml")]
    assert list(library.broken) == [str(tmp_path / "a-broken.yaml")]


def test_good_bank_loads():
    bank = load_bank(MINI)
    assert bank.id == "mini"
    assert bank.path == str(MINI)
    assert [q.id for q in bank.questions] == ["mini-single", "mini-multi", "mini-list"]


def test_missing_file_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "gone.yaml"
    (problem,) = _problems(path)
    assert str(problem).startswith(f"{path}:1: cannot read the file")


# --- across banks -----------------------------------------------------------------------------


def test_cross_bank_files_are_each_valid_alone():
    for path in [*CROSS.iterdir(), *CROSS_BANK_ID.iterdir()]:
        assert load_bank(path).questions


def test_cross_bank_duplicate_question_id_names_both_places():
    a, b = CROSS / "a.yaml", CROSS / "b.yaml"
    library = load_library([CROSS])

    assert [bank.id for bank in library.banks] == ["cross-a"]
    assert library.questions["shared-q"].prompt == "Which activity belongs to service consumption?"
    assert "only-in-b" not in library.questions
    assert list(library.broken) == [str(b)]
    (problem,) = library.broken[str(b)]
    assert str(problem) == f"{b}:7: question 'shared-q': duplicate id; also used in bank 'cross-a' at {a}:14"


def test_cross_bank_duplicate_bank_id_names_both_places():
    a, b = CROSS_BANK_ID / "a.yaml", CROSS_BANK_ID / "b.yaml"
    library = load_library([CROSS_BANK_ID])

    assert [bank.path for bank in library.banks] == [str(a)]
    (problem,) = library.broken[str(b)]
    assert str(problem) == f"{b}:6: bank id 'same-bank' is already used by {a}:4"


# --- hostile files fail fast, without running anything or crashing the process ----------------

LOAD_IN_CHILD = """
import sys, time
from quiz.loader import BankError, load_bank
start = time.perf_counter()
try:
    load_bank(sys.argv[1])
    print("LOADED")
except BankError as exc:
    print(exc)
print(f"{time.perf_counter() - start:.3f}")
"""


def _load_in_child(path: Path) -> tuple[list[str], float]:
    """Load in a fresh process: a crash (segfault) or a hang fails the test instead of killing the run."""
    result = subprocess.run([sys.executable, "-c", LOAD_IN_CHILD, str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr[-2000:]}"
    *lines, elapsed = result.stdout.splitlines()
    return lines, float(elapsed)


def _deep_flow(tmp_path: Path, depth: int) -> Path:
    path = tmp_path / "deep-flow.yaml"
    path.write_text("bank: {id: deep, title: Deep}\nquestions: " + "[" * depth + "]" * depth + "\n")
    return path


def _deep_block(tmp_path: Path, depth: int) -> Path:
    path = tmp_path / "deep-block.yaml"
    path.write_text("bank: {id: deep, title: Deep}\nquestions:\n  " + "- " * depth + "x\n")
    return path


@pytest.mark.parametrize(("make", "line"), [
    (lambda tmp: BAD / "alias-bomb.yaml", 15),
    (lambda tmp: _deep_flow(tmp, 100_000), 2),
    (lambda tmp: _deep_block(tmp, 100_000), 3),
], ids=["alias-bomb", "deep-flow", "deep-block"])
def test_hostile_yaml_fails_fast_with_a_clear_message(tmp_path, make, line):
    path = make(tmp_path)
    lines, elapsed = _load_in_child(path)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:{line}: "), lines
    assert "alias bomb" in lines[0] or "YAML nesting is deeper than" in lines[0]
    assert elapsed < 5, f"took {elapsed:.1f}s"


def test_nesting_just_within_the_limit_is_not_refused_for_depth(tmp_path):
    # 100 levels (2 used by the document and 'questions') is allowed; the bank is then wrong in shape only.
    problems = _problems(_deep_flow(tmp_path, yamldoc.MAX_DEPTH - 1))
    assert not any("nesting" in p.message for p in problems)
    (problem,) = _problems(_deep_flow(tmp_path, yamldoc.MAX_DEPTH))
    assert str(problem).startswith(f"{tmp_path / 'deep-flow.yaml'}:2: YAML nesting is deeper than 100 levels")


def test_alias_bomb_is_refused_in_process_within_budget():
    start = time.perf_counter()
    (problem,) = _problems(BAD / "alias-bomb.yaml")
    assert time.perf_counter() - start < 5
    assert "refusing a possible alias bomb" in problem.message


def _bank_with(prompt_line: str, extra: str = "") -> str:
    return textwrap.dedent("""\
        bank:
          id: tagged
          title: Tagged
        questions:
          - id: tagged-q
            topic: service-provision
            {prompt}
            options:
              - text: Right
                correct: true
              - text: Wrong
            explanation: Because.
        {extra}""").format(prompt=prompt_line, extra=extra)


def test_python_tag_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    payload = f'prompt: !!python/object/apply:os.mkdir ["{marker}"]'
    text = _bank_with(payload)

    assert "!!python/object/apply:os.mkdir" in text  # a live payload under an unsafe loader

    path = tmp_path / "tagged.yaml"
    path.write_text(text)
    (problem,) = _problems(path)
    assert str(problem).startswith(f"{path}:7: YAML tag '!!python/object/apply:os.mkdir' is not allowed")
    # With an anchor present the alias check composes the document first; that must not run it either.
    path.write_text(_bank_with(payload, extra="extra: &anchor [a]\nmore: *anchor\n"))
    (problem,) = _problems(path)
    assert "is not allowed" in problem.message
    assert not load_library([tmp_path]).banks
    assert not marker.exists()


def test_harmless_anchors_load_but_count_against_the_node_limit(tmp_path):
    path = tmp_path / "anchors.yaml"
    path.write_text(textwrap.dedent("""\
        bank:
          id: anchors
          title: Anchors
        questions:
          - id: anchors-q
            topic: service-provision
            prompt: Which?
            tags: &many [t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15, t16, t17, t18, t19, t20]
            options:
              - text: Right
                correct: true
              - text: Wrong
                why: &why Not this one.
              - text: Also wrong
                why: *why
            explanation: Because.
          - id: anchors-r
            topic: service-provision
            prompt: Which again?
            tags: *many
            options:
              - text: Right
                correct: true
              - text: Wrong
            explanation: Because.
        """))
    bank = load_bank(path)
    assert bank.questions[0].options[2].why == "Not this one." and bank.questions[1].tags == bank.questions[0].tags
    # Written out, the file holds 76 values; expanded through its aliases, 98.
    (problem,) = _problems(path, limits=Limits(max_nodes=85))
    # Named at the innermost node over the limit: the questions list, which starts on line 5.
    assert str(problem).startswith(f"{path}:5: the YAML expands to more than 85 values through aliases")


def test_every_file_counts_against_the_node_limit_without_any_alias(tmp_path):
    path = tmp_path / "zeros.yaml"
    path.write_text("bank: {id: z, title: Z}\nquestions:\n" + "  - 0\n" * 50)
    (problem,) = _problems(path, limits=Limits(max_nodes=40))
    assert str(problem).startswith(f"{path}:34: the YAML holds more than 40 values; refusing to read further")


def test_a_flood_of_tiny_values_under_the_size_limit_is_refused_fast(tmp_path):
    path = tmp_path / "flood.yaml"
    path.write_text("bank: {id: f, title: F}\nquestions: [" + "0," * 1_000_000 + "0]\n")  # 2 MB
    lines, elapsed = _load_in_child(path)
    assert len(lines) == 1 and "the YAML holds more than 300,000 values" in lines[0], lines
    assert elapsed < 5, f"took {elapsed:.1f}s"


def test_problems_per_file_are_capped(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text("bank: {id: m, title: M}\nquestions:\n" + "  - 0\n" * 500)
    problems = _problems(path)
    assert len(problems) == 101
    assert problems[-1].message == "and 400 more problems in this file, not listed"


@pytest.mark.parametrize("indent", ["-  ", "? ", "- ? ", "- "], ids=["dash-two-spaces", "question", "dash-question",
                                                                    "dash"])
@pytest.mark.parametrize("depth", [150, 20_000])
def test_block_nesting_of_every_kind_is_refused_at_the_limit(tmp_path, indent, depth):
    path = tmp_path / "nested.yaml"
    path.write_text("bank: {id: n, title: N}\nquestions:\n  " + indent * depth + "x\n")
    lines, elapsed = _load_in_child(path)
    assert len(lines) == 1 and "YAML nesting is deeper than 100 levels" in lines[0], lines[:3]
    assert elapsed < 5, f"took {elapsed:.1f}s"


@pytest.mark.parametrize(("text", "line", "phrase"), [
    ("bank: {id: d, title: D}\nquestions: []\nbank: {id: e, title: E}\n", 3, "duplicate key 'bank' (first at line 1)"),
    ("bank: {id: d, title: D}\nquestions:\n  - id: q\n    prompt: !!binary aGVsbG8=\n", 4,
     "YAML tag '!!binary' is not allowed"),
    ("bank: {id: d, title: D}\nquestions:\n  - id: q\n\n    prompt: a\x00b\n", 5,
     "the file contains a NUL character"),
    ("bank: {id: d, title: D}\nquestions:\n  - ? [a, b]\n    : c\n", 3, "a key must be plain text"),
    ("bank: {id: d, title: D}\n<<: {x: 1}\nquestions: []\n", 2, "'<<' is special in YAML"),
    ("bank: {id: d, title: D}\nquestions: []\n---\nbank: {}\n", 3, "more than one YAML document"),
], ids=["duplicate-key", "binary", "nul", "unhashable-key", "merge-key", "two-documents"])
def test_validator_messages_name_the_real_line_and_fault(tmp_path, text, line, phrase):
    path = tmp_path / "odd.yaml"
    path.write_bytes(text.encode("utf-8"))
    problems = _problems(path)
    assert str(problems[0]).startswith(f"{path}:{line}: ") and phrase in problems[0].message, problems


# --- limits ------------------------------------------------------------------------------------


def test_size_limit(tmp_path):
    path = tmp_path / "mini.yaml"
    shutil.copy(MINI, path)
    size = path.stat().st_size

    assert len(load_bank(path, limits=Limits(max_bytes=size)).questions) == 3
    (problem,) = _problems(path, limits=Limits(max_bytes=size - 1))
    assert str(problem).startswith(f"{path}:1: file is {size:,} bytes, over the limit of {size - 1:,}")
    assert "ITIL_APP_MAX_BANK_BYTES" in problem.hint
    library = load_library([tmp_path], limits=Limits(max_bytes=size - 1))
    assert not library.banks and list(library.broken) == [str(path)]


def test_limits_from_env(monkeypatch):
    monkeypatch.delenv("ITIL_APP_MAX_BANK_BYTES", raising=False)
    monkeypatch.delenv("ITIL_APP_MAX_YAML_NODES", raising=False)
    assert Limits.from_env() == Limits() == Limits(max_bytes=DEFAULT_MAX_BYTES, max_nodes=DEFAULT_MAX_NODES)

    monkeypatch.setenv("ITIL_APP_MAX_BANK_BYTES", "1234")
    monkeypatch.setenv("ITIL_APP_MAX_YAML_NODES", "56")
    assert Limits.from_env() == Limits(max_bytes=1234, max_nodes=56)


# --- cache -------------------------------------------------------------------------------------


def test_bank_cache_round_trip(tmp_path):
    bank = load_bank(MINI)
    cache = BankCache(tmp_path / "cache")
    assert cache.get("0" * 40) is None

    cache.put("0" * 40, BankFile(bank=bank.info, questions=bank.questions))
    cached = cache.get("0" * 40)
    assert cached is not None
    assert cached.bank == bank.info
    assert cached.questions == bank.questions
    assert [q.correct_indices for q in cached.questions] == [q.correct_indices for q in bank.questions]


def test_cache_is_used_for_unchanged_files_and_a_changed_file_is_parsed_again(tmp_path, monkeypatch):
    path = tmp_path / "banks" / "mini.yaml"
    path.parent.mkdir()
    shutil.copy(MINI, path)
    cache_dir = tmp_path / "cache"
    cache = BankCache(cache_dir)

    first = load_bank(path, cache=cache)
    entries = set(cache_dir.iterdir())
    assert len(entries) == 1

    parsed = []
    real_parse = loader._parse

    def counting_parse(*args):
        parsed.append(args[0])
        return real_parse(*args)

    monkeypatch.setattr(loader, "_parse", counting_parse)
    again = load_bank(path, cache=cache)
    assert parsed == []
    assert again.questions == first.questions and again.info == first.info and again.path == str(path)

    path.write_text(path.read_text().replace("Who authorizes budget", "Who approves the budget"))
    changed = load_bank(path, cache=cache)
    assert parsed == [path]
    assert changed.questions[2].prompt == "Who approves the budget for service consumption?"
    assert len(set(cache_dir.iterdir()) - entries) == 1  # a new digest, a new entry


def test_unreadable_cache_entries_are_ignored(tmp_path):
    cache_dir = tmp_path / "cache"
    load_bank(MINI, cache=BankCache(cache_dir))
    for entry in cache_dir.iterdir():
        entry.write_bytes(b"not a cache entry")
    assert [q.id for q in load_bank(MINI, cache=BankCache(cache_dir)).questions] == [
        "mini-single", "mini-multi", "mini-list"]


def _entry(cache_dir: Path) -> Path:
    (entry,) = cache_dir.iterdir()
    return entry


def test_a_tampered_cache_entry_is_validated_like_a_bank_and_refused(tmp_path):
    cache_dir = tmp_path / "cache"
    load_bank(MINI, cache=BankCache(cache_dir))
    digest, info, questions = marshal.loads(_entry(cache_dir).read_bytes())
    bad_id = (("Not A Slug", *questions[0][1:]), *questions[1:])
    _entry(cache_dir).write_bytes(marshal.dumps((digest, info, bad_id)))
    assert load_bank(MINI, cache=BankCache(cache_dir)).questions[0].id == "mini-single"


def test_a_cache_entry_copied_under_another_banks_name_is_refused(tmp_path):
    cache_dir = tmp_path / "cache"
    load_bank(MINI, cache=BankCache(cache_dir))
    entry = _entry(cache_dir)
    other = "f" * 64
    (cache_dir / f"{other}.bank").write_bytes(entry.read_bytes())
    assert BankCache(cache_dir).get(other) is None
    assert BankCache(cache_dir).get(entry.stem) is not None


def test_the_cache_neither_reads_nor_writes_through_symbolic_links(tmp_path):
    cache_dir, victim = tmp_path / "cache", tmp_path / "victim.txt"
    victim.write_text("precious")
    load_bank(MINI, cache=BankCache(cache_dir))
    entry = _entry(cache_dir)
    moved = tmp_path / "moved.bank"
    entry.rename(moved)
    entry.symlink_to(moved)
    assert BankCache(cache_dir).get(entry.stem) is None, "a symlinked entry is not followed"
    entry.unlink()
    # The old temp name was predictable (<digest>.<pid>.tmp); a link planted there must not be written through.
    (cache_dir / f"{entry.stem}.{os.getpid()}.tmp").symlink_to(victim)
    load_bank(MINI, cache=BankCache(cache_dir))
    assert victim.read_text() == "precious"
    assert not [p for p in cache_dir.iterdir() if p.suffix == ".tmp" and not p.is_symlink()], "no temp file left"


def test_a_folder_that_others_may_write_to_is_not_used_as_a_cache(tmp_path):
    cache_dir = tmp_path / "shared"
    cache_dir.mkdir()
    cache_dir.chmod(0o777)
    load_bank(MINI, cache=BankCache(cache_dir))
    assert list(cache_dir.iterdir()) == []


def test_broken_bank_is_not_cached(tmp_path):
    cache_dir = tmp_path / "cache"
    _problems(BAD / "correct-maybe.yaml", cache=BankCache(cache_dir))
    assert not cache_dir.exists() or not any(cache_dir.iterdir())


def test_flow_style_bank_still_loads_through_the_exact_depth_check(tmp_path):
    bank = tmp_path / "flow.yaml"
    bank.write_text(
        "bank: {id: flow, title: Flow}\n"
        "questions: [{id: f1, topic: t, prompt: P?, explanation: E,"
        " options: [{text: A, correct: true}, {text: B}]}]\n",
        encoding="utf-8",
    )
    assert [q.id for q in load_bank(bank).questions] == ["f1"]
