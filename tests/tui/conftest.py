"""Fixtures for the Textual UI tests: a fake clock, a fixed date, apps that never animate.

The test suite imports in importlib mode, so helpers reach the tests as fixtures only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.model import Story
from iss_adventure.engine.profile import Settings
from iss_adventure.tui.app import ISSApp

FIXTURES = Path(__file__).parent.parent / "fixtures"
FIXED_NOW = datetime(2031, 5, 4, 9, 30)


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


@pytest.fixture(scope="session")
def markup_story() -> Story:
    return load_story(FIXTURES / "markup")


@pytest.fixture
def make_app(demo_story: Story, clock: FakeClock, data_home: Path) -> Callable[..., ISSApp]:
    """An app on the demo story: no typewriter, fake clock, fixed date, private home."""

    def make(story: Story | None = None, **settings: object) -> ISSApp:
        values: dict[str, object] = {"typewriter": False, "timers": True}
        values.update(settings)
        return ISSApp(story or demo_story, seed=0, home=data_home,
                      settings=Settings(**values),  # type: ignore[arg-type]
                      clock=clock, now=lambda: FIXED_NOW)

    return make


def _screen_text(app: ISSApp) -> str:
    """What the top screen shows, as plain text (one line a row)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


@pytest.fixture
def screen_text() -> Callable[[ISSApp], str]:
    return _screen_text
