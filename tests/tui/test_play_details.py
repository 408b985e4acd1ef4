"""Details of the play screen a playtester found: the prose's gap before its scrollbar, keys
that arrive together acting in their order, the narrow crew view's scrollbar by its panels."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.model import Story
from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.widgets.prose import MEASURE, ProseView

Factory = Callable[..., ISSApp]
Text = Callable[[ISSApp], str]


def play(app: ISSApp) -> PlayScreen:
    assert isinstance(app.screen, PlayScreen), app.screen
    return app.screen


def _full_lines(root: Path) -> Story:
    """A scene whose lines fill the measure: one-letter words (a full line at an odd width)
    and a word longer than any line (folded: full lines at every width)."""
    words = " ".join(["a"] * 400)
    (root / "story.yaml").write_text("title: Full\nstart: s\nvariables: {}\n")
    (root / "s.yaml").write_text(
        f"title: Full\nact: 1\nlocation: Unity\ntext: |\n  {words}\n\n  {'x' * 300}\n"
        "choices:\n  - {id: go, text: Go., goto: s}\n")
    return load_story(root)


async def test_a_blank_cell_between_the_prose_and_its_scrollbar_at_every_width(
        tmp_path: Path, make_app: Factory, screen_text: Text) -> None:
    """At 60 columns a full line ran into the scrollbar (the text was wrapped to the whole room
    up to the scrollbar's gutter; only a window wide enough for the 76-column measure left a
    gap). Now the last cell before the gutter is blank at every width."""
    app = make_app(_full_lines(tmp_path))
    reached = set()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n")
        for width in (60, 61, 70, 77, 84, 100, 120):
            await pilot.resize_terminal(width, 20)
            await pilot.pause()
            prose = play(app).query_one(ProseView)
            room = prose.scrollable_content_region  # the text's region, up to the gutter
            assert prose.styles.scrollbar_gutter == "stable"
            rows = screen_text(app).split("\n")[room.y:room.bottom]
            assert all(row[room.right - 1] == " " for row in rows), (width, rows)
            if any(row[room.right - 2] != " " for row in rows):
                reached.add(width)  # the text does come up to the gap
    assert {60, 70} <= reached
    assert prose.virtual_size.width == MEASURE  # at 120 columns the text keeps its measure


async def test_undo_then_a_number_in_one_batch_act_in_that_order(make_app: Factory) -> None:
    """`u` then `1` arriving together (tmux, a browser) undid the choice taken by `1`: the
    number keys are priority bindings, handled as they arrive, while a key that is not went
    through the focused widget and its parents first. The play screen's keys now all take
    the same path, so they act in the order they arrive. (`pilot.press` lets each key settle
    before the next, so it kept the order even before: the batches below did not.)"""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1", "1")  # knock at the hatch, read the laptop
        session = play(app).session
        assert [(step.scene, step.choice) for step in session.state.log] == \
            [("a/hatch", "knock"), ("a/module", "read")]
        await pilot.press("u", "2")  # back in the module, then its second choice
        await pilot.pause()
        taken = [(step.scene, step.choice) for step in session.state.log]
        assert taken == [("a/hatch", "knock"), ("a/module", "talk")], taken
        async def batch(*keys: str) -> None:  # queued together, before either is handled
            for key in keys:
                app.post_message(events.Key(key, key))
            await pilot.pause()
            await pilot.pause()

        await batch("u", "r")
        assert [(step.scene, step.choice) for step in session.state.log] == taken
        await batch("u", "1")
        assert [(step.scene, step.choice) for step in session.state.log] == \
            [("a/hatch", "knock"), ("a/module", "read")]
        assert session.state.scene == "a/module"


async def test_the_narrow_crew_views_scrollbar_sits_by_its_panels(
        make_app: Factory, screen_text: Text) -> None:
    """A window too narrow for the side panel shows crew and station instead of the scene
    (key c), centred: their scrollbar used to sit at the window's right edge, far from them."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n", "c")
        for width, height in ((60, 20), (83, 20), (70, 20)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            screen = play(app)
            assert screen.has_class("-narrow", "-panels")
            sidebar: Any = screen.query_one("#sidebar")
            crew, station = screen.query_one("#crew"), screen.query_one("#station")
            assert sidebar.show_vertical_scrollbar, (width, height)  # taller than the window
            bar = sidebar.region.right - 1  # the sidebar's last column is its scrollbar
            assert bar - crew.region.right == 1, (width, crew.region, sidebar.region)
            assert station.region.right == crew.region.right
            left, right = crew.region.x, width - bar - 1  # the panels and bar, centred
            assert abs(left - right) <= 2, (width, left, right)
            rows = screen_text(app).split("\n")[sidebar.region.y:sidebar.region.bottom]
            assert all(row[bar + 1:].strip() == "" for row in rows)  # nothing right of it
            assert all(row[bar - 1] == " " for row in rows)  # a blank cell before it
