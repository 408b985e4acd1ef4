"""Trust bars in the crew panel and the relationships overview: one scale for the whole crew
(`Story.trust_scale`, 0 to 5 in the shipped story), whatever narrower range each member's
trust declares, so a 3 looks the same beside every name, and the overview counts on it too."""

from __future__ import annotations

import shutil
from pathlib import Path

import msgspec

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.state import GameState
from iss_adventure.tui.widgets.crew import crew_lines

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"
SHIPPED = Path(__file__).parent.parent.parent / "scenes"


def narrowed(tmp_path: Path, anna: str) -> Story:
    """The demo story with Anna's trust declared as `anna` ("min: 1, max: 2, initial: 1")."""
    root = Path(shutil.copytree(DEMO, tmp_path / "story"))
    spec = root / "story.yaml"
    old = "trust.anna: {type: int, min: 0, max: 3, initial: 1"
    assert old in spec.read_text()
    spec.write_text(spec.read_text().replace(old, "trust.anna: {type: int, " + anna))
    return load_story(root)


def with_trust(story: Story, state: GameState, **values: int) -> GameState:
    vars_ = list(state.vars)
    for name, value in values.items():
        vars_[story.index[f"trust.{name}"]] = value
    return msgspec.structs.replace(state, vars=tuple(vars_))


def test_a_narrow_range_is_drawn_on_the_crews_one_scale(tmp_path: Path) -> None:
    story = narrowed(tmp_path, "min: 1, max: 2, initial: 1")
    assert story.trust_scale() == (0, 3)  # from 0 to Boris's top, the highest declared
    anna, boris = (line.plain for line in crew_lines(story, Machine(story).new_game()))
    assert anna == "Anna  ▰▱▱ 1" and boris == "Boris ▰▱▱ 1"


def test_the_same_trust_looks_the_same_for_everyone_in_the_shipped_story() -> None:
    """Weronika (declared 2..3) and Gordon (0..5) at 3: the same bar, the same colour."""
    story = load_story(SHIPPED)
    assert story.trust_scale() == (0, 5)
    state = with_trust(story, Machine(story).new_game(), gordon=3, weronika=3, nicholai=3)
    lines = {line.plain.split()[0]: line for line in crew_lines(story, state, 32)}
    bars = {name: line.plain.split()[1] for name, line in lines.items()}
    assert bars["Gordon"] == bars["Weronika"] == bars["Nicholai"] == "▰▰▰▱▱"
    assert bars["Alexey"] == "▰▰▱▱▱"  # a 2 of 5, not "2 of 3" drawn two thirds full
    styles = {name: [s.style for s in line.spans] for name, line in lines.items()}
    assert styles["Gordon"][1:4] == styles["Weronika"][1:4]


def test_the_relationships_overview_counts_on_the_same_scale(tmp_path: Path) -> None:
    from iss_adventure.engine.overview import meter
    from iss_adventure.engine.relations import Track
    from iss_adventure.tui.screens.relationships import bar

    story = narrowed(tmp_path, "min: 2, max: 3, initial: 2")
    track = Track("trust.anna", "trust", "Anna Ivanova", "anna", 2, 2, ())
    shown = meter(track, story)
    assert (bar(shown), shown.count) == ("■■□", "2 of 3")
    shipped = load_story(SHIPPED)
    weronika = Track("trust.weronika", "trust", "Weronika Vetrov", "weronika", 3, 2, ())
    shown = meter(weronika, shipped)
    assert (bar(shown), shown.count) == ("■■■□□", "3 of 5")
