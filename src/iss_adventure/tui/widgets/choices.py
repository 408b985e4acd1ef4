"""The choices of a scene: numbered, locked ones dimmed with their reason.

A small widget of its own rather than an OptionList: it lays out its lines when the scene is
set (so a new scene costs a single layout pass), wraps long choices under their text, and
answers arrows, enter and the mouse. The screen adds the keys 1-9 (and home and end,
which scroll the prose: a reader expects them to reach the text's top and end).
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Click, Leave, MouseMove
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from ...engine.machine import ChoiceView
from ..text import clean, wrap
from .textual_private import NoRelayoutOnResize

INDENT = 5  # " 1 " and two spaces: wrapped lines start under the text
LOCK = "⊘ "
TAKEN = "  ✓ taken before"  # after a choice chosen in an earlier run


def choice_parts(number: int, view: ChoiceView) -> tuple[Content, Content]:
    """The key badge (" 1 ") and the text of one choice."""
    key = f" {number} " if number <= 9 else "   "
    if view.available:
        return (Content.styled(key, "bold reverse $accent"),
                Content.styled(clean(view.text), "", strip_control_codes=False))
    return (Content.styled(key, "reverse $foreground 35%"),
            Content.styled(clean(view.text), "$foreground 35%", strip_control_codes=False))


def reason_line(view: ChoiceView) -> Content:
    return Content.assemble(" " * INDENT, (LOCK, "$text-warning"),
                            (clean(view.reason or "Locked"), "italic $foreground-muted"),
                            strip_control_codes=False)


class ChoiceList(NoRelayoutOnResize, can_focus=True):
    """The scene's choices; posts `ChoiceList.Selected` when one is taken."""

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        min-width: 12;
    }
    ChoiceList > .choice-list--highlight {
        background: $block-cursor-blurred-background;
    }
    ChoiceList:focus > .choice-list--highlight {
        background: $block-cursor-background 60%;
        text-style: bold;
    }
    ChoiceList > .choice-list--hover {
        background: $block-hover-background;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"choice-list--highlight", "choice-list--hover"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("enter", "select", "Take", show=False),
    ]

    highlighted: reactive[int | None] = reactive(None)
    hover: reactive[int | None] = reactive(None)

    class Selected(Message):
        """The player took a choice (enter or a click)."""

        def __init__(self, choice_id: str) -> None:
            super().__init__()
            self.choice_id = choice_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.views: list[ChoiceView] = []
        self.taken: frozenset[str] = frozenset()
        self._cache: tuple[int, list[tuple[int, Content]]] | None = None

    # -- content --------------------------------------------------------------------------

    def show(self, views: list[ChoiceView], taken: set[str] | frozenset[str] = frozenset()) -> None:
        """The scene's choices; those in `taken` (chosen in an earlier run) are marked. A
        layout only if they take another number of lines (a layout re-arranges the whole
        screen)."""
        width = self._cache[0] if self._cache is not None else None
        height = len(self._cache[1]) if self._cache is not None else None
        self.views = list(views)
        self.taken = frozenset(taken)
        self._cache = None
        self.set_reactive(ChoiceList.hover, None)
        self.set_reactive(ChoiceList.highlighted, next(
            (n for n, view in enumerate(views) if view.available), None))
        same_height = width is not None and self.is_mounted and \
            width == self.content_size.width and len(self._lines(width)) == height
        self.refresh(layout=not same_height)

    def view(self, number: int) -> ChoiceView | None:
        """The choice shown with `number` (1-based), if there is one."""
        if 1 <= number <= len(self.views):
            return self.views[number - 1]
        return None

    def _lines(self, width: int) -> list[tuple[int, Content]]:
        """(choice index, line) for every line at `width`."""
        width = max(width, INDENT + 4)
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        lines: list[tuple[int, Content]] = []
        for index, view in enumerate(self.views):
            key, text = choice_parts(index + 1, view)
            if view.id in self.taken:
                text = text + Content.styled(TAKEN, "$text-muted")
            wrapped = wrap(text, width - INDENT) or [Content("")]
            lines.append((index, key + Content("  ") + wrapped[0]))
            lines += [(index, Content(" " * INDENT) + line) for line in wrapped[1:]]
            if not view.available:
                lines += [(index, line) for line in _wrap_reason(view, width)]
        self._cache = (width, lines)
        return lines

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        width = self.content_size.width
        return Content("\n").join(self._shown(index, line, width)
                                  for index, line in self._lines(width))

    def _shown(self, index: int, line: Content, width: int) -> Content:
        """One line as drawn: padded to the width, the highlight or hover under it."""
        padded = line.extend_right(max(0, width - line.cell_length))
        if index == self.highlighted and self.views[index].available:
            return padded.stylize_before(self.get_visual_style("choice-list--highlight"))
        if index == self.hover and self.views[index].available:
            return padded.stylize_before(self.get_visual_style("choice-list--hover"))
        return padded

    def render_line(self, y: int) -> Strip:
        """Line `y` of `render()`, drawn as Textual draws that Content (the same segments
        and styles), without wrapping the whole list again first: the lines are laid out
        already, and only the lines Textual asks for are drawn."""
        width = self.content_size.width
        base = self.visual_style
        lines = self._lines(width)
        if not 0 <= y < len(lines) or width <= 0:
            return Strip.blank(self.size.width, base.rich_style)
        line = self._shown(*lines[y], width)
        segments = []
        x = 0
        for text, style in line.render(base, end="", parse_style=self._get_style):
            segments.append(Segment(text, (base + style).rich_style_with_offset(x, y)))
            x += len(text)
        return Strip(segments, line.cell_length)

    def watch_highlighted(self) -> None:
        self.refresh()

    def watch_hover(self) -> None:
        self.refresh()

    # -- input --------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        available = [n for n, view in enumerate(self.views) if view.available]
        if not available:
            return
        if self.highlighted not in available:
            self.highlighted = available[0]
            return
        position = available.index(self.highlighted) + step
        self.highlighted = available[max(0, min(position, len(available) - 1))]

    def action_select(self) -> None:
        if self.highlighted is not None and self.views[self.highlighted].available:
            self.post_message(self.Selected(self.views[self.highlighted].id))

    def _index_at(self, y: int) -> int | None:
        lines = self._lines(self.content_size.width)
        return lines[y][0] if 0 <= y < len(lines) else None

    def on_mouse_move(self, event: MouseMove) -> None:
        offset = event.get_content_offset(self)
        self.hover = self._index_at(offset.y) if offset is not None else None

    def on_leave(self, event: Leave) -> None:
        self.hover = None

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        index = self._index_at(offset.y) if offset is not None else None
        if index is None:
            return
        view = self.views[index]
        if view.available:
            self.highlighted = index
            self.post_message(self.Selected(view.id))


def _wrap_reason(view: ChoiceView, width: int) -> list[Content]:
    line = reason_line(view)
    if line.cell_length <= width:
        return [line]
    text = Content.assemble((LOCK, "$text-warning"),
                            (clean(view.reason or "Locked"), "italic $foreground-muted"),
                            strip_control_codes=False)
    return [Content(" " * INDENT) + part for part in text.wrap(width - INDENT)]
