"""Title, help, history, settings and the command palette."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.content import Content
from textual.widgets import Select, Switch

from iss_adventure.engine.profile import load_settings
from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.help import HelpScreen
from iss_adventure.tui.screens.history import HistoryScreen
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.screens.settings import SettingsScreen
from iss_adventure.tui.screens.title import KEYS, TitleScreen, big_title, title_keys

Factory = Callable[..., ISSApp]
Text = Callable[[ISSApp], str]


async def test_title_screen_has_name_art_and_menu(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()  # the latest save's details fill in right after the first frame
        assert isinstance(app.screen, TitleScreen)
        text = screen_text(app)
        for row in big_title("Demo Orbit").plain.splitlines():  # type: ignore[union-attr]
            assert row in text
        assert "▓▓▓▓▓▓" in text  # solar arrays
        for item in ("New game", "Continue", "Load a saved game", "Endings gallery",
                     "Settings", "Help", "Quit"):
            assert item in text
        assert "no saved game yet" in text


def test_big_title_falls_back_to_plain_text() -> None:
    assert big_title("ISS Adventure") is not None
    assert big_title("Orbit: 2") is None  # no such letters in the font
    assert big_title("A" * 40) is None  # too wide


async def test_title_keys(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("e")
        assert type(app.screen).__name__ == "EndingsScreen"
        await pilot.press("escape", "o")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "c")  # nothing to continue: a message, no crash
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("q")
    assert app.return_code == 0


def test_the_title_keys_line_lists_every_key_the_title_answers_to() -> None:
    bound = {binding.key for binding in TitleScreen.BINDINGS}  # type: ignore[union-attr]
    listed = {"question_mark" if key == "?" else key for key, _ in title_keys(200)}
    assert listed == bound
    for width in (58, 78, 98):  # 60, 80 and 100 columns, less the line's padding
        for flowchart in (False, True):
            keys = title_keys(width, flowchart)
            assert sum(len(key) + len(what) + 2 for key, what in keys) - 1 <= width
            assert {"n", "?", "q", "m"} <= dict(keys).keys()  # new game, help, quit, mods
    assert title_keys(78, flowchart=False) == [k for k in KEYS if k[0] != "f"]  # all, at 80
    assert len(title_keys(98)) == len(KEYS)  # at 100 columns, the flowchart too


async def test_a_resize_redraws_the_keys_line_only_when_its_keys_change(
        make_app: Factory) -> None:
    """Every resize reaches the title (three before its first frame settles) and an update
    of the keys line lays the whole screen out again: only a width that fits other keys
    updates it."""
    from textual.widgets import Static

    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#title-keys", Static)
        shown = line.visual
        await pilot.resize_terminal(101, 30)  # all keys still fit: the same line
        await pilot.pause()
        assert line.visual is shown
        await pilot.resize_terminal(60, 24)  # fewer keys fit
        await pilot.pause()
        assert line.visual is not shown
        assert "Load" not in line.visual.plain  # type: ignore[union-attr]
        assert "Quit" in line.visual.plain  # type: ignore[union-attr]


async def test_every_title_menu_entry_shows_its_key_in_one_style(make_app: Factory) -> None:
    """Each entry starts with the key that chooses it, styled as in the keys line (not some
    underlined, some with the key after them); the keys are the keys line's, in its order."""
    from textual.widgets import OptionList

    from iss_adventure.tui.screens.title import KEY_STYLE

    for size in ((80, 24), (60, 20)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            menu = app.screen.query_one("#title-menu", OptionList)
            prompts = [menu.get_option_at_index(i).prompt for i in range(menu.option_count)]
            keys = []
            for prompt in prompts:
                assert isinstance(prompt, Content)
                key, gap = prompt.plain[0], prompt.plain[1:3]
                assert gap == "  ", prompt.plain
                assert [span.style for span in prompt.spans if span.start == 0] == [KEY_STYLE]
                assert not any("underline" in str(span.style) for span in prompt.spans)
                keys.append(key)
            assert keys == [key for key, _ in KEYS if key != "f"]  # (f once something seen)
            assert all(menu.get_option_at_index(i).prompt.cell_length  # type: ignore[union-attr]
                       <= 47 for i in range(menu.option_count))  # nothing wraps in the box


async def test_the_title_lists_and_answers_the_flowchart_key_once_the_menu_has_it(
        make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = screen_text(app).splitlines()[-1]
        assert "m Mods" in keys and "o Settings" in keys and "f Flowchart" not in keys
        assert "Flowchart" not in screen_text(app)  # nor in the menu, for a new player
        await pilot.press("f")
        assert isinstance(app.screen, TitleScreen)  # the key is off with the menu item
        await pilot.press("n", "1", "escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert "Flowchart of your runs" in screen_text(app)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert "f Flowchart" in screen_text(app).splitlines()[-1]
        await pilot.press("f")
        assert type(app.screen).__name__ == "FlowchartScreen"


async def test_the_title_waits_out_its_own_recompose(make_app: Factory,
                                                     screen_text: Text) -> None:
    """A story reload recomposes the title (show_story); the menu refresh queued after the
    first frame, or a resize, can land while its old widgets are gone and the new ones not
    yet mounted. They wait for the recompose, which fills the menu itself (a CI failure)."""
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1", "escape")  # a save for Continue to describe
        await pilot.pause()
        title = app.screen
        assert isinstance(title, TitleScreen)
        await title.query_children("*").remove()  # the gap inside recompose()
        title.refresh_menu()
        await pilot.resize_terminal(80, 20)
        await pilot.pause()
        await title.show_story()
        await pilot.pause()
        assert "Continue" in screen_text(app) and "The Module" in screen_text(app)
        await pilot.resize_terminal(100, 32)
        assert "Continue" in screen_text(app)


async def test_title_menu_with_arrows(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("down", "down", "enter")  # continue is disabled: skipped
        assert type(app.screen).__name__ == "EndingsScreen"


async def test_help_lists_the_keys(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n", "f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for key in ("F5", "F9", "1 – 9", "ctrl+p", "How to play"):
            assert key in text
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)


async def test_help_wraps_what_a_key_does_under_itself(make_app: Factory,
                                                       screen_text: Text) -> None:
    """In a narrow window a long line of help goes on under its own words, not under the
    key (it began at the box's edge, breaking the column of keys)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark", "end")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = next(n for n, line in enumerate(lines) if "mods, on the title screen" in line)
        column = lines[row].index("mods, on the title")
        following = lines[row + 1]
        assert following[column - 1] == " " and following[column] != " ", following
        assert lines[row].index("m ") < column  # the key, in its own column


async def test_history_shows_prose_and_choices(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n", "1", "1", "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await pilot.press("home")
        await pilot.pause()
        text = screen_text(app)
        assert "2 choices so far" in text
        assert "The Hatch" in text
        assert "The hatch is stiff." in text
        assert "You chose: Knock twice." in text
        assert "You chose: Read the laptop." in text
        await pilot.press("end")
        await pilot.pause()
        assert "You are here." in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)


async def test_settings_apply_and_persist(make_app: Factory, data_home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#theme", Select).value = "nord"
        screen.query_one("#typewriter", Switch).value = True
        await pilot.pause()
        assert app.theme == "nord"
        assert app.settings.typewriter is True
        await pilot.press("escape")
    kept = load_settings(data_home)
    assert kept.theme == "nord" and kept.typewriter is True and kept.timers is True


async def test_settings_are_read_at_start(demo_story, home: Path, clock) -> None:
    from iss_adventure.engine.profile import Settings, save_settings

    save_settings(home, Settings(theme="dracula", typewriter=False, timers=False))
    app = ISSApp(demo_story, home=home, clock=clock)
    async with app.run_test(size=(100, 32)):
        assert app.theme == "dracula"
        assert app.settings.timers is False


async def test_settings_keys_by_keyboard(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("o", "tab", "space")  # theme select, then the typewriter switch
        assert app.settings.typewriter is True


async def run_palette(app: ISSApp, pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*words)
    await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_palette_commands(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1")
        await run_palette(app, pilot, "histo")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await run_palette(app, pilot, "setti")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        await run_palette(app, pilot, "resta")
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.session.state.turn == 0
        await run_palette(app, pilot, "endings g")
        assert type(app.screen).__name__ == "EndingsScreen"
        await pilot.press("escape")
        await run_palette(app, pilot, "save g")
        assert type(app.screen).__name__ == "SavesScreen"
        await pilot.press("escape")
        await run_palette(app, pilot, "load g")
        assert type(app.screen).__name__ == "SavesScreen"
        await pilot.press("escape")
        await run_palette(app, pilot, "help")
        assert isinstance(app.screen, HelpScreen)


async def test_palette_quicksave_quickload_and_title(make_app: Factory, home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1")
        await run_palette(app, pilot, "quicksave")
        assert (home / "save-quick.json").exists()
        await pilot.press("1")
        await run_palette(app, pilot, "quickload")
        await pilot.press("y")  # it asks first, as F9 does
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.session.state.turn == 1
        await run_palette(app, pilot, "title screen")
        assert isinstance(app.screen, TitleScreen)


async def test_a_story_known_by_title_loads_after_the_first_frame(demo_story, home) -> None:
    """The start cache path: the title paints from the cached title, then the story loads;
    a story broken in between ends the game with the problems, never a traceback."""
    from iss_adventure.engine.problems import Problem, StoryError

    loads: list[int] = []

    def load():  # type: ignore[no-untyped-def]
        loads.append(1)
        return demo_story

    app = ISSApp(load, title="Demo Orbit", home=home)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert loads == [1]
        await pilot.press("n")
        assert app.game.session is not None and app.game.session.state.scene == "a/hatch"

    def broken():  # type: ignore[no-untyped-def]
        raise StoryError([Problem("story.yaml", 1, 1, "no such story directory")])

    app = ISSApp(broken, title="Gone", home=home)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
    assert app.return_code == 1


async def test_a_stale_title_card_is_replaced_by_the_loaded_storys(demo_story, home,
                                                                   screen_text) -> None:
    """A card from the start cache that no longer matches the story (a tagline and mods it
    lacks) is shown only until the story loads; then the title shows the story as it is."""
    from iss_adventure.engine.startcache import TitleCard, card_of

    stale = TitleCard("Demo Orbit", "An old tagline.", demo_story.station_map, ("gone@1",))
    app = ISSApp(lambda: demo_story, card=stale, home=home)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.pause()
        title = app.screen
        assert isinstance(title, TitleScreen)
        assert title.shown == card_of(demo_story) != stale
        text = screen_text(app)
        assert "An old tagline." not in text and "gone 1" not in text


async def test_the_title_menu_keeps_its_drawn_options_through_a_resize_of_one_width(
        make_app: Factory) -> None:
    """The menu's first Resize comes right after its first render at the same width: it
    keeps what it drew (Textual's OptionList draws every option again on any resize);
    another width draws them again, at that width."""
    from iss_adventure.tui.screens.title import TitleMenu

    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#title-menu", TitleMenu)
        cache = menu._option_render_cache  # Textual 8.2.8: the options as drawn
        keys = cache.keys()  # an LRUCache, not a dict
        drawn = {key: cache.get(key) for key in keys}
        assert drawn
        await pilot.resize_terminal(100, 30)  # the same width: the same drawn options
        await pilot.pause()
        assert all(cache.get(key) is strips for key, strips in drawn.items())


async def test_the_title_menu_draws_its_options_again_at_another_width() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets.option_list import Option

    from iss_adventure.tui.screens.title import TitleMenu

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield TitleMenu(Option("n  New game"), Option("q  Quit"))

    app = Host()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        menu = app.query_one(TitleMenu)
        cache = menu._option_render_cache  # Textual 8.2.8: the options as drawn
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        width = menu.scrollable_content_region.width
        assert width < 56
        keys = cache.keys()  # an LRUCache, not a dict
        assert {strip.cell_length for key in keys for strip in cache.get(key) or []} == {width}
