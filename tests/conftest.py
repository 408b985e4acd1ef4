"""Shared fixtures and helpers for every test layer.

The suite imports in importlib mode, so helpers reach the tests as fixtures: `walk` (the
states of a playthrough), `screen_text` (what the top screen shows), `host` (a bare app that
shows one screen), `messages` (what an app notified: apps made here record `notify` calls, so
no test reads Textual's private notification list). Textual is imported only by the fixtures
that need it, so engine tests stay light.
"""

from __future__ import annotations

import gc
import importlib.util
import os
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.state import GameState

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

FIXTURES = Path(__file__).parent / "fixtures"
DEMO = FIXTURES / "demo"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's saves, profile or settings."""
    monkeypatch.setenv("ISS_ADVENTURE_HOME", str(tmp_path / "home"))


# ---------------------------------------------------------------- stories


@pytest.fixture(scope="session")
def demo_story() -> Story:
    return load_story(DEMO)


@pytest.fixture(scope="session")
def story(demo_story: Story) -> Story:
    """The demo story (the name most test modules use)."""
    return demo_story


@pytest.fixture(scope="session")
def markup_story() -> Story:
    return load_story(FIXTURES / "markup")


@pytest.fixture(scope="session")
def demo(demo_story: Story) -> Machine:
    return Machine(demo_story)


def _walk(story: Story, *choices: str) -> list[GameState]:
    """Every state of a playthrough, from the first scene (seed 0)."""
    machine = Machine(story)
    states = [machine.new_game(0)]
    for choice in choices:
        states.append(machine.choose(states[-1], choice))
    return states


@pytest.fixture(scope="session")
def walk() -> Callable[..., list[GameState]]:
    return _walk


@pytest.fixture(scope="session")
def write_story() -> Callable[..., Path]:
    """benchmarks/generate.py's `write_story(root, scenes, width=.., seed=..)`: a synthetic
    story on disk. Loaded from its file here, once, so no test touches sys.path."""
    spec = importlib.util.spec_from_file_location(
        "iss_benchmarks_generate", Path(__file__).parent.parent / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    writer: Callable[..., Path] = module.write_story
    return writer


# ---------------------------------------------------------------- Textual helpers


def _screen_strips(app: App[Any]) -> list[Any]:
    """The top screen's frame as it would be drawn: a Strip (segments) a row.

    Textual private API, checked against Textual 8.2.8: `Screen._compositor` is the only way
    to read the composed frame without a snapshot. Kept here, in one place.
    """
    return list(app.screen._compositor.render_strips())


def _screen_text(app: App[Any]) -> str:
    """What the top screen shows, as plain text (one line a row)."""
    return "\n".join("".join(segment.text for segment in strip)
                     for strip in _screen_strips(app))


@pytest.fixture(scope="session")
def screen_strips() -> Callable[[App[Any]], list[Any]]:
    return _screen_strips


@pytest.fixture(scope="session")
def screen_text() -> Callable[[App[Any]], str]:
    return _screen_text


async def _frames_of(app: App[Any], pilot: Any, key: str) -> int:
    """How many frames `key` paints, once the app has settled (its workers done).

    Textual private API, checked against Textual 8.2.8: `App._display` is the one place a
    finished frame goes to the driver. Kept here, in one place."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    frames: list[object] = []
    display = app._display

    def counted(screen: Any, update: Any) -> None:
        if update is not None:
            frames.append(update)
        display(screen, update)

    app._display = counted  # type: ignore[method-assign]
    await pilot.press(key)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    app._display = display  # type: ignore[method-assign]
    return len(frames)


@pytest.fixture(scope="session")
def frames_of() -> Callable[[App[Any], Any, str], Awaitable[int]]:
    """`await frames_of(app, pilot, key)`: the frames a key paints (a redraw test's count)."""
    return _frames_of


class Terminal:
    """What a terminal shows after every frame an app wrote to it, kept by pyte from the
    frames' own escape sequences (partial updates included), beside what a full repaint of
    the app's screen would show: `written()` and `repainted()`, rows of cells with their text
    and attributes. Made before the app runs (its first frame is recorded too).

    Textual private API, as `_frames_of`: `App._display` gets every finished frame;
    `Screen._compositor.render_full_update()` is a full repaint (Textual 8.2.8)."""

    def __init__(self, app: App[Any], size: tuple[int, int]) -> None:
        import pyte
        from rich.console import Console

        self.app = app
        self.size = size
        self.console = Console(color_system="truecolor", force_terminal=True, width=size[0],
                               height=size[1], legacy_windows=False)
        self.screen = pyte.Screen(*size)
        self.stream = pyte.Stream(self.screen)
        display = app._display

        def written(screen: Any, update: Any) -> None:
            if update is not None:
                self.stream.feed(update.render_segments(self.console))
            display(screen, update)

        app._display = written  # type: ignore[method-assign]

    def resize(self, size: tuple[int, int]) -> None:
        """The terminal resized too (before `pilot.resize_terminal`)."""
        self.size = size
        self.screen.resize(lines=size[1], columns=size[0])
        self.console.size = size

    @staticmethod
    def _cells(screen: Any) -> list[list[tuple[object, ...]]]:
        return [[(cell.data, cell.fg, cell.bg, cell.bold, cell.italics, cell.underscore,
                  cell.reverse) for cell in (screen.buffer[y][x] for x in range(screen.columns))]
                for y in range(screen.lines)]

    def written(self) -> list[list[tuple[object, ...]]]:
        return self._cells(self.screen)

    def repainted(self) -> list[list[tuple[object, ...]]]:
        import pyte

        screen = pyte.Screen(*self.size)
        update = self.app.screen._compositor.render_full_update()
        pyte.Stream(screen).feed(update.render_segments(self.console))
        return self._cells(screen)


@pytest.fixture(scope="session")
def terminal() -> Callable[[App[Any], tuple[int, int]], Terminal]:
    """`terminal(app, size)`: what the app's frames leave on a terminal (see `Terminal`)."""
    return Terminal


def recording(app_class: type[Any]) -> type[Any]:
    """`app_class` with `notify` recorded in `.messages` as (message, severity)."""

    class Recording(app_class):  # type: ignore[misc, valid-type]
        def notify(self, message: str, *, title: str = "", severity: Any = "information",
                   timeout: float | None = None, markup: bool = True) -> None:
            if not hasattr(self, "messages"):
                self.messages: list[tuple[str, str]] = []
            self.messages.append((str(message), str(severity)))
            if timeout is None:
                super().notify(message, title=title, severity=severity, markup=markup)
            else:
                super().notify(message, title=title, severity=severity, timeout=timeout,
                               markup=markup)

    Recording.__name__ = Recording.__qualname__ = app_class.__name__
    return Recording


@pytest.fixture(scope="session")
def recorded() -> Callable[[type[Any]], type[Any]]:
    """`recorded(SomeApp)`: the app class with its notifications recorded in `.messages`."""
    return recording


@pytest.fixture(scope="session")
def host() -> Callable[[Screen[Any]], Any]:
    """A bare app that shows one screen, records what it dismissed with in `.results`
    and what it notified in `.messages`."""
    from textual.app import App

    class Host(App[None]):
        def __init__(self, screen: Screen[Any]) -> None:
            super().__init__()
            self.first = screen
            self.results: list[object] = []
            self.messages: list[tuple[str, str]] = []

        def on_mount(self) -> None:
            self.push_screen(self.first, self.results.append)

    recorded: Callable[[Screen[Any]], Any] = recording(Host)
    return recorded


@pytest.fixture(scope="session")
def messages() -> Callable[[Any], str]:
    """Everything an app made by these fixtures notified, one message a line."""
    return lambda app: "\n".join(message for message, _ in getattr(app, "messages", []))



# ---------------------------------------------------------------- garbage collection


@pytest.fixture(autouse=True)
def _collect_then_freeze() -> Iterator[None]:
    """After each test, collect its garbage, then freeze what survives.

    A Pilot test leaves thousands of long-lived objects behind (Textual's caches: strips,
    segments, FIFO caches), so the heap grows test by test and Python's full collections,
    each walking all of it, took about a third of the suite's CPU time. A full collection
    right after a test walks only what that test made (earlier survivors are frozen, out of
    the collector's sight), and the test's own cycles (apps, screens) are freed at once.
    """
    yield
    gc.collect()
    gc.freeze()


def pytest_configure(config: pytest.Config) -> None:
    """Young collections less often: a Pilot test allocates millions of short-lived objects,
    and `_collect_then_freeze` sweeps up after each test anyway."""
    gc.set_threshold(20_000, 20, 10)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers a core. A Pilot test spends about 40% of its time asleep while
    Textual settles (Pilot waits for the app to be idle: 20 ms with almost no CPU used, at
    least twice a key), so one worker a core leaves the cores idle a third of the time; the
    other workers run in those gaps. A worker more costs about 3 s of CPU (its imports and
    collection), and the suite's CPU time is the same with 3 or 4 workers on 2 cores."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") \
        else (os.cpu_count() or 1)
    return 2 * cores
