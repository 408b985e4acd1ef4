"""The ending reads to its last line by keyboard, and its box leaves room for the epilogue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.model import Story
from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import EndingPanel, PlayScreen
from iss_adventure.tui.widgets.prose import ProseView

Factory = Callable[..., ISSApp]


@pytest.fixture
def long_ending(tmp_path: Path) -> Story:
    (tmp_path / "s").mkdir()
    (tmp_path / "story.yaml").write_text(
        "title: Long\nstart: s/a\nvariables:\n  flag: {type: bool, initial: false}\n")
    (tmp_path / "s" / "a.yaml").write_text(
        "title: A\nact: 1\nlocation: Unity\ntext: Go on.\n"
        "choices:\n  - {id: go, text: Go., goto: s/b}\n")
    epilogue = "\n\n  ".join(f"Epilogue paragraph {n}." for n in range(40))
    (tmp_path / "s" / "b.yaml").write_text(
        "title: B\nact: 1\nlocation: Unity\ntext: |\n  " + epilogue + "\n  The last line.\n"
        "ending: {id: b, title: Home, tone: hopeful, summary: You came home.}\n")
    return load_story(tmp_path)


async def at_ending(app: ISSApp, pilot) -> tuple[PlayScreen, ProseView]:
    await pilot.press("n", "1")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, PlayScreen) and screen.session.is_ending
    prose = screen.query_one(ProseView)
    assert prose.scroll_y == 0 and prose.max_scroll_y > 0
    return screen, prose


@pytest.mark.parametrize("keys", [("pagedown",), ("end",), ("tab", "down"), ("tab", "end")])
async def test_the_epilogue_scrolls_by_keyboard(make_app: Factory, long_ending: Story,
                                                keys: tuple[str, ...]) -> None:
    app = make_app(long_ending)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, prose = await at_ending(app, pilot)
        await pilot.press(*keys)
        await pilot.pause()
        assert prose.scroll_y > 0, keys
        assert screen.session.is_ending  # no menu entry was taken


async def test_end_reaches_the_last_line_and_home_the_first(make_app: Factory,
                                                            long_ending: Story) -> None:
    app = make_app(long_ending)
    async with app.run_test(size=(100, 30)) as pilot:
        _, prose = await at_ending(app, pilot)
        await pilot.press("end")
        await pilot.pause()
        assert prose.scroll_y == prose.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert prose.scroll_y == 0


async def test_the_end_box_is_compact_at_100x30(make_app: Factory, long_ending: Story) -> None:
    app = make_app(long_ending)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, prose = await at_ending(app, pilot)
        box = screen.query_one(EndingPanel).region
        assert box.height <= 10, box
        assert prose.region.height >= 14


async def test_home_and_end_scroll_the_text_and_leave_the_choices_be(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "end", "enter")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.session.state.log[-1].choice == "knock"  # still the first choice
