"""The game in a real browser: Debian's Chromium driven by Playwright, nothing off the machine.

Playwright's own browser download cannot work here, so the system's Chromium is used through
`executable_path`. Every request to anything but the local server is blocked and recorded:
the page must need none. xterm.js draws on a canvas, so the screen is read from the terminal
object (caught as the page creates it), not from the DOM. Outside CI the test skips when
there is no Chromium; in CI (CI=true) it must run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import WAIT, ServerProcess

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("ISS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-gpu", "--disable-quic", "--disable-dev-shm-usage"]
if hasattr(os, "geteuid") and os.geteuid() == 0:
    ARGS.append("--no-sandbox")  # Chromium's sandbox refuses to run as root

# Keep every xterm.js Terminal the page makes: textual.js stores it as `this.terminal`.
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
  const buffer = term.buffer.active;
  const rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}
"""


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI must run the browser test: {reason}")
    pytest.skip(reason)


@pytest.fixture
def chromium() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=ARGS, timeout=WAIT * 1000)
        try:
            yield browser
        finally:
            browser.close()


def test_the_game_plays_in_chromium(chromium: object, server: ServerProcess,
                                    tmp_path: Path) -> None:
    from playwright.sync_api import Browser, Route

    assert isinstance(chromium, Browser)
    blocked: list[str] = []

    def only_local(route: Route) -> None:
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context = chromium.new_context(viewport={"width": 1000, "height": 640})
    context.route("**/*", only_local)
    context.add_init_script(CATCH_TERMINAL)
    page = context.new_page()
    page.set_default_timeout(WAIT * 1000)

    def wait_screen(needle: str) -> str:
        page.wait_for_function(f"() => ({SCREEN})().includes({needle!r})")
        return str(page.evaluate(SCREEN))

    page.goto(server.url)
    assert page.title() == "Demo Orbit"
    screen = wait_screen("no saved game yet")  # filled in right after the first frame
    assert "New game" in screen
    page.focus("textarea.xterm-helper-textarea")
    page.keyboard.press("Enter")
    wait_screen("The Hatch")
    page.keyboard.press("Space")
    wait_screen("Knock twice.")
    page.keyboard.press("1")
    wait_screen("The Module")
    page.keyboard.press("Space")
    screen = wait_screen("Read the laptop.")
    assert "The Hatch" not in screen
    page.screenshot(path=str(tmp_path / "browser.png"))
    page.keyboard.press("Escape")
    wait_screen("Continue")
    page.keyboard.press("q")
    page.wait_for_selector("#ended-message:has-text('left the station')", state="visible")
    cookies = context.cookies()
    visitor = [c for c in cookies if c["name"] == "iss_visitor"]
    assert visitor and visitor[0]["httpOnly"] and visitor[0]["sameSite"] == "Strict"

    # Play again: the same browser comes back to its own save.
    page.click("#again")
    page.wait_for_function(
        f"() => /Continue +The Module/.test(({SCREEN})())")
    page.focus("textarea.xterm-helper-textarea")
    page.keyboard.press("q")
    page.wait_for_selector("#ended", state="visible")
    assert blocked == [], f"the page asked for something off this machine: {blocked}"
    context.close()

    # Another browser (its own cookies) has no save.
    other = chromium.new_context()
    other.route("**/*", only_local)
    other.add_init_script(CATCH_TERMINAL)
    page = other.new_page()
    page.set_default_timeout(WAIT * 1000)
    page.goto(server.url)
    screen = wait_screen("no saved game yet")  # filled in right after the first frame
    assert "New game" in screen
    other.close()
    assert len(list(server.data_dir.glob("v-*"))) == 2
    assert len(list(server.data_dir.glob("v-*/stories/*/save-*.json"))) >= 1
