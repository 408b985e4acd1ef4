"""Crash safety: a saving process killed with SIGKILL hundreds of times never loses a save.

Each kill lands at a random moment of a save loop; afterwards the slot must hold a whole,
valid save (never a torn one), no older than the last save the child reported as complete,
and its state must be exactly what its choice log replays to.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import msgspec
import pytest

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.saves import SaveFile, SaveInfo, SaveStore
from iss_adventure.engine.state import GameState

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"

# A fork server: loads everything once, then for each "go" line forks a child that saves to
# slot 1 in a loop, reporting "started <pid>" and then "saved <n>" after every completed save.
# The server reaps the child once the test has killed it and reports "reaped <pid>"; the
# child's lines always precede it, since the child is dead by then. Forking from a warm process
# makes hundreds of kills cheap; the server itself never saves.
FORK_SERVER = r"""
import os, sys
from datetime import datetime, timedelta
from pathlib import Path
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.saves import SaveStore
sys.path.insert(0, sys.argv[3])
from test_saves_crash import reachable_states

story = load_story(sys.argv[1])
store = SaveStore(Path(sys.argv[2]))
states = reachable_states(story)
start = datetime(2025, 1, 1)
os.write(1, b"ready\n")
for command in sys.stdin:
    n = int(command.split()[1])
    pid = os.fork()
    if pid == 0:
        try:
            os.write(1, f"started {os.getpid()}\n".encode())
            while True:
                store.save("1", story, states[n % len(states)], float(n),
                           start + timedelta(seconds=n))
                os.write(1, f"saved {n}\n".encode())
                n += 1
        finally:
            os._exit(1)
    os.waitpid(pid, 0)
    os.write(1, f"reaped {pid}\n".encode())
"""


def reachable_states(story: Story, limit: int = 200) -> list[GameState]:
    """Distinct states of the demo story in a fixed breadth-first order."""
    machine = Machine(story)
    out = [machine.new_game(0)]
    for state in out:
        for choice in machine.available(state):
            out.append(machine.choose(state, choice.id))
        if len(out) >= limit:
            break
    return out[:limit]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL") or not hasattr(os, "fork"),
                    reason="needs POSIX fork and SIGKILL")
def test_sigkill_mid_save_never_loses_the_previous_save(tmp_path: Path) -> None:
    kills = 300
    root = tmp_path / "story"  # a private copy: the child and the test must see one story
    shutil.copytree(DEMO, root)
    story = load_story(root)
    home = tmp_path / "saves"
    rng = random.Random(20250314)
    states = reachable_states(story)
    store = SaveStore(home)
    server = subprocess.Popen(
        [sys.executable, "-c", FORK_SERVER, str(root), str(home), str(Path(__file__).parent)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert server.stdin is not None and server.stdout is not None

    def line() -> list[str]:
        assert server.stdout is not None
        text = server.stdout.readline().decode()
        assert text, "the fork server died"
        return text.split()

    mid_write = 0
    try:
        assert line() == ["ready"]
        n = 0
        for _ in range(kills):
            server.stdin.write(f"go {n}\n".encode())
            server.stdin.flush()
            kind, pid = line()
            assert kind == "started"
            acked = int(line()[1])  # wait for one completed save: there is a previous save
            time.sleep(rng.uniform(0, 0.004))  # not synchronisation: the kill's random moment
            os.kill(int(pid), signal.SIGKILL)
            while (words := line())[0] == "saved":
                acked = int(words[1])
            assert words == ["reaped", pid]
            mid_write += any(home.glob(".save-1.json.*.tmp"))

            raw = (home / "save-1.json").read_bytes()
            document = msgspec.json.decode(raw, type=SaveFile)  # whole, valid JSON
            json.loads(raw)
            saved = int(document.info.played_seconds)
            assert saved >= acked, "a completed save was lost"
            assert saved <= acked + 1, "a save newer than any the child began"
            loaded = store.load("1", story)
            assert loaded.state == states[saved % len(states)]
            assert Machine(story).replay(document.log, document.seed).state == loaded.state
            assert [type(e) for e in store.entries()] == [SaveInfo]
            n = saved + 1
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    print(f"{mid_write} of {kills} kills landed mid-save")
    assert mid_write > 0, "no kill landed in the middle of a save"
