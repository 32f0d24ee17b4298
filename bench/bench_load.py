"""Time loading a 10,000-question bank: bare PyYAML C loader vs the app's loader, cold and warm.

Run: .venv/bin/python bench/bench_load.py [--questions 10000] [--repeat 5]
Each measurement runs in a fresh Python process, as after an app restart; the figure is the median.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "content" / "questions"

BARE = """
import time, yaml
from pathlib import Path
start = time.perf_counter()
yaml.load(Path({path!r}).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
print(time.perf_counter() - start)
"""

APP = """
import sys, time
sys.path.insert(0, {root!r})
from quiz.loader import BankCache, Limits, load_library
start = time.perf_counter()
# A 10,000-question bank is over the default limits (4 MiB, 300,000 values), which are sized for real banks.
library = load_library([{folder!r}], cache=BankCache({cache!r}), limits=Limits(64 * 2**20, 2_000_000))
elapsed = time.perf_counter() - start
assert not library.broken and sum(len(b.questions) for b in library.banks) == {count}, library.problems[:3]
print(elapsed)
"""


def generate(folder: Path, count: int) -> Path:
    """Write one bank of `count` questions: the real banks' question blocks, verbatim, with fresh ids."""
    blocks = []
    for path in sorted(SOURCE.glob("*.yaml")):
        body = path.read_text(encoding="utf-8").split("\nquestions:\n", 1)[1]
        blocks.extend(re.split(r"^(?=  - id: )", body, flags=re.MULTILINE)[1:])
    lines = ["bank:\n  id: bench\n  title: Benchmark bank\nquestions:\n"]
    for i in range(count):
        _id_line, rest = blocks[i % len(blocks)].split("\n", 1)
        lines.append(f"  - id: bench-{i:05d}\n{rest}")
    target = folder / "bench.yaml"
    target.write_text("".join(lines), encoding="utf-8")
    return target


def run(code: str) -> float:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def median_of(repeat: int, code_for_run) -> float:
    return statistics.median(run(code_for_run(i)) for i in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "banks"
        folder.mkdir()
        path = generate(folder, args.questions)
        size_mb = path.stat().st_size / 1e6
        bare = median_of(args.repeat, lambda i: BARE.format(path=str(path)))

        def app(cache: str) -> str:
            return APP.format(root=str(ROOT), folder=str(folder), cache=cache, count=args.questions)

        cold = median_of(args.repeat, lambda i: app(f"{tmp}/cold-cache-{i}"))
        run(app(f"{tmp}/warm-cache"))  # fill the cache once
        warm = median_of(args.repeat, lambda i: app(f"{tmp}/warm-cache"))
    print(f"bank: {args.questions:,} questions, {size_mb:.1f} MB; median of {args.repeat} runs, each in a new process")
    print(f"{'bare yaml.load (CSafeLoader)':<34}{bare * 1000:>9.0f} ms   1.00x")
    print(f"{'app load + validate, cold':<34}{cold * 1000:>9.0f} ms   {cold / bare:.2f}x   (aim <= 1.15x)")
    print(f"{'app load, warm (unchanged files)':<34}{warm * 1000:>9.0f} ms   {warm / bare:.3f}x  (aim < 0.05x)")


if __name__ == "__main__":
    main()
