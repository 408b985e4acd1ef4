"""Story text made safe and pretty for the screen.

Everything a story file says reaches a widget through `literal()` (or `prose_blocks()`, which
uses it): markup-like text such as `[bold]` or `[/]` stays text because it is wrapped in a
`Content` and never parsed, and control characters (an escape sequence `\\x1b[31m`, a bell,
a carriage return) are shown as visible symbols instead of reaching the terminal.

`prose_blocks()` styles the blocks of the engine's one prose grammar (`engine/prose.py`, which
plain mode renders too): a few microseconds a paragraph, far cheaper than a Markdown widget,
which keeps a choice fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content

from ..engine.terminal import visible

if TYPE_CHECKING:  # the title's first frame needs `literal` only: the grammar loads later
    from ..engine.prose import BlockKind, Span


def clean(text: str) -> str:
    """`text` with every control character replaced by a visible symbol."""
    return visible(text)


def same(a: Content | None, b: Content | None) -> bool:
    """The same text with the same styles (`Content.__eq__` compares the text only)."""
    if a is None or b is None:
        return a is b
    return a.plain == b.plain and a.spans == b.spans


def literal(text: str, style: str = "") -> Content:
    """Story text as Content: never parsed as markup, never terminal control."""
    return Content.styled(clean(text), style, strip_control_codes=False)


@dataclass(frozen=True, slots=True)
class Block:
    """One block of prose as the screen draws it: the engine's block, styled."""

    kind: BlockKind
    content: Content
    joined: bool = False  # continues the previous block (no blank line before it)


BLOCK_STYLE = {"quote": "italic", "heading": "bold"}


def styled(spans: tuple[Span, ...] | list[Span], base: str = "") -> Content:
    """Spans as Content: emphasis italic, strong bold, every character made visible."""
    parts: list[tuple[str, str]] = []
    for span in spans:
        style = " ".join(filter(None, (base, "bold" if span.strong else "",
                                       "italic" if span.emphasis else "")))
        parts.append((clean(span.text), style))
    return Content.assemble(*parts, strip_control_codes=False)


def inline(text: str, base: str = "") -> Content:
    """One paragraph's text with emphasis applied; everything else literal."""
    from ..engine.prose import spans

    return styled(spans(text), base)


def prose_blocks(paragraphs: list[str]) -> list[Block]:
    """The scene's paragraphs (text and variants) as styled blocks, in order."""
    from ..engine.prose import parse

    return [Block(block.kind, styled(block.spans, BLOCK_STYLE.get(block.kind, "")), block.joined)
            for block in parse(paragraphs)]


def plain_prose(paragraphs: list[str]) -> str:
    """The prose as plain text (history, tests): emphasis markers removed."""
    out: list[str] = []
    for block in prose_blocks(paragraphs):
        prefix = {"quote": "> ", "item": "• "}.get(block.kind, "")
        out.append(("\n" if not block.joined and out else "") + prefix + block.content.plain)
    return "\n".join(out)


READ_STYLE = "$text-muted"  # text read in an earlier run, as visual novels mark it


@dataclass(frozen=True, slots=True)
class Reading:
    """A scene's prose for a player who may have read some of it before."""

    blocks: list[Block]
    start: int  # characters of text read before at the top: shown at once, not typed
    unread: list[int]  # blocks where unread text follows read text (where skipping stops)
    read: int  # pieces of text read before (0: all new)
    pieces: int  # pieces of text in all (the scene's text and each variant shown)


def reading(paragraphs: list[str], read: list[bool]) -> Reading:
    """The blocks of `paragraphs`, those read before (`read`, one flag each) muted."""
    blocks: list[Block] = []
    start, unread, leading, after_read = 0, [], True, False
    for text, was_read in zip(paragraphs, read, strict=True):
        chunk = prose_blocks([text])
        if was_read:
            chunk = [Block(b.kind, b.content.stylize_before(READ_STYLE), b.joined)
                     for b in chunk]
            if leading:
                start += sum(len(block.content) for block in chunk)
        else:
            leading = False
            if after_read and chunk:
                unread.append(len(blocks))
        after_read = was_read
        blocks += chunk
    return Reading(blocks, start, unread, sum(read), len(paragraphs))
