"""What `make fuzz` feeds the game: seeded hostile inputs, and the checks run on each.

Every input is a pure function of (seed, index), so a failure found in a long campaign is
reproduced with `python fuzz/run.py --seed S --only INDEX`. Each kind of input mutates a valid
file the game itself made (a scene of the demo story, a save, a profile, settings, a choice
log, plain-mode keystrokes, an expression) with byte-level damage and a dictionary of known
hostile shapes (aliases, deep nesting, huge numbers, control characters, odd file types), then
runs it through the same code the player or modder would, and `run_case` raises `Failure` on:

- any exception other than the engine's own problem types (StoryError, ExprError, SaveError),
- a control character (ESC, BEL or C1) in anything printed,
- a file the game could not read that is then gone (replaced rather than set aside).

Hangs and memory past the bound are caught by the harness in `run.py`.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import random
import shutil
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from mutate import EXPR_TOKENS, json_bytes, mutate_bytes, mutate_file

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tests" / "fixtures" / "demo"
FORBIDDEN = frozenset({"\x1b", "\x07", *(chr(c) for c in range(0x80, 0xA0))})
WHEN = datetime(2031, 5, 4, 9, 30)


@functools.cache
def demo_story() -> Any:
    """The demo story, loaded once (before the workers fork)."""
    from iss_adventure.engine.loader import load_story

    return load_story(DEMO)


def warm_up() -> None:
    """Import what the cases use and load the demo story, so forked workers start warm."""
    import iss_adventure.cli
    import iss_adventure.engine.analysis
    import iss_adventure.plain
    import iss_adventure.tui.widgets.crew  # noqa: F401

    demo_story()


class Failure(Exception):
    """The game did something issue 15 forbids with this input."""


# -- odd files ---------------------------------------------------------------------------------


def place(rng: random.Random, path: Path, data: bytes) -> str:
    """Write `data` at `path`, or now and then put a FIFO, a folder or a symlink to a device
    there instead; returns which."""
    roll = rng.random()
    if roll < 0.01:
        os.mkfifo(path)
        return "fifo"
    if roll < 0.015:
        path.mkdir()
        return "dir"
    if roll < 0.02 and os.path.exists("/dev/zero"):
        path.symlink_to("/dev/zero")
        return "zero"
    path.write_bytes(data)
    return "file"


def contents(directory: Path) -> list[bytes]:
    """The bytes of every regular file in `directory` (to see whether one survived)."""
    out = []
    for entry in directory.iterdir():
        if entry.is_file() and not entry.is_symlink():
            out.append(entry.read_bytes())
    return out


def check_output(text: str, what: str) -> None:
    found = FORBIDDEN & set(text)
    if found:
        raise Failure(f"control characters {sorted(found)!r} in the output of {what}")


@contextlib.contextmanager
def captured(stdin: bytes = b"") -> Any:
    """sys.stdin, stdout and stderr as byte streams, for running `cli.main` in process."""
    out, err = io.BytesIO(), io.BytesIO()
    streams = (sys.stdin, sys.stdout, sys.stderr)
    wrappers = (io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"),
                io.TextIOWrapper(out, encoding="utf-8", write_through=True),
                io.TextIOWrapper(err, encoding="utf-8", write_through=True))
    sys.stdin, sys.stdout, sys.stderr = wrappers
    result: dict[str, str] = {}
    try:
        yield result
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
        for wrapper in wrappers:
            with contextlib.suppress(ValueError):
                wrapper.flush()
        result["out"] = out.getvalue().decode("utf-8", "replace")
        result["err"] = err.getvalue().decode("utf-8", "replace")
        for wrapper in wrappers:
            with contextlib.suppress(ValueError):
                wrapper.detach()  # so collecting the wrapper does not close the buffer


def run_cli(args: list[str], stdin: bytes = b"") -> str:
    from iss_adventure.cli import main

    with captured(stdin) as streams:
        code = main(args)
    text: str = streams["out"] + streams["err"]
    if "Traceback" in text:
        raise Failure(f"a traceback from {args[0]}")
    check_output(text, " ".join(args[:1]))
    if code not in (0, 1, 2):
        raise Failure(f"exit status {code} from {args[0]}")
    return text


# -- the kinds of input --------------------------------------------------------------------------


def random_keys(rng: random.Random) -> bytes:
    parts = [rng.choice([b"1", b"2", b"3", b"4", b"0", b"\xc2\xb2", b"9" * 5000, b"\xff\xfe",
                         b"", b" 1 ", b"q", b"\x1b[2J", b"1" * 20, b"-1", b"\x00", b"x" * 5000,
                         b"\r", b"\xe0\xa5\xa9"]) for _ in range(rng.randrange(1, 30))]
    data = b"\n".join(parts)
    return data if rng.random() < 0.5 else data + b"\n"


def case_scene(rng: random.Random, work: Path) -> None:
    root = work / "story"
    shutil.copytree(DEMO, root)
    files = sorted(root.rglob("*.yaml"))
    target = rng.choice(files)
    data = mutate_file(rng, target.read_bytes())
    target.unlink()
    if rng.random() < 0.03:  # a file name that is not UTF-8, or holds an escape sequence
        name = rng.choice([b"b\xffad.yaml", b"\x1b]0;x\x07.yaml"])
        target = Path(os.fsdecode(os.fsencode(str(target.parent)) + b"/" + name))
    place(rng, target, data)
    run_story_commands(rng, root)


def case_story(rng: random.Random, work: Path) -> None:
    root = work / "story"
    shutil.copytree(DEMO, root)
    target = root / "story.yaml"
    data = mutate_file(rng, target.read_bytes())
    target.unlink()
    place(rng, target, data)
    run_story_commands(rng, root)


def run_story_commands(rng: random.Random, root: Path) -> None:
    from iss_adventure.engine.loader import load_story
    from iss_adventure.engine.problems import StoryError

    try:
        story = load_story(root)
    except StoryError:
        run_cli(["check", str(root)])
        return
    run_cli(["check", str(root), "--budget", "3000"])
    run_cli(["check", str(root), "--budget", "3000", "--json"])
    run_cli(["graph", str(root), "--format", rng.choice(["dot", "mermaid"])])
    run_cli(["play", "--plain", "--story", str(root), "--seed", str(rng.randrange(5))],
            random_keys(rng))
    tui_views(story, rng)


def tui_views(story: Any, rng: random.Random) -> None:
    """What the TUI draws from a story or a state, without a terminal: the crew lines, the
    prose blocks, the countdown label (pure functions of the text)."""
    from iss_adventure.engine.machine import Machine
    from iss_adventure.tui.widgets.crew import crew_lines

    machine = Machine(story)
    state = machine.new_game()
    for _ in range(rng.randrange(6)):
        options = machine.available(state)
        if not options:
            break
        state = machine.choose(state, rng.choice(options).id)
    for line in crew_lines(story, state, rng.choice((20, 28, 60))):
        if line.cell_length > 500:
            raise Failure(f"a crew line {line.cell_length} cells wide")
        check_output(line.plain, "the crew panel")
    for choice in machine.choices(state):
        if choice.reason is not None:
            check_output_after_visible(choice.reason)  # shown only through visible()


def case_expr(rng: random.Random, work: Path) -> None:
    from iss_adventure.engine.expr import Compiler, ExprError
    story = demo_story()
    compiler = Compiler(story.variables)
    source = "".join(rng.choice(EXPR_TOKENS) for _ in range(rng.randrange(1, 12)))
    if rng.random() < 0.3:
        source = mutate_bytes(rng, source.encode(), EXPR_TOKENS).decode("utf-8", "replace")
    values = [story.initial_vars]
    for _ in range(3):
        values.append(tuple(
            rng.randint(v.min or 0, v.max or 3) if v.type == "int" else
            rng.random() < 0.5 if v.type == "bool" else rng.choice(v.values or ("",))
            for v in story.variables))
    try:
        predicate, reason = compiler.condition(source)
    except ExprError:
        pass
    else:
        for vars_ in values:
            predicate(vars_)
            check_output(reason(vars_), "a locked reason")
    try:
        _, fn = compiler.effect(source)
    except ExprError:
        return
    for vars_ in values:
        fn(vars_)


def _played_state(rng: random.Random, story: Any) -> Any:
    from iss_adventure.engine.machine import Machine

    machine = Machine(story)
    state = machine.new_game(rng.randrange(3))
    for _ in range(rng.randrange(8)):
        options = machine.available(state)
        if not options:
            break
        state = machine.choose(state, rng.choice(options).id)
    return state


def case_save(rng: random.Random, work: Path) -> None:
    from iss_adventure.engine.saves import SLOTS, BrokenSave, SaveError, SaveStore
    from iss_adventure.plain import PlainGame

    story = demo_story()
    home = work / "home"
    home.mkdir()
    store = SaveStore(home)
    slot = rng.choice(SLOTS)
    store.save(slot, story, _played_state(rng, story), rng.random() * 100, WHEN)
    original = json_bytes(rng, json.loads(store.path(slot).read_bytes()))
    store.path(slot).unlink()
    kind = place(rng, store.path(slot), original)
    store = SaveStore(home)
    entries = store.entries()
    readable = any(not isinstance(e, BrokenSave) for e in entries)
    store.latest()
    try:
        loaded = store.load(slot, story)
    except SaveError as err:
        check_output_after_visible(str(err))
        readable = False
    else:
        out = io.StringIO()
        game = PlainGame(story, out, io.StringIO("q\n"), width=rng.choice((20, 60)))
        game.show_scene(loaded.state)
        check_output(out.getvalue(), "plain mode on a loaded save")
        tui_views_state(story, loaded.state)
    with contextlib.suppress(SaveError):  # a new game autosaves over the slot: what could
        store.save(slot, story, _played_state(rng, story), 1.0, WHEN)  # not be read survives
    if not readable and kind == "file" and original not in contents(home):
        raise Failure("an unreadable save was replaced")


def check_output_after_visible(text: str) -> None:
    """Messages are shown through visible(); it must leave nothing raw."""
    from iss_adventure.engine.terminal import visible

    check_output(visible(text), "a message")


def tui_views_state(story: Any, state: Any) -> None:
    from iss_adventure.tui.widgets.crew import crew_lines

    for line in crew_lines(story, state, 28):
        if line.cell_length > 500:
            raise Failure(f"a crew line {line.cell_length} cells wide")


def case_profile(rng: random.Random, work: Path) -> None:
    from iss_adventure.engine.profile import PROFILE_FILE, Profile

    story = demo_story()
    home = work / "home"
    home.mkdir()
    profile = Profile(home)
    profile.record(story, None, _played_state(rng, story))
    profile.save()
    original = json_bytes(rng, json.loads((home / PROFILE_FILE).read_bytes()))
    (home / PROFILE_FILE).unlink()
    kind = place(rng, home / PROFILE_FILE, original)
    loaded = Profile.load(home)
    if loaded.problem:
        check_output_after_visible(loaded.problem)
    before = _played_state(rng, story)
    loaded.record(story, before, _played_state(rng, story))
    loaded.save()
    if kind == "file" and (loaded.problem or loaded.read_only) and \
            original not in contents(home):
        raise Failure("an unreadable profile was replaced")


def case_settings(rng: random.Random, work: Path) -> None:
    from iss_adventure.engine.profile import (
        SETTINGS_FILE,
        Settings,
        load_settings_checked,
        save_settings,
    )

    home = work / "home"
    home.mkdir()
    original = json_bytes(rng, {"format": 1, "theme": "textual-dark", "typewriter": True,
                                "timers": True})
    kind = place(rng, home / SETTINGS_FILE, original)
    settings, problem = load_settings_checked(home)
    if problem:
        check_output_after_visible(problem)
    save_settings(home, Settings(typewriter=not settings.typewriter))
    if kind == "file" and problem and original not in contents(home):
        raise Failure("unreadable settings were replaced")


def case_keys(rng: random.Random, work: Path) -> None:
    run_cli(["play", "--plain", "--story", str(DEMO), "--seed", str(rng.randrange(5))],
            random_keys(rng))


def case_log(rng: random.Random, work: Path) -> None:
    from iss_adventure.engine.choicelog import log_of
    story = demo_story()
    document = json.loads(json.dumps({
        "version": 1, "seed": 0, "story": story.fingerprint,
        "steps": [[step.scene, step.choice] for step in log_of(_played_state(rng, story),
                                                 story.fingerprint).steps]}))
    path = work / "log.json"
    place(rng, path, json_bytes(rng, document))
    run_cli(["replay", str(path), "--story", str(DEMO)])


CASES: dict[str, Callable[[random.Random, Path], None]] = {
    "scene": case_scene,
    "story": case_story,
    "expr": case_expr,
    "save": case_save,
    "profile": case_profile,
    "settings": case_settings,
    "keys": case_keys,
    "log": case_log,
}
KINDS = tuple(CASES)


def kind_of(index: int) -> str:
    return KINDS[index % len(KINDS)]


def run_case(seed: int, index: int, work: Path) -> None:
    """Run input `index` of campaign `seed` in the empty folder `work`."""
    from iss_adventure.engine.expr import ExprError
    from iss_adventure.engine.problems import StoryError
    from iss_adventure.engine.saves import SaveError

    rng = random.Random(seed * 1_000_003 + index)
    with contextlib.suppress(StoryError, ExprError, SaveError):  # the engine's own problem
        CASES[kind_of(index)](rng, work)  # types: a clean report, not a failure
