"""Saves in the game: quicksave and quickload keys, autosave, Continue, slots, profile."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import msgspec
import pytest

from iss_adventure.engine.model import Story
from iss_adventure.engine.profile import Profile
from iss_adventure.engine.saves import SaveStore
from iss_adventure.engine.state import GameState, Step
from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.screens.title import TitleScreen

Factory = Callable[..., ISSApp]


def play(app: ISSApp) -> PlayScreen:
    assert isinstance(app.screen, PlayScreen), app.screen
    return app.screen


async def test_quicksave_and_quickload(make_app: Factory, home: Path,
                                       demo_story: Story, messages) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1", "f5")
        assert "Saved to the quick slot: The Module." in messages(app)
        saved = play(app).session.state
        await pilot.press("1")
        assert play(app).session.state != saved
        await pilot.press("f9")  # asks first, as a slot load does
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")
        assert play(app).session.state != saved
        await pilot.press("f9", "y")
        assert play(app).session.state == saved
        assert "Loaded the quick slot" in messages(app)
    assert SaveStore(home).load("quick", demo_story).state == saved


async def test_quickload_without_a_quicksave_says_so(make_app: Factory, messages) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "f9")
        assert "Cannot load Quicksave: there is no save in this slot." in messages(app)
        assert play(app).session.state.turn == 0


async def test_the_autosave_is_written_after_the_frame_of_the_new_scene(
        make_app: Factory, home: Path, demo_story: Story) -> None:
    """The write waits for the frame that shows the scene (its CPU time would delay it)."""
    app = make_app()
    order: list[str] = []
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await app.workers.wait_for_complete()
        flush, painted = app.game.flush, app._frame_painted

        def flushed() -> None:
            order.append("write")
            flush()

        def frame() -> None:
            order.append("frame")
            painted()

        app.game.flush = flushed  # type: ignore[method-assign]
        app._frame_painted = frame  # type: ignore[method-assign]
        await pilot.press("1")
        await app.workers.wait_for_complete()
        assert order[:2] == ["frame", "write"]
        assert SaveStore(home).load("auto", demo_story).state.scene == "a/module"


async def test_autosave_at_every_scene(make_app: Factory, home: Path,
                                       demo_story: Story) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await app.workers.wait_for_complete()
        assert SaveStore(home).load("auto", demo_story).state.scene == "a/hatch"
        await pilot.press("1")
        await app.workers.wait_for_complete()
        assert SaveStore(home).load("auto", demo_story).state.scene == "a/module"


async def test_played_time_comes_from_the_clock(make_app: Factory, home: Path, clock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        clock.advance(125)
        await pilot.press("f5")
        info = SaveStore(home).latest()
        assert info is not None and info.slot == "quick"
        assert info.played_seconds == 125
        assert info.saved_at.startswith("2031-05-04T09:30")


async def test_continue_loads_the_latest_save(make_app: Factory, home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        title = app.screen
        assert isinstance(title, TitleScreen)
        menu = title.query_one("#title-menu")
        assert menu.get_option("continue").disabled  # type: ignore[attr-defined]
        await pilot.press("n", "1", "1")
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        assert not menu.get_option("continue").disabled  # type: ignore[attr-defined]
        await pilot.press("c")
        assert play(app).session.state.scene == "a/module"
        assert play(app).session.state.turn == 2


async def test_save_to_a_slot_and_load_it(make_app: Factory, home: Path,
                                          demo_story: Story, messages) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1", "s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SavesScreen"
        await pilot.press("enter")  # the first empty slot: 1
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert "Saved to slot 1: The Module." in messages(app)
        assert SaveStore(home).load("1", demo_story).state.scene == "a/module"
        await pilot.press("1", "l")
        await pilot.pause()
        assert type(app.screen).__name__ == "SavesScreen"
        for _ in range(5):  # to the slot-1 row, wherever the list starts
            await pilot.press("up")
        rows = app.screen.slots  # type: ignore[attr-defined]
        await pilot.press(*["down"] * rows.index("1"), "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"  # progress would be lost: confirm
        await pilot.press("y")
        await pilot.pause()
        assert play(app).session.state.scene == "a/module"
        assert play(app).session.state.turn == 1


async def test_load_from_the_title_screen(make_app: Factory, home: Path,
                                          demo_story: Story) -> None:
    machine_state = GameState(scene="a/hatch", vars=demo_story.initial_vars)
    SaveStore(home).save("3", demo_story, machine_state, 60.0, datetime(2030, 1, 1))
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert type(app.screen).__name__ == "SavesScreen"
        await pilot.press("enter")
        await pilot.pause()
        assert play(app).session.state == machine_state


async def test_a_save_of_an_edited_story_says_where_it_stopped(
        make_app: Factory, home: Path, demo_story: Story, messages) -> None:
    from iss_adventure.engine.machine import Machine

    machine = Machine(demo_story)
    state = machine.choose(machine.new_game(0), "knock")
    store = SaveStore(home)
    store.save("quick", demo_story, state, 5.0, datetime(2030, 1, 1))
    path = store.path("quick")
    raw = msgspec.json.decode(path.read_bytes())
    raw["story"] = "another-fingerprint"
    raw["log"] = [["a/hatch", "knock"], ["a/module", "no_such_choice"]]
    raw["snapshot"] = None
    path.write_bytes(msgspec.json.encode(raw))
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "f9", "y")
        assert play(app).session.state.log == (Step("a/hatch", "knock"),)
        assert "The story has changed since this save" in messages(app)
        assert "no_such_choice" in messages(app)


async def test_a_broken_save_is_reported_and_others_still_work(
        make_app: Factory, home: Path, demo_story: Story, messages) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "save-quick.json").write_text("{ not json")
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "f9")
        assert "Cannot load Quicksave" in messages(app)
        await pilot.press("1", "f5", "f9", "y")
        assert play(app).session.state.scene == "a/module"


async def test_profile_records_scenes_choices_and_endings(make_app: Factory,
                                                          home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "2", "3")  # the quiet ending
        await app.workers.wait_for_complete()
        assert play(app).session.is_ending
    profile = Profile.load(home)
    assert profile.endings == {"quiet": 1}
    assert {"a/hatch", "a/module", "end/quiet"} <= profile.scenes_seen
    assert "a/hatch#no" in profile.choices_seen


async def test_continue_says_when_the_saved_game_has_ended(make_app: Factory,
                                                           screen_text: Callable[[ISSApp], str]
                                                           ) -> None:
    """The title's Continue line names the ending the latest save reached and says what
    Continue does then (reopens it); at 60x20 it still fits whole, and Continue does that."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n", "2", "3", "escape")  # the quiet ending, then the title
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        lines = screen_text(app).splitlines()
        at = next(i for i, line in enumerate(lines) if "c  Continue" in line)
        assert "ended: Quiet" in lines[at]
        assert "reopens the ending · 0 min" in lines[at + 1]
        assert "q  Quit" in screen_text(app)  # the menu is not cut off by the second line
        await pilot.press("c")
        await app.workers.wait_for_complete()
        assert play(app).session.is_ending
        await pilot.press("escape", "n", "escape")  # a new game: the latest has not ended
        await pilot.pause()
        text = screen_text(app)
        assert "ended:" not in text and "reopens the ending" not in text


async def test_leaving_and_quitting_autosave_the_time_played(make_app: Factory, home: Path,
                                                             demo_story: Story, clock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1")
        await app.workers.wait_for_complete()
        clock.advance(300)
        await pilot.press("escape")
        info = SaveStore(home).load("auto", demo_story).info
        assert info.played_seconds == 300 and info.scene_title == "The Module"
        await pilot.press("c")
        clock.advance(60)
        await pilot.press("ctrl+q")
    info = SaveStore(home).load("auto", demo_story).info
    assert info.played_seconds == 360


async def test_a_terminal_gone_keeps_the_game_in_the_autosave(
        make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    """tui/hangup.py: the game on screen is saved before the process ends."""
    from iss_adventure.tui import persist as app_module

    ended: list[int] = []
    monkeypatch.setattr(app_module.os, "_exit", ended.append)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("n", "1")
        app.hang_up()
        assert ended == [129]
        latest = app.game.latest_save()
        assert latest is not None and latest.slot == "auto"
        session = app.game.session
        assert session is not None
        assert app.game.store.load("auto", app.game.story).state == session.state
