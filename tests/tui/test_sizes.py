"""Any terminal size from 1x1: no crash; too small asks for more room; resizing keeps the place."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.screens.title import TitleScreen
from iss_adventure.tui.screens.too_small import TooSmallScreen
from iss_adventure.tui.widgets.prose import ProseView

Factory = Callable[..., ISSApp]
Text = Callable[[ISSApp], str]


@pytest.mark.parametrize("size", [(1, 1), (2, 1), (10, 5), (40, 12), (59, 30), (100, 19)])
async def test_tiny_terminals_ask_for_more_room(make_app: Factory, screen_text: Text,
                                                size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = screen_text(app)
        if size[0] >= 40 and size[1] >= 5:
            assert "Please make this window larger." in text
            assert f"{size[0]}×{size[1]}" in text
            assert "ctrl+q quits, and keeps your game." in text  # the one key that works
            # each sentence on its own line, none broken (a 40-column window fits them)
            assert f"The game needs 60×20; this one is {size[0]}×{size[1]}." in text
        await pilot.press("n", "1", "escape", "f1", "f5")  # keys do nothing harmful
        await pilot.resize_terminal(100, 32)
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_usable_sizes_play(make_app: Factory, screen_text: Text,
                                 size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("n", "1")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.session.state.scene == "a/module"
        assert "Fans hum." in screen_text(app)


async def test_resize_mid_scene_keeps_the_place(make_app: Factory, screen_text: Text,
                                                clock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1", "1", "3")  # outside, with a countdown running
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        state = screen.session.state
        for width, height in [(40, 12), (1, 1), (10, 5), (70, 22), (200, 60), (100, 32)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
        assert app.screen is screen
        assert screen.session.state == state
        assert "The Earth turns below." in screen.query_one(ProseView).plain
        assert "Hold on." in screen_text(app)
        await pilot.press("1")
        assert screen.session.state.scene == "end/home"


async def test_narrow_window_folds_the_panels(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(70, 24)) as pilot:
        await pilot.press("n")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        sidebar, main = screen.query_one("#sidebar"), screen.query_one("#main")
        assert sidebar.region.width == 0
        await pilot.press("c")  # the panels instead of the scene
        await pilot.pause()
        assert sidebar.region.width > 0 and main.region.width == 0
        await pilot.press("c")  # and back
        await pilot.pause()
        assert sidebar.region.width == 0 and main.region.width > 0
        await pilot.resize_terminal(120, 30)  # wide: both side by side
        await pilot.pause()
        assert sidebar.region.width > 0 and main.region.width > 0


async def test_too_small_over_a_dialog(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "f1")
        await pilot.resize_terminal(20, 8)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)


async def test_a_1x1_terminal_is_idle(make_app: Factory) -> None:
    """Under the too-small screen nothing keeps laying itself out: once settled, a few
    refreshes deliver no Resize at all (a scrollbar flip-flop under the title used to post
    about 200 a second and burn a core)."""
    from textual.events import Resize

    resizes: list[object] = []
    app = make_app()

    def hook(message: object) -> None:
        if isinstance(message, Resize):
            resizes.append(message)

    async with app.run_test(size=(1, 1), message_hook=hook) as pilot:
        await pilot.pause()
        await pilot.pause()
        resizes.clear()
        for _ in range(5):
            await pilot.pause()
        assert resizes == []


async def test_the_title_leaves_out_the_station_in_a_short_window(make_app: Factory,
                                                                  screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert "▟▓▓▓▓▙" in screen_text(app)  # the station over the title
        await pilot.resize_terminal(100, 24)
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert "▟▓▓▓▓▙" not in screen_text(app) and "New game" in screen_text(app)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert "▟▓▓▓▓▙" in screen_text(app)


async def test_settings_fit_the_smallest_window(make_app: Factory, screen_text: Text) -> None:
    """At 60x20 the settings box is whole (its bottom border showed no more, and the screen
    scrolled), and no description touches the control beside it."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert type(app.screen).__name__ == "SettingsScreen"
        lines = screen_text(app).splitlines()
        assert "╰" in lines[-2] and "╯" in lines[-2], lines[-2]
        for line in lines:
            if "▊" in line:
                assert line[line.index("▊") - 1] == " ", line
