"""A whole playthrough of the demo story driven by keys: title, scenes, ending, gallery, again."""

from __future__ import annotations

from collections.abc import Callable

from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import EndingPanel, PlayScreen
from iss_adventure.tui.screens.title import TitleScreen

Factory = Callable[..., ISSApp]


async def test_play_to_an_ending_see_it_in_the_gallery_and_start_again(
        make_app: Factory, screen_text: Callable[[ISSApp], str]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("enter")  # "New game" is highlighted
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await pilot.press("1")  # knock twice: Anna trusts you more
        await pilot.press("1")  # read the laptop: the secret
        await pilot.press("2")  # radio Boris what you read
        await pilot.press("1")  # talk to Anna
        assert screen.session.state.scene == "a/module"
        assert [v.id for v in screen.session.choices()] == ["leave"]
        await pilot.press("enter")  # go outside: the only way left
        assert screen.session.state.scene == "a/truss", screen.session.state
        await pilot.press("2")  # let go: Boris is watching now
        assert screen.session.state.scene == "end/lost"
        panel = screen.query_one(EndingPanel)
        assert panel.display
        text = screen_text(app)
        assert "The end" in text and "Lost" in text and "tragic" in text
        assert "The lost ending." in text
        await pilot.press("down", "enter")  # the endings gallery
        await pilot.pause()
        assert type(app.screen).__name__ == "EndingsScreen"
        assert "1 of 3 endings found" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("down", "enter")  # play again (the menu remembers the gallery)
        assert screen.session.state.scene == "a/hatch"
        assert screen.session.state.turn == 0
        await pilot.press("escape")
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("q")
    assert app.return_code == 0
