"""Accessibility in the TUI: a high-contrast theme, switches that say On or Off, a countdown
that reads without color, and a typing speed of the player's choosing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Select, Switch

from iss_adventure.engine.settings import SPEEDS, Settings, load_settings, save_settings
from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.screens.settings import SettingsScreen
from iss_adventure.tui.widgets.countdown import EMPTY, FULL, Countdown
from iss_adventure.tui.widgets.prose import ProseView

Factory = Callable[..., ISSApp]
Text = Callable[[ISSApp], str]
TO_TRUSS = ("n", "1", "1", "3")


async def test_the_high_contrast_theme_is_offered_and_kept(make_app: Factory,
                                                           data_home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert "high-contrast" in app.available_themes
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#theme", Select).value = "high-contrast"
        await pilot.pause()
        assert app.theme == "high-contrast"
        variables = app.theme_variables
        assert variables["background"].upper().startswith("#000000")
        assert variables["foreground"].upper().startswith("#FFFFFF")
    assert load_settings(data_home).theme == "high-contrast"
    app = make_app(theme="high-contrast")
    async with app.run_test(size=(100, 30)):
        assert app.theme == "high-contrast"  # applied at start, before the title shows


async def test_switches_say_on_or_off_in_words(make_app: Factory, screen_text: Text) -> None:
    app = make_app()  # typewriter off, timers on
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert any(line.rstrip(" │").endswith("Off") for line in lines)
        assert str(app.screen.query_one("#typewriter-state").render()) == "Off"
        assert str(app.screen.query_one("#timers-state").render()) == "On"
        app.screen.query_one("#typewriter", Switch).toggle()
        await pilot.pause()
        assert str(app.screen.query_one("#typewriter-state").render()) == "On"
        assert app.settings.typewriter is True


async def test_the_countdown_reads_without_color(make_app: Factory, clock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*TO_TRUSS)
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        countdown = screen.query_one(Countdown)
        start = str(countdown.render())
        assert "10.0s left" in start and EMPTY not in start
        clock.advance(5)
        countdown.tick()
        half = str(countdown.render())
        assert "5.0s left" in half
        assert 0 < half.count(FULL) < start.count(FULL)  # the bar shrinks, by its shape
        assert half.count(FULL) + half.count(EMPTY) == start.count(FULL)


async def test_the_typing_speed_setting_paces_the_typewriter(make_app: Factory, clock,
                                                             data_home: Path) -> None:
    slow = dict(SPEEDS)["Slow"]
    app = make_app(typewriter=True, typing_speed=slow)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        prose = app.screen.query_one(ProseView)
        clock.advance(0.25)
        prose._advance()
        assert len(prose.plain.replace("\n", "")) == int(0.25 * slow)
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#typing-speed", Select).value = dict(SPEEDS)["Fast"]
        await pilot.pause()
        assert app.settings.typing_speed == dict(SPEEDS)["Fast"]
    assert load_settings(data_home).typing_speed == dict(SPEEDS)["Fast"]


def test_old_and_damaged_typing_speeds_fall_back_to_the_default(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text('{"format": 1, "theme": "nord"}')
    assert load_settings(tmp_path).typing_speed == Settings().typing_speed  # an older file
    (tmp_path / "settings.json").write_text('{"typing_speed": -5}')
    assert load_settings(tmp_path).typing_speed == Settings().typing_speed
    save_settings(tmp_path, Settings(typing_speed=120))
    assert load_settings(tmp_path).typing_speed == 120
