"""Textual UI figures: cold start, choice latency, memory after ten scenes and a long game.

(a) Cold start of `iss-adventure play` to the first painted frame of the title screen, as a
    ratio to a bare one-widget Textual app, both launched side by side as subprocesses on a
    pseudo-terminal (so the real driver runs) and exiting after their first frame
    (ISS_ADVENTURE_FIRST_FRAME_EXIT=1 for the game). Wall and CPU time of the whole process.
    A warm-up run first: it fills the start cache (the title card, by story fingerprint,
    settings and installed mods), so the measured starts paint the title before loading the
    story, as every start after the first. The game's modules are byte-compiled first, as an
    install (or any first run) leaves them, like Textual's in the bare app: on a machine with
    PYTHONDONTWRITEBYTECODE set the game would otherwise compile its own modules on every
    start while Textual's come compiled. The same start without that bytecode (the game
    compiling ~2,500 lines of its own source each time) is measured too, as a reference.
(b) Choice key to the next scene fully rendered, in process with Textual's Pilot: the median
    over ~90 choices, against a bare Static update of a scene-sized text measured the same way
    (three rounds of 30 of each, in turn: the load of a shared machine moves in between).
    Also, as a reference, the same Static update in an app of the play screen's shape (header
    line, text beside a sidebar, footer): Textual re-renders every widget on a dirty line, so
    the shape alone costs more than the one-widget app (docs/architecture.md).
(c) Resident memory (RSS) of a process that has played ten scenes, with the typewriter off
    and on (the player's default: each scene typed to its end, frames drawn as it types). And
    a long game in one process (as a player who plays for hours, or one `serve` visitor),
    typewriter off and on, each in a fresh process: every screen opened once first, then 300
    scenes with restarts, an aside every few scenes (undo and redo, flowchart, trust, saves,
    settings, history, help, a quicksave, the title and Continue); resident memory after 300
    scenes against after 10 and 150 (after a full collection and a trim of the C heap), and
    the typewriter's game
    against the other after 300. Python rarely hands freed memory back, and Textual's bounded
    caches (geometry, rendered strips) fill as the game goes on, so some growth is expected:
    the ratio must level off, not climb with every screen opened or scene typed
    (docs/architecture.md, "Memory").

Run alone: `python benchmarks/bench_tui.py` (or through `make bench`); `--choice` runs only (b),
`--start` only (a) without the reference start that is not byte-compiled.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

START_ROUNDS = 7
CHOICES = 30
# (b) runs the game, the bare app and the shaped one in turn this many times and pools the
# choices: on a shared machine the load moves between one app's run and the next, and one
# run of each let a change of load between them pass for a change of the ratio.
CHOICE_ROUNDS = 3
SCENES_FOR_RSS = 10
LONG_GAME = (10, 150, 300)  # scenes played when resident memory is read in the long game
# Targets: after 300 scenes at most LONG_GROWTH times the memory after 10, and at most
# LONG_LEVEL times the memory after 150. Measured 1.20x and 1.03x (Textual's bounded caches
# fill by about 150 scenes); with one flowchart screen deliberately kept per opening (seven in
# the run, ~1.2 MiB each) they were 1.32x and 1.09x.
LONG_GROWTH = 1.25
LONG_LEVEL = 1.05
# Target: after 300 scenes typed by the typewriter, at most this times the memory of the same
# game with the typewriter off. On a terminal it was 1.75x (113 MiB against 64) before the
# footer forgot the keys it replaced (textual#6666), 1.08x (58 against 54) after
# (docs/architecture.md, "Memory").
TYPEWRITER_COST = 1.15
# The typewriter draws 30 frames a second (~65 a scene); the bench draws every sixth of them
# (each a new partial text, as on screen): every frame drawn made the long game 5 minutes of
# CPU. The caches the partial texts fill are bounded either way (docs/architecture.md).
TYPED_FRAMES = 6
# what the player does now and then in the long game: keys, a screen opened and closed
ASIDES: tuple[tuple[str, ...], ...] = (
    ("u", "u", "r"), ("f", "escape"), ("t", "escape"), ("s", "escape"), ("o", "escape"),
    ("h", "escape"), ("f1", "escape"), ("f5",), ("escape", "c"),
)
ASIDE_EVERY = 5  # scenes
SIZE = (100, 32)

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("ISS Adventure")

    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run()
"""


def _story_dir() -> tuple[Path, str]:
    """The shipped story if it loads, else the demo fixture (the story is being written)."""
    from iss_adventure.engine.loader import load_story
    from iss_adventure.engine.problems import StoryError
    from iss_adventure.engine.resources import default_story_dir

    shipped = default_story_dir()
    try:
        load_story(shipped)
    except StoryError:
        return Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "demo", "demo"
    return shipped, "shipped"


# ---------------------------------------------------------------- (a) cold start


def _run_on_pty(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process run on a pseudo-terminal of SIZE."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    try:
        while True:  # drain the terminal so the child never blocks on a full buffer
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    if not os.read(master, 65536):
                        break
                except OSError:
                    break
            elif proc.poll() is not None:
                break
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    finally:
        os.close(master)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{argv} exited with {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_utime + usage.ru_stime


def _game_bytecode(compiled: bool) -> None:
    """Byte-compile the game's package, or remove that bytecode (a cache: nothing else)."""
    import compileall
    import shutil

    import iss_adventure

    package = Path(iss_adventure.__file__).parent
    if compiled:
        compileall.compile_dir(package, quiet=1)
    else:
        for cache in package.rglob("__pycache__"):
            shutil.rmtree(cache, ignore_errors=True)


def cold_start(story: Path, rounds: int = START_ROUNDS, compiled: bool = True) -> dict[str, float]:
    """Medians of the bare app and of the game, interleaved, with one warm-up each."""
    _game_bytecode(compiled)
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "ISS_ADVENTURE_HOME": home, "ISS_ADVENTURE_FIRST_FRAME_EXIT": "1",
               "TERM": "xterm-256color", "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1])}
        env.pop("TEXTUAL", None)
        if not compiled:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        bare_argv = [sys.executable, "-c", BARE_APP]
        game_argv = [sys.executable, "-m", "iss_adventure", "play", "--story", str(story)]
        _run_on_pty(bare_argv, env)
        _run_on_pty(game_argv, env)
        bare: list[tuple[float, float]] = []
        game: list[tuple[float, float]] = []
        for _ in range(rounds):
            bare.append(_run_on_pty(bare_argv, env))
            game.append(_run_on_pty(game_argv, env))
    out = {
        "bare_wall": statistics.median(w for w, _ in bare),
        "game_wall": statistics.median(w for w, _ in game),
        "bare_cpu": statistics.median(c for _, c in bare),
        "game_cpu": statistics.median(c for _, c in game),
    }
    out["ratio_wall"] = out["game_wall"] / out["bare_wall"]
    out["ratio_cpu"] = out["game_cpu"] / out["bare_cpu"]
    return out


# ---------------------------------------------------------------- (b) choice latency


Stamp = tuple[float, float]  # wall, CPU


def _frame_stamps(app: Any) -> list[Stamp]:
    """When the app hands a finished frame to its driver (headless: not written out)."""
    stamps: list[Stamp] = []
    display = app._display

    def timed(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            stamps.append((time.perf_counter(), time.process_time()))
        display(screen, renderable)

    app._display = timed
    return stamps


async def _timed_press(pilot: Any, stamps: list[Stamp], key: str) -> Stamp:
    """Wall and CPU seconds from the key to the last frame it caused (the app idle again)."""
    stamps.clear()
    wall, cpu = time.perf_counter(), time.process_time()
    await pilot.press(key)
    await pilot.pause()
    if not stamps:
        raise RuntimeError(f"key {key!r} painted nothing")
    return stamps[-1][0] - wall, stamps[-1][1] - cpu


def _scene_text(words: int = 400) -> str:
    return " ".join(f"word{n % 37}" for n in range(words))


def _textual_scrollbars() -> None:
    """The reference apps draw their scrollbars Textual's own way: the game's ISSApp swaps
    `ScrollBar.renderer` for the whole process (widgets/scrollbar.py), and the rounds
    interleave the game and the references in one process."""
    from textual.scrollbar import ScrollBar, ScrollBarRender

    ScrollBar.renderer = ScrollBarRender


async def _bare_static_updates(count: int) -> list[Stamp]:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    _textual_scrollbars()

    texts = [_scene_text(), _scene_text(380)]

    class Bare(App[None]):
        BINDINGS = [("x", "swap", "Swap")]

        def __init__(self) -> None:
            super().__init__()
            self.n = 0

        def compose(self) -> ComposeResult:
            yield Static(texts[0], id="text", markup=False)

        def action_swap(self) -> None:
            self.n += 1
            self.query_one("#text", Static).update(texts[self.n % 2])

    times: list[Stamp] = []
    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        stamps = _frame_stamps(app)
        await pilot.pause()
        for _ in range(count + 3):
            times.append(await _timed_press(pilot, stamps, "x"))
    return times[3:]


SHAPED_CSS = """
#hdr { height: 1; } #hdr Static { width: auto; } #title { width: 1fr; }
#body { height: 1fr; } #main { width: 1fr; padding: 0 1; } #side { width: 34; }
#side Static { border: round $primary; padding: 0 1; }
"""


async def _shaped_static_updates(count: int) -> list[Stamp]:
    """The same Static update in an app of the play screen's shape (a header line, the text
    beside a sidebar of two bordered panels, a footer): what the shape alone costs."""
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.widgets import Footer, Static

    _textual_scrollbars()
    texts = [_scene_text(), _scene_text(380)]

    class Shaped(App[None]):
        CSS = SHAPED_CSS
        BINDINGS = [("x", "swap", "Swap")]

        def __init__(self) -> None:
            super().__init__()
            self.n = 0

        def compose(self) -> ComposeResult:
            with Horizontal(id="hdr"):
                yield Static("ACT I", id="act")
                yield Static("A scene", id="title")
                yield Static("Day 1, 06:00", id="time")
            with Horizontal(id="body"):
                with Vertical(id="main"):
                    yield Static(texts[0], id="text", markup=False)
                with VerticalScroll(id="side"):
                    yield Static("\n".join(f"crew member {n}" for n in range(8)))
                    yield Static("\n".join(f"station row {n}" for n in range(14)))
            yield Footer()

        def action_swap(self) -> None:
            self.n += 1
            self.query_one("#text", Static).update(texts[self.n % 2])

    times: list[Stamp] = []
    app = Shaped()
    async with app.run_test(size=SIZE) as pilot:
        stamps = _frame_stamps(app)
        await pilot.pause()
        for _ in range(count + 3):
            times.append(await _timed_press(pilot, stamps, "x"))
    return times[3:]


async def _game_choices(story_dir: Path, count: int, home: Path) -> list[Stamp]:
    from iss_adventure.engine.loader import load_story
    from iss_adventure.engine.profile import Settings
    from iss_adventure.tui.app import ISSApp
    from iss_adventure.tui.screens.play import PlayScreen

    story = load_story(story_dir)
    app = ISSApp(story, seed=1, home=home, settings=Settings(typewriter=False, timers=False))
    times: list[Stamp] = []
    async with app.run_test(size=SIZE) as pilot:
        stamps = _frame_stamps(app)
        await pilot.press("n")
        await pilot.pause()
        while len(times) < count + 3:
            screen = app.screen
            assert isinstance(screen, PlayScreen)
            session = screen.session
            views = session.choices()
            if session.is_ending or not any(v.available for v in views):
                app.action_restart()
                await pilot.pause()
                continue
            # the last available choice: it tends to move the story on rather than loop
            number = max(n for n, v in enumerate(views, start=1) if v.available)
            if number > 9:
                number = next(n for n, v in enumerate(views, start=1) if v.available)
            times.append(await _timed_press(pilot, stamps, str(number)))
        await app.workers.wait_for_complete()
    return times[3:]


def choice_latency(story_dir: Path, count: int = CHOICES,
                   rounds: int = CHOICE_ROUNDS) -> dict[str, float]:
    game: list[Stamp] = []
    bare: list[Stamp] = []
    shaped: list[Stamp] = []
    for _ in range(rounds):  # in turn, so that each sees the same spread of load
        with tempfile.TemporaryDirectory() as home:
            game += asyncio.run(_game_choices(story_dir, count, Path(home)))
        bare += asyncio.run(_bare_static_updates(count))
        shaped += asyncio.run(_shaped_static_updates(count))
    out = {
        "shaped_cpu": statistics.median(c for _, c in shaped),
        "game": statistics.median(w for w, _ in game),
        "bare": statistics.median(w for w, _ in bare),
        "game_cpu": statistics.median(c for _, c in game),
        "bare_cpu": statistics.median(c for _, c in bare),
    }
    out["ratio"] = out["game"] / out["bare"]
    out["ratio_cpu"] = out["game_cpu"] / out["bare_cpu"]
    out["shaped_ratio_cpu"] = out["shaped_cpu"] / out["bare_cpu"]
    return out


# ---------------------------------------------------------------- (c) memory


class _FrameClock:
    """The game's clock, moved by the bench one typewriter frame at a time."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def _read(app: Any, pilot: Any, clock: _FrameClock) -> None:
    """Let the typewriter type the scene on screen to its end (as a player who reads as it
    types sees it), every TYPED_FRAMES-th of its frames drawn, without waiting out their
    real time."""
    from iss_adventure.tui.widgets.prose import REVEAL_FPS, ProseView

    prose = app.screen.query_one(ProseView)
    while prose.revealing:
        clock.now += TYPED_FRAMES / REVEAL_FPS
        prose._advance()  # what the typewriter's timer does every frame
        await pilot.pause()


async def _play_scenes(story_dir: Path, scenes: int, home: Path, typewriter: bool) -> int:
    from iss_adventure.engine.loader import load_story
    from iss_adventure.engine.profile import Settings
    from iss_adventure.tui.app import ISSApp
    from iss_adventure.tui.screens.play import PlayScreen

    story = load_story(story_dir)
    clock = _FrameClock()
    app = ISSApp(story, seed=1, home=home, clock=clock,
                 settings=Settings(typewriter=typewriter, timers=False))
    seen = 0
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        seen = 1
        while seen < scenes:
            screen = app.screen
            assert isinstance(screen, PlayScreen)
            await _read(app, pilot, clock)
            views = screen.session.choices()
            available = [n for n, v in enumerate(views, start=1) if v.available and n <= 9]
            if screen.session.is_ending or not available:
                app.action_restart()
            else:
                await pilot.press(str(available[-1]))
            await pilot.pause()
            seen += 1
        await _read(app, pilot, clock)
        await app.workers.wait_for_complete()
    return seen


def _rss_child(story_dir: str, typewriter: bool) -> None:
    with tempfile.TemporaryDirectory() as home:
        asyncio.run(_play_scenes(Path(story_dir), SCENES_FOR_RSS, Path(home), typewriter))
    rss_kb = 0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
    print(rss_kb)


def _trim() -> None:
    """Hand the C heap's free pages back to the system (glibc's malloc_trim), so resident
    memory counts what the game holds, more than where the allocator's free space happens to
    lie (the typewriter's 300-to-150 ratio read 1.07x and 1.06x without it, 1.04x with it;
    docs/architecture.md, "Memory")."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name:
        trim = getattr(ctypes.CDLL(name), "malloc_trim", None)
        if trim is not None:
            trim(0)


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def _long_game(story_dir: Path, home: Path, typewriter: bool) -> list[float]:
    """Resident MiB after each count of scenes in LONG_GAME, in one process (see (c))."""
    import gc

    from iss_adventure.engine.loader import load_story
    from iss_adventure.engine.profile import Settings
    from iss_adventure.tui.app import ISSApp
    from iss_adventure.tui.screens.play import PlayScreen

    story = load_story(story_dir)
    clock = _FrameClock()
    app = ISSApp(story, seed=1, home=home, clock=clock,
                 settings=Settings(typewriter=typewriter, timers=False))
    marks: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        for keys in ASIDES:  # every screen once: its modules and first caches count as a start
            await pilot.press(*keys)
        seen = 1
        while len(marks) < len(LONG_GAME):
            screen = app.screen
            assert isinstance(screen, PlayScreen), screen
            await _read(app, pilot, clock)
            views = screen.session.choices()
            available = [n for n, v in enumerate(views, start=1) if v.available and n <= 9]
            if screen.session.is_ending or not available:
                app.action_restart()
                await pilot.pause()
                if not isinstance(app.screen, PlayScreen):  # stuck: "Start again?"
                    await pilot.press("y")
            else:
                await pilot.press(str(available[seen % len(available)]))
            await pilot.pause()
            seen += 1
            if seen % ASIDE_EVERY == 0:
                await pilot.press(*ASIDES[seen // ASIDE_EVERY % len(ASIDES)])
                await pilot.pause()
            if seen == LONG_GAME[len(marks)]:
                await app.workers.wait_for_complete()
                del screen
                gc.collect()
                _trim()
                marks.append(_rss_mib())
                print(f"{seen} scenes: {marks[-1]:.1f} MiB, {time.process_time():.0f} s CPU",
                      file=sys.stderr, flush=True)
        await app.workers.wait_for_complete()
    return marks


def _long_child(story_dir: str, typewriter: bool) -> None:
    with tempfile.TemporaryDirectory() as home:
        marks = asyncio.run(_long_game(Path(story_dir), Path(home), typewriter))
    print(" ".join(f"{mark:.2f}" for mark in marks))


def long_game_rss(story_dir: Path, typewriter: bool) -> list[float]:
    """MiB resident after each count of scenes in LONG_GAME, in one fresh process."""
    out = subprocess.run([sys.executable, __file__, "--long", str(story_dir), _on(typewriter)],
                         capture_output=True, text=True, check=True)
    return [float(mark) for mark in out.stdout.strip().splitlines()[-1].split()]


def _on(typewriter: bool) -> str:
    return "typewriter" if typewriter else "plain"


def rss_after_scenes(story_dir: Path, typewriter: bool) -> float:
    """MiB resident after SCENES_FOR_RSS scenes, in a fresh process."""
    out = subprocess.run([sys.executable, __file__, "--rss", str(story_dir), _on(typewriter)],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


# ---------------------------------------------------------------- rows


def choice_rows(story_dir: Path, which: str) -> list[dict[str, Any]]:
    """The rows of (b), choice latency."""
    latency = choice_latency(story_dir)
    return [
        {"name": "tui bare Static update of 400 words (median)",
         "value": latency["bare"] * 1000, "unit": "ms", "target": "(baseline)", "ok": True},
        {"name": f"tui choice key to next scene rendered ({which}, median)",
         "value": latency["game"] * 1000, "unit": "ms", "target": "<= 50 ms",
         "ok": latency["game"] <= 0.050},
        {"name": f"tui choice key to next scene rendered ({which}, CPU)",
         "value": latency["game_cpu"] * 1000, "unit": "ms", "target": "<= 50 ms",
         "ok": latency["game_cpu"] <= 0.050},
        {"name": "tui bare Static update of 400 words (CPU)",
         "value": latency["bare_cpu"] * 1000, "unit": "ms", "target": "(baseline)", "ok": True},
        {"name": "tui choice latency ratio to bare Static update (wall)",
         "value": latency["ratio"], "unit": "x", "target": "(measured)", "ok": True},
        {"name": "tui choice latency ratio to bare Static update (CPU)",
         "value": latency["ratio_cpu"], "unit": "x", "target": "<= 1.5x",
         "ok": latency["ratio_cpu"] <= 1.5},
        {"name": "tui same Static update, app of the play screen's shape (CPU)",
         "value": latency["shaped_ratio_cpu"], "unit": "x", "target": "(floor of the shape)",
         "ok": True},
    ]


def start_rows(story_dir: Path, which: str, uncompiled: bool = True) -> list[dict[str, Any]]:
    """The rows of (a), cold start; `uncompiled`: with the reference start without the
    game's bytecode."""
    rows: list[dict[str, Any]] = []
    reference = cold_start(story_dir, rounds=5, compiled=False) if uncompiled else None
    start = cold_start(story_dir)
    rows += [
        {"name": "tui cold start: bare one-widget Textual app (wall)",
         "value": start["bare_wall"], "unit": "s", "target": "(baseline)", "ok": True},
        {"name": f"tui cold start: iss-adventure to title ({which} story, wall)",
         "value": start["game_wall"], "unit": "s", "target": "(measured)", "ok": True},
        {"name": "tui cold start: bare one-widget Textual app (CPU)",
         "value": start["bare_cpu"], "unit": "s", "target": "(baseline)", "ok": True},
        {"name": f"tui cold start: iss-adventure to title ({which} story, CPU)",
         "value": start["game_cpu"], "unit": "s", "target": "(measured)", "ok": True},
        {"name": "tui cold start ratio to bare app (wall)",
         "value": start["ratio_wall"], "unit": "x", "target": "(measured)", "ok": True},
        {"name": "tui cold start ratio to bare app (CPU)",
         "value": start["ratio_cpu"], "unit": "x", "target": "<= 1.15x",
         "ok": start["ratio_cpu"] <= 1.15},
    ]
    if reference is not None:
        rows.append({"name": "tui cold start ratio, game not byte-compiled (CPU)",
                     "value": reference["ratio_cpu"], "unit": "x", "target": "(reference)",
                     "ok": True})
    return rows


def run() -> list[dict[str, Any]]:
    story_dir, which = _story_dir()
    rows = start_rows(story_dir, which)
    rows += choice_rows(story_dir, which)
    plain_rss, typed_rss = rss_after_scenes(story_dir, False), rss_after_scenes(story_dir, True)
    rows += [
        {"name": f"tui resident memory after {SCENES_FOR_RSS} scenes (typewriter off)",
         "value": plain_rss, "unit": "MiB", "target": "(baseline)", "ok": True},
        {"name": f"tui resident memory after {SCENES_FOR_RSS} scenes (typewriter on)",
         "value": typed_rss, "unit": "MiB", "target": "<= 150 MiB", "ok": typed_rss <= 150},
    ]
    marks = {typewriter: long_game_rss(story_dir, typewriter) for typewriter in (False, True)}
    for typewriter, (short, middle, long) in marks.items():
        mode = "typewriter on" if typewriter else "typewriter off"
        rows += [
            {"name": f"tui long game, {mode}: resident after {LONG_GAME[0]} scenes",
             "value": short, "unit": "MiB", "target": "(baseline)", "ok": True},
            {"name": f"tui long game, {mode}: resident after {LONG_GAME[2]} scenes",
             "value": long, "unit": "MiB", "target": "(measured)", "ok": True},
            {"name": f"tui long game, {mode}: growth, {LONG_GAME[2]} to {LONG_GAME[0]} scenes",
             "value": long / short, "unit": "x", "target": f"<= {LONG_GROWTH}x",
             "ok": long / short <= LONG_GROWTH},
            {"name": f"tui long game, {mode}: growth, {LONG_GAME[2]} to {LONG_GAME[1]} scenes",
             "value": long / middle, "unit": "x", "target": f"<= {LONG_LEVEL}x (levels off)",
             "ok": long / middle <= LONG_LEVEL},
        ]
    typed_ratio = marks[True][2] / marks[False][2]
    rows.append({"name": f"tui long game: typewriter on to off, after {LONG_GAME[2]} scenes",
                 "value": typed_ratio, "unit": "x", "target": f"<= {TYPEWRITER_COST}x",
                 "ok": typed_ratio <= TYPEWRITER_COST})
    return rows


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--rss":
        _rss_child(sys.argv[2], sys.argv[3] == "typewriter")
    elif len(sys.argv) == 4 and sys.argv[1] == "--long":
        _long_child(sys.argv[2], sys.argv[3] == "typewriter")
    else:
        # --choice: only (b), the choice latency; --start: only (a), the cold start with the
        # game byte-compiled (while working on either)
        if sys.argv[1:] == ["--choice"]:
            rows = choice_rows(*_story_dir())
        elif sys.argv[1:] == ["--start"]:
            rows = start_rows(*_story_dir(), uncompiled=False)
        else:
            rows = run()
        for row in rows:
            mark = "ok" if row["ok"] else "MISSED"
            print(f"{row['name']:58} {row['value']:10.2f} {row['unit']:4} {row['target']} "
                  f"[{mark}]")
