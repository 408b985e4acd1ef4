"""Hostile input in the Textual front end (issue 15): notifications never carry control
characters, an unreadable autosave is kept aside and reported, damaged settings are reported,
and a save's out-of-range snapshot never reaches the crew panel."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.saves import SaveStore
from iss_adventure.engine.state import GameState
from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import PlayScreen

Factory = Callable[..., ISSApp]
DEMO = Path(__file__).parent.parent / "fixtures" / "demo"
WHEN = datetime(2031, 1, 1)
FORBIDDEN = {"\x1b", "\x07", *(chr(c) for c in range(0x80, 0xA0))}


def messages(app: ISSApp) -> str:
    """Every notification the app made (recorded as notified: one shown briefly may be gone
    from the screen's list by now), with the titles of those still up."""
    shown = [f"{n.title or ''}: {n.message}" for n in app._notifications]
    told = [message for message, _ in getattr(app, "messages", [])]
    return "\n".join(shown + told)


def hostile_story(tmp_path: Path) -> Story:
    root = tmp_path / "hostile"
    shutil.copytree(DEMO, root)
    module = root / "a" / "module.yaml"
    module.write_text(module.read_text().replace(
        "title: The Module", r'title: "\e]0;owned\a Module \x9b"'))
    return load_story(root)


async def test_save_and_load_notifications_show_no_control_characters(
        make_app: Factory, tmp_path: Path) -> None:
    app = make_app(hostile_story(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1", "f5")
        await pilot.press("f9", "y")
        text = messages(app)
        assert "Saved to the quick slot: ␛]0;owned␇ Module" in text
        assert "Loaded the quick slot: ␛]0;owned␇ Module" in text
        assert not FORBIDDEN & set(text)


async def test_a_save_whose_title_holds_an_escape_sequence(
        make_app: Factory, home: Path, demo_story: Story) -> None:
    """The file's own scene_title is never shown on loading: the story's title is."""
    store = SaveStore(home)
    store.save("3", demo_story, _module_state(demo_story), 1.0, WHEN)
    document = json.loads(store.path("3").read_text())
    document["info"]["scene_title"] = "\x1b]0;owned\x07"
    store.path("3").write_text(json.dumps(document))
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.load_slot("3")
        await pilot.pause()
        text = messages(app)
        assert "Loaded slot 3: The Module." in text
        assert not FORBIDDEN & set(text)


def _module_state(story: Story) -> GameState:
    machine = Machine(story)
    return machine.choose(machine.new_game(), "knock")


async def test_an_unreadable_autosave_is_kept_and_reported(make_app: Factory,
                                                           home: Path) -> None:
    home.mkdir(parents=True)
    newer = b'{"format": 2, "info": "from a later version"}'
    (home / "save-auto.json").write_bytes(newer)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        for _ in range(100):  # the autosave is written by a worker thread; its notice follows
            await app.workers.wait_for_complete()
            await pilot.pause()
            if "kept as save-auto.json.unreadable-1" in messages(app):
                break
        assert (home / "save-auto.json.unreadable-1").read_bytes() == newer
        assert "kept as save-auto.json.unreadable-1" in messages(app)
        assert isinstance(app.screen, PlayScreen)


async def test_damaged_settings_are_reported_and_kept(demo_story: Story, home: Path,
                                                      clock: object) -> None:
    home.mkdir(parents=True)
    (home / "settings.json").write_bytes(b"[" * 100_000)
    app = ISSApp(demo_story, home=home)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert "set aside as settings.json.corrupt-1" in messages(app)
    assert (home / "settings.json.corrupt-1").read_bytes() == b"[" * 100_000


async def test_an_out_of_range_snapshot_never_reaches_the_crew_panel(
        make_app: Factory, home: Path, demo_story: Story) -> None:
    """trust.anna of 10**7 in a snapshot froze the TUI drawing a ten-million-cell bar."""
    store = SaveStore(home)
    store.save("1", demo_story, _module_state(demo_story), 1.0, WHEN)
    for value in (10**7, -(10**18)):
        document = json.loads(store.path("1").read_text())
        document["snapshot"]["vars"][demo_story.index["trust.anna"]] = value
        store.path("1").write_text(json.dumps(document))
        app = make_app()
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            app.load_slot("1")
            await pilot.pause()
            assert isinstance(app.screen, PlayScreen)
            assert app.screen.session.state.vars[demo_story.index["trust.anna"]] == 2


async def test_a_very_long_word_is_wrapped_in_the_play_screen(make_app: Factory,
                                                              tmp_path: Path) -> None:
    root = tmp_path / "long"
    shutil.copytree(DEMO, root)
    hatch = root / "a" / "hatch.yaml"
    hatch.write_text(hatch.read_text().replace("The hatch is *stiff*.",
                                               "The hatch is " + "x" * 5000 + "."))
    app = make_app(load_story(root))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("1")  # still playable
        assert app.screen.session.state.scene == "a/module"
