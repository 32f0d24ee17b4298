"""Time from clicking Check to the feedback alert in the browser: the app's Practice page vs a minimal Streamlit app.

Run: .venv/bin/python bench/bench_check.py [--n 30] [--warmup 3]

Both apps run at once on two free ports, each driven in its own tab of one headless Chromium. Every iteration
measures both, in alternating order, so that they share the machine's noise. The time is taken inside the page:
a MutationObserver is installed, performance.now() recorded, the Check button clicked, and the time returned as
soon as an alert with a size appears in the main area. Between measurements the app gets a fresh, unanswered
question with an option chosen; the minimal app gets a new radio choice, which reruns it without the alert.
Aim: median ratio app / minimal under 1.25 (the floor, the minimal app, is about 80-95 ms here).

Both servers start from the project root with the same flags (file watcher off), so both read the same
.streamlit/config.toml. The app gets the real banks (or --questions-dir), and a private cache and database in a
temporary folder. Most of the floor is Streamlit's own gc.collect(2) after every run (runner.postScriptGC):
it holds the GIL while the deltas wait to be sent, and it grows with the number of live objects in the process.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path

from playwright.sync_api import Locator, Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e import harness
from tests.e2e.harness import streamlit_server

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"  # git-ignored
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 30_000

# Click the button, resolve with the milliseconds until an alert of non-zero size is in the main area.
MEASURE = """async ([button, timeoutMs]) => {
  const main = document.querySelector('[data-testid="stMain"]');
  const shown = () => [...main.querySelectorAll('[data-testid="stAlert"]')]
    .find((a) => a.getBoundingClientRect().height > 0);
  if (shown()) throw new Error('an alert is already shown before the click');
  return await new Promise((resolve, reject) => {
    let start;
    const observer = new MutationObserver(() => {
      const alert = shown();
      if (!alert) return;
      const elapsed = performance.now() - start;
      observer.disconnect();
      clearTimeout(timer);
      resolve([elapsed, alert.innerText]);
    });
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no alert after the click')); },
                             timeoutMs);
    observer.observe(main, {subtree: true, childList: true, attributes: true, characterData: true});
    start = performance.now();
    button.click();
  });
}"""

# Resolve once the script has stopped running and the page has not changed for quietMs.



def server(script: str, env: Mapping[str, str], log: Path):
    """Run `streamlit run script` from the project root; a context manager yielding its URL once healthy."""
    return streamlit_server(script, env, log)


def settle(page: Page, quiet_ms: int = 100) -> None:
    harness.settle(page, quiet_ms, TIMEOUT_MS)


def measure(page: Page, button: Locator) -> tuple[float, str]:
    elapsed, text = page.evaluate(MEASURE, [button.element_handle(), TIMEOUT_MS])
    return elapsed, text


class Practice:
    """The app's Practice page, kept at an unanswered question with an option chosen."""

    def __init__(self, page: Page, url: str, needed: int):
        self.page, self.url, self.needed, self.answered = page, url, needed, False
        self.main = page.get_by_test_id("stMain")
        page.goto(f"{url}/practice")
        self.start_round()

    def start_round(self) -> None:
        start = self.page.get_by_role("button", name="Start round")
        start.wait_for()
        settle(self.page)
        field = self.main.get_by_test_id("stNumberInputField")
        available = int(field.get_attribute("max") or 1)
        field.fill(str(min(available, self.needed)))
        field.press("Enter")
        settle(self.page)
        start.click()

    def prepare(self) -> None:
        """Go on to the next unanswered question (a new round when this one is over) and choose its first option."""
        page = self.page
        page.bring_to_front()  # a background tab gets no animation frames: clicks would wait for them
        if self.answered:  # the verdict shows before the rest of the rerun: wait for the way on
            go_on = page.get_by_role("button", name=re.compile(r"^(Next question|See summary)"))
            go_on.wait_for()
            summary = "See summary" in go_on.inner_text()
            go_on.click()
            if summary:
                page.get_by_role("button", name="New round").click()
                self.start_round()
        page.get_by_role("button", name="Check").wait_for()
        option = self.main.locator('label[data-testid="stRadioOption"], [data-testid="stCheckbox"] label').first
        option.click()
        page.wait_for_function("(el) => el.checked", arg=option.locator("input").element_handle())
        settle(page)

    def check(self) -> tuple[float, str]:
        elapsed, text = measure(self.page, self.page.get_by_role("button", name="Check"))
        self.needed -= 1
        self.answered = True
        return elapsed, text


class Minimal:
    """The minimal app: a new radio choice reruns it without the success message."""

    def __init__(self, page: Page, url: str):
        self.page, self.turn = page, 0
        page.goto(url)
        page.get_by_role("button", name="Check").wait_for()
        settle(page)

    def prepare(self) -> None:
        self.page.bring_to_front()
        self.turn += 1
        option = self.page.locator('label[data-testid="stRadioOption"]').nth(self.turn % 4)
        option.click()
        self.page.wait_for_function("(el) => el.checked", arg=option.locator("input").element_handle())
        self.page.get_by_test_id("stAlert").wait_for(state="detached")
        settle(self.page)

    def check(self) -> tuple[float, str]:
        return measure(self.page, self.page.get_by_role("button", name="Check"))


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30, help="measurements per app (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="unrecorded measurements first (default 3)")
    parser.add_argument("--questions-dir", default=str(ROOT / "content" / "questions"),
                        help="the banks the app serves (default: the real content)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing (apt-get install chromium)")

    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-check-")))
        env = {"ITIL_APP_QUESTIONS_DIR": args.questions_dir, "ITIL_APP_CACHE_DIR": str(tmp / "cache"),
               "ITIL_APP_SEED": "7", "ITIL_APP_DATABASE_URL": f"sqlite:///{tmp / 'progress.sqlite3'}"}
        app_url = stack.enter_context(server("app.py", env, tmp / "app.log"))
        minimal_url = stack.enter_context(server("bench/minimal_app.py", {}, tmp / "minimal.log"))
        # The same minimal app as Streamlit ships it: the app's config turns the post-run GC off.
        default_url = stack.enter_context(server("bench/minimal_app.py", {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"},
                                                 tmp / "minimal-default.log"))
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.set_default_timeout(TIMEOUT_MS)
        apps = {"app": Practice(context.new_page(), app_url, args.warmup + args.n),
                "minimal": Minimal(context.new_page(), minimal_url),
                "default": Minimal(context.new_page(), default_url)}
        times: dict[str, list[float]] = {name: [] for name in apps}
        for i in range(args.warmup + args.n):
            order = list(apps) if i % 2 == 0 else list(reversed(apps))
            for name in order:
                try:
                    apps[name].prepare()
                    elapsed, text = apps[name].check()
                    if "Correct." not in text and "Incorrect." not in text:
                        raise RuntimeError(f"{name}: the alert after Check was not the verdict: {text!r}")
                except Exception:
                    OUT.mkdir(parents=True, exist_ok=True)
                    apps[name].page.screenshot(path=OUT / f"bench-check-failure-{name}.png")
                    print(f"failed at iteration {i} ({name}); screenshot in {OUT}", file=sys.stderr)
                    raise
                if i >= args.warmup:
                    times[name].append(elapsed)

    print(f"click Check -> feedback alert shown; {args.n} runs each after {args.warmup} warm-ups, alternating")
    print(f"{'':<10}{'median':>10}{'p90':>10}{'min':>10}{'max':>10}")
    for name, values in times.items():
        print(f"{name:<10}{statistics.median(values):>8.1f}ms{p90(values):>8.1f}ms"
              f"{min(values):>8.1f}ms{max(values):>8.1f}ms")
    print("(minimal: the app's config, post-run GC off; default: Streamlit's defaults, GC after every run)")
    for base in ("default", "minimal"):
        ratio = statistics.median(times["app"]) / statistics.median(times[base])
        ratio90 = p90(times["app"]) / p90(times[base])
        verdict = "ok" if ratio < 1.25 else "ABOVE AIM"
        print(f"ratio app/{base}: median {ratio:.2f}x, p90 {ratio90:.2f}x   (aim: median < 1.25x) {verdict}")


if __name__ == "__main__":
    main()
