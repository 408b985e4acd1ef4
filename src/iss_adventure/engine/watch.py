"""The writer's loop: watch a story's files, reload on save, say what changed.

Plain Python, shared by `play --watch` (the TUI) and `check --watch` (the command line).
`StoryWatch.reload()` loads the story (and its mods) again and compares its problems with
the last run's: a story that loads becomes the new good one; one that does not leaves the
last good story in place and carries the problems, each as `file:line:col: message`.

Watching is a function `Watcher(paths, stop) -> iterator of changed-path sets`, so tests pass
their own and trigger reloads directly; the real one is `watch_files` (watchfiles: inotify,
FSEvents or ReadDirectoryChangesW through the Rust `notify` crate, polling where those fail).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .loadcache import LoadCache
from .loader import load_story
from .model import Story
from .problems import Problem, StoryError

Watcher = Callable[[Sequence[Path], threading.Event], Iterable[set[Path]]]
Checker = Callable[[Path, Sequence[Path]], list[Problem]]  # the whole checker's errors

WATCHED_SUFFIXES = (".yaml", ".yml")
STEP_MS = 30  # quiet time after the last event before a batch is handed over
DEBOUNCE_MS = 400  # a batch is handed over at the latest this long after its first event


def _story_file(path: str) -> bool:
    """Scene, story, mod and patch files: YAML. Editors' swap and backup files are not."""
    name = Path(path).name
    return name.endswith(WATCHED_SUFFIXES) and not name.startswith((".", "#"))


WATCHFILES_MISSING = (
    "--watch needs the watchfiles package, which this Python cannot import ({why}). "
    "Install it into the same environment: `python -m pip install watchfiles` "
    "(in a checkout, `make` installs it into .venv/).")


def watcher_problem() -> str | None:
    """Why `watch_files` cannot run here (watchfiles missing or broken), or None: asked
    before a watch starts, so the player reads a sentence, not a traceback."""
    try:
        import watchfiles  # noqa: F401
    except ImportError as err:
        return WATCHFILES_MISSING.format(why=str(err) or type(err).__name__)
    return None


def watch_files(paths: Sequence[Path], stop: threading.Event) -> Iterator[set[Path]]:
    """Sets of story files changed under `paths`, as they are saved, until `stop` is set.

    A save by an editor is often several events (write to a temp file, rename, chmod): they
    are batched until the files are quiet for STEP_MS, so one save is one reload.
    """
    from watchfiles import watch

    for changes in watch(*paths, watch_filter=lambda _change, path: _story_file(path),
                         debounce=DEBOUNCE_MS, step=STEP_MS, stop_event=stop,
                         rust_timeout=500, raise_interrupt=False):
        yield {Path(path) for _change, path in changes}


def fingerprint(paths: Sequence[Path]) -> tuple[tuple[str, int, int], ...]:
    """The story files under `paths` by name, size and modification time: what changed
    while no watcher was running yet (the first, long check of `check --watch`)."""
    out = []
    for root in paths:
        for path in sorted(Path(root).rglob("*")):
            if _story_file(str(path)):
                try:
                    stat = path.stat()
                except OSError:
                    continue
                out.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Reload:
    """One reload: the story if it loaded, every problem now, and what changed since."""

    story: Story | None  # None: it did not load; the last good story stays
    problems: tuple[Problem, ...]
    new: tuple[Problem, ...]
    fixed: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.story is not None


@dataclass
class StoryWatch:
    """A story folder and its mods, reloaded on demand; keeps the last good story."""

    root: Path
    mods: Sequence[Path] = ()
    story: Story | None = None  # the last good story
    problems: tuple[Problem, ...] = ()  # the problems of the last reload
    cache: LoadCache = field(default_factory=LoadCache, repr=False)  # the last load's work

    def _load(self) -> Story:
        return load_story(self.root, list(self.mods), cache=self.cache)

    @property
    def paths(self) -> list[Path]:
        """The folders to watch: the story's and each mod's."""
        return [self.root, *self.mods]

    def reload(self) -> Reload:
        """Load the story again. Never raises for a broken story: problems are returned.
        Files saved as they were and expressions unchanged are not parsed and compiled again
        (loadcache.py): a save of one scene reparses that scene."""
        story: Story | None
        try:
            story = self._load()
        except StoryError as err:
            story, problems = None, tuple(err.problems)
        else:
            problems = story.warnings
        before = set(self.problems)
        now = set(problems)
        result = Reload(story, problems, tuple(p for p in problems if p not in before),
                        tuple(sorted(before - now)))
        self.problems = problems
        if story is not None:
            self.story = story
        return result


@dataclass(frozen=True, slots=True)
class Shown:
    """What watch mode's problem panel shows: the loader's errors while the story on disk
    does not load (`stale`: the last good story runs), else the whole checker's errors."""

    problems: tuple[Problem, ...] = ()
    stale: bool = False


def check_in_subprocess(root: Path, mods: Sequence[Path]) -> list[Problem]:
    """The whole checker's errors, run in a process of its own: it takes seconds on a large
    story, and in a thread it would hold the interpreter's lock away from the game's screen."""
    argv = [sys.executable, "-m", "iss_adventure", "check", "--json", str(root),
            *(f"--mod={mod}" for mod in mods)]
    nice = shutil.which("nice")
    if nice is not None:  # the game's screen comes first on a busy machine
        argv = [nice, "-n", "10", *argv]
    try:
        done = subprocess.run(argv, capture_output=True, timeout=900, check=False)
        data = json.loads(done.stdout)
        return [Problem(str(e["file"]), int(e["line"]), int(e["col"]), str(e["message"]))
                for e in data["errors"]]
    except (OSError, subprocess.TimeoutExpired, ValueError, KeyError, TypeError):
        return []  # no verdict is no problem to show: `check` itself will say more


def diff_problems(before: Iterable[Problem], now: Iterable[Problem]
                  ) -> tuple[list[Problem], list[Problem]]:
    """(new, fixed) between two runs of the checker."""
    old, new = set(before), set(now)
    return sorted(new - old), sorted(old - new)
