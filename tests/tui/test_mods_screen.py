"""Mods in the game: the Mods screen, the title's note, saves made with mods, custom stories."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.model import Story
from iss_adventure.engine.profile import load_settings
from iss_adventure.engine.scaffold import new_story
from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.mods import ModsScreen
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.screens.title import TitleScreen
from iss_adventure.tui.widgets.station import StationMap

Factory = Callable[..., ISSApp]
DEMO = Path(__file__).parents[1] / "fixtures" / "demo"

AIRLOCK = """\
    patch: a/hatch
    add_choices:
      - id: airlock
        text: Try the airlock instead.
        goto: x/airlock
"""
SCENE = """\
    title: The Airlock
    act: 1
    location: Unity
    text: Suits hang on the wall like headless men.
    choices:
      - {id: back, text: Go back., goto: a/module}
"""


def install(data_home: Path, folder: str, story: str = "demo",
            files: dict[str, str] | None = None) -> Path:
    mod = data_home / "mods" / folder
    mod.mkdir(parents=True)
    (mod / "mod.yaml").write_text(f"id: {folder}\ntitle: Mod {folder.title()}\nversion: '1.2'\n"
                                  f"story: {story}\ndescription: A test mod.\n")
    for rel, text in (files or {"p.yaml": AIRLOCK, "x/airlock.yaml": SCENE}).items():
        (mod / rel).parent.mkdir(parents=True, exist_ok=True)
        (mod / rel).write_text(textwrap.dedent(text))
    return mod


def messages(app: ISSApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_enable_a_mod_reload_the_story_and_see_it_on_the_title(
        make_app: Factory, data_home: Path, screen_text: Callable[[ISSApp], str]) -> None:
    install(data_home, "airlock")
    install(data_home, "elsewhere", story="iss")
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        assert "Mods on" not in screen_text(app)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ModsScreen)
        text = screen_text(app)
        assert "[ ]    Mod Airlock 1.2" in text
        assert "(for the story iss)" in text
        assert "Loads cleanly with this story." in text
        await pilot.press("space")
        await pilot.pause()
        assert "[x] 1. Mod Airlock 1.2" in screen_text(app)
        await pilot.press("down", "space")  # a mod for another story cannot be turned on
        await pilot.pause()
        assert "not for this story" in messages(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert app.story.mods == ("airlock@1.2",)
        assert load_settings(data_home).mods == ["airlock"]
        assert "Mods on: airlock 1.2" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert "Try the airlock instead." in screen_text(app)


async def test_without_mods_it_says_how_to_get_one_and_offers_only_done(
        make_app: Factory, data_home: Path, screen_text: Callable[[ISSApp], str]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ModsScreen)
        text = screen_text(app)
        assert "No mods installed." in text and "iss-adventure new mod DIR" in text
        footer = text.splitlines()[-1]
        assert "esc Done" in footer and "On/off" not in footer and "Load later" not in footer
        await pilot.press("space", "escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


async def test_reorder_and_see_each_mods_problems(make_app: Factory, data_home: Path,
                                                  screen_text: Callable[[ISSApp], str]) -> None:
    install(data_home, "first")
    install(data_home, "second", files={"q.yaml": "patch: a/hach\nremove_choices: [knock]\n"})
    app = make_app(mods=["first"])
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        text = screen_text(app)
        assert "1 problem:" in text
        assert "second/q.yaml:1:8: error: patch target 'a/hach'" in text
        assert "/mods/second" not in text  # shown relative to the mods folder
        await pilot.press("space", "left_square_bracket")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ModsScreen) and screen.enabled == ["second", "first"]
        await pilot.press("escape")
        await pilot.pause()
        # the broken mod keeps the story from loading with mods: it runs without, and says so
        assert app.story.mods == ()
        assert "do not load with this story" in messages(app)
        assert load_settings(data_home).mods == ["second", "first"]


async def test_a_save_made_with_mods_says_so_when_loaded_without(
        make_app: Factory, data_home: Path, demo_story: Story) -> None:
    mod = install(data_home, "airlock")
    modded = load_story(DEMO, [mod])
    app = make_app(modded)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("n", "4", "f5")  # the mod's choice, then quicksave
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.session.state.scene == "x/airlock"
    plain = make_app(demo_story)
    async with plain.run_test(size=(100, 34)) as pilot:
        plain.load_slot("quick")
        await pilot.pause()
        text = messages(plain)
        assert "This save was made with airlock@1.2; the game now runs with no mods." in text
        assert isinstance(plain.screen, PlayScreen)
        assert plain.screen.session.state.scene == "a/hatch"  # replayed as far as it fits


async def test_a_custom_story_shows_its_own_title_and_no_station(
        make_app: Factory, tmp_path: Path, screen_text: Callable[[ISSApp], str]) -> None:
    new_story(tmp_path / "night")
    story = load_story(tmp_path / "night")
    assert not story.station_map and story.player == ""
    app = make_app(story)
    async with app.run_test(size=(100, 34)) as pilot:
        text = screen_text(app)
        assert "Two people, one leak, and the whole night ahead." in text
        assert "Three Americans" not in text
        assert "▓▓▓" not in text  # no station art
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert not app.screen.query(StationMap)
        assert "Kira" not in screen_text(app)
    assert (app.game.directory / "stories" / "night" / "save-auto.json").exists()
    assert not (app.game.directory / "stories" / "demo").exists()


ENDING = """\
    title: Out the Airlock
    act: 1
    location: Unity
    text: You step out.
    ending: {id: airlock, title: Out, tone: odd, summary: You left., hint: Find the airlock.}
"""


def test_the_flowchart_panel_marks_scenes_from_a_mod(tmp_path: Path) -> None:
    from iss_adventure.engine.flowchart import build_flowchart
    from iss_adventure.tui.screens.flowchart import describe

    mod = install(tmp_path, "airlock")
    story = load_story(DEMO, [mod])
    chart = build_flowchart(story, {"a/hatch", "x/airlock"}, set()).act(1)
    nodes = {n.scene: n for n in chart.nodes}
    assert "from mod airlock" in describe(chart, nodes["x/airlock"], story).plain
    assert "from mod airlock" in describe(chart, nodes["a/hatch"], story).plain  # patched
    assert "from mod" not in describe(chart, nodes["a/module"], story).plain


async def test_the_endings_gallery_marks_endings_from_a_mod(
        make_app: Factory, tmp_path: Path, screen_text: Callable[[ISSApp], str]) -> None:
    mod = install(tmp_path, "airlock", files={
        "p.yaml": AIRLOCK.replace("goto: x/airlock", "goto: x/out"), "x/out.yaml": ENDING})
    app = make_app(load_story(DEMO, [mod]))
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        text = screen_text(app)
        assert "Hint: Find the airlock." in text
        assert text.count("from mod airlock") == 1


async def test_help_introduces_kira_only_in_the_shipped_story(
        make_app: Factory, screen_text: Callable[[ISSApp], str]) -> None:
    from iss_adventure.engine.resources import default_story_dir

    for story, kira in ((load_story(default_story_dir()), True), (load_story(DEMO), False)):
        app = make_app(story)
        async with app.run_test(size=(100, 34)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            text = screen_text(app)
            assert ("You are Kira Foster" in text) is kira
            assert ("You play Kira." in text) is not kira  # the demo story declares Kira


KNOCK = """\
    patch: a/hatch
    replace_choices:
      - {id: knock, text: "Knock %s.", goto: a/module}
"""


async def test_mods_from_the_command_line_stay_on_when_the_mods_screen_reloads(
        make_app: Factory, data_home: Path, tmp_path: Path,
        screen_text: Callable[[ISSApp], str]) -> None:
    """`play --mod DIR`, then a mod turned on in the Mods screen: DIR stays on, loaded last,
    and the screen says so."""
    install(data_home, "airlock")
    dev = install(tmp_path / "work", "knocker", files={"k.yaml": KNOCK % "softly"})
    app = make_app(load_story(DEMO, [dev]), cli_mods=(dev,))
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        text = screen_text(app)
        assert "From the command line (--mod), always on, loaded after the mods ticked" in text
        assert "  Mod Knocker 1.2" in text
        assert isinstance(app.screen, ModsScreen)
        assert app.screen.command_line == [f"Mod Knocker 1.2 ({dev})"]
        await pilot.press("space", "escape")  # airlock on
        await pilot.pause()
        await pilot.pause()
        assert app.story.mods == ("airlock@1.2", "knocker@1.2")
        assert "Mods on: airlock@1.2, knocker@1.2 (with 1 from --mod)." in messages(app)
        await pilot.press("m")  # and off again: the command line's mod is still there
        await pilot.pause()
        await pilot.press("space", "escape")
        await pilot.pause()
        await pilot.pause()
        assert app.story.mods == ("knocker@1.2",)
        await pilot.press("n")
        await pilot.pause()
        assert "Knock softly." in screen_text(app)


async def test_mod_conflicts_are_shown_at_start_and_on_the_mods_screen(
        make_app: Factory, data_home: Path, screen_text: Callable[[ISSApp], str]) -> None:
    first = install(data_home, "first", files={"k.yaml": KNOCK % "once"})
    second = install(data_home, "second", files={"k.yaml": KNOCK % "thrice"})
    app = make_app(load_story(DEMO, [first, second]), mods=["first", "second"])
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        told = messages(app)
        assert "Two mods change the same thing; the one loaded later wins:" in told, told
        assert "choice 'knock' of 'a/hatch' is also changed by mod 'first'" in told
        assert "second/k.yaml" in told
        await pilot.press("m")
        await pilot.pause()
        text = screen_text(app)
        assert "1 conflict between the mods on" in text, text
        assert "choice 'knock' of 'a/hatch' is also changed by mod" in text


async def test_turning_on_a_conflicting_mod_tells_the_conflict(
        make_app: Factory, data_home: Path) -> None:
    install(data_home, "first", files={"k.yaml": KNOCK % "once"})
    install(data_home, "second", files={"k.yaml": KNOCK % "thrice"})
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert "Two mods change" not in messages(app)
        await pilot.press("m", "space", "down", "space", "escape")
        await pilot.pause()
        await pilot.pause()
        assert app.story.mods == ("first@1.2", "second@1.2")
        assert "Two mods change the same thing" in messages(app)
