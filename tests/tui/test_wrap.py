"""`text.wrap` breaks lines exactly where Textual's `Content.wrap` does."""

from __future__ import annotations

import random

from textual.content import Content

from iss_adventure.tui.text import wrap

WORDS = ["a", "an", "the", "station", "Zvezda", "—", "“quoted”", "naïve", "Звезда",
         "supercalifragilisticexpialidocious", "x" * 90, "  ", "   ", "end.", "…",
         "semi;colon", "", "—dash—"]
ODD = ["日本", "tab\there", "e\u0301", "\xa0", "line\nbreak"]  # Textual's own wrap takes these


def _content(rng: random.Random) -> Content:
    parts: list[tuple[str, str] | str] = []
    for _ in range(rng.randint(0, 30)):
        word = rng.choice(ODD if rng.random() < 0.02 else WORDS) + \
            rng.choice(["", " ", " ", "  "])
        parts.append((word, rng.choice(["", "bold", "italic", "$accent"])))
    return Content.assemble(*parts)


def test_the_same_lines_as_textual() -> None:
    rng = random.Random(8)
    for _ in range(800):
        content = _content(rng)
        width = rng.choice([1, 2, 3, 5, 8, 13, 20, 33, 64, 76, 100])
        ours = wrap(content, width)
        textual = content.wrap(width)
        assert [line.plain for line in ours] == [line.plain for line in textual], \
            (content.plain, width)
        assert [line.spans for line in ours] == [line.spans for line in textual]


def test_a_paragraph() -> None:
    text = Content("Fans hum. A laptop blinks, and the hatch to Zvezda stands open.")
    assert [line.plain for line in wrap(text, 20)] == \
        ["Fans hum. A laptop", "blinks, and the", "hatch to Zvezda", "stands open."]
