"""A terminal that goes away ends the game (tui/hangup.py): the real `iss-adventure play` on a
pseudo-terminal whose other end is closed, as when a window is closed under `make play`."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from iss_adventure.tui.hangup import HUNG_UP, terminal_gone

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"
HANG_GUARD = 120  # seconds: only so that a broken build fails instead of hanging the suite


def test_a_closed_terminal_is_seen_as_gone() -> None:
    master, slave = pty.openpty()
    try:
        assert not terminal_gone(slave)
        os.close(master)
        assert terminal_gone(slave)
    finally:
        os.close(slave)


def start_game(home: Path) -> tuple[subprocess.Popen[bytes], int]:
    """The game on a new pseudo-terminal, started in a session of its own (the terminal is
    not its controlling one, so closing it sends no SIGHUP: the case of `make play`), once
    its title is on screen."""
    master, slave = pty.openpty()
    env = {**os.environ, "ISS_ADVENTURE_HOME": str(home), "TERM": "xterm-256color"}
    env.pop("TEXTUAL", None)
    proc = subprocess.Popen([sys.executable, "-m", "iss_adventure", "play", "--story", str(DEMO)],
                            stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    seen = b""
    while b"Quit" not in seen:  # the title's line of keys
        ready, _, _ = select.select([master], [], [], HANG_GUARD)
        assert ready, "the game showed no title"
        seen += os.read(master, 65536)
    return proc, master


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX terminals only")
def test_the_game_ends_when_its_terminal_is_closed(tmp_path: Path) -> None:
    proc, master = start_game(tmp_path / "home")
    try:
        os.close(master)
        assert proc.wait(HANG_GUARD) == HUNG_UP
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX terminals only")
def test_a_hangup_signal_ends_the_game_through_its_own_handler(tmp_path: Path) -> None:
    proc, master = start_game(tmp_path / "home")
    try:
        proc.send_signal(signal.SIGHUP)
        assert proc.wait(HANG_GUARD) == HUNG_UP  # not -SIGHUP: the game saved, then left
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
