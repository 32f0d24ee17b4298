"""100 students answer one live question: answers lost, answer-to-trainer's-screen latency, server CPU and memory.

Every student is a real Streamlit session on a real `streamlit run` server, driven by `bench/st_client.py` over
the websocket protocol the browser speaks (the protobufs that ship with streamlit): browser tabs would measure
Chromium, not the app (100 tabs need several GB and both cores). The trainer is a session too: it unlocks the
trainer role, starts the session on the Classroom page and opens answering with the page's own buttons, and its
screen's fragment (run_every=1 s) is rerun by the client as a browser reruns it. Latency is measured from the
moment a student's answer is sent to the first trainer screen whose "N of M answered" count includes it.

Run twice: one server on SQLite, then two servers on one PostgreSQL (a throwaway cluster, as the tests start),
with the students split between them and the trainer on the first.

    .venv/bin/python bench/bench_classroom.py [--students 100] [--spread 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(os.environ.get("BENCH_APP_DIR", Path(__file__).resolve().parents[1]))
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from st_client import StreamlitClient  # noqa: E402

from classroom import Classroom  # noqa: E402
from quiz.loader import load_library  # noqa: E402
from quiz.storage import Store  # noqa: E402
from tests.e2e.harness import free_port, healthy  # noqa: E402

PASSCODE = "bench trainer passcode"
ANSWERED = re.compile(r"(\d+) of (\d+) answered")


@contextmanager
def server(db_url: str, folder: Path):
    """A `streamlit run app.py` process; yields (url, pid)."""
    port = free_port()
    env = {**os.environ, "ITIL_APP_DATABASE_URL": db_url, "ITIL_APP_TRAINER_PASSCODE": PASSCODE,
           "ITIL_APP_CACHE_DIR": str(folder / "cache"), "ITIL_APP_SEED": "7"}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    with (folder / f"server-{port}.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while not healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server on {port} did not start; see {folder}")
            time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class TrainerWatch:
    """The trainer's screen: when each answered count was first shown."""

    def __init__(self, client: StreamlitClient) -> None:
        self.shown: list[tuple[float, int]] = []  # (monotonic time, count) at each increase
        client.on_delta = self._seen

    def _seen(self, client: StreamlitClient) -> None:
        counts = [int(m.group(1)) for t in client.texts() for m in [ANSWERED.search(t)] if m]
        if counts and (not self.shown or max(counts) > self.shown[-1][1]):
            self.shown.append((time.monotonic(), max(counts)))

    def first_showing(self, count: int) -> float | None:
        return next((when for when, shown in self.shown if shown >= count), None)


async def trainer_starts(url: str) -> StreamlitClient:
    trainer = StreamlitClient(url)
    await trainer.connect(page="classroom")
    await trainer.type_text("trainer.passcode", PASSCODE)
    await trainer.click("trainer.unlock")
    await trainer.click("classroom.start")
    await trainer.wait_for(lambda: trainer.widget_id("classroom.next") is not None)
    return trainer


async def student_joins(url: str, code: str, number: int) -> StreamlitClient:
    student = StreamlitClient(url)
    await student.connect(query=f"join={code}", page="classroom")
    await student.type_text("classroom.nickname", f"student {number:03d}")
    await student.click("classroom.join")
    return student


def option_keys(client: StreamlitClient) -> list[str]:
    return sorted(w.rsplit("-", 1)[1] for w in client.widgets if "-classroom.option.0." in w)


async def answer(student: StreamlitClient, delay: float, rng: random.Random) -> float:
    # The options are on screen (disabled) as soon as the question is shown; wait until answering opens.
    await student.wait_for(lambda: option_keys(student) and any("Answering is open" in t for t in student.texts()),
                           timeout=60)
    await asyncio.sleep(delay)
    sent = time.monotonic()
    await student.click(rng.choice(option_keys(student)))
    return sent


async def one_run(urls: list[str], pids: list[int], db_url: str, students: int, spread: float) -> dict:
    rng = random.Random(7)
    trainer = await trainer_starts(urls[0])
    with Store(db_url) as store:
        library = load_library([ROOT / "content" / "questions"])
        room = Classroom(store, library.questions)
        session = room.list_sessions()[0]
        rss_before = sum(rss_mb(pid) for pid in pids)
        clients = []
        for batch in range(0, students, 10):  # ten at a time, as a room's phones arrive
            clients += await asyncio.gather(*(student_joins(urls[i % len(urls)], session.code, i)
                                              for i in range(batch, min(students, batch + 10))))
        joined = len(room.seats(session.id))
        await asyncio.sleep(2)
        rss_after = sum(rss_mb(pid) for pid in pids)
        watch = TrainerWatch(trainer)
        await trainer.click("classroom.next")
        await trainer.wait_for(lambda: trainer.widget_id("classroom.open") is not None)
        await trainer.click("classroom.open")
        cpu_start, wall_start = sum(cpu_seconds(pid) for pid in pids), time.monotonic()
        sent = await asyncio.gather(*(answer(c, rng.uniform(0, spread), rng) for c in clients))
        await trainer.wait_for(lambda: watch.first_showing(students) is not None, timeout=60)
        cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_start
        wall = time.monotonic() - wall_start
        stored = room.trainer_view(session.id).answered
    order = sorted(sent)
    latencies = [watch.first_showing(i + 1) - when for i, when in enumerate(order)]
    for client in [trainer, *clients]:
        await client.close()
    return {"joined": joined, "sent": len(sent), "stored": stored, "latencies": latencies,
            "mb_per_session": (rss_after - rss_before) / students, "cpu": cpu, "wall": wall,
            "rss": rss_after}


def report(label: str, figures: dict) -> None:
    lat = sorted(figures["latencies"])
    p50, p95 = statistics.median(lat), lat[int(0.95 * (len(lat) - 1))]
    print(f"{label}: joined {figures['joined']}, answers sent {figures['sent']}, stored {figures['stored']} "
          f"(lost {figures['sent'] - figures['stored']})")
    print(f"  answer -> trainer's count: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms")
    print(f"  server memory: {figures['mb_per_session']:.2f} MB per student session ({figures['rss']:.0f} MB in all); "
          f"CPU {figures['cpu']:.1f} s over {figures['wall']:.1f} s of answering "
          f"({100 * figures['cpu'] / figures['wall']:.0f} % of one core)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--spread", type=float, default=3.0, help="seconds over which the answers arrive")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-classroom-") as tmp:
        folder = Path(tmp)
        db_url = f"sqlite:///{folder / 'classroom.sqlite3'}"
        with server(db_url, folder) as (url, pid):
            report("1 server, SQLite", asyncio.run(one_run([url], [pid], db_url, args.students, args.spread)))
        if args.skip_postgres:
            return
        from tests.pg import Cluster  # only this part needs PostgreSQL

        cluster = Cluster()
        try:
            pg_url = cluster.new_database()
            with ExitStack() as stack:
                running = [stack.enter_context(server(pg_url, folder)) for _ in range(2)]
                figures = asyncio.run(one_run([u for u, _ in running], [p for _, p in running], pg_url,
                                              args.students, args.spread))
                report("2 servers, one PostgreSQL", figures)
        finally:
            cluster.stop()


if __name__ == "__main__":
    main()
