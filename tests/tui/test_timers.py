"""Timed choices: a countdown on screen; when it runs out the declared choice is taken.

The clock is fake: the tests move it and call tick(), so nothing sleeps.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.widgets.countdown import Countdown

Factory = Callable[..., ISSApp]
TO_TRUSS = ("n", "1", "1", "3")  # knock, read the laptop, (back in the module) go outside


async def to_truss(pilot: Pilot[None]) -> PlayScreen:
    await pilot.press(*TO_TRUSS)
    screen = pilot.app.screen
    assert isinstance(screen, PlayScreen)
    assert screen.session.state.scene == "a/truss", screen.session.state
    return screen


async def test_countdown_shows_and_takes_the_declared_choice(make_app: Factory, clock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await to_truss(pilot)
        countdown = screen.query_one(Countdown)
        assert countdown.display and countdown.running
        assert "10.0s" in str(countdown.render())
        assert "then: Hold on." in str(countdown.render())
        clock.advance(6)
        countdown.tick()
        assert "4.0s" in str(countdown.render())
        assert screen.session.state.scene == "a/truss"
        clock.advance(4.5)
        countdown.tick()
        await pilot.pause()
        assert screen.session.state.scene == "end/home"
        assert screen.session.state.log[-1].choice == "hold"
        assert not countdown.display


async def test_choosing_in_time_stops_the_countdown(make_app: Factory, clock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await to_truss(pilot)
        await pilot.press("1")
        countdown = screen.query_one(Countdown)
        assert not countdown.running
        clock.advance(60)
        countdown.tick()
        await pilot.pause()
        assert screen.session.state.scene == "end/home"
        assert screen.session.state.turn == 4


async def test_timers_off_means_no_countdown(make_app: Factory, clock) -> None:
    app = make_app(timers=False)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await to_truss(pilot)
        countdown = screen.query_one(Countdown)
        assert not countdown.display and not countdown.running
        clock.advance(600)
        countdown.tick()
        await pilot.pause()
        assert screen.session.state.scene == "a/truss"


async def test_countdown_pauses_under_a_dialog(make_app: Factory, clock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await to_truss(pilot)
        countdown = screen.query_one(Countdown)
        clock.advance(2)
        await pilot.press("f1")  # help opens over the scene
        clock.advance(100)
        countdown.tick()
        await pilot.press("escape")
        assert screen.session.state.scene == "a/truss"
        assert 7.9 < countdown.left < 8.1
        clock.advance(9)
        countdown.tick()
        await pilot.pause()
        assert screen.session.state.scene == "end/home"


async def test_turning_timers_off_in_settings_stops_a_running_countdown(
        make_app: Factory, clock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await to_truss(pilot)
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#timers").toggle()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("escape")
        countdown = screen.query_one(Countdown)
        assert not countdown.running
        assert app.settings.timers is False
