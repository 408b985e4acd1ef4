"""A terminal that goes away (its window closed, an ssh link dropped) ends the game, saved.

Closing a terminal sends SIGHUP to its session leader only. Under `make play` that leader is
make, so the game lives on attached to a dead terminal, where Textual's input thread (checked
against Textual 8.2.8; textual#6690, open) reads end-of-file in a busy loop, a whole core for
ever, and its output thread dies on the first write, so the UI thread soon blocks for good on
the full output queue. So a thread of ours asks the terminal every few seconds whether it is
still there: the event loop cannot be relied on once the terminal is gone.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

CHECK_EVERY = 2.0  # seconds between two looks at the terminal: idle costs nothing to speak of
HUNG_UP = 128 + 1  # the exit status of a process ended by SIGHUP, as a shell reports it


def game_terminal() -> int | None:
    """The terminal the game reads its keys from, when it reads them from one."""
    stream = sys.__stdin__
    if stream is None:
        return None
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return None
    return fd if os.isatty(fd) else None


def terminal_gone(fd: int) -> bool:
    """Whether the terminal on `fd` has hung up (reading it gives end-of-file at once then,
    and asking its settings fails with EIO)."""
    try:
        import termios
    except ImportError:  # no POSIX terminals here: nothing to watch
        return False
    try:
        termios.tcgetattr(fd)
    except (termios.error, OSError):
        return True
    return False


def watch_terminal(app: App[Any], hang_up: Callable[[], None]) -> None:
    """Call `hang_up` (from any thread) when the terminal `app` draws on goes away: on SIGHUP,
    and when a look every CHECK_EVERY seconds finds it gone. Call from the main thread.
    Nothing to watch headless or in a browser."""
    if app.is_headless or app.is_web:
        return
    fd = game_terminal()
    if fd is None:
        return

    pause = threading.Event()  # never set: a wait that sleeps CHECK_EVERY

    def look() -> None:
        while not terminal_gone(fd):
            pause.wait(CHECK_EVERY)
        hang_up()

    threading.Thread(target=look, name="terminal watch", daemon=True).start()
    sighup = getattr(signal, "SIGHUP", None)
    if sighup is not None:
        signal.signal(sighup, lambda _signum, _frame: hang_up())
