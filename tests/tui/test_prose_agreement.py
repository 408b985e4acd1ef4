"""One prose grammar: the TUI and plain mode show the same words for the same tricky prose."""

from __future__ import annotations

import pytest

from iss_adventure.plain import prose_lines
from iss_adventure.tui.text import prose_blocks

TRICKY = [
    "__loud__ and _soft_",
    "a\\*b\\*",
    "Pack:\n- a *suit*\n- the **kit**\n- tea",
    "**strong *nested* end** and *open **never closed*",
    "*unbalanced and **also _unbalanced",
    "snake_case_name, 2 * 3 * 4, a*b*c",
    "> HOUSTON: *copy*\n>\n> KIRA: **loud**\nafter",
    "# Heading *em*\n\\# not a heading\n\\- not an item",
    "[bold]markup[/] \x1b[31mescape\x07",
    "***both*** and \\\\*em*",
    "*a " * 40_000,  # 120 KB: a backtracking regex takes minutes on this
    "**a " * 30_000,
]


def tui_blocks(text: str) -> list[tuple[str, str]]:
    return [(b.kind, b.content.plain) for b in prose_blocks([text])]


def plain_blocks(text: str) -> list[tuple[str, str]]:
    """Plain mode's unwrapped lines, read back as (kind, text) blocks."""
    out: list[tuple[str, str]] = []
    for line in prose_lines(text):
        if line in ("", ">"):
            continue
        if line.startswith("> "):
            out.append(("quote", line[2:]))
        elif line.startswith("• "):
            out.append(("item", line[2:]))
        else:
            out.append(("text", line))
    return out


@pytest.mark.parametrize("text", TRICKY, ids=lambda t: repr(t[:30]))
def test_both_front_ends_show_the_same_words(text: str) -> None:
    tui = [(kind if kind in ("quote", "item") else "text", words)
           for kind, words in tui_blocks(text)]
    assert tui == plain_blocks(text)


def test_the_tricky_constructs_read_as_documented() -> None:
    assert tui_blocks("__loud__ and _soft_") == [("para", "loud and soft")]
    assert tui_blocks("a\\*b\\*") == [("para", "a*b*")]
    assert [kind for kind, _ in tui_blocks("Pack:\n- a\n- b")] == ["para", "item", "item"]
    assert prose_lines("Pack:\n- a\n- b") == ["Pack:", "", "• a", "• b"]  # as the TUI lays it out
    [block] = prose_blocks(["__loud__ and _soft_"])
    assert [(span.start, span.end, str(span.style)) for span in block.content.spans] == [
        (0, 4, "bold"), (9, 13, "italic")]
    assert tui_blocks("[bold]x[/] \x1b[31m")[0][1] == "[bold]x[/] ␛[31m"
