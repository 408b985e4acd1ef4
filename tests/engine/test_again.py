"""A scene re-entered shows its short `again` text, not the whole scene once more."""

from __future__ import annotations

from pathlib import Path

from iss_adventure.engine.analysis import check
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine

STORY = """\
title: Hub
start: hub
format: 1
acts: {1: One}
locations: {Unity: us}
variables:
  seen: {type: bool, initial: false}
"""

HUB = """\
title: Unity
act: 1
location: Unity
text: The long first description of the hub.
again: |
  Unity again.
variants:
  - if: seen
    again: true
    text: You have seen the window.
  - if: not seen
    text: You have not looked out yet.
choices:
  - id: window
    text: Look out.
    once: true
    do: [seen = true]
    goto: window
  - id: leave
    text: Leave.
    goto: end
"""

WINDOW = """\
title: Window
act: 1
location: Unity
text: Earth.
choices:
  - {id: back, text: Back., goto: hub}
"""

END = """\
title: End
act: 1
location: Unity
text: The end.
ending: {id: end, title: End, tone: good, summary: Done., hint: Leave.}
"""


def _story(tmp_path: Path, hub: str = HUB) -> Machine:
    for name, text in {"story.yaml": STORY, "hub.yaml": hub, "window.yaml": WINDOW,
                       "end.yaml": END}.items():
        (tmp_path / name).write_text(text)
    return Machine(load_story(tmp_path))


def test_first_visit_shows_text_and_variants(tmp_path: Path) -> None:
    machine = _story(tmp_path)
    assert machine.paragraphs(machine.new_game()) == [
        "The long first description of the hub.", "You have not looked out yet."]


def test_return_shows_again_text_and_only_variants_marked_again(tmp_path: Path) -> None:
    machine = _story(tmp_path)
    state = machine.choose(machine.choose(machine.new_game(), "window"), "back")
    assert state.scene == "hub"
    assert machine.paragraphs(state) == ["Unity again.", "You have seen the window."]


def test_without_again_a_return_shows_the_whole_scene(tmp_path: Path) -> None:
    plain = HUB.replace("again: |\n  Unity again.\n", "")
    machine = _story(tmp_path, plain)
    state = machine.choose(machine.choose(machine.new_game(), "window"), "back")
    assert machine.paragraphs(state) == [
        "The long first description of the hub.", "You have seen the window."]


def test_again_text_checks_clean(tmp_path: Path) -> None:
    report = check(_story(tmp_path).story)
    assert report.ok, report.problems
