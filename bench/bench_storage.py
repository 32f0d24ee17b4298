"""Time the store on a profile with 100,000 answers: recording one more answer, and loading them all.

Run: .venv/bin/python bench/bench_storage.py [--answers 100000] [--repeat 50] [--url URL]
Without --url the store is a new SQLite file in a temporary folder; the figures are medians.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quiz.storage import MODES, AnswerRecord, Store

BATCH = 5_000
START = datetime(2025, 1, 1, tzinfo=UTC)


def make_answer(rng: random.Random, i: int) -> AnswerRecord:
    """A plausible answer: one of 2,000 questions, 4 options shuffled, about 70% right."""
    shown = tuple(rng.sample(range(4), 4))
    mode = MODES[i % len(MODES)]
    return AnswerRecord(
        question_id=f"q-{rng.randrange(2_000):04d}", bank_id=f"bank-{i % 7}", question_hash=f"{i:016x}",
        mode=mode, shown=shown, chosen=(shown[0],), correct=rng.random() < 0.7,
        seconds=round(rng.uniform(3, 90), 3), confidence=rng.choice(("sure", "guessed", None)),
        answered_at=START + timedelta(seconds=30 * i), exam_id=f"exam-{i // 40:05d}" if mode == "exam" else None,
    )


def fill(store: Store, profile_id: int, count: int) -> float:
    """Record `count` answers in batches of BATCH; return the seconds spent in record_answers."""
    rng = random.Random(1)
    spent = 0.0
    for first in range(0, count, BATCH):
        batch = [make_answer(rng, i) for i in range(first, min(first + BATCH, count))]
        start = time.perf_counter()
        store.record_answers(profile_id, batch)
        spent += time.perf_counter() - start
    return spent


def median_seconds(repeat: int, action) -> float:
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(url: str, count: int, repeat: int, load_repeat: int) -> None:
    with Store(url) as store:
        profile = store.create_profile(f"bench-{time.time_ns()}")
        filled = fill(store, profile.id, count)
        rng = random.Random(2)
        one = median_seconds(repeat, lambda i: store.record_answer(profile.id, make_answer(rng, count + i)))
        frame = store.answers(profile.id)
        load = median_seconds(load_repeat, lambda i: store.answers(profile.id))
        store.delete_profile(profile.id)
    assert len(frame) == count + repeat, len(frame)
    print(f"store: {url}")
    print(f"{'record_answers, ' + format(count, ',') + ' in batches of ' + format(BATCH, ','):<44}"
          f"{filled:>9.2f} s    ({count / filled:,.0f} answers/s)")
    print(f"{'record_answer, one more (median of ' + str(repeat) + ')':<44}{one * 1000:>9.2f} ms")
    print(f"{'answers(), ' + format(len(frame), ',') + ' rows (median of ' + str(load_repeat) + ')':<44}"
          f"{load * 1000:>9.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50, help="record_answer repetitions")
    parser.add_argument("--load-repeat", type=int, default=5, help="answers() repetitions")
    parser.add_argument("--url", help="a database URL instead of a new SQLite file")
    args = parser.parse_args()
    if args.url:
        run(args.url, args.answers, args.repeat, args.load_repeat)
        return
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.answers, args.repeat, args.load_repeat)


if __name__ == "__main__":
    main()
