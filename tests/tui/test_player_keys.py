"""What a player notices first: notifications out of the way, the crew panel in narrow windows,
one key map on every screen, the footer's Help at any width."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.help import KEYS as HELP_KEYS
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.screens.title import KEYS as TITLE_KEYS
from iss_adventure.tui.screens.title import TitleScreen
from iss_adventure.tui.widgets.choices import ChoiceList
from iss_adventure.tui.widgets.countdown import Countdown

Factory = Callable[..., ISSApp]
Text = Callable[[ISSApp], str]
TO_TRUSS = ("n", "1", "1", "3")


def play(app: ISSApp) -> PlayScreen:
    assert isinstance(app.screen, PlayScreen), app.screen
    return app.screen


async def test_notifications_never_cover_the_choices(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("n", "2", "f5")  # the module: talking to Anna is hidden,
        await pilot.press("2")  # so 2 is radioing Boris: locked
        await pilot.pause()
        toasts = list(app.screen.query("Toast"))
        assert len(toasts) == 2  # saved, locked
        choices = play(app).query_one(ChoiceList).region
        for toast in toasts:
            assert not toast.region.overlaps(choices), (toast.region, choices)


async def test_notifications_are_cleared_when_the_scene_changes(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("n", "2", "2")  # "Locked"
        await pilot.pause()
        assert app.screen.query("Toast")
        await pilot.press("1")  # a new scene
        await pilot.pause()
        assert not app.screen.query("Toast")
        await pilot.press("f5")
        await pilot.pause()
        assert app.screen.query("Toast")
        await pilot.press("u")
        await pilot.pause()
        assert not app.screen.query("Toast")
        await pilot.press("f5")
        await pilot.pause()
        assert app.screen.query("Toast")
        await pilot.press("escape")  # the title: the game's notices stay with the game
        await pilot.pause()
        assert type(app.screen).__name__ == "TitleScreen"
        assert not app.screen.query("Toast")


async def test_time_ran_out_is_said_in_the_scene_it_led_to(make_app: Factory, clock,
                                                         messages) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press(*TO_TRUSS)
        clock.advance(11)
        play(app).query_one(Countdown).tick()
        await pilot.pause()
        assert play(app).session.state.scene == "end/home"
        assert "Time ran out: Hold on." in messages(app)
        assert len(app.screen.query("Toast")) == 1


async def narrow_panels(pilot: Pilot[None]) -> PlayScreen:
    await pilot.press("n")
    screen = play(pilot.app)  # type: ignore[arg-type]
    await pilot.press("c")
    await pilot.pause()
    assert screen.has_class("-panels")
    return screen


async def test_number_keys_do_not_pick_choices_under_the_crew_panel(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(70, 24)) as pilot:
        screen = await narrow_panels(pilot)
        await pilot.press("1")
        assert screen.session.state.turn == 0
        await pilot.press("c", "1")  # panels away: the choices pick again
        assert screen.session.state.turn == 1


async def test_the_crew_panel_closes_on_a_new_scene(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(70, 24)) as pilot:
        await pilot.press("n", "1")
        screen = play(app)
        await pilot.press("c")
        assert screen.has_class("-panels")
        await pilot.press("u")  # undo works under the panel, and shows the scene
        await pilot.pause()
        assert screen.session.state.turn == 0
        assert not screen.has_class("-panels")
        assert screen.query_one("#main").region.width > 0


async def test_the_countdown_pauses_under_the_crew_panel(make_app: Factory, clock) -> None:
    app = make_app()
    async with app.run_test(size=(70, 24)) as pilot:
        await pilot.press(*TO_TRUSS)
        screen = play(app)
        countdown = screen.query_one(Countdown)
        clock.advance(2)
        await pilot.press("c")
        clock.advance(100)
        countdown.tick()
        await pilot.pause()
        assert screen.session.state.scene == "a/truss"
        await pilot.press("c")
        assert 7.9 < countdown.left < 8.1
        clock.advance(9)
        countdown.tick()
        await pilot.pause()
        assert screen.session.state.scene == "end/home"


async def test_the_footer_keeps_help_at_60_columns(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "? Help" in footer, footer


async def test_one_key_for_settings_on_the_title_and_in_the_game(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("o")
        assert type(app.screen).__name__ == "SettingsScreen"
        await pilot.press("escape", "s")  # s means save, so on the title it does nothing
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("n", "o")
        assert type(app.screen).__name__ == "SettingsScreen"
        await pilot.press("escape", "s")
        assert type(app.screen).__name__ == "SavesScreen"


def test_help_and_title_name_the_same_keys() -> None:
    title = dict(TITLE_KEYS)
    help_keys = {key: what for _, keys in HELP_KEYS for key, what in keys}
    assert title["o"] == "Settings" and help_keys["o"].startswith("settings")
    assert "s" not in title  # s saves, in the game; nothing on the title
    title_bindings = {binding.key for binding in TitleScreen.BINDINGS}  # type: ignore[union-attr]
    assert {"question_mark" if key == "?" else key for key in title} <= title_bindings
    play_bindings = {binding.key for binding in PlayScreen.BINDINGS}  # type: ignore[union-attr]
    assert {"s", "o", "l", "u", "r", "f", "h", "c", "f5", "f9"} <= play_bindings


def test_the_palette_names_each_commands_key() -> None:
    """Each command with a key says which, and that key does it (on the title or in the game)."""
    import re

    from iss_adventure.tui.app import ISSApp
    from iss_adventure.tui.commands import COMMANDS

    names = {"?": "question_mark", "F1": "f1", "F5": "f5", "F9": "f9", "F12": "f12"}
    bound: dict[str, set[str]] = {}
    for screen in (PlayScreen, TitleScreen, ISSApp):
        for binding in screen.BINDINGS:  # type: ignore[attr-defined]
            for key in binding.key.split(","):
                bound.setdefault(binding.action.removeprefix("app."), set()).add(key)
    for _, action, what in COMMANDS:
        if action == "restart":
            continue  # no key: the menu's New game, or this command
        keys = re.search(r"\(([^()]*)\)$", what)
        assert keys is not None, f"{action}: no key named in {what!r}"
        for key in re.findall(r"(?:^|, | or )([^ ,]+)", keys.group(1).split(";")[0]):
            if key in ("on", "the", "title"):
                continue
            assert names.get(key, key) in bound.get(action, set()), (action, key)


def test_the_what_changed_line_wraps_between_items_only() -> None:
    from textual.content import Content

    from iss_adventure.tui.widgets.changes import pack

    items = [Content(f"▲ {name} trusts you more (5 → 4).")
             for name in ("Anna", "Boris", "Christoph", "Dmitri", "Eve")]
    for width in range(36, 120, 7):
        lines = [line.plain for line in pack(items, width)]
        assert all(len(line) <= width for line in lines)
        assert sorted(part for line in lines for part in line.split("   ")) == \
            sorted(item.plain for item in items)  # each item whole, on one line
        assert not any(line.rstrip().endswith(("▲", "(5 →")) for line in lines)


def test_a_long_scene_title_keeps_continue_on_one_line() -> None:
    from iss_adventure.engine.saves import SaveInfo
    from iss_adventure.tui.screens.title import MENU_TEXT, continue_detail

    info = SaveInfo("auto", "The Long Walk Along the Truss Towards Nauka", 3, "Three",
                    754.0, "2031-05-04T09:30", 12)
    detail = continue_detail(info)
    assert len(detail) <= MENU_TEXT
    assert detail.endswith("… · act 3 · 12 min")


async def test_the_continue_line_does_not_wrap(make_app: Factory, tmp_path,
                                               screen_text: Text) -> None:
    from iss_adventure.engine.loader import load_story

    (tmp_path / "s").mkdir()
    (tmp_path / "story.yaml").write_text(
        "title: Long\nstart: s/a\nvariables:\n  flag: {type: bool, initial: false}\n")
    (tmp_path / "s" / "a.yaml").write_text(
        "title: The Long Walk Along the Truss Towards Nauka\nact: 1\nlocation: Unity\n"
        "text: Go on.\nchoices:\n  - {id: go, text: Go., goto: s/b}\n")
    (tmp_path / "s" / "b.yaml").write_text(
        "title: B\nact: 1\nlocation: Unity\ntext: End.\n"
        "ending: {id: b, title: B, tone: odd, summary: B.}\n")
    story = load_story(tmp_path)
    app = make_app(story)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "escape")  # autosaved on the way out
    for width in (100, 110):
        app = make_app(story)
        async with app.run_test(size=(width, 30)) as pilot:
            await pilot.pause()
            lines = [line for line in screen_text(app).splitlines() if "│ c  Continue" in line]
            assert len(lines) == 1 and "act 1 · 0 min" in lines[0], lines
            assert "The Long Walk" in lines[0]


async def test_no_gap_between_prose_and_panels_at_160_columns(make_app: Factory) -> None:
    from iss_adventure.tui.widgets.prose import MEASURE, ProseView

    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = play(app)
        prose = screen.query_one(ProseView).content_region
        sidebar = screen.query_one("#sidebar").region
        assert sidebar.x - (prose.x + MEASURE) < 10, (prose, sidebar)
        left, right = screen.query_one("#main").region.x, 160 - sidebar.right
        assert abs(left - right) <= 1  # the room left over is shared by both sides


async def test_notifications_cover_neither_choices_nor_crew_panel_when_wide(
        make_app: Factory) -> None:
    for size in ((100, 30), (160, 45), (84, 24), (200, 50)):
        app = make_app()
        async with app.run_test(size=size, notifications=True) as pilot:
            await pilot.press("n", "2", "f5")  # the module: saved,
            await pilot.press("2")  # and radioing Boris is locked
            await pilot.pause()
            toasts = list(app.screen.query("Toast"))
            assert len(toasts) == 2, size
            screen = play(app)
            choices = screen.query_one(ChoiceList).region
            crew = screen.query_one("#crew").region
            main = screen.query_one("#main").region  # the prose's column
            assert crew.width > 0 and choices.width > 0
            for toast in toasts:
                region = toast.region
                assert region.width >= 30, (size, region)  # still readable
                assert not region.overlaps(choices), (size, region, choices)
                assert not region.overlaps(crew), (size, region, crew)
                assert main.contains_region(region), (size, region, main)  # over the prose
            await pilot.press("1")  # a scene change clears them
            await pilot.pause()
            assert not list(app.screen.query("Toast"))


def test_an_ended_game_on_the_continue_line_is_cut_short_to_one_line() -> None:
    from iss_adventure.engine.saves import SaveInfo
    from iss_adventure.tui.screens.title import MENU_TEXT, continue_after, continue_detail

    info = SaveInfo("auto", "x", 3, "Three", 754.0, "2031-05-04T09:30", 12,
                    ending="Two Meters of Nobody's Station, Over the Pacific")
    assert continue_detail(info).startswith("ended: Two Meters")
    assert continue_detail(info).endswith("…") and len(continue_detail(info)) == MENU_TEXT
    assert continue_after(info) == "reopens the ending · 12 min"
    assert len(continue_after(info)) <= MENU_TEXT
