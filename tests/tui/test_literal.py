"""Story text is shown literally: markup-like text stays text, escape sequences stay harmless.

The fixture story under tests/fixtures/markup puts `[bold]`, `[/]`, `[crew]`, `[@click=...]`
and raw escape sequences into titles, prose, choices, crew names, statuses and the ending.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iss_adventure.engine.model import Story
from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens.play import PlayScreen
from iss_adventure.tui.text import clean, inline, literal, plain_prose, prose_blocks

Factory = Callable[..., ISSApp]
Text = Callable[[ISSApp], str]
CONTROL = {chr(c) for c in range(32) if c != 10} | {"\x7f"} | {chr(c) for c in range(0x80, 0xA0)}


def assert_harmless(strips: list[Any]) -> str:
    """Every segment on screen is free of control characters and of link/click metadata."""
    rows = []
    for strip in strips:
        row = ""
        for segment in strip:
            assert not (set(segment.text) & CONTROL), repr(segment.text)
            style = segment.style
            if style is not None:
                assert not style.link, style
                assert "@click" not in str(style.meta or {}), style.meta
            row += segment.text
        rows.append(row)
    return "\n".join(rows)


async def test_markup_story_renders_literally(make_app: Factory, markup_story: Story,
                                              screen_strips) -> None:
    app = make_app(markup_story)
    async with app.run_test(size=(160, 40)) as pilot:
        text = assert_harmless(screen_strips(app))
        assert "[BOLD]MARKUP[/] ␛[31MORBIT" in text  # the title, upper-cased
        await pilot.press("n")
        assert isinstance(app.screen, PlayScreen)
        text = assert_harmless(screen_strips(app))
        for expected in (
            "[bold]Not bold[/] ␛[31mtitle",  # header: scene title
            "[crew]Act[/crew]",  # header: act title
            "[blink]Day 1[/]",  # header: time
            "The [crew] waits. [bold]Not bold[/bold] and [/] and ␛[31mred␛[0m",
            "␛]0;pwned␇",
            "[link=https://example.com]link[/link]",
            "[@click=app.quit]quit[/].",
            "[bold]Go[/] ␛[31mnow [$accent]x[/]",  # a choice
            "[i]Locked[/i]",  # a locked choice
            "[red]Needs[/] ␛[5mtrust",  # its reason
            "[bold]Xena",  # crew name (its first word, cut to the column)
            "[red]Lab[/]",  # Kira's location
        ):
            assert expected in text, expected
        await pilot.press("1")
        assert app.screen.session.state.scene == "s/two"
        text = assert_harmless(screen_strips(app))
        for expected in ("[dead]", "[bold]The[/] end", "[i]odd", "[crew] ␛[31msummary",
                         "▌ [bold]HOUSTON[/]: ␛[31mcopy", "[bold]Xena[/] trusts you more (2 → 3).",
                         "[bold]Xena[/] is now [dead]."):
            assert expected in text, expected
        await pilot.press("h")
        await pilot.pause()
        text = assert_harmless(screen_strips(app))
        assert "You chose: [bold]Go[/] ␛[31mnow [$accent]x[/]" in text
        assert app.is_running  # [@click=app.quit] did not quit


def test_literal_and_clean() -> None:
    assert clean("a\x1b[31mb\x07c\rd\x9be\x7f") == "a␛[31mb␇c␍d�e␡"
    assert literal("[bold]x[/]").plain == "[bold]x[/]"
    assert literal("[bold]x[/]").spans == []
    assert clean("tab\there") == "tab here"


@pytest.mark.parametrize("source, plain, styles", [
    ("a *b* c", "a b c", ["italic"]),
    ("a **b** c", "a b c", ["bold"]),
    ("a _b_ c", "a b c", ["italic"]),
    ("snake_case_name", "snake_case_name", []),
    ("2 * 3 * 4", "2 * 3 * 4", []),
    (r"\*not\*", "*not*", []),
    ("[b]x[/b] *y*", "[b]x[/b] y", ["italic"]),
])
def test_inline_emphasis(source: str, plain: str, styles: list[str]) -> None:
    content = inline(source)
    assert content.plain == plain
    assert [str(span.style) for span in content.spans] == styles


def test_prose_blocks_paragraphs_quotes_and_items() -> None:
    text = ("First line\nsame paragraph.\n\n> RADIO: one\n> two\n>\n> three\nafter\n\n"
            "- item one\n- item two\n\n# Heading")
    kinds = [(b.kind, b.content.plain) for b in prose_blocks([text, "A variant."])]
    assert kinds == [
        ("para", "First line same paragraph."),
        ("quote", "RADIO: one two"),
        ("quote", "three"),
        ("para", "after"),
        ("item", "item one"),
        ("item", "item two"),
        ("heading", "Heading"),
        ("para", "A variant."),
    ]
    assert plain_prose(["a\n> b"]).splitlines() == ["a", "> b"]


def test_hard_line_breaks() -> None:
    [block] = prose_blocks(["one  \ntwo\\\nthree"])
    assert block.content.plain == "one\ntwo\nthree"


async def test_relationships_and_epilogue_render_literally(make_app: Factory, markup_story: Story,
                                                           screen_strips) -> None:
    app = make_app(markup_story)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "1", "t")
        assert type(app.screen).__name__ == "RelationshipsScreen"
        text = assert_harmless(screen_strips(app))
        for expected in ("[bold]Xena[/] ␛[31mRed  ■■■□□  3 of 5  ▲ from 2  [dead]  "
                         "[i]Pilot[/i] · ␛[2JNASA",
                         "[bold]Not bold[/] ␛[31mtitle: [bold]Go[/] ␛[31mnow [$accent]x[/]",
                         "[bold]Xena[/] trusts you more (2 → 3).",
                         "[bold]Xena[/] is now [dead]."):
            assert expected in text, expected
        await pilot.press("escape", "escape", "e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "EpilogueScreen"
        text = assert_harmless(screen_strips(app))
        assert "[bold]The[/] end" in text and "[crew] ␛[31msummary" in text
