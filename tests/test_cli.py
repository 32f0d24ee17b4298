"""`python -m quiz validate`: one `path:line: ...` line per problem and exit 1, or an OK summary and exit 0."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.__main__ import main
from quiz.loader import load_library

ROOT = Path(__file__).resolve().parents[1]
BANKS = ROOT / "tests" / "fixtures" / "banks"
BAD = BANKS / "bad"
GOOD = BANKS / "good"
PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+\.yaml):(?P<line>[1-9]\d*): \S")


@pytest.fixture(autouse=True)
def default_limits(monkeypatch):
    monkeypatch.delenv("ITIL_APP_MAX_BANK_BYTES", raising=False)
    monkeypatch.delenv("ITIL_APP_MAX_YAML_NODES", raising=False)


def test_validate_bad_folder_prints_one_line_per_problem(capsys):
    assert main(["validate", str(BAD)]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()

    expected = load_library([BAD]).problems
    assert len(lines) == len(expected) > len(list(BAD.iterdir()))  # unknown-key.yaml has two problems
    assert lines == [str(problem) for problem in expected]
    for line in lines:
        assert PROBLEM_LINE.match(line), line
    assert {PROBLEM_LINE.match(line)["path"] for line in lines} == {str(p) for p in BAD.iterdir()}
    assert (f"{BAD / 'correct-maybe.yaml'}:13: question 'correct-maybe-q': "
            "'correct' must be true or false, not 'maybe'") in lines
    assert "OK:" not in out


def test_validate_good_folder(capsys):
    assert main(["validate", str(GOOD)]) == 0
    assert capsys.readouterr().out == "OK: 3 questions in 1 banks\n"


def test_validate_good_and_bad_reports_only_the_bad(capsys):
    assert main(["validate", str(GOOD), str(BAD / "no-correct.yaml")]) == 1
    assert capsys.readouterr().out == (
        f"{BAD / 'no-correct.yaml'}:9: question 'no-correct-q': no option is marked 'correct: true'\n")


def test_validate_reads_limits_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("ITIL_APP_MAX_BANK_BYTES", "100")
    assert main(["validate", str(GOOD)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{GOOD / 'mini.yaml'}:1: file is ")
    assert "over the limit of 100 (hint: raise ITIL_APP_MAX_BANK_BYTES" in out


def test_validate_empty_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 1
    assert capsys.readouterr().out == f"no bank files found in: {tmp_path}\n"


def test_validate_needs_a_path(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["validate"])
    assert exited.value.code == 2
    assert "PATH" in capsys.readouterr().err


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ITIL_APP_")}
    return subprocess.run([sys.executable, "-m", "quiz", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_entry_point_good():
    result = _run("validate", "tests/fixtures/banks/good")
    assert (result.returncode, result.stdout, result.stderr) == (0, "OK: 3 questions in 1 banks\n", "")


def test_entry_point_bad():
    result = _run("validate", "tests/fixtures/banks/bad")
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines and all(PROBLEM_LINE.match(line) for line in lines), lines
    assert all(line.startswith("tests/fixtures/banks/bad/") for line in lines)
    assert "tests/fixtures/banks/bad/alias-bomb.yaml:15: the YAML expands to more than" in result.stdout
