"""The one prose grammar: blocks of styled spans, emphasis matched in linear time."""

from __future__ import annotations

import pytest

from iss_adventure.engine.prose import Span, parse, spans


@pytest.mark.parametrize(("source", "expected"), [
    ("a *b* c", [Span("a "), Span("b", emphasis=True), Span(" c")]),
    ("__loud__", [Span("loud", strong=True)]),
    ("***both***", [Span("both", emphasis=True, strong=True)]),
    ("**a *b* c**", [Span("a ", strong=True), Span("b", True, True), Span(" c", strong=True)]),
    ("*a **b*", [Span("a **b", emphasis=True)]),  # the inner run cannot cross the pair
    ("*a _b* c_", [Span("a _b", emphasis=True), Span(" c_")]),
    ("a\\*b\\*", [Span("a*b*")]),
    ("\\\\*em*", [Span("\\"), Span("em", emphasis=True)]),  # an escaped backslash
    ("a*b*c snake_case 2 * 3", [Span("a*b*c snake_case 2 * 3")]),
    ("****four****", [Span("****four****")]),
])
def test_spans(source: str, expected: list[Span]) -> None:
    assert spans(source) == expected


def test_blocks_and_escaped_block_markers() -> None:
    blocks = parse(["para\n- item\n\\- not item\n\n\\> not quote\n\n# Head\n> q"])
    assert [(b.kind, b.text) for b in blocks] == [
        ("para", "para"), ("item", "item - not item"), ("para", "> not quote"),
        ("heading", "Head"), ("quote", "q")]


def test_pathological_emphasis_is_linear() -> None:
    """120 KB of unclosed openers: a backtracking regex needs minutes, this a fraction of a
    second (the 120 s per-test timeout is the backstop)."""
    text = "*a " * 40_000 + "_b " * 40_000 + "c* " * 40_000
    [block] = parse([text])
    assert "*" not in block.text and block.text.count("_") == 40_000  # every star pair matched
    assert all(span.emphasis for span in block.spans)
