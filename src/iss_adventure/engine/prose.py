"""The one grammar of scene prose: blocks of styled spans, from a small Markdown subset.

Both front ends render what this returns (the TUI as Textual Content, plain mode as text), so
they cannot disagree about what a scene says. The subset (documented in
`docs/scene-format.md`): paragraphs separated by blank lines; `> ` block quotes (radio
traffic, a lone `>` breaks the quote into paragraphs); `- ` or `* ` list items; `#` headings;
`*emphasis*` or `_emphasis_`; `**strong**` or `__strong__`; `***both***`; a line ending in two
spaces or a backslash breaks the line; a backslash before `\\ * _ > # -` makes it literal.
Anything else, markup-like brackets included, is plain text.

Emphasis is matched in one pass with a stack of open delimiters per kind (CommonMark's
"process emphasis" idea, simplified): each delimiter is pushed and popped at most once, so
the time is linear in the input, even for a line like `*a *a *a ...` that a backtracking
regex needs minutes for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["para", "quote", "item", "heading"]
ESCAPABLE = frozenset("\\*_>#-`")


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in one style."""

    text: str
    emphasis: bool = False
    strong: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """One block of prose; `joined` continues the previous block (no blank line before it)."""

    kind: BlockKind
    spans: tuple[Span, ...]
    joined: bool = False

    @property
    def text(self) -> str:
        """The block's words without any marker."""
        return "".join(span.text for span in self.spans)


def parse(paragraphs: list[str]) -> list[Block]:
    """The scene's paragraphs (its text, then each variant shown) as blocks, in order."""
    blocks: list[Block] = []
    for paragraph in paragraphs:
        blocks.extend(_blocks_of(paragraph))
    return blocks


# ---------------------------------------------------------------- blocks


def _blocks_of(text: str) -> list[Block]:
    blocks: list[Block] = []
    kind: BlockKind | None = None
    lines: list[str] = []
    joined = False

    def flush() -> None:
        nonlocal kind, lines, joined
        if kind is not None and lines:
            blocks.append(Block(kind, tuple(spans(_join(lines))), joined))
        kind, lines, joined = None, [], False

    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(">"):
            body = stripped[1:]
            body = body[1:] if body.startswith(" ") else body
            if not body.strip():  # ">" alone: a paragraph break inside the quote
                if kind == "quote" and lines:
                    flush()
                    joined = True
                    kind = "quote"
                continue
            if kind != "quote":
                was = kind is not None
                flush()
                joined = was
                kind = "quote"
            lines.append(body)
        elif not stripped:
            flush()
        elif stripped.startswith(("- ", "* ")):
            was = kind is not None
            flush()
            kind, lines, joined = "item", [stripped[2:]], was
        elif stripped.startswith("#"):
            flush()
            kind, lines = "heading", [stripped.lstrip("#").strip()]
            flush()
        else:
            if kind == "quote":
                flush()
                joined = True
            if kind is None:
                kind = "para"
            lines.append(line)
    flush()
    return blocks


def _join(lines: list[str]) -> str:
    """Soft line breaks become spaces; a line ending in two spaces or a backslash breaks."""
    parts = []
    for line in lines:
        text = line.strip()
        backslash = text.endswith("\\") and not _escaped_at(text, len(text) - 1)
        hard = line.endswith("  ") or backslash
        if backslash:
            text = text[:-1].rstrip()
        parts.append(text + ("\n" if hard else " "))
    return "".join(parts).rstrip()


def _escaped_at(text: str, index: int) -> bool:
    """Whether the character at `index` is escaped (an odd run of backslashes before it)."""
    run = 0
    while index - run - 1 >= 0 and text[index - run - 1] == "\\":
        run += 1
    return run % 2 == 1


# ---------------------------------------------------------------- spans


@dataclass(slots=True)
class _Delim:
    """A run of `*` or `_` in the token list that may open or close emphasis."""

    token: int  # index into the token list
    char: str
    length: int
    can_open: bool
    can_close: bool


_STRONG, _EMPHASIS = 1, 2  # style flags on characters
# a backslash before a character it makes literal, or a run of one delimiter character
_MARKS = re.compile(r"\\([\\*_>#`-])|\*+|_+")


def spans(text: str) -> list[Span]:
    """One block's text as styled spans, markers and escapes consumed."""
    tokens: list[str] = []  # literal text pieces and delimiter runs, in order
    delims: list[_Delim] = []
    n = len(text)
    at = 0  # where the literal text after the last escape or run starts
    buf: list[str] = []
    for match in _MARKS.finditer(text):  # escapes and runs; the text between them is literal
        i, j = match.span()
        if i > at:
            buf.append(text[at:i])
        at = j
        escaped = match.group(1)
        if escaped is not None:
            buf.append(escaped)
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[j] if j < n else " "
        length = j - i
        if buf:
            tokens.append("".join(buf))
            buf = []
        if length <= 3:
            opens = not after.isspace() and not _wordlike(before)
            closes = not before.isspace() and not _wordlike(after)
            if opens or closes:
                delims.append(_Delim(len(tokens), text[i], length, opens, closes))
        tokens.append(text[i:j])
    if at < n:
        buf.append(text[at:])
    if buf:
        tokens.append("".join(buf))
    styles = _match(tokens, delims)
    return _assemble(tokens, styles)


def _wordlike(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _match(tokens: list[str], delims: list[_Delim]) -> list[int]:
    """The style flags of each token; matched delimiter runs become empty tokens.

    One stack of openers per (char, length). A closer takes the nearest opener of its kind;
    openers of other kinds inside the pair can no longer match (spans never cross), so they
    are dropped from their stacks. Every delimiter is pushed and popped at most once: linear.
    """
    styles = [0] * len(tokens)
    marks: list[tuple[int, int, int]] = []  # (open token, close token, flags)
    stacks: dict[tuple[str, int], list[_Delim]] = {}
    for delim in delims:
        key = (delim.char, delim.length)
        stack = stacks.get(key)
        if delim.can_close and stack:
            opener = stack.pop()
            for other in stacks.values():
                while other and other[-1].token > opener.token:
                    other.pop()
            flags = {1: _EMPHASIS, 2: _STRONG, 3: _STRONG | _EMPHASIS}[delim.length]
            marks.append((opener.token, delim.token, flags))
            tokens[opener.token] = tokens[delim.token] = ""
            continue
        if delim.can_open:
            stacks.setdefault(key, []).append(delim)
    if marks:
        # Apply the flags over each pair's range with a difference array: linear again.
        delta = [[0, 0] for _ in range(len(tokens) + 1)]
        for start, end, flags in marks:
            for bit, slot in ((_STRONG, 0), (_EMPHASIS, 1)):
                if flags & bit:
                    delta[start][slot] += 1
                    delta[end][slot] -= 1
        strong = emphasis = 0
        for index in range(len(tokens)):
            strong += delta[index][0]
            emphasis += delta[index][1]
            styles[index] = (_STRONG if strong else 0) | (_EMPHASIS if emphasis else 0)
    return styles


def _assemble(tokens: list[str], styles: list[int]) -> list[Span]:
    """Neighbouring tokens of one style joined into a span (joined once: linear)."""
    out: list[Span] = []
    pieces: list[str] = []
    current = -1
    for token, style in zip(tokens, styles, strict=True):
        if not token:
            continue
        if style != current and pieces:
            out.append(_span("".join(pieces), current))
            pieces = []
        current = style
        pieces.append(token)
    if pieces:
        out.append(_span("".join(pieces), current))
    return out


def _span(text: str, style: int) -> Span:
    return Span(text, bool(style & _EMPHASIS), bool(style & _STRONG))
