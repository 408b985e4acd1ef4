"""Engine figures: load vs bare libyaml, random playthroughs, exhaustive exploration."""

from __future__ import annotations

import gc
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from generate import write_story
from iss_adventure.engine.analysis import explore
from iss_adventure.engine.loader import load_story, story_files
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.resources import default_story_dir

SCENES = 5000


def _bare_parse(files: list[Path]) -> None:
    gc.disable()  # the same collector setting load_story uses, so only parsing differs
    try:
        for f in files:
            yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
    finally:
        gc.enable()


def _cpu(fn: Any) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def load_ratio(root: Path, rounds: int = 5) -> tuple[float, float, float]:
    """Median CPU seconds of a bare parse and of load_story, interleaved; and their ratio."""
    files = [*story_files(root), root / "story.yaml"]
    bare, ours = [], []
    for _ in range(rounds):
        bare.append(_cpu(lambda: _bare_parse(files)))
        ours.append(_cpu(lambda: load_story(root)))
    b, o = statistics.median(bare), statistics.median(ours)
    return b, o, o / b


def playthrough_rate(machine: Machine, turns: int = 200_000, seed: int = 1) -> float:
    """Turns a second of seeded random play, restarting at each ending."""
    rng = random.Random(seed)
    state = machine.new_game(seed)
    start = time.process_time()
    for _ in range(turns):
        options = machine.available(state)
        if not options:
            state = machine.new_game(seed)
            continue
        state = machine.choose(state, rng.choice(options).id)
    return turns / (time.process_time() - start)


def exploration_rate(machine: Machine, budget: int = 400_000,
                     reduce: bool = True) -> tuple[float, int, float, bool]:
    """States a second, states, CPU seconds, and whether the search finished."""
    start = time.process_time()
    result = explore(machine.story, budget, reduce=reduce)
    seconds = time.process_time() - start
    return result.states / seconds, result.states, seconds, result.complete


def run() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = write_story(Path(tmp), SCENES)
        bare, ours, ratio = load_ratio(root)
        rows.append({"name": f"load {SCENES} generated scenes: bare libyaml parse",
                     "value": bare, "unit": "s", "target": "(baseline)", "ok": True})
        rows.append({"name": f"load {SCENES} generated scenes: load_story", "value": ours,
                     "unit": "s", "target": "(measured)", "ok": True})
        rows.append({"name": "load_story / bare parse", "value": ratio, "unit": "x",
                     "target": "<= 1.3x", "ok": ratio <= 1.3})
        generated = Machine(load_story(root))
    rate = playthrough_rate(generated)
    rows.append({"name": "random playthroughs, generated story", "value": rate,
                 "unit": "turns/s", "target": ">= 100,000", "ok": rate >= 100_000})
    rate, states, _, _ = exploration_rate(generated, reduce=False)
    rows.append({"name": f"exploration, generated story, plain search ({states:,} states)",
                 "value": rate, "unit": "states/s", "target": ">= 150,000",
                 "ok": rate >= 150_000})
    rate, states, seconds, complete = exploration_rate(generated, 3_000_000)
    rows.append({"name": f"  with state merging: {states:,} states, "
                         f"{'complete' if complete else 'INCOMPLETE'} in", "value": seconds,
                 "unit": "s", "target": f"({rate:,.0f} states/s)", "ok": complete})
    shipped = default_story_dir()
    try:
        machine = Machine(load_story(shipped))
    except Exception as err:  # the shipped story is optional to the engine figures
        rows.append({"name": f"shipped story: {err}"[:58], "value": 0, "unit": "",
                     "target": "loads", "ok": False})
        return rows
    rate = playthrough_rate(machine)
    rows.append({"name": "random playthroughs, shipped story", "value": rate,
                 "unit": "turns/s", "target": ">= 100,000", "ok": rate >= 100_000})
    rate, states, seconds, complete = exploration_rate(machine, 3_000_000)
    rows.append({"name": f"exploration, shipped story: {states:,} states, "
                         f"{'complete' if complete else 'INCOMPLETE'} in", "value": seconds,
                 "unit": "s", "target": f"({rate:,.0f} states/s)", "ok": complete})
    rows.append(check_command(shipped))
    return rows


def check_command(story: Path) -> dict[str, Any]:
    """`make check`: the whole `iss-adventure check` process on the shipped story (start-up,
    load, exploration and every proof), in CPU seconds of the child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "iss_adventure", "check", str(story), "--json"],
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    try:
        out = json.loads(done.stdout)
        states, complete = out["states_explored"], out["complete"]
        what = f"{states:,} states, {'complete' if complete else 'INCOMPLETE'}"
    except (ValueError, KeyError):
        states, complete, what = 0, False, "no report"
    return {"name": f"make check, shipped story ({what}; wall {wall:.1f} s)", "value": cpu,
            "unit": "s CPU", "target": "< 10 s", "ok": complete and cpu < 10}
