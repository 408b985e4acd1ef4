"""A scrollbar renderer that hands Textual its lines directly.

Textual's `ScrollBarRender` is a Rich renderable: every repaint of a scrollbar goes through
Rich's console (render, split and crop lines), which cost a 21-line prose scrollbar more than
the prose's own lines on every choice (`make bench`). `QuickBarRender` computes the same
segments with the same `ScrollBarRender.render_bar` and offers them as a Textual `Visual`
(the `visualize()` protocol), so the widget gets its strips without Rich's console.
Set it as a scrollbar's `renderer` (the hook `textual.scrollbar.ScrollBar` documents);
`draw_every_scrollbar_alike()` sets it for every scrollbar of the app (help, flowchart,
history, saves... as the play screen's prose), and app.tcss makes them all one cell wide.
"""

from __future__ import annotations

from math import ceil

from rich.color import Color
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.css.styles import RulesMap
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

_BACK = Color.parse("#555555")  # ScrollBarRender's own defaults
_BAR = Color.parse("bright_magenta")


class QuickBarRender(ScrollBarRender):
    """`ScrollBarRender`, rendered as a Textual Visual (the same cells, without Rich)."""

    def visualize(self) -> Visual:
        return _BarVisual(self)


class _BarVisual(Visual):
    """The lines of one scrollbar, as `ScrollBarRender.__rich_console__` would draw them."""

    def __init__(self, bar: ScrollBarRender) -> None:
        self.bar = bar

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        bar = self.bar
        rich_style = bar.style if isinstance(bar.style, RichStyle) else \
            RichStyle.parse(str(bar.style))
        size = (height or 0) if bar.vertical else width
        thickness = width if bar.vertical else (height or 0)
        if not size or not thickness:
            return []
        segments = bar.render_bar(
            size=size, window_size=bar.window_size, virtual_size=bar.virtual_size,
            position=bar.position, vertical=bar.vertical, thickness=thickness,
            back_color=rich_style.bgcolor or _BACK, bar_color=rich_style.color or _BAR,
        )
        base = style.rich_style  # what Textual's `post_render` lays under a Rich renderable
        lines: list[list[Segment]] = [[]]
        for segment in segments.segments:
            if segment.text == "\n":
                lines.append([])
                continue
            lines[-1].append(Segment(segment.text, base + segment.style))
            if segments.new_lines:
                lines.append([])
        return [Strip(line).crop(0, width) for line in lines if line][:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.bar.thickness

    def get_height(self, rules: RulesMap, width: int) -> int:
        return ceil(self.bar.virtual_size) if self.bar.vertical else self.bar.thickness


def draw_every_scrollbar_alike() -> None:
    """Every scrollbar drawn by `QuickBarRender`, as the play screen's prose bar is: the
    app-wide form of the hook `ScrollBar.renderer` documents (same cells as Textual's own,
    tests/tui/test_scrollbar.py; without Rich's console)."""
    ScrollBar.renderer = QuickBarRender
