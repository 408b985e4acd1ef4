"""Command line: picks a front end or a tool. Exit 0 fine, 1 story problems, 2 usage.

Start-up is kept lean: a plain `iss-adventure play` imports only this module, the terminal
helper and the start cache before the title's first frame (`docs/architecture.md`, start-up);
argparse (`cli_args.py`), the loader and the tools load when a command needs them.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from .engine.terminal import visible

FIRST_FRAME_ENV = "ISS_ADVENTURE_FIRST_FRAME_EXIT"  # = tui.start.FIRST_FRAME_ENV (a test)

if TYPE_CHECKING:
    from argparse import Namespace

    from .engine.analysis import Report
    from .engine.model import Story
    from .engine.problems import StoryError
    from .engine.startcache import TitleCard


def _story_dir(path: Path | None) -> Path:
    if path is not None:
        return path
    from .engine.resources import default_story_dir

    return default_story_dir()


def _load(path: Path | None, mods: list[Path] | None = None) -> Story:
    from .engine.loader import load_story

    return load_story(_story_dir(path), mods or [])


def say(text: object = "", *, err: bool = False) -> None:
    """Print one message: every command prints through here, so text from a story, a save,
    a log or a file name never reaches the terminal as control characters."""
    print(visible(str(text)), file=sys.stderr if err else sys.stdout)


def _print_problems(err: StoryError) -> None:
    say(err, err=True)


def _json_text(data: object) -> str:
    """JSON for the terminal: C0 controls are escaped by json itself; DEL and C1 controls
    (`\x9b` is a CSI on many terminals) are escaped here too, which is still the same JSON."""
    import json

    return json.dumps(data, indent=2, ensure_ascii=False).translate(_JSON_C1)


_JSON_C1 = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}


def cmd_play(args: Namespace) -> int:
    if args.seed is None:  # chance differs between playthroughs; saves and logs keep the seed
        args.seed = int.from_bytes(os.urandom(4), "big") >> 1  # 0 to 2**31 - 1, as before
    tui = not args.plain and _can_run_tui()
    if args.watch:
        from .cli_watch import play_watching

        return play_watching(_story_dir(args.story), args.mod, args.seed, tui, say)
    if tui and not args.mod:
        started = _play_from_start_cache(_story_dir(args.story), args.no_mods, args.seed,
                                         args.dev)
        if started is not None:
            return started
    from .cli_tools import load_with_enabled_mods
    from .engine.problems import StoryError

    notice = None
    key = None
    try:
        if args.mod:
            story = _load(args.story, args.mod)
        else:
            if tui:  # what the title card depends on, read before the story (see startcache)
                from .engine.startcache import cache_home, start_key

                key = start_key(_story_dir(args.story), cache_home(), args.no_mods)
            story, notice = load_with_enabled_mods(_story_dir(args.story), args.no_mods)
    except StoryError as err:
        say("The story cannot be played:", err=True)
        _print_problems(err)
        return 1
    if notice:
        print(visible(notice), file=sys.stderr)
    if tui:
        try:
            from .tui.app import run_tui
        except ImportError:
            pass
        else:
            if key is not None and notice is None:  # loaded cleanly: the next start is fast
                from .engine.startcache import cache_home, card_of, remember

                remember(key, card_of(story), cache_home())
            return run_tui(story, seed=args.seed, notice=notice, dev=args.dev,
                           mods=args.mod or ())
    from .plain import play_plain

    return play_plain(story, seed=args.seed, log_path=args.log, resume=args.resume)


def _play_from_start_cache(root: Path, no_mods: bool, seed: int,
                           dev: bool = False) -> int | None:
    """Start the TUI before loading a story whose title card is in the start cache (it loaded
    cleanly before with these mods and nothing changed since); None when it is not known.
    The story loads right after the title's first frame; a card found stale then is
    forgotten (and the title shows the story as loaded)."""
    # What the start makes (the modules, Textual's and the title's objects) lives on: the
    # cyclic collector waits for the title's first frame (StartApp turns it back on right
    # after it) instead of walking it again and again while it is made (docs/architecture.md).
    gc.disable()
    status = None
    try:
        from .engine.startcache import cache_home, cached_card

        home = cache_home()
        found = cached_card(root, home, no_mods)
        if found is not None:
            status = _run_from_card(root, home, no_mods, seed, dev, found)
        return status
    finally:
        # `make bench` (FIRST_FRAME_ENV) ends the game at the first frame, before anything
        # that follows it: the story's load, the settings' full read, and the collector
        if status is None or os.environ.get(FIRST_FRAME_ENV) != "1":
            gc.enable()


def _run_from_card(root: Path, home: Path, no_mods: bool, seed: int, dev: bool,
                   found: tuple[str, TitleCard]) -> int | None:
    from .engine.startcache import card_of, remember

    try:
        from .tui.app import run_tui
    except ImportError:
        return None
    key, card = found
    late: list[str] = []

    def load() -> Story:  # right after the title's first frame
        from .cli_tools import load_with_enabled_mods
        from .engine.problems import StoryError

        try:
            story, notice = load_with_enabled_mods(root, no_mods)
        except StoryError:
            remember(key, None, home)
            raise
        if notice:
            late.append(notice)
        if notice or card_of(story) != card:
            remember(key, None, home)
        return story

    return run_tui(load, seed=seed, card=card, late_notices=late, dev=dev)


def _can_run_tui() -> bool:
    """A terminal on both ends, or a Textual driver chosen for us (textual-serve sets one and
    talks to the game over pipes)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def cmd_check(args: Namespace) -> int:
    from .engine.analysis import DEFAULT_BUDGET, Report, check
    from .engine.loader import load_story
    from .engine.problems import StoryError

    root = _story_dir(args.story)
    if not root.is_dir():
        say(f"iss-adventure check: {root} is not a directory", err=True)
        return 2
    budget = args.budget or DEFAULT_BUDGET
    if args.watch:
        from .cli_watch import check_watch
        from .engine.watch import watch_files, watcher_problem

        problem = watcher_problem()
        if problem:
            say(f"iss-adventure check: {problem}", err=True)
            return 2
        return check_watch(root, args.mod, budget, say, watch_files)
    coverage = None
    try:
        story = load_story(root, args.mod)
    except StoryError as err:
        report = Report(problems=err.problems, scenes=0)
    else:
        report = check(story, budget)
        report.problems = [*story.warnings, *report.problems]
        if args.coverage:
            from .engine.coverage import run_coverage

            coverage = run_coverage(story, args.coverage)
    if args.json:
        out = report.as_json()
        if coverage is not None:
            out["coverage"] = coverage.as_json()
        print(_json_text(out))
    else:
        label = " + ".join(str(p) for p in [root, *args.mod])
        say(_report_text(report, Path(label)))
        if coverage is not None:
            say(coverage.as_table())
    return 0 if report.ok else 1


def _report_text(report: Report, root: Path) -> str:
    lines = [str(p) for p in sorted(report.problems)]
    if report.scenes:
        reached = sum(1 for e in report.endings if e.reachable)
        lines.append(f"{report.scenes} scenes, {len(report.endings)} endings "
                     f"({reached} reachable), {report.states_explored} states explored"
                     f"{'' if report.complete else ' (budget reached: incomplete)'}")
        for ending in report.endings:
            if ending.reachable:
                lines.append(f"  ending {ending.id}: {len(ending.witness or [])} choices: "
                             f"{' > '.join(ending.witness or [])}")
            else:
                lines.append(f"  ending {ending.id}: NOT REACHABLE")
    if report.agency:
        lines.append(f"{'agency':32} {'choices':>8} {'change nothing':>15} "
                     f"{'one way on':>11}")
        for act in report.agency:
            lines.append(f"  act {act.act}: {visible(act.title)[:24]:24} {act.choices:>8} "
                         f"{len(act.change_nothing):>15} {len(act.same_next_scene):>11}")
    verdict = "ok" if report.ok else "FAILED"
    lines.append(f"{root}: {verdict}: {len(report.errors)} errors, "
                 f"{len(report.warnings)} warnings")
    return "\n".join(lines)


def cmd_graph(args: Namespace) -> int:
    from .engine.graph import to_dot, to_mermaid
    from .engine.problems import StoryError

    try:
        story = _load(args.story, args.mod)
    except StoryError as err:
        _print_problems(err)
        return 1
    sys.stdout.write(visible(to_dot(story) if args.format == "dot" else to_mermaid(story)))
    return 0


def cmd_serve(args: Namespace) -> int:
    from .engine.saves import data_dir
    from .serve.options import ServeOptions
    from .serve.run import run_serve

    options = ServeOptions(
        data_dir=args.data_dir if args.data_dir is not None else data_dir() / "web",
        story=args.story, mods=tuple(args.mod), host=args.host, port=args.port,
        public_url=args.public_url, max_sessions=args.max_sessions,
        max_visitors=args.max_visitors, max_visitor_bytes=int(args.max_visitor_mb * 1e6),
        forget_after_days=args.forget_after_days)
    return run_serve(options)


def cmd_replay(args: Namespace) -> int:
    from .engine.choicelog import LogError, read_log
    from .engine.machine import Machine
    from .engine.problems import StoryError

    try:
        log = read_log(args.log)
    except LogError as err:
        say(f"iss-adventure replay: {err}", err=True)
        return 2
    try:
        story = _load(args.story, args.mod)
    except StoryError as err:
        _print_problems(err)
        return 1
    machine = Machine(story)
    result = machine.replay(log.steps, log.seed)
    if log.story and log.story != story.fingerprint:
        say(f"note: the log was made with another version of the story ({log.story}); "
            "replaying as far as it fits")
    if tuple(log.mods) != story.mods:
        from .engine.saves import mods_difference

        say(f"note: {mods_difference(tuple(log.mods), story.mods, 'log') or ''}")
    points = result.states.points
    say(f"start: {points[0].scene}")
    for step, point in zip(result.states.steps, points[1:], strict=True):
        say(f"  {step.choice} -> {point.scene}")
    if result.stopped:
        say(f"stopped at {result.stopped}")
        return 1
    scene = machine.scene(result.state)
    if scene.ending is not None:
        say(f"ending: {scene.ending.id} ({scene.ending.title}) after {result.applied} choices")
    else:
        say(f"no ending yet: the log ends in {scene.id} after {result.applied} choices")
    return 0


# `play`'s switches, read without argparse on the common start (see quick_play_args)
_PLAY_SWITCHES = {"--plain": "plain", "--continue": "resume", "--no-mods": "no_mods",
                  "--watch": "watch", "--dev": "dev"}


def quick_play_args(argv: list[str]) -> Namespace | None:
    """`iss-adventure [play [--story DIR] [switches]]` read without argparse, which with its
    nine parsers costs a few milliseconds of the start: the values argparse gives (a test
    compares the two), or None for anything else, which argparse then reads (`--help`,
    `--seed`, `--story=DIR`, abbreviations, mistakes, other commands)."""
    if argv and argv[0] != "play":
        return None
    values: dict[str, object] = {
        "command": "play", "plain": False, "seed": None, "story": None, "log": None,
        "resume": False, "mod": [], "no_mods": False, "watch": False, "dev": False}
    rest = iter(argv[1:])
    for arg in rest:
        if arg in _PLAY_SWITCHES:
            values[_PLAY_SWITCHES[arg]] = True
        elif arg == "--story":
            folder = next(rest, None)
            if folder is None or folder.startswith("-"):
                return None
            values["story"] = Path(folder)
        else:
            return None
    return cast("Namespace", SimpleNamespace(**values))  # read as argparse's Namespace is


_COMMANDS: dict[str, Callable[[Namespace], int]] = {
    "play": cmd_play, "check": cmd_check, "graph": cmd_graph, "replay": cmd_replay,
    "serve": cmd_serve}


def main(argv: list[str] | None = None) -> int:
    args = quick_play_args(sys.argv[1:] if argv is None else argv)
    if args is None:
        from .cli_args import build_parser

        args = build_parser().parse_args(argv)
        if args.command is None:
            args = build_parser().parse_args(["play", *(argv or sys.argv[1:])])
    handler = _COMMANDS.get(args.command)
    if handler is None:
        from .cli_tools import TOOL_COMMANDS

        handler = TOOL_COMMANDS[args.command]
    try:
        status = int(handler(args))
        sys.stdout.flush()  # a closed pipe shows here, inside the try, not at exit
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `check --json | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
