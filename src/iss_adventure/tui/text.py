"""Story text made safe and pretty for the screen.

Everything a story file says reaches a widget through `literal()` (or `prose_blocks()`, which
uses it): markup-like text such as `[bold]` or `[/]` stays text because it is wrapped in a
`Content` and never parsed, and control characters (an escape sequence `\\x1b[31m`, a bell,
a carriage return) are shown as visible symbols instead of reaching the terminal.

`prose_blocks()` understands the small part of Markdown the scenes use: paragraphs, `*emphasis*`,
`**strong**`, block quotes (radio traffic), `- ` list items and `#` headings. It is a few
microseconds a paragraph, far cheaper than a Markdown widget, which keeps a choice fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from textual.content import Content

from ..engine.terminal import visible


def clean(text: str) -> str:
    """`text` with every control character replaced by a visible symbol."""
    return visible(text)


def literal(text: str, style: str = "") -> Content:
    """Story text as Content: never parsed as markup, never terminal control."""
    return Content.styled(clean(text), style, strip_control_codes=False)


BlockKind = Literal["para", "quote", "item", "heading"]


@dataclass(frozen=True, slots=True)
class Block:
    """One block of prose: a paragraph, a block-quote paragraph, a list item or a heading."""

    kind: BlockKind
    content: Content
    joined: bool = False  # continues the previous block (no blank line before it)


_INLINE = re.compile(
    r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])"  # **strong**
    r"|(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"  # *emphasis*
    r"|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"  # _emphasis_
)
_ESCAPED = re.compile(r"\\([*_\\>#-])")
# escaped characters hide behind private-use code points while emphasis is matched
_HIDE = {ch: chr(0xE000 + n) for n, ch in enumerate("*_\\>#-")}
_SHOW = {ord(v): k for k, v in _HIDE.items()}


def inline(text: str, base: str = "") -> Content:
    """One paragraph's text with emphasis applied; everything else literal."""
    text = _hide_escapes(clean(text))
    parts: list[str | tuple[str, str]] = []
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            parts.append((_unescape(text[pos:match.start()]), base))
        if match.group(1) is not None:
            parts.append((_unescape(match.group(1)), f"{base} bold".strip()))
        else:
            inner = match.group(2) if match.group(2) is not None else match.group(3)
            parts.append((_unescape(inner), f"{base} italic".strip()))
        pos = match.end()
    if pos < len(text):
        parts.append((_unescape(text[pos:]), base))
    return Content.assemble(*parts, strip_control_codes=False)


def _hide_escapes(text: str) -> str:
    return _ESCAPED.sub(lambda m: _HIDE[m.group(1)], text) if "\\" in text else text


def _unescape(text: str) -> str:
    return text.translate(_SHOW)


def _join(lines: list[str]) -> str:
    """Soft line breaks become spaces; a line ending in two spaces or a backslash breaks."""
    parts = []
    for line in lines:
        hard = line.endswith("  ") or line.rstrip().endswith("\\")
        text = line.strip()
        if text.endswith("\\") and not text.endswith("\\\\"):
            text = text[:-1].rstrip()
        parts.append(text + ("\n" if hard else " "))
    return "".join(parts).rstrip()


def prose_blocks(paragraphs: list[str]) -> list[Block]:
    """The scene's paragraphs (text and variants) as styled blocks, in order."""
    blocks: list[Block] = []
    for paragraph in paragraphs:
        blocks.extend(_blocks_of(paragraph))
    return blocks


def _blocks_of(text: str) -> list[Block]:
    blocks: list[Block] = []
    kind: BlockKind | None = None
    lines: list[str] = []
    joined = False

    def flush() -> None:
        nonlocal kind, lines, joined
        if kind is not None and lines:
            style = {"quote": "italic", "heading": "bold"}.get(kind, "")
            blocks.append(Block(kind, inline(_join(lines), style), joined))
        kind, lines, joined = None, [], False

    for raw in text.splitlines():
        line = raw.rstrip("\n")
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
        elif stripped.startswith(("- ", "* ")) and not _INLINE.match(stripped):
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


def plain_prose(paragraphs: list[str]) -> str:
    """The prose as plain text (history, tests): emphasis markers removed."""
    out: list[str] = []
    for block in prose_blocks(paragraphs):
        prefix = {"quote": "> ", "item": "• "}.get(block.kind, "")
        out.append(("\n" if not block.joined and out else "") + prefix + block.content.plain)
    return "\n".join(out)
