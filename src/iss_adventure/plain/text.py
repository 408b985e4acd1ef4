"""Plain mode's text: the engine's prose grammar as lines, and wrapping at word boundaries.

Every line is made visible (`engine/terminal.py`) before it is printed, so story text never
reaches the terminal as control characters.
"""

from __future__ import annotations

import textwrap

from ..engine.prose import Block, parse
from ..engine.terminal import visible


def wrapped(text: str, width: int | None, first: str = "", rest: str | None = None) -> list[str]:
    """One line of text wrapped at word boundaries to `width` (None: not wrapped), the first
    line after `first`, the others after `rest` (default: as much space as `first`). A word
    longer than the line is split only when it cannot fit at all."""
    rest = " " * len(first) if rest is None else rest
    text = visible(text)
    if width is None:
        return [first + text]
    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False) or [first.rstrip()]


def prose_lines(text: str, width: int | None = None) -> list[str]:
    """Scene prose for a terminal or a screen reader, from the engine's one prose grammar:
    blocks wrapped to `width` (None: not wrapped), a blank line between blocks, list items on
    their own lines, block quotes (radio traffic) kept as quotes, emphasis markers dropped,
    control characters made visible."""
    lines: list[str] = []
    previous: Block | None = None
    for block in parse([text]):
        if previous is not None and not (previous.kind == block.kind == "item"):
            lines.append(">" if block.kind == previous.kind == "quote" and block.joined else "")
        prefix = {"quote": "> ", "item": "• "}.get(block.kind, "")
        indent = "  " if block.kind == "item" else prefix
        for n, line in enumerate(visible(block.text).split("\n")):
            lines.extend(wrapped(line, width, prefix if n == 0 else indent, indent))
        previous = block
    return lines
