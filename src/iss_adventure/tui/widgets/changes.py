"""The what-changed line over the prose: "▲ Anna trusts you more (1 → 2).   ● ..."

Items are never broken inside: the line wraps only between them, so an arrow and its
numbers stay together and a bullet never ends a line alone. An item wider than the whole line
(a very narrow window) wraps inside itself, as a last resort.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static

from .textual_private import NoRelayoutOnResize, draw_plain_lines_quickly

GAP = 3  # cells between two items on one line


def pack(items: list[Content], width: int) -> list[Content]:
    """`items` on lines of at most `width` cells, breaking only between items."""
    width = max(width, 8)
    lines: list[Content] = []
    line: Content | None = None
    for item in items:
        if line is not None and line.cell_length + GAP + item.cell_length <= width:
            line = line + Content(" " * GAP) + item
            continue
        if line is not None:
            lines.append(line)
        if item.cell_length <= width:
            line = item
        else:
            *whole, line = item.wrap(width)
            lines.extend(whole)
    if line is not None:
        lines.append(line)
    return lines


class ChangesLine(NoRelayoutOnResize, Static):
    """What the last choice changed, wrapped between items only.

    It knows its height before layout (`get_content_height`), so the size the layout gives it
    asks for no second layout pass (and no second frame) when it comes up after a choice."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        draw_plain_lines_quickly(self)  # its border, padding and text, in one step
        self.items: list[Content] = []

    def show(self, items: list[Content]) -> None:
        if items != self.items:
            self.items = list(items)
            self.refresh(layout=True)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(pack(self.items, width)) or 1

    def render(self) -> Content:
        return Content("\n").join(pack(self.items, self.content_size.width))
