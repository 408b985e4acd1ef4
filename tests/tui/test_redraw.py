"""What a choice redraws: only what changed (the choice latency in `make bench`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from iss_adventure.engine.model import Story
from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.text import literal, same
from iss_adventure.tui.widgets.station import StationMap

Factory = Callable[..., ISSApp]
Text = Callable[[ISSApp], str]
FramesOf = Callable[[ISSApp, Any, str], Awaitable[int]]


def play(app: ISSApp) -> PlayScreen:
    screen = app.screen
    assert isinstance(screen, PlayScreen), screen
    return screen


def test_same_compares_styles_as_well_as_text() -> None:
    assert same(literal("Unity", "bold"), literal("Unity", "bold"))
    assert not same(literal("Unity", "bold"), literal("Unity"))  # Content's == says equal
    assert not same(literal("Unity"), None) and same(None, None)


async def test_a_new_location_repaints_only_the_lines_it_changes(
        make_app: Factory, screen_text: Text, lines_drawn: Callable[[Any], list[int]]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        station = play(app).query_one(StationMap)
        height = station.size.height
        painted = lines_drawn(station)
        await pilot.press("1")  # Unity -> Zvezda: two modules and the line under the map
        await pilot.pause()
        assert station.location == "Zvezda"
        assert station.size.height == height
        lines = station.render().split("\n")
        changed = sorted(y for y, line in enumerate(lines) if "Unity" in line.plain
                         or "Zvezda" in line.plain or "segment" in line.plain)
        assert sorted(set(painted)) == changed
        assert "◉ Kira: Zvezda" in screen_text(app)
        assert "Russian segment" in screen_text(app)
        painted.clear()
        station.show("Zvezda")  # the same place again: nothing to repaint
        await pilot.pause()
        assert painted == []


async def test_the_frames_of_a_game_add_up_to_a_full_repaint(
        make_app: Factory, terminal: Callable[..., Any]) -> None:
    """A frame writes only what changed (widgets/textual_private.py, `draw_changed_cells_only`):
    after every key (choices, undo, redo, a locked choice's notice, the panels of a narrow
    window, a resize), what the frames wrote adds up to what a full repaint shows, cell by
    cell, colours and styles included."""
    app = make_app()
    term = terminal(app, (100, 32))
    async with app.run_test(size=(100, 32)) as pilot:
        steps: list[tuple[str, ...]] = [("n",), ("1",), ("u",), ("r",), ("2",), ("1",),
                                        ("u", "u"), ("2",), ("3",), ("escape",), ("c",)]
        for keys in steps:
            await pilot.press(*keys)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert term.written() == term.repainted(), keys
        term.resize((70, 32))
        await pilot.resize_terminal(70, 32)
        await pilot.pause()
        for keys in [("c",), ("c",), ("1",)]:
            await pilot.press(*keys)
            await pilot.pause()
            assert term.written() == term.repainted(), keys


async def test_the_typewriters_frames_add_up_to_a_full_repaint(
        make_app: Factory, terminal: Callable[..., Any], clock: Any) -> None:
    """The same, while the typewriter reveals a scene a few characters a frame and the
    choices come up under it."""
    from iss_adventure.tui.widgets.prose import ProseView

    app = make_app(typewriter=True)
    term = terminal(app, (100, 32))
    async with app.run_test(size=(100, 32)) as pilot:
        for keys in [("n",), ("space",), ("1",), ("space",)]:
            await pilot.press(*keys)
            await pilot.pause()
            prose = app.screen.query_one(ProseView)
            for _ in range(3):
                clock.advance(0.01)
                prose._advance()
                await pilot.pause()
                assert term.written() == term.repainted(), keys
            assert term.written() == term.repainted(), keys


async def test_the_header_line_asks_for_no_layout(
        make_app: Factory, screen_text: Text, layouts_asked: Callable[[Any], list[bool]]) -> None:
    """The header is one line drawn by one widget: a new title, or a time that goes (the
    title moves), repaints that line and asks for no layout; the same header again asks for
    nothing."""
    from iss_adventure.tui.widgets.header import SceneHeader

    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        header = play(app).query_one(SceneHeader)
        assert "ACT I" in header.plain and "The Hatch" in header.plain
        assert header.plain.endswith("Day 1, 06:00 GMT")  # at the right edge
        asked = layouts_asked(header)
        await pilot.press("1")  # The Hatch, Day 1 06:00 -> The Module (no time)
        await pilot.pause()
        assert asked == [False]
        text = screen_text(app)
        assert "The Module" in text and "06:00" not in text
        act, room = len("ACT I · One"), header.content_size.width - len("ACT I · One")
        assert header.plain.index("The Module") == act + (room - len("The Module")) // 2
        asked.clear()
        header.show(*header.parts)
        await pilot.pause()
        assert asked == []


async def test_a_header_too_narrow_for_its_title_cuts_it_short_with_room_around(
        make_app: Factory) -> None:
    """At 60 columns a long title used to lose its last words silently and run into the act
    ("ACT I · Arrival The Hatch"): it now keeps two cells each side and ends with "…"."""
    from textual.content import Content

    from iss_adventure.tui.widgets.header import SceneHeader

    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        header = play(app).query_one(SceneHeader)
        header.show(Content("ACT I · Arrival"), Content("The Hatch Nobody Closes Again"),
                    Content("✓ read before  Day 1, 12:40 GMT"))
        line = header.plain
        assert line.startswith("ACT I · Arrival  ")
        assert line.endswith("  ✓ read before  Day 1, 12:40 GMT")
        title = line[len("ACT I · Arrival"):-len("✓ read before  Day 1, 12:40 GMT")].strip()
        assert title.endswith("…") and len(title) > 4
        assert "The Hatch Nobody Closes Again".startswith(title[:-1])
        assert len(line) == header.content_size.width


async def test_choices_of_the_same_height_ask_for_no_layout(
        make_app: Factory, layouts_asked: Callable[[Any], list[bool]]) -> None:
    from iss_adventure.tui.widgets.choices import ChoiceList

    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        choices = play(app).query_one(ChoiceList)
        views = list(choices.views)
        asked = layouts_asked(choices)
        choices.show(list(reversed(views)))  # as many lines: a repaint only
        await pilot.pause()
        assert asked[0] is False
        assert choices.view(1) == views[-1]
        asked.clear()
        choices.show(views[:1])  # fewer lines: the screen is laid out again
        await pilot.pause()
        assert asked[0] is True
        assert choices.size.height < 2 + len(views)


def _four_scenes(root: Path) -> Story:
    """a -> b -> c (Anna +1: the changes line comes up) -> d (act II, the line goes away)."""
    from iss_adventure.engine.loader import load_story

    (root / "s").mkdir()
    (root / "story.yaml").write_text(
        "title: Four\nstart: s/a\nstation_map: true\nacts: {1: One, 2: Two and more}\n"
        "locations: {Unity: us, Zvezda: russian}\n"
        "variables:\n  trust.anna: {type: int, min: 0, max: 3, initial: 1}\n"
        "crew:\n  - {id: anna, name: Anna Ivanova, role: Engineer, agency: Roscosmos,"
        " trust: trust.anna}\n")
    for name, act, where, do, goto in (("a", 1, "Unity", "[]", "s/b"),
                                       ("b", 1, "Unity", "[trust.anna += 1]", "s/c"),
                                       ("c", 1, "Zvezda", "[]", "s/d")):
        (root / "s" / f"{name}.yaml").write_text(
            f"title: Scene {name}\nact: {act}\nlocation: {where}\ntext: In {name}.\n"
            f"choices:\n  - {{id: go, text: Go on., do: {do}, goto: {goto}}}\n"
            f"  - {{id: stay, text: Stay., goto: {goto}}}\n")
    (root / "s" / "d.yaml").write_text(
        "title: Scene d\nact: 2\nlocation: Unity\ntext: In d.\n"
        "choices:\n  - {id: back, text: Back., goto: s/a}\n")
    return load_story(root)


async def test_the_changes_line_and_a_new_act_paint_one_frame(
        tmp_path: Path, make_app: Factory, screen_text: Text, frames_of: FramesOf) -> None:
    """The what-changed line coming up, and a wider act label moving the title, are placed
    by the choice's one layout and painted by its one frame: their new sizes ask for no second
    layout (widgets/textual_private.py `NoRelayoutOnResize`)."""
    app = make_app(_four_scenes(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1")  # a -> b; Undo comes to the footer (its own frames)
        await pilot.pause()
        screen = play(app)
        assert not screen.query_one("#changes").display
        assert await frames_of(app, pilot, "1") == 1  # b -> c: Anna +1
        assert screen.query_one("#changes").display
        assert "Anna trusts you more (1 → 2)." in screen_text(app)
        assert await frames_of(app, pilot, "1") == 1  # c -> d: act II, no change
        assert screen.session.state.scene == "s/d"
        assert not screen.query_one("#changes").display
        text = screen_text(app)
        assert "ACT II · Two and more" in text and "Scene d" in text and "Back." in text


async def test_choice_lines_are_drawn_as_textual_draws_them(make_app: Factory) -> None:
    """ChoiceList draws its lines itself (no second wrap of the whole list): the same
    segments, styles and offsets as Textual's own drawing of its Content."""
    from textual.visual import Visual, visualize

    from iss_adventure.tui.widgets.choices import ChoiceList

    app = make_app()
    async with app.run_test(size=(60, 32)) as pilot:
        await pilot.press("n", "1")  # the module: a choice, a locked one with its reason
        await pilot.pause()
        choices = play(app).query_one(ChoiceList)
        for hover in (None, 1):
            choices.hover = hover
            await pilot.pause()
            width, height = choices.size
            expected = Visual.to_strips(choices, visualize(choices, choices.render()), width,
                                        height, choices.visual_style)
            drawn = [choices.render_line(y) for y in range(height)]
            assert [list(strip) for strip in drawn] == [list(strip) for strip in expected]
            assert [strip.cell_length for strip in drawn] == \
                [strip.cell_length for strip in expected]


async def test_a_return_to_a_hub_shows_its_again_time_in_the_header(
        make_app: Factory, screen_text: Text, tmp_path: Path) -> None:
    """The header gives a hub's `again_time` on a return visit (docs/scene-format.md)."""
    from iss_adventure.engine.loader import load_story

    files = {
        "story.yaml": "id: hub\ntitle: Hub\nstart: hub\nlocations: {Unity: us}\nvariables: {}\n",
        "hub.yaml": 'title: Unity\nact: 1\nlocation: Unity\ntime: {day: 2, at: "09:41"}\n'
                    'again_time: {day: 2, at: "10:24"}\ntext: First.\nagain: Again.\n'
                    "choices:\n  - {id: look, text: Look., once: true, goto: window}\n"
                    "  - {id: leave, text: Leave., goto: end}\n",
        "window.yaml": "title: Window\nact: 1\nlocation: Unity\ntext: Earth.\n"
                       "choices:\n  - {id: back, text: Back., goto: hub}\n",
        "end.yaml": "title: End\nact: 1\nlocation: Unity\ntext: The end.\n"
                    "ending: {id: end, title: End, tone: calm, summary: Done.}\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    app = make_app(load_story(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert "Day 2, 09:41 GMT" in screen_text(app)
        await pilot.press("1")  # to the window, which has no time
        await pilot.pause()
        assert "GMT" not in screen_text(app)
        await pilot.press("1")  # back to the hub
        await pilot.pause()
        text = screen_text(app)
        assert "Again." in text and "Day 2, 10:24 GMT" in text and "09:41" not in text


async def test_the_quickly_finished_lines_are_textuals_own(make_app: Factory) -> None:
    """The prose, choices, header, changes line and panels finish their lines in one step
    (`draw_plain_lines_quickly`): the same segments and styles as Textual's own styles
    cache, border and padding, focused or not, in a dark, a light and an ANSI theme."""
    from textual.widget import Widget

    from iss_adventure.tui.widgets.textual_private import drawn_both_ways

    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n", "1")
        await pilot.pause()
        screen = play(app)
        checked: set[str] = set()
        for theme in ("textual-dark", "textual-light", "ansi-dark"):
            app.theme = theme
            for keys in [(), ("tab",), ("2",)]:
                await pilot.press(*keys)
                await pilot.pause()
                for selector in ("#prose", "#choices", "#scene-header", "#changes", "#crew",
                                 "#station"):
                    widget = screen.query_one(selector, Widget)
                    if not widget.display:
                        continue
                    quick, textual = drawn_both_ways(widget)
                    assert [list(line) for line in quick] == \
                        [list(line) for line in textual], (theme, keys, selector)
                    checked.add(selector)
        assert checked == {"#prose", "#choices", "#scene-header", "#changes", "#crew",
                           "#station"}, checked
