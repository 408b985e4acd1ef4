"""The writer's loop: save-to-new-frame latency of `play --watch`.

A copy of the shipped story (the demo fixture while the shipped one does not load) is played
in process with Textual's Pilot and the real file watcher (watchfiles). Each round rewrites
the current scene's title on disk and measures from the write to the last frame the reload
painted: the watcher's batching (STEP_MS of quiet), the reload (load, check, replay) and the
redraw. Median over ROUNDS saves; also the reload alone (StoryWatch.reload + replay), and
the CPU the game's process spent from the save to the frame (on a busy machine the wall
figure is mostly this CPU time divided by the share of a core the process gets).

Run alone: `python benchmarks/bench_watch.py` (or through `make bench`).
"""

from __future__ import annotations

import asyncio
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_tui import SIZE, _frame_stamps, _story_dir

ROUNDS = 15
TITLE = re.compile(r"^title: .*$", re.MULTILINE)


def _scene_file(root: Path, scene: str) -> Path:
    for suffix in (".yaml", ".yml"):
        path = root / f"{scene}{suffix}"
        if path.exists():
            return path
    raise RuntimeError(f"no file for scene {scene}")


async def _saves(story_dir: Path, home: Path, rounds: int
                 ) -> tuple[list[float], list[float], list[float]]:
    from iss_adventure.engine.loader import load_story
    from iss_adventure.engine.profile import Settings
    from iss_adventure.engine.watch import StoryWatch, check_in_subprocess, watch_files
    from iss_adventure.tui.app import ISSApp
    from iss_adventure.tui.screens.play import PlayScreen

    story = load_story(story_dir)
    app = ISSApp(story, seed=1, home=home, settings=Settings(typewriter=False, timers=False),
                 watch=StoryWatch(story_dir, (), story), watcher=watch_files,
                 checker=check_in_subprocess)  # as play --watch: the checker in its process
    reloaded = asyncio.Event()
    reload_times: list[float] = []
    original = app.reload_story

    def timed_reload() -> None:
        start = time.perf_counter()
        original()
        reload_times.append(time.perf_counter() - start)
        reloaded.set()

    app.reload_story = timed_reload  # type: ignore[method-assign]
    latencies: list[float] = []
    cpu: list[float] = []  # the game's process (all its threads) from the save to the frame
    async with app.run_test(size=SIZE) as pilot:
        stamps = _frame_stamps(app)
        await pilot.press("n")
        for _ in range(3):  # a few scenes in, so the replay has something to do
            screen = app.screen
            assert isinstance(screen, PlayScreen)
            views = screen.session.choices()
            number = next((n for n, v in enumerate(views, 1) if v.available and n <= 9), None)
            if number is None or screen.session.is_ending:
                break
            await pilot.press(str(number))
        await pilot.pause()
        for n in range(rounds + 1):
            screen = app.screen
            assert isinstance(screen, PlayScreen)
            path = _scene_file(story_dir, screen.session.state.scene)
            text = path.read_text()
            title = f"title: Edited {n}"
            reloaded.clear()
            stamps.clear()
            start, start_cpu = time.perf_counter(), time.process_time()
            path.write_text(TITLE.sub(title, text, count=1))
            try:
                await asyncio.wait_for(reloaded.wait(), 30 if n == 0 else 10)
            except TimeoutError:
                if n == 0:  # the watcher was not up yet: the first save is a warm-up anyway
                    continue
                raise
            await pilot.pause()
            if n == 0:
                continue
            if not stamps:
                raise RuntimeError("the reload painted nothing")
            latencies.append(stamps[-1][0] - start)
            cpu.append(stamps[-1][1] - start_cpu)
    return latencies, reload_times[1:], cpu


def save_latency(story_dir: Path, rounds: int = ROUNDS) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(shutil.copytree(story_dir, Path(tmp) / "story"))
        latencies, reloads, cpu = asyncio.run(_saves(draft, Path(tmp) / "home", rounds))
    return {"latency": statistics.median(latencies), "reload": statistics.median(reloads),
            "cpu": statistics.median(cpu)}


def run() -> list[dict[str, Any]]:
    story_dir, which = _story_dir()
    figures = save_latency(story_dir)
    return [
        {"name": f"watch: reload on save, load + replay + redraw ({which})",
         "value": figures["reload"] * 1000, "unit": "ms", "target": "(measured)", "ok": True},
        {"name": f"watch: save to new frame ({which} story, median)",
         "value": figures["latency"] * 1000, "unit": "ms", "target": "<= 300 ms",
         "ok": figures["latency"] <= 0.300},
        {"name": "  of which CPU of the game's process (all threads)",
         "value": figures["cpu"] * 1000, "unit": "ms", "target": "(measured: the rest is "
         "waiting, for the watcher's quiet time and for a core)", "ok": True},
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for row in run():
        mark = "ok" if row["ok"] else "MISSED"
        print(f"{row['name']:58} {row['value']:10.2f} {row['unit']:4} {row['target']} [{mark}]")
