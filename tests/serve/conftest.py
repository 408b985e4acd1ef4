"""A real `iss-adventure serve` on a free port, and a terminal (pyte) that plays over its
websocket the way the page's xterm.js does."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing web extra is a failure
    pytest.importorskip("textual_serve")
    pytest.importorskip("pyte")
import aiohttp
import pyte

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"
WAIT = 30.0  # seconds any one thing may take before a test fails (the machine may be busy)
COLUMNS, ROWS = 100, 30


@dataclass
class ServerProcess:
    """A running `serve` child: its address, data folder and output so far."""

    proc: subprocess.Popen[str]
    url: str
    data_dir: Path
    output: list[str] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return self.url.rstrip("/")

    def stop(self) -> int:
        """SIGTERM, as a service manager would; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=WAIT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def start_server(data_dir: Path, *args: str, story: Path | None = None) -> ServerProcess:
    """`iss-adventure serve --port 0`, waiting (bounded) for the line that says where it is."""
    argv = [sys.executable, "-m", "iss_adventure", "serve", "--port", "0",
            "--data-dir", str(data_dir), *args]
    if story is not None:
        argv += ["--story", str(story)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env, start_new_session=True)
    output: list[str] = []
    found: queue.Queue[str] = queue.Queue()

    def read() -> None:  # also keeps the pipe drained for the server's whole life
        assert proc.stdout is not None
        for line in proc.stdout:
            output.append(line)
            if match := re.search(r" on (http://\S+?)/? \(", line):
                found.put(match.group(1) + "/")
        found.put("")

    threading.Thread(target=read, daemon=True).start()
    try:
        url = found.get(timeout=WAIT)
    except queue.Empty:
        url = ""
    if not url:
        proc.kill()
        raise AssertionError("serve did not start:\n" + "".join(output))
    return ServerProcess(proc, url, data_dir, output)


def game_pids(server_pid: int) -> list[int]:
    """Every live process whose parent is the server (the games), from /proc."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == server_pid and fields[0] != "Z":
            pids.append(int(entry.name))
    return pids


def alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


class Terminal:
    """One visitor: a cookie jar, a websocket, and a pyte screen fed by it."""

    def __init__(self, session: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse,
                 columns: int = COLUMNS, rows: int = ROWS) -> None:
        self.session = session
        self.ws = ws
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.closed: tuple[int | None, str] | None = None
        self.received = 0

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    async def pump(self, timeout: float) -> bool:
        """Feed the screen with what arrives within `timeout`; False once the socket closed."""
        try:
            message = await self.ws.receive(timeout=timeout)
        except TimeoutError:
            return True
        if message.type == aiohttp.WSMsgType.BINARY:
            self.received += len(message.data)
            self.stream.feed(message.data)
            return True
        if message.type == aiohttp.WSMsgType.TEXT:
            return True
        if message.type == aiohttp.WSMsgType.CLOSE:
            self.closed = (int(message.data), str(message.extra or ""))
        else:  # CLOSED or ERROR: the connection went without a closing handshake
            self.closed = (self.ws.close_code, "")
        return False

    async def wait_for(self, check: Callable[[str], bool], what: str) -> str:
        """Pump until the screen passes `check`; fails with the screen after WAIT seconds."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if check(self.text()):
                return self.text()
            if not await self.pump(0.2):
                break
        if check(self.text()):
            return self.text()
        raise AssertionError(f"never saw {what}; closed={self.closed}; screen:\n{self.text()}")

    async def wait_text(self, needle: str) -> str:
        return await self.wait_for(lambda screen: needle in screen, repr(needle))

    async def press(self, keys: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", keys]))

    async def wait_closed(self) -> tuple[int | None, str]:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and self.closed is None:
            await self.pump(0.2)
        assert self.closed is not None, "the websocket stayed open"
        return self.closed


@contextlib.asynccontextmanager
async def visitor(server: ServerProcess, jar: aiohttp.CookieJar | None = None,
                  origin: str | None = None) -> AsyncIterator[Terminal]:
    """A browser-like visitor: loads the page (getting its cookie), then opens the websocket."""
    jar = jar if jar is not None else aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        async with session.get(server.url) as page:
            assert page.status in (200, 503), page.status
        ws = await session.ws_connect(
            f"{server.url}ws?width={COLUMNS}&height={ROWS}",
            origin=origin if origin is not None else server.origin)
        terminal = Terminal(session, ws)
        try:
            yield terminal
        finally:
            await ws.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    running = start_server(tmp_path / "web", "--max-sessions", "2", story=DEMO)
    try:
        yield running
    finally:
        running.stop()
