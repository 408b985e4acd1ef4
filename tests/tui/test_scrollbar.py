"""The quick scrollbar renderer draws the same cells as Textual's Rich one."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.scrollbar import ScrollBarRender
from textual.visual import Visual, visualize
from textual.widgets import Static

from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.widgets.scrollbar import QuickBarRender


class Tall(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("\n".join(f"line {n}" for n in range(120)))


async def test_quick_bar_draws_what_textual_draws() -> None:
    app = Tall()
    async with app.run_test(size=(40, 23)) as pilot:
        scroll = app.query_one(VerticalScroll)
        bar = scroll.vertical_scrollbar
        for y in (0, 1, 7, 50, 97, 200):
            scroll.scroll_to(y=y, animate=False, immediate=True)
            await pilot.pause()
            width, height = bar.size
            textual = bar.render()
            assert isinstance(textual, ScrollBarRender)
            quick = QuickBarRender(
                virtual_size=textual.virtual_size, window_size=textual.window_size,
                position=textual.position, thickness=textual.thickness,
                vertical=textual.vertical, style=textual.style)
            expected = Visual.to_strips(bar, visualize(bar, textual), width, height,
                                        bar.visual_style)
            got = Visual.to_strips(bar, visualize(bar, quick), width, height, bar.visual_style)
            assert [list(strip) for strip in got] == [list(strip) for strip in expected]
            assert len(got) == height and height > 10


async def test_the_prose_bar_redraws_only_changed_lines_and_draws_them_right(
        tmp_path: Path, make_app: Callable[..., ISSApp], long_story,
        lines_drawn: Callable[[object], list[int]]) -> None:
    """After each choice and scroll the prose's scrollbar shows what a full redraw shows,
    though only the lines whose cells changed were drawn again."""
    from iss_adventure.tui.widgets.prose import ProseView

    app = make_app(long_story(tmp_path, (("a", 60, "s/b"), ("b", 40, "s/c"), ("c", 90, "s/a"))))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        prose = app.screen.query_one(ProseView)
        bar = prose.vertical_scrollbar
        drawn = lines_drawn(bar)
        for key in ("1", "pagedown", "1", "1", "pagedown", "1"):
            drawn.clear()
            await pilot.press(key)
            await pilot.pause()
            assert bar.display and prose.max_scroll_y > 0
            region = Region(0, 0, *bar.size)
            shown = [list(strip) for strip in bar.render_lines(region)]
            assert len(set(drawn)) < bar.size.height  # the unchanged track was kept
            bar._styles_cache.clear()  # a full redraw, for comparison
            assert [list(strip) for strip in bar.render_lines(region)] == shown


def shown_bars(app: ISSApp) -> list[tuple[str, object]]:
    """(where, scrollbar) for every scrollbar the top screen shows."""
    bars = []
    for widget in app.screen.query("*"):
        if widget.show_vertical_scrollbar:
            bars.append((f"{widget!r} vertical", widget.vertical_scrollbar))
        if widget.show_horizontal_scrollbar:
            bars.append((f"{widget!r} horizontal", widget.horizontal_scrollbar))
    return [(where, bar) for where, bar in bars if bar.size.area]  # the footer's: 0 cells


async def test_every_scrollbar_is_drawn_as_the_play_screens_is(
        tmp_path: Path, make_app: Callable[..., ISSApp], long_story) -> None:
    """Help and flowchart as the play screen's prose: one renderer, one cell wide (a
    two-cell bar drew its thumb's ends as two partial blocks side by side)."""
    chain = tuple((name, 30, f"s/{after}") for name, after in pairwise("abcdefa"))
    app = make_app(long_story(tmp_path, chain))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n", "1", "1")
        await pilot.pause()
        seen: dict[str, int] = {}
        for opens, closes in (("", ""), ("question_mark", "escape"), ("f", "escape")):
            if opens:
                await pilot.press(opens)
                await pilot.pause()
            bars = shown_bars(app)
            assert bars, type(app.screen).__name__
            for where, bar in bars:
                assert isinstance(bar.render(), QuickBarRender), where
                assert (bar.size.width if bar.vertical else bar.size.height) == 1, where
            seen[type(app.screen).__name__] = len(bars)
            if closes:
                await pilot.press(closes)
                await pilot.pause()
        assert set(seen) == {"PlayScreen", "HelpScreen", "FlowchartScreen"}
