"""The scene's prose: paragraphs, emphasis, radio traffic in block quotes, typewriter reveal.

The prose lays out its own lines (wrapping each block to the width, with a bar in front of
quoted lines). `ProseView` is the play screen's scrolling prose: a ScrollView that knows its
height as soon as the scene is set, so a new scene costs one layout pass, about as much as a
Static update and far less than mounting a Markdown document. `Prose` is the same text as a
plain auto-height widget, for the history screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.segment import Segment
from textual.content import Content
from textual.events import Click, Resize
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.timer import Timer
from textual.widget import Widget

from ..text import Block, wrap
from .scrollbar import QuickBarRender
from .textual_private import (
    NoRelayoutOnResize,
    QuietScrollView,
    RepaintedWithOwner,
    RepaintsChangedLines,
    own_vertical_scrollbar,
)

QUOTE_BAR = "▌ "
BULLET = "• "
MEASURE = 76  # longest line of prose: wider is hard to read
SCROLLBAR_GAP = 1  # blank cells between the play screen's prose and its scrollbar
REVEAL_PER_SECOND = 900
REVEAL_FPS = 30

Clock = Callable[[], float]


def layout_blocks(blocks: list[Block], width: int, budget: int | None = None) -> list[Content]:
    """The lines of `blocks` wrapped to `width`; with `budget`, only that many characters."""
    width = max(width, 4)
    lines: list[Content] = []
    left = sum(len(block.content) for block in blocks) if budget is None else budget
    previous: Block | None = None
    for block in blocks:
        if left <= 0:
            break
        content = block.content if len(block.content) <= left else block.content[:left]
        left -= len(block.content)
        if previous is not None and not (block.kind == previous.kind == "item"):
            quote_pair = block.kind == previous.kind == "quote" and block.joined
            lines.append(Content.styled(QUOTE_BAR.rstrip(), "$accent")
                         if quote_pair else Content(""))
        lines.extend(_wrap(block, content, width))
        previous = block
    return lines


def _wrap(block: Block, content: Content, width: int) -> list[Content]:
    if block.kind == "quote":
        bar = Content.styled(QUOTE_BAR, "$accent")
        return [bar + line.stylize_before("$text-secondary")
                for line in wrap(content, width - len(QUOTE_BAR))]
    if block.kind == "item":
        wrapped = wrap(content, width - len(BULLET))
        return [Content.styled(BULLET if n == 0 else "  ", "$accent") + line
                for n, line in enumerate(wrapped)]
    if block.kind == "heading":
        return [line.stylize_before("$text-accent") for line in wrap(content, width)]
    return wrap(content, width)


class _Reveal:
    """The blocks shown and how much of them is revealed (shared by both widgets)."""

    clock: Clock
    _blocks: list[Block]
    _total: int
    _shown: int | None  # characters revealed; None: all
    _started: float
    _timer: Timer | None
    _cache: dict[tuple[int, int | None], list[Content]]
    _speed: int  # characters a second
    _start: int  # characters shown at once (text read before), the typewriter goes on from there

    class Revealed(Message):
        """The whole text is on screen (the typewriter finished or was skipped)."""

    def _setup(self, clock: Clock) -> None:
        self.clock = clock
        self._blocks = []
        self._total = 0
        self._shown = None
        self._started = 0.0
        self._timer = None
        self._cache = {}
        self._speed = REVEAL_PER_SECOND
        self._start = 0

    @property
    def revealing(self) -> bool:
        return self._shown is not None

    @property
    def plain(self) -> str:
        """The text revealed so far, unwrapped (for tests)."""
        return "\n".join(line.plain for line in self._lines(1_000))

    def _set_blocks(self, blocks: list[Block], typewriter: bool,
                    speed: int = REVEAL_PER_SECOND, start: int = 0) -> None:
        self._stop_timer()
        self._speed = max(1, speed)
        self._blocks = list(blocks)
        self._total = sum(len(block.content) for block in blocks)
        self._cache = {}
        self._start = start
        if typewriter and self._total > start:
            self._shown = start
            self._started = self.clock()
            self._timer = self.set_interval(1 / REVEAL_FPS, self._advance)  # type: ignore[attr-defined]
        else:
            self._shown = None

    def complete(self) -> None:
        """Show everything now."""
        if self._shown is None:
            return
        self._stop_timer()
        self._shown = None
        self._changed()
        self.post_message(self.Revealed())  # type: ignore[attr-defined]

    def _advance(self) -> None:
        if self._shown is None:
            return
        self._shown = self._start + int((self.clock() - self._started) * self._speed)
        if self._shown >= self._total:
            self.complete()
            return
        self._changed()

    def _changed(self) -> None:
        raise NotImplementedError

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _lines(self, width: int, full: bool = False) -> list[Content]:
        key = (width, None if full else self._shown)
        lines = self._cache.get(key)
        if lines is None:
            if len(self._cache) > 8:
                self._cache.clear()
            lines = self._cache[key] = layout_blocks(self._blocks, width, key[1])
        return lines


class _SteadyScrollBar(RepaintedWithOwner, NoRelayoutOnResize, RepaintsChangedLines, ScrollBar):
    """A scrollbar whose new length asks for no second layout pass, whose refreshes while
    the prose is laid out ask for no second frame (the layout's frame paints it), whose
    lines are drawn without Rich's console (`QuickBarRender`), and of which a choice redraws
    only the lines that change (the thumb's ends, not the whole track)."""

    renderer = QuickBarRender


class ProseView(_Reveal, QuietScrollView):
    """The play screen's prose, scrolling; its height is known before layout."""

    DEFAULT_CSS = """
    ProseView { height: 1fr; overflow-x: hidden; }
    """

    def __init__(self, *, clock: Clock = time.monotonic, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._setup(clock)
        self._frame: tuple[Offset, int, VisualStyle, list[Content]] | None = None

    def show(self, blocks: list[Block], typewriter: bool = False,
             speed: int = REVEAL_PER_SECOND, start: int = 0) -> None:
        """Show new prose from the top; with `typewriter` it appears `speed` characters a
        second, after the first `start` characters (read before), shown at once."""
        self._set_blocks(blocks, typewriter, speed, start)
        self._size_to_text()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    @property
    def _width(self) -> int:
        """The width the text is wrapped to, at the widget's present size."""
        return self._measure(self.scrollable_content_region.width)

    def _measure(self, room: int) -> int:
        """The width the text is wrapped to in `room` cells (up to the scrollbar's gutter):
        the one place it is worked out. One cell is always left blank before the scrollbar
        (at 60 columns the text ran into it); a wide window gives the text its measure."""
        room = room or max(self.size.width - 1, 4)  # before the first layout
        return min(room - SCROLLBAR_GAP, MEASURE)

    def _size_to_text(self) -> None:
        width = self._width
        self.virtual_size = Size(width, len(self._lines(width, full=True)))

    def _changed(self) -> None:
        self.refresh()

    def line_of(self, block: int) -> int:
        """The line (at the current width) where block number `block` starts."""
        if block <= 0:
            return 0
        width = self._width
        before = layout_blocks(self._blocks[:block], width)
        gap = not (self._blocks[block].kind == self._blocks[block - 1].kind == "item")
        return len(before) + (1 if gap else 0)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Textual's own scrollbar, except that a new length costs no extra layout pass."""
        return own_vertical_scrollbar(self, lambda: _SteadyScrollBar(
            vertical=True, name="vertical", thickness=self.scrollbar_size_vertical))

    def on_resize(self, event: Resize) -> None:
        if self.virtual_size.width != self._width:  # only a new width re-wraps the text
            self._size_to_text()

    def on_click(self, event: Click) -> None:
        self.complete()

    def render_lines(self, crop: Region) -> list[Strip]:
        """Textual's drawing, with what every line needs looked up once a frame (the scroll
        offset, the region and the style are properties that walk the DOM: a third of the
        prose's drawing when each line asked for them)."""
        width = self.scrollable_content_region.width
        self._frame = (self.scroll_offset, width, self.visual_style,
                       self._lines(self._measure(width)))
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        frame = self._frame
        if frame is None:  # asked outside a frame
            frame = (self.scroll_offset, self.scrollable_content_region.width,
                     self.visual_style, self._lines(self._width))
        (scroll_x, scroll_y), width, base, lines = frame
        index = scroll_y + y
        if index >= len(lines):
            return Strip.blank(width, base.rich_style)
        line = lines[index]
        segments = [Segment(text, style.rich_style) for text, style in
                    line.render(base, end="", parse_style=self._get_style)]
        length = line.cell_length
        if scroll_x == 0 and length <= width:  # always, but for a window narrower than 4
            if length < width:  # what crop_extend would add, without its two extra Strips
                segments.append(Segment(" " * (width - length), base.rich_style))
            return Strip(segments, width)
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, base.rich_style)


class Prose(_Reveal, Widget):
    """The same prose as an auto-height widget (the history screen stacks many)."""

    DEFAULT_CSS = """
    Prose { height: auto; }
    """

    def __init__(self, *, clock: Clock = time.monotonic, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._setup(clock)

    def show(self, blocks: list[Block], typewriter: bool = False) -> None:
        self._set_blocks(blocks, typewriter)
        self.refresh(layout=True)

    def _changed(self) -> None:
        self.refresh(layout=True)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(min(width, MEASURE)))

    def render(self) -> Content:
        return Content("\n").join(self._lines(min(self.content_size.width, MEASURE)))
