"""The play screen: choices by number, arrows and mouse; locked choices; crew changes."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static

from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.screens.title import TitleScreen
from iss_adventure.tui.widgets.choices import ChoiceList
from iss_adventure.tui.widgets.countdown import Countdown
from iss_adventure.tui.widgets.crew import CrewPanel
from iss_adventure.tui.widgets.prose import ProseView
from iss_adventure.tui.widgets.station import StationMap

Factory = Callable[..., ISSApp]
Text = Callable[[ISSApp], str]


def play(app: ISSApp) -> PlayScreen:
    screen = app.screen
    assert isinstance(screen, PlayScreen), screen
    return screen


async def test_new_game_shows_first_scene(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        screen = play(app)
        assert screen.session.state.scene == "a/hatch"
        prose = screen.query_one(ProseView).plain
        assert "The hatch is stiff." in prose
        assert "▌ HOUSTON: Demo loop one, go." in prose
        assert [v.id for v in screen.query_one(ChoiceList).views] == ["knock", "no", "boris"]
        text = screen_text(app)
        assert "ACT I · One" in text
        assert "The Hatch" in text
        assert "Day 1, 06:00 GMT" in text
        assert "1   Knock twice." in text


async def test_number_key_takes_choice_and_shows_crew_change(
        make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1")
        screen = play(app)
        assert screen.session.state.scene == "a/module"
        changes = screen.query_one("#changes", Static)
        assert changes.display
        assert "▲ Anna trusts you more (1 → 2)." in screen_text(app)
        await pilot.press("1")  # read the laptop: no crew change for Anna, Boris +1
        assert "Boris trusts you more (1 → 2)." in screen_text(app)
        assert "Anna trusts" not in screen_text(app)


async def test_no_change_no_line(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "2")
        assert not play(app).query_one("#changes").display


async def test_arrows_and_enter(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "down", "enter")
        screen = play(app)
        assert screen.session.state.log[-1].choice == "no"


async def test_mouse_click_takes_choice(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        choices = play(app).query_one(ChoiceList)
        # the border takes the first row: row 1 is choice 1, row 3 is choice 3
        assert await pilot.click(choices, offset=(10, 3))
        await pilot.pause()
        assert play(app).session.state.log[-1].choice == "boris"


async def test_locked_choice_is_dimmed_with_reason_and_refused(
        make_app: Factory, screen_text: Text, messages) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "2")  # to the module without knowing the secret
        screen = play(app)
        views = screen.query_one(ChoiceList).views
        radio = next(n for n, v in enumerate(views, start=1) if v.id == "radio")
        assert not views[radio - 1].available
        assert "⊘ Needs: you know the secret" in screen_text(app)
        await pilot.press(str(radio))
        await pilot.pause()
        assert screen.session.state.scene == "a/module"
        assert screen.session.state.turn == 1
        assert "Needs" in messages(app)


async def test_once_choice_gone_after_use(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "2")
        screen = play(app)
        assert "read" in [v.id for v in screen.query_one(ChoiceList).views]
        await pilot.press("1")  # read the laptop, once only; back in the module
        ids = [v.id for v in screen.query_one(ChoiceList).views]
        assert screen.session.state.scene == "a/module"
        assert "read" not in ids
        assert "Read the laptop." not in screen_text(app)


async def test_crew_panel_and_station(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        screen = play(app)
        crew = screen.query_one(CrewPanel)
        text = str(crew.render())
        assert "Anna" in text and "▰▱▱ 1" in text
        station = screen.query_one(StationMap)
        assert station.location == "Unity"
        assert "◉ Kira: Unity\n  US segment" in str(station.render())
        await pilot.press("1")
        assert "▰▰▱ 2" in str(crew.render())
        assert station.location == "Zvezda"
        assert "Russian segment" in str(station.render())


async def test_escape_returns_to_title_and_continue_resumes(
        make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1", "escape")
        assert isinstance(app.screen, TitleScreen)
        await app.workers.wait_for_complete()
        await pilot.press("c")
        await pilot.pause()
        assert play(app).session.state.scene == "a/module"
        assert play(app).session.state.turn == 1


async def test_a_choice_paints_one_frame(tmp_path, make_app: Factory, frames_of,
                                         long_story) -> None:
    """A choice lays the screen out once and paints one frame: the prose's scrollbar, measured
    anew in that layout, asks for no frame of its own (widgets/textual_private.py)."""
    app = make_app(long_story(tmp_path, (("a", 60, "s/b"), ("b", 40, "s/d"), ("d", 50, "s/c")),
                              ending="c"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1")  # the first choice also brings Undo to the footer
        await pilot.pause()
        frames = await frames_of(app, pilot, "1")
        assert play(app).session.state.scene == "s/d"
        assert play(app).query_one(ProseView).max_scroll_y > 0  # the scrollbar is up
        assert frames == 1


async def test_page_keys_scroll_prose(tmp_path, make_app: Factory) -> None:
    from iss_adventure.engine.loader import load_story

    (tmp_path / "s").mkdir()
    (tmp_path / "story.yaml").write_text(
        "title: Long\nstart: s/a\nvariables:\n  flag: {type: bool, initial: false}\n")
    long_text = "\n\n".join(f"  Paragraph {n} of a long scene." for n in range(60))
    (tmp_path / "s" / "a.yaml").write_text(
        "title: A\nact: 1\nlocation: Unity\ntext: |\n" + long_text.replace("\n\n", "\n\n  ")
        + "\nchoices:\n  - {id: go, text: Go., goto: s/b}\n")
    (tmp_path / "s" / "b.yaml").write_text(
        "title: B\nact: 1\nlocation: Unity\ntext: End.\n"
        "ending: {id: b, title: B, tone: odd, summary: B.}\n")
    app = make_app(load_story(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        prose = play(app).query_one(ProseView)
        assert prose.scroll_y == 0 and prose.max_scroll_y > 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert prose.scroll_y > 0  # it scrolled
        await pilot.press("pageup")
        await pilot.pause()
        assert prose.scroll_y == 0
        assert play(app).session.state.turn == 0  # and took no choice


async def test_footer_hides_choice_keys_at_an_ending(make_app: Factory, screen_text: Text) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await pilot.pause()  # the footer composes once the screen's bindings are known
        assert "1-9" in screen_text(app)
        await pilot.press("2", "3")  # no, then leave: the quiet ending
        await pilot.pause()
        screen = play(app)
        assert screen.session.is_ending
        assert "1-9" not in screen_text(app)
        assert not screen.query_one(Countdown).display


async def test_choice_list_keys_and_help_key(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        choices = play(app).query_one(ChoiceList)
        assert choices.highlighted == 0
        await pilot.press("down", "down", "down", "up")  # stops at the last, then back one
        assert choices.highlighted == 1
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape", "o")
        assert type(app.screen).__name__ == "SettingsScreen"
        await pilot.press("escape", "enter")
        assert play(app).session.state.log[-1].choice == "no"


async def test_arrows_skip_locked_choices(make_app: Factory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "2")  # read (1), radio locked (2), leave (3)
        choices = play(app).query_one(ChoiceList)
        assert choices.highlighted == 0
        await pilot.press("down")
        assert choices.highlighted == 2
        await pilot.click(choices, offset=(10, 2))  # a click on the locked one does nothing
        await pilot.pause()
        assert play(app).session.state.turn == 1


async def test_a_dead_end_says_so(tmp_path, make_app: Factory, screen_text: Text) -> None:
    from iss_adventure.engine.loader import load_story

    (tmp_path / "s").mkdir()
    (tmp_path / "story.yaml").write_text(
        "title: Stuck\nstart: s/a\nvariables:\n  flag: {type: bool, initial: false}\n")
    (tmp_path / "s" / "a.yaml").write_text(
        "title: A\nact: 1\nlocation: Unity\ntext: Nowhere.\nchoices:\n"
        "  - {id: go, text: Go., if: flag, goto: s/b}\n")
    (tmp_path / "s" / "b.yaml").write_text(
        "title: B\nact: 1\nlocation: Unity\ntext: End.\n"
        "ending: {id: b, title: B, tone: odd, summary: B.}\n")
    app = make_app(load_story(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        assert play(app).session.stuck
        text = screen_text(app)
        assert "Nowhere to go" in text and "Every way forward is locked here." in text
        await pilot.press("enter")  # back to the title screen
        assert isinstance(app.screen, TitleScreen)


async def test_first_frame_exit_for_the_benchmark(make_app: Factory, monkeypatch) -> None:
    monkeypatch.setenv("ISS_ADVENTURE_FIRST_FRAME_EXIT", "1")
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert not app.is_running  # the title was painted, then the app left by itself
    assert app.return_code == 0


def _long_scene_with_choices(tmp_path):
    from iss_adventure.engine.loader import load_story

    (tmp_path / "s").mkdir()
    (tmp_path / "story.yaml").write_text(
        "title: Long\nstart: s/a\nvariables:\n  flag: {type: bool, initial: false}\n")
    long_text = "\n\n  ".join(f"Paragraph {n} of a long scene." for n in range(60))
    (tmp_path / "s" / "a.yaml").write_text(
        f"title: A\nact: 1\nlocation: Unity\ntext: |\n  {long_text}\nchoices:\n"
        "  - {id: go, text: Go., goto: s/b}\n  - {id: stay, text: Stay., goto: s/b}\n"
        "  - {id: wait, text: Wait., goto: s/b}\n")
    (tmp_path / "s" / "b.yaml").write_text(
        "title: B\nact: 1\nlocation: Unity\ntext: End.\n"
        "ending: {id: b, title: B, tone: odd, summary: B.}\n")
    return load_story(tmp_path)


async def test_home_and_end_go_to_the_top_and_end_of_the_text(tmp_path,
                                                             make_app: Factory) -> None:
    """End reaches the end of the scene's text (not the last choice), Home its top; the
    choice under the cursor stays where it was."""
    app = make_app(_long_scene_with_choices(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        prose = play(app).query_one(ProseView)
        choices = play(app).query_one(ChoiceList)
        assert prose.scroll_y == 0 and prose.max_scroll_y > 0 and choices.highlighted == 0
        await pilot.press("end")
        await pilot.pause()
        assert prose.scroll_y == prose.max_scroll_y
        assert choices.highlighted == 0 and app.focused is choices
        await pilot.press("home")
        await pilot.pause()
        assert prose.scroll_y == 0 and choices.highlighted == 0
        assert play(app).session.state.turn == 0  # no choice taken


async def test_end_while_the_text_types_shows_all_of_it_and_goes_to_its_end(
        tmp_path, make_app: Factory) -> None:
    app = make_app(_long_scene_with_choices(tmp_path), typewriter=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        prose = play(app).query_one(ProseView)
        assert prose.revealing
        await pilot.press("end")
        await pilot.pause()
        await pilot.pause()
        assert not prose.revealing and play(app).query_one(ChoiceList).display
        assert prose.max_scroll_y > 0 and prose.scroll_y == prose.max_scroll_y
        assert play(app).session.state.turn == 0
