"""The typewriter reveal: text appears a little at a time; space, enter, a click or a number
key show it all at once, and every other key keeps its own action."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.widgets.choices import ChoiceList
from iss_adventure.tui.widgets.prose import ProseView

Factory = Callable[..., ISSApp]


async def test_a_number_key_completes_the_reveal_without_choosing(make_app: Factory) -> None:
    app = make_app(typewriter=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        prose = screen.query_one(ProseView)
        assert prose.revealing
        assert not screen.query_one(ChoiceList).display
        await pilot.press("1")  # completes the reveal, does not choose
        assert not prose.revealing
        assert screen.query_one(ChoiceList).display
        assert screen.session.state.turn == 0
        assert "The hatch is stiff." in prose.plain
        await pilot.press("1")
        assert screen.session.state.scene == "a/module"
        assert prose.revealing  # the next scene types itself again


@pytest.mark.parametrize("key", ["space", "enter"])
async def test_space_and_enter_only_complete_the_reveal(make_app: Factory, key: str) -> None:
    app = make_app(typewriter=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await pilot.press(key)
        assert not screen.query_one(ProseView).revealing
        assert screen.session.state.turn == 0  # enter did not take the highlighted choice


async def test_keys_act_at_once_while_the_text_types(make_app: Factory, messages) -> None:
    """u u u goes back three scenes and F5 saves, however fast they follow a choice."""
    app = make_app(typewriter=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "space", "1", "space", "1")  # knock; read the laptop
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert not screen.query_one(ProseView).revealing  # the module again: read already
        await pilot.press("3")  # outside: new text, typing
        assert screen.session.state.scene == "a/truss"
        assert screen.query_one(ProseView).revealing
        await pilot.press("f5")
        assert "Saved to the quick slot: Outside." in messages(app)
        await pilot.press("u", "u", "u")
        assert screen.session.state.turn == 0
        await pilot.press("r")
        assert screen.session.state.turn == 1


@pytest.mark.parametrize("key,screen_name", [("h", "HistoryScreen"), ("f", "FlowchartScreen"),
                                             ("question_mark", "HelpScreen"),
                                             ("escape", "TitleScreen"),
                                             ("o", "SettingsScreen")])
async def test_screen_keys_open_at_once_while_the_text_types(
        make_app: Factory, key: str, screen_name: str) -> None:
    app = make_app(typewriter=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        assert app.screen.query_one(ProseView).revealing
        await pilot.press(key)
        assert type(app.screen).__name__ == screen_name


async def test_the_crew_key_acts_while_the_text_types(make_app: Factory) -> None:
    app = make_app(typewriter=True)
    async with app.run_test(size=(70, 30)) as pilot:
        await pilot.press("n")
        screen = app.screen
        assert screen.query_one(ProseView).revealing
        await pilot.press("c")
        assert screen.has_class("-panels")


async def test_the_command_palette_opens_while_the_text_types(make_app: Factory) -> None:
    from textual.command import CommandPalette

    app = make_app(typewriter=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "ctrl+p")
        assert isinstance(app.screen, CommandPalette)


async def test_a_click_completes_the_reveal(make_app: Factory) -> None:
    app = make_app(typewriter=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await pilot.click("#prose")
        assert not screen.query_one(ProseView).revealing


async def test_reveal_follows_the_clock_to_the_end(make_app: Factory, clock) -> None:
    app = make_app(typewriter=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        prose = app.screen.query_one(ProseView)
        prose._advance()
        assert prose.revealing and prose.plain == ""
        clock.advance(0.02)  # a few characters
        prose._advance()
        assert prose.revealing
        assert 0 < len(prose.plain) < 30
        assert "The hatch is stiff.".startswith(prose.plain)
        clock.advance(10)
        prose._advance()
        await pilot.pause()
        assert not prose.revealing
        assert app.screen.query_one(ChoiceList).display
