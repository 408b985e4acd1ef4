"""`check --watch`: the checker re-run on every save, printing what changed, like a
compiler's watch mode; and how `play --watch` starts. Kept apart from cli.py, which
registers the flags."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from .engine.model import Story
from .engine.problems import Problem
from .engine.watch import StoryWatch, Watcher, diff_problems, fingerprint


def check_once(watch: StoryWatch, budget: int) -> tuple[list[Problem], str]:
    """Every problem of the story on disk (loader and checker) and a one-line verdict."""
    from .engine.analysis import check

    reload = watch.reload()
    if reload.story is None:
        problems = list(reload.problems)
        summary = "the story does not load"
    else:
        report = check(reload.story, budget)
        problems = sorted([*reload.story.warnings, *report.problems])
        reached = sum(1 for e in report.endings if e.reachable)
        summary = (f"{report.scenes} scenes, {reached} of {len(report.endings)} endings "
                   f"reachable, {report.states_explored:,} states"
                   f"{'' if report.complete else ' (budget reached)'}")
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    verdict = "ok" if not errors else "FAILED"
    return problems, f"{verdict}: {errors} errors, {warnings} warnings; {summary}"


def play_watching(root: Path, mods: Sequence[Path], seed: int, tui: bool,
                  say: Callable[..., None]) -> int:
    """`play --watch`: the --mod folders given, no others; a story that does not load yet
    has its problems printed and starts on the first save that fixes them."""
    if not tui:
        say("iss-adventure play: --watch needs the full-screen game (a terminal, not --plain)",
            err=True)
        return 2
    from .engine.watch import watch_files, watcher_problem

    problem = watcher_problem()
    if problem:
        say(f"iss-adventure play: {problem}", err=True)
        return 2
    watch = StoryWatch(root, mods)
    loaded = wait_until_it_loads(watch, say, watch_files)
    if loaded is None:
        return 1
    from .tui.app import run_tui

    return run_tui(loaded, seed=seed, watch=watch, dev=True)


def wait_until_it_loads(watch: StoryWatch, say: Callable[[str], None], watcher: Watcher,
                        stop: threading.Event | None = None) -> Story | None:
    """`play --watch` on a story that does not load: print its problems, then again on each
    save, until one loads (returned); None when stopped first."""
    reload = watch.reload()
    if reload.story is not None:
        return reload.story
    say("The story cannot be played yet:")
    for problem in reload.problems:
        say(str(problem))
    say("Waiting for a save that fixes it (Ctrl+C stops).")
    for _changed in watcher(watch.paths, stop or threading.Event()):
        reload = watch.reload()
        if reload.story is not None:
            return reload.story
        for problem in reload.new:
            say(f"  new:   {problem}")
        for problem in reload.fixed:
            say(f"  fixed: {problem}")
    return None


def check_watch(root: Path, mods: Sequence[Path], budget: int, say: Callable[[str], None],
                watcher: Watcher, stop: threading.Event | None = None,
                now: Callable[[], datetime] = datetime.now) -> int:
    """Check, print every problem, then on each save print the new and fixed ones; returns 0
    when stopped (Ctrl+C, or `stop`)."""
    watch = StoryWatch(root, mods)
    files = fingerprint(watch.paths)
    problems, verdict = check_once(watch, budget)
    for problem in problems:
        say(str(problem))
    say(verdict)
    say(f"watching {root}{''.join(f' + {m}' for m in mods)} for saves (Ctrl+C stops)")

    def batches() -> Iterator[set[Path]]:
        """Saves made during the first check (no watcher ran yet), then each batch."""
        if fingerprint(watch.paths) != files:
            yield set()
        yield from watcher(watch.paths, stop or threading.Event())

    checked = [] if watch.story is None else problems  # the findings of the last full check
    changes = batches()
    while True:
        try:
            changed = next(changes)
        except StopIteration:
            return 0
        except (ImportError, OSError) as err:  # watchfiles gone, or the system's watch limit
            say(f"Watching stopped: {str(err) or type(err).__name__}. Saves are no longer "
                "checked; run check --watch again.")
            return 1
        problems, checked = _recheck(watch, budget, changed, problems, checked, say, now)


def _recheck(watch: StoryWatch, budget: int, changed: set[Path], problems: list[Problem],
             checked: list[Problem], say: Callable[[str], None],
             now: Callable[[], datetime]) -> tuple[list[Problem], list[Problem]]:
    """One save: check again, print the new and fixed problems; the problems now and the
    checker's last findings (carried while the story does not load)."""
    names = ", ".join(sorted(p.name for p in changed)) or "files"
    now_problems, verdict = check_once(watch, budget)
    waiting: list[Problem] = []
    if any(p.severity == "error" for p in watch.problems):  # the loader's, this save
        # A story that does not load cannot be checked: its last findings are not fixed,
        # only unknown. They are carried until it loads and is checked again.
        waiting = [p for p in checked if p not in now_problems]
    else:
        checked = now_problems
    new, fixed = diff_problems(problems, [*now_problems, *waiting])
    problems = [*now_problems, *waiting]
    say(f"[{now():%H:%M:%S}] {names} saved")
    for problem in new:
        say(f"  new:   {problem}")
    for problem in fixed:
        say(f"  fixed: {problem}")
    if not new and not fixed:
        say("  no change in the problems")
    if waiting:
        say(f"  ({len(waiting)} earlier findings of the checker wait until it loads again)")
    say(f"  {verdict}")
    return problems, checked
