"""Start the app in a real Streamlit server and wait for a page to settle; shared by the browser tests and
bench/bench_check.py. No pytest here: callers decide how a failure is reported."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]

# Resolves once the script has stopped running and the page has not changed for quietMs.
SETTLED = """async ([quietMs, maxMs]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  await new Promise((resolve, reject) => {
    let timer;
    const giveUp = setTimeout(() => {
      observer.disconnect();
      clearTimeout(timer);
      reject(new Error(`the page did not settle within ${maxMs} ms`));
    }, maxMs);
    const done = () => {
      if (app && app.getAttribute('data-test-script-state') !== 'notRunning') { restart(); return; }
      observer.disconnect();
      clearTimeout(giveUp);
      resolve();
    };
    const restart = () => { clearTimeout(timer); timer = setTimeout(done, quietMs); };
    const observer = new MutationObserver(restart);
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    restart();
  });
}"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
            return response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def streamlit_server(script: str, env: Mapping[str, str], log: Path, *, cwd: Path = ROOT,
                     timeout: float = 60.0) -> Iterator[str]:
    """Run `streamlit run <script>` in `cwd` with extra `env`; yield its URL once healthy, then stop it.

    Raises RuntimeError, with the end of the server's log, if it does not become healthy in `timeout` seconds.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false",
               # The tree may change while tests run; a "File change" notice must not appear mid-test.
               "--server.fileWatcherType", "none"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **env}, stdout=out,
                                   stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while not healthy(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
                    raise RuntimeError(f"{script} on port {port} did not become healthy:\n{tail}")
                time.sleep(0.05)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def settle(page: Page, quiet_ms: int, timeout_ms: int) -> None:
    """Wait until the script has stopped running and the page has not changed for `quiet_ms`."""
    page.evaluate(SETTLED, [quiet_ms, timeout_ms])
