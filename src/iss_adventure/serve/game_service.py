"""One visitor's game: `iss-adventure play` as a child process, fed by the websocket.

textual-serve's AppService runs its command through a shell with the server's environment
and waits for ever for it to end. Here the game runs without a shell, in a process group of
its own, with the visitor's data folder as ISS_ADVENTURE_HOME; it is asked to quit, then
terminated, then killed, each after a short grace, so that no game outlives its visitor.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from asyncio.subprocess import PIPE, Process
from collections.abc import Awaitable, Callable, Sequence

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

log = logging.getLogger("iss-adventure.serve")

# The game is started through this tiny launcher, which asks the kernel to send it SIGTERM
# if the server dies without ending it (SIGKILL, a crash): a game's stdin closing is not
# enough, since an idle Textual app never notices. The request survives the exec (Linux
# only; elsewhere the launcher just execs).
_LAUNCHER = """\
import ctypes, os, signal, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
except (OSError, AttributeError):
    pass
if os.getppid() != int(sys.argv[1]):
    sys.exit(70)  # the server is already gone
os.execv(sys.argv[2], sys.argv[2:])
"""

QUIT_GRACE = 2.0  # seconds a game has to quit by itself when asked
TERM_GRACE = 1.0  # then to end on SIGTERM, before SIGKILL
HOME_ENV = "ISS_ADVENTURE_HOME"
_DROPPED_ENV = ("TEXTUAL", "TEXTUAL_LOG", "TEXTUAL_DEBUG")


class GameService(AppService):
    """A game process for one websocket."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        home: str,
        extra_env: dict[str, str],
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[None]],
        on_end: Callable[[int | None], Awaitable[None]],
    ) -> None:
        super().__init__(" ".join(argv), write_bytes=write_bytes, write_str=write_str,
                         close=close, download_manager=DownloadManager())
        self.argv = list(argv)
        self.home = home
        self.extra_env = extra_env
        self._on_end = on_end
        self._stopping: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        for name in _DROPPED_ENV:
            environment.pop(name, None)
        environment.update(self.extra_env)
        environment[HOME_ENV] = self.home
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(os.getpid())]
        self._process = process = await asyncio.create_subprocess_exec(
            *launcher, *self.argv, stdin=PIPE, stdout=PIPE, stderr=PIPE,
            env=self._build_environment(width, height), start_new_session=True)
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        """Relay the game's output; when it ends by itself, tell the visitor why."""
        await super().run()
        process = self._process
        code = None
        if process is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                code = await asyncio.wait_for(process.wait(), QUIT_GRACE)
        if self._stopping is None:
            await self._on_end(code)

    async def stop(self) -> None:
        """End the game (idempotent, safe to call from several places at once)."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            await self.send_meta({"type": "quit"})
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(process.wait(), QUIT_GRACE)
        for sig, grace in ((signal.SIGTERM, TERM_GRACE), (signal.SIGKILL, None)):
            if process.returncode is not None:
                break
            log.warning("game %s did not quit: sending %s", process.pid, sig.name)
            _signal_group(process.pid, sig)
            _signal_group(process.pid, signal.SIGCONT)  # a stopped game could not act on it
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(process.wait(), grace)
        _signal_group(process.pid, signal.SIGKILL)  # anything the game itself started
        if self._stdin is not None:
            self._stdin.close()
        if self._task is not None:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self._task, QUIT_GRACE)
            self._task = None


def _signal_group(pid: int, sig: signal.Signals) -> None:
    """Signal the process group a game leads; quietly nothing if it is gone."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
