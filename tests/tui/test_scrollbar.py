"""The quick scrollbar renderer draws the same cells as Textual's Rich one."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.scrollbar import ScrollBarRender
from textual.visual import Visual, visualize
from textual.widgets import Static

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
