"""Trust bars in the crew panel and the relationships screen: counted from 0 whatever floor
a story declares (a bar empty beside a "2" reads as a mistake); the panel's are padded to the
longest so the numbers line up."""

from __future__ import annotations

import shutil
from pathlib import Path

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.tui.widgets.crew import crew_lines

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"


def test_a_narrow_range_counts_from_zero_and_lines_up(tmp_path: Path) -> None:
    root = Path(shutil.copytree(DEMO, tmp_path / "story"))
    spec = root / "story.yaml"
    old = "trust.anna: {type: int, min: 0, max: 3, initial: 1"
    assert old in spec.read_text()
    spec.write_text(spec.read_text().replace(old, "trust.anna: {type: int, min: 1, max: 2, "
                                                  "initial: 1"))
    story = load_story(root)
    anna, boris = (line.plain for line in crew_lines(story, Machine(story).new_game()))
    assert anna == "Anna  ▰▱  1" and boris == "Boris ▰▱▱ 1"


def test_the_relationships_meter_counts_from_zero_too(tmp_path: Path) -> None:
    from iss_adventure.engine.overview import meter
    from iss_adventure.engine.relations import Track
    from iss_adventure.tui.screens.relationships import bar

    root = Path(shutil.copytree(DEMO, tmp_path / "story"))
    spec = root / "story.yaml"
    spec.write_text(spec.read_text().replace(
        "trust.anna: {type: int, min: 0, max: 3, initial: 1",
        "trust.anna: {type: int, min: 2, max: 3, initial: 2"))
    story = load_story(root)
    track = Track("trust.anna", "trust", "Anna Ivanova", "anna", 2, 2, ())
    shown = meter(track, story)
    assert (bar(shown), shown.count) == ("■■□", "2 of 3")
