"""Rewind in the game: u undoes the last choice (back to the first scene), r redoes it.

Undo works after a timed choice, a save, a load; it never records a choice or counts an ending.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from iss_adventure.engine.model import Story
from iss_adventure.engine.profile import Profile
from iss_adventure.engine.saves import SaveStore
from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import EndingPanel, PlayScreen
from iss_adventure.tui.screens.title import TitleScreen
from iss_adventure.tui.widgets.choices import ChoiceList
from iss_adventure.tui.widgets.countdown import Countdown

Factory = Callable[..., ISSApp]
Text = Callable[[ISSApp], str]


def play(app: ISSApp) -> PlayScreen:
    assert isinstance(app.screen, PlayScreen), app.screen
    return app.screen


async def palette(pilot: Pilot[None], command: str) -> None:
    """Run a command from the command palette (ctrl+p), as a player types it."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command)
    await pilot.pause()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


async def test_undo_and_redo_move_between_the_exact_states(
        make_app: Factory, demo_story: Story, screen_text: Text, walk) -> None:
    states = walk(demo_story, "knock", "read", "talk")
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1", "1", "1")  # knock, read, talk (read is used up)
        screen = play(app)
        assert screen.session.state == states[3]
        assert "u r Undo/Redo" in screen_text(app).splitlines()[-1]
        for expected in (states[2], states[1], states[0]):
            await pilot.press("u")
            assert screen.session.state == expected
        await pilot.press("u")  # the first scene: nothing before it
        assert screen.session.state == states[0]
        assert "The Hatch" in screen_text(app)
        for expected in (states[1], states[2], states[3]):
            await pilot.press("r")
            assert screen.session.state == expected
        await pilot.press("r")  # nothing more to redo
        assert screen.session.state == states[3]
        await pilot.press("u", "u")  # back at the module, just after knocking
        assert screen.session.state == states[1]
        await pilot.press("2")  # talk first this time: the undone future is dropped
        assert screen.session.state == walk(demo_story, "knock", "talk")[-1]
        assert not screen.session.can_redo
        await pilot.press("r")
        assert screen.session.state == walk(demo_story, "knock", "talk")[-1]


async def test_undo_shows_the_crew_change_of_the_choice_before(
        make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1", "1")  # knock (Anna +1), read (Boris +1)
        screen = play(app)
        assert [c.name for c in screen.session.changes] == ["Boris Hale"]
        await pilot.press("u")  # as when the module was first reached: Anna's change
        assert [c.name for c in screen.session.changes] == ["Anna Ivanova"]
        assert "Anna trusts you more (1 → 2)." in screen_text(app)
        assert screen.query_one("#changes").display
        await pilot.press("u")
        assert screen.session.changes == []
        assert not screen.query_one("#changes").display


async def test_palette_commands_undo_and_redo(make_app: Factory, demo_story: Story, walk) -> None:
    states = walk(demo_story, "no")
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "2")
        await palette(pilot, "undo last")
        assert play(app).session.state == states[0]
        await palette(pilot, "redo")
        assert play(app).session.state == states[1]


async def test_undo_after_a_timed_choice_restarts_the_countdown(
        make_app: Factory, clock, demo_story: Story, home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1", "1", "3")  # knock, read, go outside: the timed scene
        screen = play(app)
        truss = screen.session.state
        assert truss.scene == "a/truss"
        countdown = screen.query_one(Countdown)
        clock.advance(10.5)
        countdown.tick()
        await pilot.pause()
        assert screen.session.state.scene == "end/home"  # time ran out: hold on
        await app.workers.wait_for_complete()
        assert Profile.load(home).endings == {"home": 1}
        await pilot.press("u")  # from the ending panel back to the decision
        assert screen.session.state == truss
        assert not screen.query_one(EndingPanel).display
        assert screen.query_one(ChoiceList).display
        assert countdown.running and 9.9 < countdown.left <= 10.0  # a fresh countdown
        clock.advance(4)
        countdown.tick()
        assert 5.9 < countdown.left < 6.1
        await pilot.press("u")  # undo while it runs: the module, and no countdown
        assert screen.session.state.scene == "a/module"
        assert not countdown.running and not countdown.display
        clock.advance(60)
        countdown.tick()
        await pilot.pause()
        assert screen.session.state.scene == "a/module"
        await pilot.press("r")  # the truss again, with its whole time
        assert screen.session.state == truss
        assert countdown.running and 9.9 < countdown.left <= 10.0
        clock.advance(10.5)
        countdown.tick()
        await pilot.pause()
        assert screen.session.state.scene == "end/home"
        await app.workers.wait_for_complete()
    assert Profile.load(home).endings == {"home": 2}  # reached again by a choice: counted


async def test_undo_and_redo_neither_record_nor_count_again(
        make_app: Factory, demo_story: Story, home: Path, walk) -> None:
    states = walk(demo_story, "no", "leave")
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "2", "3")  # the quiet ending
        await app.workers.wait_for_complete()
        profile = app.game.profile
        seen = (set(profile.scenes_seen), set(profile.choices_seen), dict(profile.endings))
        await pilot.press("u")
        await app.workers.wait_for_complete()
        assert SaveStore(home).load("auto", demo_story).state == states[1]  # autosaved
        await pilot.press("u", "r", "r")
        await app.workers.wait_for_complete()
        assert play(app).session.state == states[2]
        assert SaveStore(home).load("auto", demo_story).state == states[2]
        assert (profile.scenes_seen, profile.choices_seen, profile.endings) == seen
        assert profile.endings == {"quiet": 1}
    assert Profile.load(home).endings == {"quiet": 1}


async def test_undo_from_the_ending_menu(make_app: Factory, demo_story: Story, walk) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "2", "3")
        assert play(app).session.is_ending
        await pilot.press("down", "down", "down", "down", "enter")  # "Undo the last choice"
        await pilot.pause()
        assert play(app).session.state == walk(demo_story, "no")[-1]
        assert play(app).query_one(ChoiceList).has_focus


async def test_undo_after_a_quicksave_and_a_save(make_app: Factory, demo_story: Story, messages,
                                                 walk) -> None:
    states = walk(demo_story, "knock", "read")
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1", "f5", "1")
        assert "Saved to the quick slot" in messages(app)
        app.save_slot("1")  # a slot save, as the saves screen does it
        await pilot.press("u")
        assert play(app).session.state == states[1]
        await pilot.press("u")
        assert play(app).session.state == states[0]
        await pilot.press("r", "r")
        assert play(app).session.state == states[2]


async def test_undo_after_loading_reaches_the_first_scene(
        make_app: Factory, demo_story: Story, walk) -> None:
    states = walk(demo_story, "knock", "read", "talk")
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1", "1", "1", "f5")  # knock, read, talk; quicksave
        await pilot.press("escape", "n")  # a new game over it
        assert play(app).session.state == states[0]
        await pilot.press("f9", "y")
        screen = play(app)
        assert screen.session.state == states[3]
        assert screen.session.can_undo and not screen.session.can_redo
        for expected in reversed(states[:3]):
            await pilot.press("u")
            assert screen.session.state == expected
        assert not screen.session.can_undo
        await pilot.press("r", "r", "r")
        assert screen.session.state == states[3]


async def test_undo_after_continue_in_a_new_app(make_app: Factory, demo_story: Story, walk) -> None:
    states = walk(demo_story, "knock", "read")
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1", "1")
        await app.workers.wait_for_complete()
    again = make_app()
    async with again.run_test(size=(100, 32)) as pilot:
        assert isinstance(again.screen, TitleScreen)
        await pilot.press("c")
        assert play(again).session.state == states[2]
        await pilot.press("u", "u")
        assert play(again).session.state == states[0]
        await pilot.press("u")
        assert play(again).session.state == states[0]
