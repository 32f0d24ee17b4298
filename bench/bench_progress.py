"""Time recording an answer and rendering the Progress page for a learner with 100,000 answers.

Run: .venv/bin/python bench/bench_progress.py [--answers 100000] [--repeat 5]
The page is rendered by Streamlit's AppTest (the server-side script run a browser waits for), on a SQLite file.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quiz.loader import load_library  # noqa: E402
from quiz.storage import AnswerRecord, Store  # noqa: E402


def fill(store: Store, count: int) -> int:
    """One learner with `count` answers to the real questions, spread over 90 days."""
    learner = store.create_profile("Bench")
    questions = list(load_library([ROOT / "content" / "questions"]).questions.values())
    rng, start = random.Random(1), datetime(2026, 1, 1, tzinfo=UTC)
    batch = []
    for i in range(count):
        q = questions[i % len(questions)]
        when = start + timedelta(seconds=i * 90 * 86400 // count)
        batch.append(AnswerRecord(q.id, "bank", q.content_hash, rng.choice(["practice", "review", "exam"]),
                                  (0, 1, 2, 3), (rng.randrange(4),), rng.random() < 0.7, rng.uniform(5, 60),
                                  answered_at=when))
        if len(batch) == 5000:
            store.record_answers(learner.id, batch)
            batch = []
    store.record_answers(learner.id, batch)
    return learner.id


def time_record(store: Store, learner: int, repeat: int) -> float:
    answer = AnswerRecord("sr-product-01", "bank", "h", "practice", (0, 1, 2, 3), (1,), True, 12.0)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        store.record_answer(learner, answer)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_page(repeat: int) -> tuple[float, float]:
    from streamlit.testing.v1 import AppTest

    sys.path.insert(0, str(ROOT / "tests"))
    import conftest  # noqa: F401  (keeps AppTest on the st.navigation path, as in the browser)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/progress.py")
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return times[0], statistics.median(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.update(ITIL_APP_DATABASE_URL=url, ITIL_APP_CACHE_DIR=f"{tmp}/cache")
        with Store(url) as store:
            learner = fill(store, args.answers)
            record = time_record(store, learner, 50)
        first, again = time_page(args.repeat)
    print(f"learner with {args.answers:,} answers, SQLite file")
    print(f"{'record one answer (median of 50)':<44}{record * 1000:>8.1f} ms")
    print(f"{'render the Progress page, first run':<44}{first * 1000:>8.0f} ms")
    print(f"{'render the Progress page, again (median)':<44}{again * 1000:>8.0f} ms")


if __name__ == "__main__":
    main()
