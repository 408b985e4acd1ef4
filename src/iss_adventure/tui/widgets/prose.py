"""The scene's prose: paragraphs, emphasis, radio traffic in block quotes, typewriter reveal.

One widget renders every block of the scene itself (wrapping each to the width, with a bar in
front of quoted lines), which costs about as much as a Static update: far less than mounting a
Markdown document for every scene.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

from ..text import Block

QUOTE_BAR = "▌ "
BULLET = "• "
REVEAL_PER_SECOND = 900
REVEAL_FPS = 30


class Prose(Widget):
    """Blocks of prose, optionally revealed a few characters at a time."""

    DEFAULT_CSS = """
    Prose { height: auto; }
    """

    class Revealed(Message):
        """The whole text is on screen (the typewriter finished or was skipped)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._blocks: list[Block] = []
        self._total = 0
        self._shown: int | None = None  # characters revealed; None: all
        self._timer: Timer | None = None
        self._cache: tuple[tuple[int, int | None], list[Content]] | None = None

    # -- content --------------------------------------------------------------------------

    def show(self, blocks: list[Block], typewriter: bool = False) -> None:
        """Show new prose; with `typewriter` it appears a little at a time."""
        self._stop_timer()
        self._blocks = list(blocks)
        self._total = sum(len(block.content) for block in blocks)
        self._cache = None
        if typewriter and self._total:
            self._shown = 0
            self._timer = self.set_interval(1 / REVEAL_FPS, self._advance)
        else:
            self._shown = None
        self.refresh(layout=True)

    @property
    def revealing(self) -> bool:
        return self._shown is not None

    @property
    def plain(self) -> str:
        """The full text as shown when complete (for tests and the history)."""
        return "\n".join(line.plain for line in self._lines(1_000))

    def complete(self) -> None:
        """Show everything now."""
        if self._shown is None:
            return
        self._stop_timer()
        self._shown = None
        self._cache = None
        self.refresh(layout=True)
        self.post_message(self.Revealed())

    def _advance(self) -> None:
        if self._shown is None:
            return
        self._shown += max(1, REVEAL_PER_SECOND // REVEAL_FPS)
        if self._shown >= self._total:
            self.complete()
            return
        self._cache = None
        self.refresh(layout=True)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    # -- layout ---------------------------------------------------------------------------

    def _lines(self, width: int) -> list[Content]:
        width = max(width, 4)
        key = (width, self._shown)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        lines: list[Content] = []
        budget = self._total if self._shown is None else self._shown
        previous: Block | None = None
        for block in self._blocks:
            if budget <= 0:
                break
            content = block.content if len(block.content) <= budget else \
                block.content[:budget]
            budget -= len(block.content)
            if previous is not None and not (block.kind == previous.kind == "item"):
                quote_pair = block.kind == previous.kind == "quote" and block.joined
                lines.append(Content.styled(QUOTE_BAR.rstrip(), "$accent")
                             if quote_pair else Content(""))
            lines.extend(self._wrap(block, content, width))
            previous = block
        self._cache = (key, lines)
        return lines

    @staticmethod
    def _wrap(block: Block, content: Content, width: int) -> list[Content]:
        if block.kind == "quote":
            bar = Content.styled(QUOTE_BAR, "$accent")
            return [bar + line.stylize("$text-secondary")
                    for line in content.wrap(width - len(QUOTE_BAR))]
        if block.kind == "item":
            wrapped = content.wrap(width - len(BULLET))
            return [Content.styled(BULLET if n == 0 else "  ", "$accent") + line
                    for n, line in enumerate(wrapped)]
        if block.kind == "heading":
            return [line.stylize("$text-accent") for line in content.wrap(width)]
        return content.wrap(width)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_size.width))
