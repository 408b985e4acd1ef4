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

import re
from itertools import combinations, pairwise
from math import comb
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from textual.content import Content
from textual.content import Span as ContentSpan

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


class Block(NamedTuple):
    """One block of prose as the screen draws it: the engine's block, styled. (A named
    tuple, as `Reading`: a frozen dataclass is made with generated code, ~1 ms a class of
    the title's first frame, which imports this module for `literal`.)"""

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


class Reading(NamedTuple):
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


_WORD = re.compile(r"\s*\S+\s*")  # a word and the spaces around it, as rich's wrapper sees it
_single_cells: frozenset[str] | None = None


def _one_cell_each() -> frozenset[str]:
    """The characters one cell wide that prose is mostly made of: printable ASCII, Latin,
    Greek and Cyrillic letters, typographic punctuation (checked against rich's own table)."""
    global _single_cells
    if _single_cells is None:
        ranges = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482),
                  (0x2010, 0x2027), (0x2030, 0x205E))
        chars = (chr(code) for low, high in ranges for code in range(low, high + 1))
        _single_cells = frozenset(ch for ch in chars
                                  if ch == " " or (cell_len(ch) == 1 and not ch.isspace()))
    return _single_cells


def _breaks(text: str, width: int) -> list[int]:
    """Where rich's `divide_line(text, width, fold=True)` breaks `text`, for text whose every
    character is one cell wide: the same greedy rule, measured with len() instead of a cell
    lookup a word (the lookups were half the cost of a new scene's prose)."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, _end = match.span()
        word = match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:  # longer than a line: folded across lines
            chunks = [word[at:at + width] for at in range(0, len(word), width)]
            for chunk in chunks[:-1]:
                if start:
                    breaks.append(start)
                start += len(chunk)
            if start:
                breaks.append(start)
            offset = len(chunks[-1])
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def wrap(content: Content, width: int) -> list[Content]:
    """`content.wrap(width)`, the same lines, faster for the common case: one line of text
    whose characters are each one cell wide (anything else goes to Textual's own wrap). The
    lines are cut straight from the text and its spans, each line's trailing spaces left out
    (what `Content.divide` and `rstrip` do, without making each line twice)."""
    text = content.plain
    if width <= 0 or "\n" in text or not _one_cell_each().issuperset(text):
        return content.wrap(width)
    breaks = _breaks(text, width)
    if not breaks:  # one line: the content itself, as `Content.divide` gives it
        return [content if len(text) <= width else content.truncate(width).rstrip_end(width)]
    spans = content.spans
    lines: list[Content] = []
    last = len(breaks)
    for n, (start, end) in enumerate(zip([0, *breaks], [*breaks, len(text)], strict=True)):
        piece = text[start:end] if n == last else text[start:end].rstrip()
        stop = start + len(piece)
        cut = [ContentSpan(max(span.start, start) - start, min(span.end, stop) - start,
                           span.style) for span in spans if span.start < stop and span.end > start]
        line = Content(piece, [span for span in cut if span.end > span.start], len(piece),
                       strip_control_codes=False)
        lines.append(line if len(piece) <= width else line.truncate(width).rstrip_end(width))
    return lines


BREAK_AFTER = ".,;:!?—…"  # a line ending on these reads as a phrase, not a cut
MAX_SPLITS = 4000  # ways of breaking a line tried; a longer text wraps greedily


def balanced(text: str, width: int) -> list[str]:
    """`text` in as few lines of at most `width` cells as wrapping it needs, the lines as
    even as they can be and broken after punctuation where that costs little: a centred
    tagline then never leaves one word alone on its last line. (A word wider than `width`
    is left for the widget to fold.)"""
    words = text.split()
    if not words or cell_len(text) <= width or width <= 0:
        return [" ".join(words)] if words else []
    sizes = [cell_len(word) for word in words]
    count, used = 1, -1  # the lines greedy wrapping needs: the fewest there can be
    for size in sizes:
        if used >= 0 and used + 1 + size > width:
            count, used = count + 1, size
        else:
            used = size if used < 0 else used + 1 + size
    if max(sizes) > width or comb(len(words) - 1, count - 1) > MAX_SPLITS:
        return [" ".join(line) for line in _greedy(words, sizes, width)]
    best: tuple[int, tuple[int, ...]] | None = None
    for cuts in combinations(range(1, len(words)), count - 1):
        bounds = (0, *cuts, len(words))
        lengths = [sum(sizes[a:b]) + b - a - 1 for a, b in pairwise(bounds)]
        if max(lengths) > width:
            continue
        plain = sum(1 for cut in cuts if words[cut - 1][-1] not in BREAK_AFTER)
        score = max(lengths) - min(lengths) + 12 * plain
        if best is None or score < best[0]:
            best = (score, bounds)
    if best is None:
        return [" ".join(line) for line in _greedy(words, sizes, width)]
    return [" ".join(words[a:b]) for a, b in pairwise(best[1])]


def _greedy(words: list[str], sizes: list[int], width: int) -> list[list[str]]:
    lines: list[list[str]] = []
    used = width + 1
    for word, size in zip(words, sizes, strict=True):
        if lines and used + 1 + size <= width:
            lines[-1].append(word)
            used += 1 + size
        else:
            lines.append([word])
            used = size
    return lines
