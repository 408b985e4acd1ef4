"""The title's tagline breaks into even lines, never leaving a word alone on its last line."""

from __future__ import annotations

from collections.abc import Callable

from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.text import balanced

TAGLINE = "Three Americans. Three Russians. One station. Nobody can go home."
WIDTHS = (60, 61, 64, 66, 67, 70, 80, 100, 133, 200)


def tagline_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()
            if any(word in line for word in ("Americans", "Russians", "station.", "home."))]


async def test_the_tagline_wraps_gracefully_at_every_width(
        make_app: Callable[..., ISSApp], screen_text: Callable[[ISSApp], str]) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        for width in (*WIDTHS, 60):  # and back: narrowing again breaks it again
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            lines = tagline_lines(screen_text(app))
            assert " ".join(lines) == TAGLINE, (width, lines)
            assert all(len(line.split()) > 1 for line in lines), (width, lines)
            if len(lines) > 1:  # even lines, broken where a sentence ends
                assert lines == ["Three Americans. Three Russians.",
                                 "One station. Nobody can go home."], width
            assert all(len(line) <= width for line in lines)
        await pilot.resize_terminal(60, 20)  # short as well as narrow: no station drawing
        await pilot.pause()
        assert len(tagline_lines(screen_text(app))) == 2


def test_balanced_lines_are_as_few_as_wrapping_needs() -> None:
    assert balanced(TAGLINE, 200) == [TAGLINE]
    for width in range(20, 70):
        lines = balanced(TAGLINE, width)
        assert " ".join(lines) == TAGLINE
        assert all(len(line) <= width for line in lines)
        assert all(len(line.split()) > 1 for line in lines) or width < 25, (width, lines)
    assert balanced("Nobody can go home.", 6) == ["Nobody", "can go", "home."]
    assert balanced("Supercalifragilistic word", 10) == ["Supercalifragilistic", "word"]
    assert balanced("", 10) == []
