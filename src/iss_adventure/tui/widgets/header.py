"""The play screen's header line: the act on the left, the scene's title centred in what the
act and the time leave, the time (and whether the scene was read before) on the right.

One widget drawing its one line (the Line API), not a row of three Statics: a new scene
repaints this line and nothing else, a wider act or time moves the title without a layout
of the screen, and the compositor has one widget on the line instead of four
(tests/tui/test_redraw.py; the choice latency in `make bench`). The colours and styles of
the three parts are component classes, set in play.tcss.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget

from ..text import same, wrap
from .textual_private import draw_plain_lines_quickly

ACT, TITLE, TIME = "scene-header--act", "scene-header--title", "scene-header--time"
GAP = 2  # cells kept clear on each side of the title


class SceneHeader(Widget):
    """The header line; `show` sets its three parts (a repaint only if one changed)."""

    DEFAULT_CSS = """
    SceneHeader { height: 1; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {ACT, TITLE, TIME}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        draw_plain_lines_quickly(self)  # its padding and the line, in one step
        self.parts: tuple[Content, Content, Content] = (Content(""), Content(""), Content(""))

    def show(self, act: Content, title: Content, time: Content) -> None:
        parts = (act, title, time)
        if not all(same(old, new) for old, new in zip(self.parts, parts, strict=True)):
            self.parts = parts
            self.refresh()

    @property
    def plain(self) -> str:
        """The line as text (for tests)."""
        return "".join(segment.text for segment in self.render_line(0))

    def render_line(self, y: int) -> Strip:
        """Act, title and time as a Static each would draw them (the same segments): the act
        and the time as wide as their text, the title's first line centred in the rest."""
        width = self.content_size.width
        if y != 0 or width <= 0:
            return Strip.blank(max(width, 0), self.visual_style.rich_style)
        act, title, time = self.parts
        room = max(0, width - act.cell_length - time.cell_length)
        fits = max(0, room - 2 * GAP)  # the title never touches the act or the time
        lines = wrap(title, max(title.cell_length, 1))  # its first line: YAML allows a "\n"
        shown = lines[0] if lines else Content("")
        if shown.cell_length > fits:  # cut short, and say so, as the menus do
            shown = shown.truncate(fits, ellipsis=True) if fits > 1 else Content("")
        left = GAP + (fits - shown.cell_length) // 2 if shown.cell_length else room // 2
        segments: list[Segment] = []
        for part, component, pad in ((act, ACT, None), (shown, TITLE, (left, room - left)),
                                     (time, TIME, None)):
            style = self.get_visual_style(component)
            if pad and pad[0] > 0:
                segments.append(Segment(" " * pad[0], style.background_style.rich_style))
            segments += [Segment(text, (style + span).rich_style) for text, span in
                         part.render(style, end="", parse_style=self._get_style)]
            if pad and pad[1] - shown.cell_length > 0:
                segments.append(Segment(" " * (pad[1] - shown.cell_length),
                                        style.background_style.rich_style))
        return Strip(segments).crop_extend(0, width, self.visual_style.rich_style)
