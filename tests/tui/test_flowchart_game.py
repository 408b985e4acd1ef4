"""The flowchart in the game: opened from the play screen, the ending panel, the palette and
the title screen; a jump continues play from the replayed state, with undo back to the start.

The issue's "done when": finish once, open the flowchart, jump to an earlier decision, take
the other branch, reach a new ending, and see the flowchart and the gallery update.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from iss_adventure.engine.model import Story
from iss_adventure.engine.profile import Profile
from iss_adventure.engine.saves import SaveStore
from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.dialogs.confirm import ConfirmDialog
from iss_adventure.tui.screens.flowchart import FlowchartScreen
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.screens.title import TitleScreen
from iss_adventure.tui.widgets.flowchart import FlowchartView

Factory = Callable[..., ISSApp]
Text = Callable[[ISSApp], str]
ENDING_MENU_FLOWCHART = ("down", "down", "down", "enter")  # title, gallery, restart, flowchart


def play(app: ISSApp) -> PlayScreen:
    assert isinstance(app.screen, PlayScreen), app.screen
    return app.screen


def chart(app: ISSApp) -> FlowchartScreen:
    assert isinstance(app.screen, FlowchartScreen), app.screen
    return app.screen


def selected(app: ISSApp) -> str | None:
    node = chart(app).query_one(FlowchartView).selected
    return node.scene if node is not None else None


async def jump_here(pilot: Pilot[None]) -> None:
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmDialog)
    await pilot.press("y")
    await pilot.pause()


async def test_finish_jump_back_take_the_other_branch_and_see_it_all_update(
        make_app: Factory, demo_story: Story, home: Path, screen_text: Text, walk,
        messages) -> None:
    quiet = walk(demo_story, "no", "leave")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "2", "3")  # no, go outside: the quiet ending
        assert play(app).session.state == quiet[-1]
        await pilot.press(*ENDING_MENU_FLOWCHART)
        await pilot.pause()
        flow = chart(app)
        assert flow.state == quiet[-1]
        assert flow.flowchart.endings_reached == 1
        assert selected(app) == "end/quiet"
        await pilot.press("left_square_bracket")  # act 1
        await pilot.pause()
        assert selected(app) == "a/hatch"
        await jump_here(pilot)
        screen = play(app)
        assert screen.session.state == quiet[0]  # the first decision, exactly
        assert not screen.session.is_ending and not screen.session.can_undo
        assert "Jumped back to The Hatch." in messages(app)
        assert screen.session.can_redo  # the run left stays reachable
        await pilot.press("r", "r")
        assert screen.session.state == quiet[-1]
        await pilot.press("u", "u")

        await pilot.press("1", "1", "3")  # knock, read, go outside: the truss this time
        assert screen.session.state.scene == "a/truss"
        await pilot.press("1")  # hold on: home
        home_end = walk(demo_story, "knock", "read", "leave", "hold")[-1]
        assert screen.session.state == home_end
        await app.workers.wait_for_complete()
        profile = app.game.profile
        assert profile.endings == {"quiet": 1, "home": 1}  # the gallery's data
        assert {"a/truss", "end/home"} <= profile.scenes_seen
        assert {"a/hatch#knock", "a/module#read", "a/truss#hold"} <= profile.choices_seen

        await pilot.press("f")  # the flowchart again, from the key
        await pilot.pause()
        flow = chart(app)
        assert flow.flowchart.endings_reached == 2
        act2 = flow.flowchart.act(2)
        seen = {node.scene for node in act2.nodes if node.seen}
        assert seen == {"a/truss", "end/quiet", "end/home"}
        assert selected(app) == "end/home"
        assert "Endings 2/3" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert play(app).session.state == home_end  # closing changes nothing

        menu = play(app).query_one("#ending-menu", OptionList)
        assert menu.has_focus
        menu.highlighted = 1  # the endings gallery
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "EndingsScreen"
        assert "2 of 3 endings found" in screen_text(app)
    on_disk = Profile.load(home)
    assert on_disk.endings == {"quiet": 1, "home": 1}
    assert {"a/hatch", "a/module", "a/truss", "end/quiet", "end/home"} <= on_disk.scenes_seen
    assert SaveStore(home).load("auto", demo_story).state == home_end


async def test_a_jump_keeps_undo_to_the_first_scene_and_is_autosaved(
        make_app: Factory, demo_story: Story, home: Path, walk) -> None:
    states = walk(demo_story, "knock", "read", "talk", "leave")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1", "1", "1", "2")  # knock, read, talk, leave: the truss
        assert play(app).session.state == states[4]
        await pilot.press("escape", "n")  # a new game
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert selected(app) == "a/truss"
        await jump_here(pilot)
        screen = play(app)
        assert screen.session.state == states[4]  # the truss as first reached
        await app.workers.wait_for_complete()
        assert SaveStore(home).load("auto", demo_story).state == states[4]
        assert SaveStore(home).load("jump", demo_story).state == states[0]  # the run left
        for expected in reversed(states[:4]):
            await pilot.press("u")
            assert screen.session.state == expected
        await pilot.press("r", "r", "r", "r")
        assert screen.session.state == states[4]


async def test_the_palette_opens_the_flowchart_and_escape_stays(
        make_app: Factory, demo_story: Story) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "2")
        state = play(app).session.state
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"flowchart")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert chart(app).state == state
        await pilot.press("escape")
        await pilot.pause()
        assert play(app).session.state == state


async def test_the_title_menu_offers_the_flowchart_once_something_was_seen(
        make_app: Factory, demo_story: Story, home: Path, walk) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # the menu is completed right after the first frame
        menu = app.screen.query_one("#title-menu")
        ids = [menu.get_option_at_index(i).id  # type: ignore[attr-defined]
               for i in range(menu.option_count)]  # type: ignore[attr-defined]
        assert "flowchart" not in ids
    played = walk(demo_story, "no", "leave")
    profile = Profile(home)
    profile.record(demo_story, None, played[0])
    profile.record(demo_story, played[0], played[1])
    profile.record(demo_story, played[1], played[2])
    assert profile.save() is None
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        menu = app.screen.query_one("#title-menu")
        ids = [menu.get_option_at_index(i).id  # type: ignore[attr-defined]
               for i in range(menu.option_count)]  # type: ignore[attr-defined]
        assert "flowchart" in ids
        await pilot.press("f")  # no save yet: the flowchart of a new game
        await pilot.pause()
        assert chart(app).state == played[0]
        await pilot.press("right_square_bracket", "down")
        await pilot.pause()
        assert selected(app) == "end/quiet"
        await jump_here(pilot)
        screen = play(app)  # a play screen for the jump
        assert screen.session.state == played[2] and screen.session.is_ending
        await app.workers.wait_for_complete()
        await pilot.press("u")
        assert screen.session.state == played[1]
    assert Profile.load(home).endings == {"quiet": 1}  # jumping to an ending does not count


async def test_the_jump_question_says_what_happens_to_the_run_left(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "2", "f")  # the module; back to the hatch is on this run
        await pilot.pause()
        await pilot.press("left")  # the hatch
        await pilot.pause()
        assert selected(app) == "a/hatch"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "redo (r) leads along it again" in app.screen.question
        await pilot.press("n", "escape")
        await pilot.press("escape", "n", "f", "right")  # a new game: the module is elsewhere
        await pilot.pause()
        assert selected(app) == "a/module"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "kept in the save \u201cBefore the jump\u201d" in app.screen.question
