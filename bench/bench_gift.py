"""Time importing a 10,000-question GIFT file beside loading the same questions from YAML, and item analysis.

Run: .venv/bin/python bench/bench_gift.py [--questions 10000] [--answers 100000] [--repeat 3]
Imports and loads run in a fresh Python process each (the figure is the median), as a first import would.
The GIFT file is the shipped banks exported and repeated; the YAML bank is the same questions as the app
writes them. With `lark` importable (e.g. PYTHONPATH=/path/to/lark), the lark grammar of bench/gift_lark.py
is timed on the same file too: the measurement behind choosing a hand-written scanner.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.analysis import analyse  # noqa: E402
from authoring.convert import bank_yaml  # noqa: E402
from authoring.gift import write_gift  # noqa: E402
from quiz.loader import load_library  # noqa: E402
from quiz.models import Question  # noqa: E402
from quiz.storage import AnswerRecord, Store  # noqa: E402

PRELUDE = f"import sys, time\nsys.path.insert(0, {str(ROOT)!r})\n"
GIFT = PRELUDE + """
from authoring.gift import read_gift
from pathlib import Path
start = time.perf_counter()
result = read_gift(Path({path!r}).read_text(encoding="utf-8"), {path!r}, "bench")
elapsed = time.perf_counter() - start
assert len(result.questions) == {count} and not result.problems, result.problems[:3]
print(elapsed)
"""
YAML = PRELUDE + """
from quiz.loader import load_library
start = time.perf_counter()
library = load_library([{folder!r}])
elapsed = time.perf_counter() - start
assert not library.broken and sum(len(b.questions) for b in library.banks) == {count}, library.problems[:3]
print(elapsed)
"""
LARK = PRELUDE + """
sys.path.insert(0, {bench!r})
from gift_lark import parse_file
from pathlib import Path
start = time.perf_counter()
items = parse_file(Path({path!r}).read_text(encoding="utf-8"))
elapsed = time.perf_counter() - start
assert len(items) == {count}
print(elapsed)
"""


def questions(count: int) -> list[Question]:
    shipped = list(load_library([ROOT / "content" / "questions"]).questions.values())
    return [q._replace(id=f"bench-{i:05d}") for i, q in enumerate(shipped[i % len(shipped)] for i in range(count))]


def run(code: str) -> float:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def median_run(repeat: int, code: str) -> float:
    return statistics.median(run(code) for _ in range(repeat))


def answers(items: list[Question], count: int, seed: int = 1) -> pd.DataFrame:
    """`count` answers: learners sit exams of 40 questions; right with a chance that rises with ability."""
    rng = np.random.default_rng(seed)
    per_exam = 40
    exams = count // per_exam
    learner = np.repeat(np.arange(exams) // 2, per_exam)  # two exams per learner
    question = rng.integers(0, len(items), size=exams * per_exam)
    ability = rng.normal(size=exams // 2 + 1)[learner]
    right = rng.random(exams * per_exam) < 1 / (1 + np.exp(-ability))
    keys = np.array([min(q.correct_indices) for q in items])
    chosen = np.where(right, keys[question], (keys[question] + 1) % 4)
    return pd.DataFrame({
        "profile_id": learner, "question_id": [items[i].id for i in question],
        "question_hash": [items[i].content_hash for i in question], "chosen": [(int(c),) for c in chosen],
        "correct": right, "exam_id": [f"exam-{e}" for e in np.repeat(np.arange(exams), per_exam)],
        "answered_at": pd.Timestamp("2026-01-01", tz="UTC") + pd.to_timedelta(np.arange(exams * per_exam), "s"),
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    items = questions(args.questions)
    with tempfile.TemporaryDirectory() as tmp:
        gift, folder = Path(tmp) / "bench.gift", Path(tmp) / "banks"
        folder.mkdir()
        gift.write_text(write_gift(items).text, encoding="utf-8")
        start = time.perf_counter()
        (folder / "bench.yaml").write_text(bank_yaml("bench", "Benchmark", items), encoding="utf-8")
        write_yaml = time.perf_counter() - start
        kwargs = {"path": str(gift), "folder": str(folder), "count": args.questions, "bench": str(ROOT / "bench")}
        gift_s = median_run(args.repeat, GIFT.format(**kwargs))
        yaml_s = median_run(args.repeat, YAML.format(**kwargs))
        lark_s = median_run(args.repeat, LARK.format(**kwargs)) if importlib.util.find_spec("lark") else None
        sizes = gift.stat().st_size / 1e6, (folder / "bench.yaml").stat().st_size / 1e6
    print(f"{args.questions:,} questions; GIFT file {sizes[0]:.1f} MB, YAML bank {sizes[1]:.1f} MB; "
          f"median of {args.repeat} fresh processes")
    print(f"  GIFT: import and validate (authoring/gift.py)  {gift_s * 1000:8,.0f} ms  {gift_s / yaml_s:.2f}x")
    print(f"  YAML: load and validate, cold (quiz.loader)    {yaml_s * 1000:8,.0f} ms  1.00x")
    if lark_s is not None:
        print(f"  GIFT: structure only, lark LALR grammar        {lark_s * 1000:8,.0f} ms  {lark_s / yaml_s:.2f}x")
    else:
        print("  GIFT with lark: not timed (lark is not installed; see the module's docstring)")
    print(f"  writing the imported bank as YAML              {write_yaml * 1000:8,.0f} ms")

    frame = answers(items, args.answers)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        table = analyse(items, frame)
        timings.append(time.perf_counter() - start)
    judged = int((table["method"] != "not enough data").sum())
    print(f"item analysis of {len(frame):,} answers over {args.questions:,} questions ({judged:,} judged): "
          f"median {statistics.median(timings) * 1000:,.0f} ms of 5")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.sqlite3")
        learner = store.create_profile("bench").id
        store.record_answers(learner, [
            AnswerRecord(row.question_id, "bench", row.question_hash, "exam", (0, 1, 2, 3), row.chosen, row.correct,
                         answered_at=row.answered_at.to_pydatetime(), exam_id=row.exam_id)
            for row in frame.itertuples(index=False)])
        start = time.perf_counter()
        stored = store.all_answers()
        read = time.perf_counter() - start
        store.close()
    print(f"reading those {len(stored):,} answers from SQLite (Store.all_answers, as the page does): "
          f"{read * 1000:,.0f} ms")
    small = items[:500]
    frame = answers(small, args.answers)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        analyse(small, frame)
        timings.append(time.perf_counter() - start)
    print(f"item analysis of {len(frame):,} answers over 500 questions: median "
          f"{statistics.median(timings) * 1000:,.0f} ms of 5")


if __name__ == "__main__":
    main()
