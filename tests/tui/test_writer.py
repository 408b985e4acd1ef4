"""The writer's loop in the TUI: edits show up while the game runs, a broken file fills the
problem panel while the game goes on (and it clears once fixed), a renamed choice stops the
replay at its step, and the developer console (marked playthroughs count nowhere).

Reloads are triggered directly (`reload_story`, what the watcher's thread asks for), so the
tests are deterministic; tests/engine/test_watch.py runs the real watcher once."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.problems import Problem
from iss_adventure.engine.profile import Profile, Settings
from iss_adventure.engine.state import Step
from iss_adventure.engine.watch import StoryWatch
from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.console import ConsoleScreen
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.widgets.problems import ProblemPanel

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"
Text = Callable[[ISSApp], str]


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEMO, tmp_path / "draft"))


@pytest.fixture
def watched(draft: Path, data_home: Path, clock: Any,
            recorded: Callable[[type[Any]], type[Any]]) -> Callable[..., ISSApp]:
    def make(dev_only: bool = False) -> ISSApp:
        story = load_story(draft)
        watch = None if dev_only else StoryWatch(draft, (), story)
        app: ISSApp = recorded(ISSApp)(story, seed=0, home=data_home, clock=clock,
                                       settings=Settings(typewriter=False, timers=False),
                                       watch=watch, dev=dev_only)
        return app

    return make


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def play(app: ISSApp) -> PlayScreen:
    assert isinstance(app.screen, PlayScreen), app.screen
    return app.screen


async def test_an_edited_title_and_prose_show_without_a_restart(
        watched: Callable[..., ISSApp], draft: Path, screen_text: Text) -> None:
    app = watched()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1")  # knock: to a/module
        assert "Fans hum." in screen_text(app)
        edit(draft / "a" / "module.yaml", "title: The Module", "title: The Loud Module")
        edit(draft / "a" / "module.yaml", "Fans hum.", "Fans roar.")
        app.reload_story()
        await pilot.pause()
        text = screen_text(app)
        assert "The Loud Module" in text and "Fans roar." in text
        assert play(app).session.state.scene == "a/module"
        assert play(app).session.state.log == (Step("a/hatch", "knock"),)
        assert play(app).session.can_undo  # the replayed timeline keeps undo


async def test_a_broken_file_shows_the_panel_the_game_goes_on_and_it_clears(
        watched: Callable[..., ISSApp], draft: Path, screen_text: Text,
        messages: Callable[[Any], str]) -> None:
    app = watched()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        panel = play(app).query_one(ProblemPanel)
        assert not panel.display
        (draft / "a" / "truss.yaml").write_text("title: [unclosed\n")
        app.reload_story()
        await pilot.pause()
        assert panel.display and len(panel.lines) == 1
        assert panel.lines[0].startswith("a/truss.yaml:2:1: YAML syntax")
        assert "a/truss.yaml:2:1" in screen_text(app)
        assert "the last good story keeps running" in messages(app)
        await pilot.press("1")  # the game goes on, on the last good story
        assert play(app).session.state.scene == "a/module"
        shutil.copy(DEMO / "a" / "truss.yaml", draft / "a" / "truss.yaml")
        app.reload_story()
        await pilot.pause()
        assert not panel.display and panel.lines == []
        assert "a/truss.yaml" not in screen_text(app)
        assert play(app).session.state.scene == "a/module"


async def test_a_renamed_choice_on_the_path_stops_the_replay_at_its_step(
        watched: Callable[..., ISSApp], draft: Path, messages: Callable[[Any], str]) -> None:
    app = watched()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1", "1")  # knock, then read (a/module loops to itself)
        assert len(play(app).session.state.log) == 2
        edit(draft / "a" / "module.yaml", "id: read", "id: study")
        app.reload_story()
        await pilot.pause()
        told = messages(app)
        assert "Stopped at step 2 of 2" in told
        assert "'read'" in told and "\u201cThe Module\u201d" in told
        state = play(app).session.state
        assert state.scene == "a/module" and len(state.log) == 1
        await pilot.press("1")  # the renamed choice is there to take
        assert play(app).session.state.log[-1] == Step("a/module", "study")


async def test_a_new_crew_member_rebuilds_the_play_screen(
        watched: Callable[..., ISSApp], draft: Path, screen_text: Text) -> None:
    app = watched()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        edit(draft / "story.yaml", "crew:\n", "crew:\n  - {id: cara, name: Cara Holt, role: "
             "Doctor, agency: ESA, trust: trust.boris}\n")
        app.reload_story()
        await pilot.pause()
        assert "Cara" in screen_text(app)


async def test_the_console_sets_typed_variables_and_tests_from_a_scene(
        watched: Callable[..., ISSApp], data_home: Path, screen_text: Text) -> None:
    app = watched(dev_only=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await pilot.press("f12")
        console = app.screen
        assert isinstance(console, ConsoleScreen)
        entry = console.query_one("#set-var", Input)
        entry.focus()
        await pilot.press(*"trust.boris = 7", "enter")
        assert "within 0..3, not 7" in screen_text(app)
        assert entry.value == "trust.boris = 7"  # kept, to be corrected
        entry.value = ""
        await pilot.press(*"trust.boris = 3", "enter")
        assert entry.value == ""
        assert "set trust.boris = 3" in screen_text(app)
        console.query_one("#scene-query").focus()
        await pilot.press(*"truss")
        await pilot.press("ctrl+t")  # test from here: a fresh playthrough at a/truss
        await pilot.pause()
        session = play(app).session
        assert session.state.scene == "a/truss" and session.state.log == () and session.dev
        await pilot.press("2")  # let go: open with Boris's trust at 3
        assert play(app).session.is_ending
        app.game.flush()
        profile = Profile.load(app.game.story_directory)
        assert not profile.endings and "end/lost" not in profile.scenes_seen
        latest = app.game.store.latest()
        assert latest is not None and latest.dev  # the autosave is marked
        app.game.new()
        assert not app.game.session.dev
        loaded = app.game.load(latest.slot)  # continuing it later counts nothing either
        assert loaded is not None and loaded.dev


async def test_the_console_jumps_to_a_scene_found_by_fuzzy_search(
        watched: Callable[..., ISSApp], draft: Path, screen_text: Text) -> None:
    app = watched()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1")
        await pilot.press("f12")
        await pilot.press(*"hme", "enter")  # end/home, by a scattered match
        await pilot.pause()
        session = play(app).session
        assert session.state.scene == "end/home" and session.dev
        edit(draft / "end" / "home.yaml", "title: Home", "title: Home Again")
        app.reload_story()  # a console-made playthrough survives a reload
        await pilot.pause()
        assert play(app).session.scene.title == "Home Again" and play(app).session.dev
        await pilot.press("f12")
        edit(draft / "end" / "home.yaml", "title: Home Again", "title: Home at Last")
        app.reload_story()  # the console open over it follows too
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        assert "Home at Last" in screen_text(app)


async def test_the_console_key_is_only_in_dev_mode(make_app: Callable[..., ISSApp],
                                                   screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        assert "Console" not in screen_text(app)
        await pilot.press("f12")
        assert isinstance(app.screen, PlayScreen)


async def test_the_checkers_errors_join_the_panel_unless_a_newer_reload_came(
        watched: Callable[..., ISSApp], draft: Path) -> None:
    app = watched()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        writer = app.writer
        assert writer is not None
        app.reload_story()
        dead_end = Problem("a/truss.yaml", 1, 1, "a/truss has no choices and is not an ending")
        older = writer.generation
        app.reload_story()  # a newer save: the verdict on the older one is dropped
        app.show_checked(older, [dead_end])
        await pilot.pause()
        panel = play(app).query_one(ProblemPanel)
        assert not panel.display
        app.show_checked(writer.generation, [dead_end])
        await pilot.pause()
        assert panel.display and panel.lines == [
            "a/truss.yaml:1:1: a/truss has no choices and is not an ending"]
        assert "found by the checker" in str(panel.border_title)
        (draft / "a" / "truss.yaml").write_text("title: [unclosed\n")
        app.reload_story()  # the loader's problems replace the checker's
        await pilot.pause()
        assert "keeps running" in str(panel.border_title)
        app.show_checked(writer.generation, [])  # the story on disk still does not load
        assert panel.lines[0].startswith("a/truss.yaml:2:1: YAML syntax")


async def test_the_palette_offers_the_console_only_in_dev_mode(
        watched: Callable[..., ISSApp], make_app: Callable[..., ISSApp]) -> None:
    from iss_adventure.tui.commands import GameCommands

    for app, offered in ((watched(dev_only=True), True), (make_app(), False)):
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.press("n")
            actions = [action for _, action, _ in GameCommands(app.screen)._commands()]
            assert ("console" in actions) is offered and "history" in actions


async def test_a_watcher_that_fails_is_reported_and_the_game_goes_on(
        draft: Path, data_home: Path, clock: Any,
        recorded: Callable[[type[Any]], type[Any]]) -> None:
    """No watchfiles in an old venv, or the system's limit of watched folders: a notice says
    saves are no longer seen, and the game keeps playing (no thread dies in silence)."""
    import asyncio
    import threading
    from collections.abc import Iterator, Sequence

    failed = threading.Event()

    def full(paths: Sequence[Path], stop: threading.Event) -> Iterator[set[Path]]:
        failed.set()
        raise OSError(28, "inotify watch limit reached")
        yield set()  # a generator, as real watchers are

    story = load_story(draft)
    app: ISSApp = recorded(ISSApp)(story, seed=0, home=data_home, clock=clock,
                                   settings=Settings(typewriter=False, timers=False),
                                   watch=StoryWatch(draft, (), story), watcher=full)
    async with app.run_test(size=(100, 32)) as pilot:
        await asyncio.get_running_loop().run_in_executor(None, failed.wait, 10)
        for _ in range(200):
            if any("no longer picked up" in m for m, _ in app.messages):
                break
            await pilot.pause()
        notice = next(m for m, severity in app.messages if "no longer picked up" in m)
        assert "inotify watch limit reached" in notice and "restart play --watch" in notice
        await pilot.press("n")
        assert isinstance(app.screen, PlayScreen)
