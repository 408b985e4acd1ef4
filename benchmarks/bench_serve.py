"""`iss-adventure serve` figures: what a browser player waits for, and what each one costs.

(a) Page load to the title screen drawn, in Debian's Chromium (Playwright, nothing off the
    machine): the median of a few fresh visits (each starts a game process), in wall time,
    and the CPU time the game process used to get there (steadier on a shared machine).
(b) A choice key to the next scene's header drawn, in the same browser (the median over a
    few choices; the typewriter skipped with Space as a player would).
(c) Memory per visitor: resident set (RSS) of each game process at the title, the mean.
(d) 8 visitors at once: the time until all 8 see the title, over the websocket (pyte as the
    terminal, as the tests do), so the figure is the server's and the games', not 8 browsers'.
Bytes sent for the title and one scene are shown too (the typewriter is the main cost).

Run alone: `python benchmarks/bench_serve.py` (or through `make bench`). Skips the browser
figures when there is no Chromium.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

VISITS = 3
CHOICES = 4
CONCURRENT = 8
WAIT = 60.0
CHROMIUM = os.environ.get("ISS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-gpu", "--disable-quic", "--disable-dev-shm-usage"]
if os.geteuid() == 0:
    ARGS.append("--no-sandbox")
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal",
      {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer) { (window.__terminals = window.__terminals || []).push(value); }
  },
});
"""
SCREEN = """
() => {
  const term = (window.__terminals || [])[0];
  if (!term) { return ""; }
  const buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}
"""


def _start(data_dir: Path, sessions: int) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "iss_adventure", "serve", "--port", "0", "--data-dir",
         str(data_dir), "--max-sessions", str(sessions)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    for line in proc.stdout:
        if match := re.search(r"on (http://\S+?)/? \(", line):
            return proc, match.group(1) + "/"
    raise RuntimeError("serve did not start")


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=WAIT)
    except subprocess.TimeoutExpired:
        proc.kill()


def _games(server_pid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == server_pid:
                pids.append(int(entry.name))
    return pids


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# ---------------------------------------------------------------- (a), (b), (c) in Chromium


def browser_figures(url: str, server_pid: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    loads, keys, rss, cpu = [], [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for visit in range(VISITS):
            context = browser.new_context(viewport={"width": 1100, "height": 700})
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith(url) else route.abort())
            context.add_init_script(CATCH_TERMINAL)
            page = context.new_page()
            page.set_default_timeout(WAIT * 1000)
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_function(f"() => ({SCREEN})().includes('New game')")
            loads.append(time.perf_counter() - start)
            rss += [_rss_mb(pid) for pid in _games(server_pid)]
            cpu += [_cpu_seconds(pid) for pid in _games(server_pid)]
            if visit == 0:
                page.focus("textarea.xterm-helper-textarea")
                page.keyboard.press("Enter")
                page.wait_for_function(f"() => ({SCREEN})().includes('1-9 Pick')")
                for _ in range(CHOICES):
                    page.keyboard.press("Space")  # the whole text, then the choices show
                    page.wait_for_function(f"() => /[│┃] +1 {{2,}}\\S/.test(({SCREEN})())")
                    header = str(page.evaluate(SCREEN)).split("\n", 1)[0]
                    start = time.perf_counter()
                    page.keyboard.press("1")
                    page.wait_for_function(
                        f"(before) => ({SCREEN})().split('\\n', 1)[0] !== before", arg=header)
                    keys.append(time.perf_counter() - start)
            context.close()
        browser.close()
    return {"load": statistics.median(loads), "key": statistics.median(keys),
            "rss": statistics.mean(rss), "cpu": statistics.median(cpu)}


# ---------------------------------------------------------------- (d) over the websocket


async def _visitor(url: str) -> tuple[float, int]:
    import aiohttp
    import pyte

    screen = pyte.Screen(100, 30)
    stream = pyte.ByteStream(screen)
    received = 0
    start = time.perf_counter()
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(url):
            pass
        ws = await session.ws_connect(f"{url}ws?width=100&height=30", origin=url.rstrip("/"))
        while not any("New game" in line for line in screen.display):
            message = await ws.receive(timeout=WAIT)
            if message.type != aiohttp.WSMsgType.BINARY:
                raise RuntimeError(f"the game closed: {message.extra}")
            received += len(message.data)
            stream.feed(message.data)
        took = time.perf_counter() - start
        await ws.send_str(json.dumps(["stdin", "\r"]))
        end = time.perf_counter() + 3  # the first scene, typewriter included
        while time.perf_counter() < end:
            try:
                message = await ws.receive(timeout=end - time.perf_counter())
            except TimeoutError:
                break
            if message.type == aiohttp.WSMsgType.BINARY:
                received += len(message.data)
        await ws.send_str(json.dumps(["stdin", "\x1bq"]))
        await ws.close()
    return took, received


async def _crowd(url: str) -> tuple[float, int]:
    """Seconds until every visitor saw the title, and the median bytes one was sent."""
    results = await asyncio.gather(*(_visitor(url) for _ in range(CONCURRENT)))
    return max(took for took, _ in results), int(statistics.median(s for _, s in results))


def run() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        proc, url = _start(Path(tmp) / "web", CONCURRENT)
        try:
            if Path(CHROMIUM).exists():
                figures = browser_figures(url, proc.pid)
                rows += [
                    {"name": "serve page load to title in Chromium (median, wall)",
                     "value": figures["load"], "unit": "s", "target": "<= 4 s",
                     "ok": figures["load"] <= 4.0},
                    {"name": "serve game process CPU from start to title (median)",
                     "value": figures["cpu"], "unit": "s", "target": "<= 1.5 s",
                     "ok": figures["cpu"] <= 1.5},
                    {"name": "serve choice key to next scene in Chromium (median)",
                     "value": figures["key"] * 1000, "unit": "ms", "target": "<= 500 ms",
                     "ok": figures["key"] <= 0.5},
                    {"name": "serve memory per visitor (game process RSS, mean)",
                     "value": figures["rss"], "unit": "MB", "target": "<= 80 MB",
                     "ok": figures["rss"] <= 80},
                ]
            else:
                rows.append({"name": f"serve browser figures: no Chromium at {CHROMIUM}",
                             "value": 0, "unit": "", "target": "(skipped)", "ok": True})
            deadline = time.monotonic() + WAIT
            while _games(proc.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            wall, sent = asyncio.run(_crowd(url))
            rows += [
                {"name": f"serve {CONCURRENT} visitors at once: all at the title",
                 "value": wall, "unit": "s", "target": "<= 10 s", "ok": wall <= 10.0},
                {"name": "serve bytes sent for the title and the first scene (median)",
                 "value": sent / 1000, "unit": "kB", "target": "<= 2000 kB",
                 "ok": sent <= 2_000_000},
            ]
        finally:
            _stop(proc)
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:58} {row['value']:12,.2f} {row['unit']:3} {row['target']}")
