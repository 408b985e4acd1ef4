"""Plain mode's text: Markdown prose reflowed for a terminal or a screen reader."""

from __future__ import annotations

import io

from iss_adventure.engine.model import Story
from iss_adventure.plain import PlainGame, prose_lines

PROSE = """The hatch is
*stiff* and **cold**.

> HOUSTON: Station, Houston,
> how do you read?
> KIRA: Loud and clear.
After the call, silence.
"""


def test_blocks_split_paragraphs_and_quotes() -> None:
    assert prose_lines(PROSE) == [
        "The hatch is stiff and cold.",
        "",
        "> HOUSTON: Station, Houston, how do you read? KIRA: Loud and clear.",
        "",
        "After the call, silence.",
    ]


def test_emphasis_markers_are_dropped_but_lone_stars_stay() -> None:
    assert prose_lines("*stiff* and **cold**, 2 * 3") == ["stiff and cold, 2 * 3"]


def test_list_items_escapes_and_control_characters() -> None:
    assert prose_lines("Pack:\n- a *suit*\n- a\\*b\\*\n\n\x1b[31mred") == [
        "Pack:", "", "• a suit", "• a*b*", "", "␛[31mred"]


def test_paragraphs_are_reflowed_to_the_width(demo_story: Story) -> None:
    out = io.StringIO()
    PlainGame(demo_story, out, io.StringIO(), width=30).para(PROSE)
    lines = out.getvalue().splitlines()
    assert lines[0] == "The hatch is stiff and cold."
    assert lines[2].startswith("> HOUSTON: Station, Houston,")
    assert all(line.startswith("> ") for line in lines[2:5] if line)
    assert max(len(line) for line in lines) <= 28


def test_a_return_to_a_hub_shows_its_again_time_under_the_title() -> None:
    """Plain mode's location line gives the hub's `again_time` on a return (act2/midmorning:
    09:41 on the way in, past ten after a side scene), as the Textual header does."""
    from iss_adventure.engine.loader import load_story
    from iss_adventure.engine.resources import default_story_dir

    story = load_story(default_story_dir())
    out = io.StringIO()
    game = PlainGame(story, out, io.StringIO(), width=78)
    machine = game.machine
    state = machine.new_game(0)
    path = "report > report > wake > mice > watch > alone > toast > girls > allcall > log > "
    for choice in (path + "gordon > log > ask").split(" > "):
        state = machine.choose(state, choice)
    assert state.scene == "act2/midmorning"
    game.show_scene(state)
    back = machine.choose(machine.choose(state, "alexey"), "mice")
    assert back.scene == "act2/midmorning"
    game.show_scene(back)
    lines = out.getvalue().splitlines()
    assert lines.count("Unity · Day 2, 09:41 GMT") == 1
    assert lines.count("Unity · Day 2, 10:12 GMT") == 1
    assert lines.index("Unity · Day 2, 09:41 GMT") < lines.index("Unity · Day 2, 10:12 GMT")
