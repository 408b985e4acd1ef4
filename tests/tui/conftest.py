"""Fixtures for the Textual UI tests: a fake clock, a fixed date, apps that never animate.

The helpers shared with other layers (`walk`, `screen_text`, `host`, `messages`) live in
tests/conftest.py; the suite imports in importlib mode, so they reach the tests as fixtures.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from iss_adventure.engine.model import Story
from iss_adventure.engine.profile import Settings
from iss_adventure.tui.app import ISSApp

FIXED_NOW = datetime(2031, 5, 4, 9, 30)


def _parse_each_css_once() -> None:
    """Every app a test starts parses the same CSS again (Textual caches parsed rules per
    stylesheet, and each screen with CSS of its own reparses all of it into a fresh one): about
    7% of a Pilot test's CPU time. Here the rules parsed from one piece of CSS with one set
    of variables (a theme) are kept for the worker's life and shared by every app. They are not
    changed after parsing, and CSS with errors still fails: its rules carry the errors, which
    `Stylesheet.parse` checks each time.

    Textual private API, checked against Textual 8.2.8: `Stylesheet._parse_rules` (the one place
    CSS text becomes rules) and `Stylesheet._variables`. Kept here, in one place."""
    from textual.css.model import RuleSet
    from textual.css.stylesheet import Stylesheet

    parse = Stylesheet._parse_rules
    parsed: dict[tuple[object, ...], list[RuleSet]] = {}

    def parse_once(self: Stylesheet, css: str, read_from: Any, is_default_rules: bool = False,
                   tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope,
               tuple(self._variables.items()))
        rules = parsed.get(key)
        if rules is None:
            rules = parsed[key] = parse(self, css, read_from, is_default_rules, tie_breaker,
                                        scope)
        return rules

    Stylesheet._parse_rules = parse_once  # type: ignore[method-assign]


_parse_each_css_once()


class FakeClock:
    """A monotonic clock that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_home(tmp_path: Path) -> Path:
    """The player's data folder: settings and mods."""
    return tmp_path / "home"


@pytest.fixture
def home(data_home: Path) -> Path:
    """Where the demo story's saves and profile live (each story has its own folder)."""
    return data_home / "stories" / "demo"


@pytest.fixture
def make_app(demo_story: Story, clock: FakeClock, data_home: Path,
             recorded: Callable[[type[Any]], type[Any]]) -> Callable[..., ISSApp]:
    """An app on the demo story: no typewriter, fake clock, fixed date, private home; what it
    notifies is recorded in `.messages` (see `messages` in tests/conftest.py)."""

    def make(story: Story | None = None, *, cli_mods: tuple[Path, ...] = (),
             **settings: object) -> ISSApp:
        values: dict[str, object] = {"typewriter": False, "timers": True}
        values.update(settings)
        app: ISSApp = recorded(ISSApp)(story or demo_story, seed=0, home=data_home,
                                       settings=Settings(**values),
                                       clock=clock, now=lambda: FIXED_NOW, mods=cli_mods)
        return app

    return make


def _long_story(root: Path, scenes: tuple[tuple[str, int, str], ...],
                ending: str | None = None) -> Story:
    """A story of long scenes under `root`: (name, paragraphs, goto) each, one choice "go";
    `ending`: the name of a short ending scene to add."""
    from iss_adventure.engine.loader import load_story

    (root / "s").mkdir()
    (root / "story.yaml").write_text(
        "title: Long\nstart: s/a\nvariables:\n  flag: {type: bool, initial: false}\n")
    for name, lines, goto in scenes:
        text = "\n\n  ".join(f"Paragraph {n} of scene {name}." for n in range(lines))
        (root / "s" / f"{name}.yaml").write_text(
            f"title: {name}\nact: 1\nlocation: Unity\ntext: |\n  {text}\n"
            f"choices:\n  - {{id: go, text: Go., goto: {goto}}}\n")
    if ending is not None:
        (root / "s" / f"{ending}.yaml").write_text(
            f"title: {ending.upper()}\nact: 1\nlocation: Unity\ntext: End.\n"
            f"ending: {{id: {ending}, title: {ending.upper()}, tone: odd, "
            f"summary: {ending.upper()}.}}\n")
    return load_story(root)


@pytest.fixture(scope="session")
def long_story() -> Callable[..., Story]:
    """`long_story(root, ((name, paragraphs, goto), ...), ending=None)`: scenes that scroll."""
    return _long_story


def _lines_drawn(widget: Any) -> list[int]:
    """Record the y of every line `widget` draws from now on (its Line API `render_line`)."""
    drawn: list[int] = []
    render_line = widget.render_line

    def counted(y: int) -> Any:
        drawn.append(y)
        return render_line(y)

    widget.render_line = counted
    return drawn


@pytest.fixture(scope="session")
def lines_drawn() -> Callable[[Any], list[int]]:
    return _lines_drawn


def _layouts_asked(widget: Any) -> list[bool]:
    """Record, for every refresh `widget` asks for from now on, whether it asked for a layout."""
    asked: list[bool] = []
    refresh = widget.refresh

    def recorded(*regions: object, layout: bool = False, **kwargs: object) -> Any:
        asked.append(layout)
        return refresh(*regions, layout=layout, **kwargs)

    widget.refresh = recorded
    return asked


@pytest.fixture(scope="session")
def layouts_asked() -> Callable[[Any], list[bool]]:
    return _layouts_asked
