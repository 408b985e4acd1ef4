"""The typewriter reveal: text appears a little at a time; any key shows it all at once."""

from __future__ import annotations

from collections.abc import Callable

from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.widgets.choices import ChoiceList
from iss_adventure.tui.widgets.prose import ProseView

Factory = Callable[..., ISSApp]


async def test_any_key_completes_the_reveal_without_choosing(make_app: Factory) -> None:
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
