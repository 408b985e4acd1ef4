"""Games come and go with their visitors: disconnects, crashes, a second tab, guests, caps,
hostile messages, and a game that hangs when the server is stopped."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from iss_adventure.serve.visitors import folder_name

from .conftest import (
    DEMO,
    WAIT,
    ServerProcess,
    alive,
    game_pids,
    start_server,
    visitor,
)

pytestmark = pytest.mark.timeout(120)


def _wait_gone(pids: list[int]) -> list[int]:
    """Poll until none of `pids` is alive (bounded); returns those still alive."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.02)
    return [pid for pid in pids if alive(pid)]


async def test_closing_the_page_ends_its_game(server: ServerProcess) -> None:
    async with visitor(server) as game:
        await game.wait_text("New game")
        pids = game_pids(server.proc.pid)
        assert len(pids) == 1
    assert _wait_gone(pids) == []


async def test_a_game_that_dies_is_explained_to_its_visitor(server: ServerProcess) -> None:
    async with visitor(server) as game:
        await game.wait_text("New game")
        (pid,) = game_pids(server.proc.pid)
        os.kill(pid, signal.SIGKILL)
        code, reason = await game.wait_closed()
    assert code == 1011 and "stopped unexpectedly" in reason
    assert game_pids(server.proc.pid) == []


def _home(pid: int) -> str:
    """The data folder a game process was given."""
    for item in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
        if item.startswith(b"ISS_ADVENTURE_HOME="):
            return item.split(b"=", 1)[1].decode()
    return ""


async def test_a_second_tab_takes_over_the_first(server: ServerProcess) -> None:
    jar = aiohttp.CookieJar(unsafe=True)
    async with visitor(server, jar) as first, visitor(server) as someone_else:
        await first.wait_text("New game")
        await someone_else.wait_text("New game")  # now the station is full (--max-sessions 2)
        token = next(c.value for c in jar if c.key == "iss_visitor")
        mine = str(server.data_dir / folder_name(token))
        (old,) = [pid for pid in game_pids(server.proc.pid) if _home(pid) == mine]
        async with visitor(server, jar) as second:  # the same visitor: not refused as full
            code, reason = await first.wait_closed()
            assert code == 4403 and "another tab" in reason
            await second.wait_text("New game")
            assert _wait_gone([old]) == []
            homes = sorted(_home(pid) for pid in game_pids(server.proc.pid))
            assert len(homes) == 2 and mine in homes
            assert someone_else.closed is None


async def test_a_visitor_without_cookies_plays_as_a_guest(server: ServerProcess) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        ws = await session.ws_connect(f"{server.url}ws", origin=server.origin)
        try:
            from .conftest import Terminal

            game = Terminal(session, ws)
            await game.wait_text("New game")
            guests = list(server.data_dir.glob("guest-*"))
            assert len(guests) == 1
            await game.press("q")
            await game.wait_closed()
        finally:
            await ws.close()
    deadline = time.monotonic() + WAIT
    while guests[0].exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not guests[0].exists()
    assert list(server.data_dir.glob("v-*")) == []


async def test_hostile_messages_are_ignored(server: ServerProcess) -> None:
    async with visitor(server) as game:
        await game.wait_text("New game")
        for junk in ("not json", "{}", "[]", '["stdin", 5]', '["resize", "big"]',
                     '["resize", {"width": 100000000, "height": -5}]', '["ping", {}]',
                     '["unknown", 1]', "[" * 5000):
            await game.ws.send_str(junk)
        await game.ws.send_bytes(b"\x00\xff" * 100)
        await game.ws.send_str(json.dumps(["ping", "x" * 1000]))
        await game.ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))
        await game.press("\r")
        await game.wait_text("The Hatch")
        assert game.closed is None


async def test_the_number_of_visitors_kept_is_capped(tmp_path: Path) -> None:
    server = start_server(tmp_path / "web", "--max-visitors", "1", story=DEMO)
    try:
        async with visitor(server) as first:
            await first.wait_text("New game")
            await first.press("q")
            await first.wait_closed()
        async with visitor(server) as second:
            code, reason = await second.wait_closed()
            assert code == 4403 and "New crew cannot board" in reason
        assert len(list(server.data_dir.glob("v-*"))) == 1
    finally:
        server.stop()


async def test_a_hung_game_does_not_hold_up_shutdown(tmp_path: Path) -> None:
    server = start_server(tmp_path / "web", story=DEMO)
    try:
        async with visitor(server) as game:
            await game.wait_text("New game")
            (pid,) = game_pids(server.proc.pid)
            os.kill(pid, signal.SIGSTOP)  # it can no longer answer "quit"
            assert server.stop() == 0
            assert _wait_gone([pid]) == []
        assert "did not quit" in "".join(server.output)
    finally:
        server.stop()


async def test_a_killed_server_leaves_no_game_behind(tmp_path: Path) -> None:
    server = start_server(tmp_path / "web", story=DEMO)
    try:
        async with visitor(server) as game:
            await game.wait_text("New game")
            pids = game_pids(server.proc.pid)
            assert len(pids) == 1
            server.proc.kill()  # no chance to end its games
            server.proc.wait(timeout=WAIT)
            assert _wait_gone(pids) == []
    finally:
        server.stop()


async def test_a_story_broken_while_serving_is_reported_safely(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(DEMO, story)
    server = start_server(tmp_path / "web", story=story)
    try:
        (story / "a" / "bad\x1b[2J\x07.yaml").write_text("title: [\x1b[31m\n")
        async with visitor(server) as game:
            code, reason = await game.wait_closed()
            assert code == 1011 and "stopped unexpectedly" in reason
        assert server.stop() == 0
        log = "".join(server.output)
        assert "bad" in log and "\x1b" not in log and "\x07" not in log, log
    finally:
        server.stop()


@pytest.mark.parametrize(("args", "status", "message"), [
    (["--max-sessions", "0"], 2, "--max-sessions must be at least 1"),
    (["--public-url", "iss.example.org"], 2, "full http:// or https:// address"),
    (["--story", str(DEMO.parent / "no-such-story")], 1, "cannot be played"),
])
def test_bad_options_stop_before_listening(tmp_path: Path, args: list[str], status: int,
                                           message: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "iss_adventure", "serve", "--port", "0", "--data-dir",
         str(tmp_path / "web"), *args], capture_output=True, text=True, timeout=WAIT)
    assert done.returncode == status, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
