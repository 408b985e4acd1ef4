"""A scene re-entered shows its short `again` text, not the whole scene once more."""

from __future__ import annotations

from pathlib import Path

import pytest

from iss_adventure.engine.analysis import check
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.problems import StoryError

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


# -- again_time: the header's time on a return visit ------------------------------------------

TIMED_HUB = HUB.replace("text: The long", 'time: {day: 2, at: "09:41"}\n'
                        'again_time: {day: 2, at: "10:12"}\ntext: The long')


def _files(tmp_path: Path, hub: str, window: str = WINDOW) -> Path:
    for name, text in {"story.yaml": STORY, "hub.yaml": hub, "window.yaml": window,
                       "end.yaml": END}.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_a_return_visit_shows_again_time_in_the_header(tmp_path: Path) -> None:
    machine = Machine(load_story(_files(tmp_path, TIMED_HUB)))
    first = machine.new_game()
    assert machine.time(first) == "Day 2, 09:41 GMT"
    window = machine.choose(first, "window")
    assert machine.time(window) is None  # the window has no time of its own
    back = machine.choose(window, "back")
    assert machine.time(back) == "Day 2, 10:12 GMT"
    assert machine.scene(back).time == "Day 2, 09:41 GMT"  # the scene's own time is unchanged


def test_without_again_time_a_return_shows_the_first_time(tmp_path: Path) -> None:
    hub = HUB.replace("text: The long", 'time: "Day 2, morning"\ntext: The long')
    machine = Machine(load_story(_files(tmp_path, hub)))
    back = machine.choose(machine.choose(machine.new_game(), "window"), "back")
    assert machine.time(back) == "Day 2, morning"


def test_free_text_again_time_is_shown_and_never_ordered(tmp_path: Path) -> None:
    hub = HUB.replace("text: The long", 'time: "Day 2, morning"\nagain_time: "Day 2, past ten"\n'
                      "text: The long")
    machine = Machine(load_story(_files(tmp_path, hub)))
    back = machine.choose(machine.choose(machine.new_game(), "window"), "back")
    assert machine.time(back) == "Day 2, past ten"
    assert check(machine.story).ok


def test_what_follows_a_hub_is_ordered_after_its_again_time(tmp_path: Path) -> None:
    """The checker orders a hub by its later time: anything reached from it may follow a
    return visit, when the clock already says 10:12, so a side scene at 10:00 is reported
    (documented: give such scenes no time, or one no earlier than `again_time`)."""
    window = WINDOW.replace("text: Earth.", 'time: {day: 2, at: "10:00"}\ntext: Earth.')
    report = check(load_story(_files(tmp_path, TIMED_HUB, window)))
    assert [str(p) for p in report.errors] == [
        "window.yaml:4:7: error: time runs backwards: window (Day 2, 10:00 GMT) can come after "
        "hub (Day 2, 10:12 GMT); reached by window (a deliberate jump back is marked "
        "`flashback: true`)"]


def test_a_hub_with_again_time_and_untimed_side_scenes_checks_clean(tmp_path: Path) -> None:
    report = check(load_story(_files(tmp_path, TIMED_HUB)))
    assert report.ok and not report.warnings, report.problems


@pytest.mark.parametrize(("again_time", "message"), [
    ('{day: 2, at: "09:00"}', "hub.yaml:5:13: error: again_time (Day 2, 09:00 GMT) is earlier "
     "than time (Day 2, 09:41 GMT): each visit comes after the one before"),
    ('"past ten"', "hub.yaml:5:13: error: with a structured `time`, `again_time` must be "
     "structured too"),
    ('{day: 2, at: "10:75"}', 'hub.yaml:5:26: error: again_time `at` must be "HH:MM" on a '
     '24-hour clock, like "09:41"'),
])
def test_again_time_mistakes_are_reported_where_they_are(
        tmp_path: Path, again_time: str, message: str) -> None:
    hub = TIMED_HUB.replace('again_time: {day: 2, at: "10:12"}', f"again_time: {again_time}")
    with pytest.raises(StoryError) as err:
        load_story(_files(tmp_path, hub))
    assert message in str(err.value)


def test_a_structured_again_time_needs_a_structured_time(tmp_path: Path) -> None:
    hub = TIMED_HUB.replace('time: {day: 2, at: "09:41"}\n', 'time: "morning"\n')
    with pytest.raises(StoryError) as err:
        load_story(_files(tmp_path, hub))
    assert ("hub.yaml:5:13: error: a structured `again_time` needs a structured `time`"
            in str(err.value))


# -- lists: one return text and one header time a visit, the last kept -----------------------

LISTED_HUB = HUB.replace("text: The long", 'time: {day: 2, at: "09:41"}\n'
                         'again_time: [{day: 2, at: "10:12"}, {day: 2, at: "10:50"}]\n'
                         "text: The long").replace(
    "again: |\n  Unity again.\n", "again:\n  - Unity again.\n  - Unity, later.\n").replace(
    "    once: true\n", "")


def test_listed_returns_are_read_one_a_visit_and_the_last_is_kept(tmp_path: Path) -> None:
    machine = Machine(load_story(_files(tmp_path, LISTED_HUB)))
    state = machine.new_game()
    seen = [(machine.time(state), machine.paragraphs(state)[0])]
    for _ in range(3):
        state = machine.choose(machine.choose(state, "window"), "back")
        seen.append((machine.time(state), machine.paragraphs(state)[0]))
    assert seen == [("Day 2, 09:41 GMT", "The long first description of the hub."),
                    ("Day 2, 10:12 GMT", "Unity again."),
                    ("Day 2, 10:50 GMT", "Unity, later."),
                    ("Day 2, 10:50 GMT", "Unity, later.")]
    assert check(machine.story).ok


def test_listed_times_must_run_forward_and_the_checker_orders_by_the_last(
        tmp_path: Path) -> None:
    backwards = LISTED_HUB.replace('{day: 2, at: "10:50"}', '{day: 2, at: "10:00"}')
    with pytest.raises(StoryError) as err:
        load_story(_files(tmp_path, backwards))
    assert ("hub.yaml:5:37: error: again_time (Day 2, 10:00 GMT) is earlier than the return "
            "before it (Day 2, 10:12 GMT): each visit comes after the one before") in str(err.value)
    window = WINDOW.replace("text: Earth.", 'time: {day: 2, at: "10:30"}\ntext: Earth.')
    report = check(load_story(_files(tmp_path, LISTED_HUB, window)))
    assert [str(p).split(";")[0] for p in report.errors] == [
        "window.yaml:4:7: error: time runs backwards: window (Day 2, 10:30 GMT) can come after "
        "hub (Day 2, 10:50 GMT)"]


def test_an_empty_return_text_in_a_list_is_reported(tmp_path: Path) -> None:
    empty = LISTED_HUB.replace("  - Unity, later.\n", "  - ' '\n")
    with pytest.raises(StoryError) as err:
        load_story(_files(tmp_path, empty))
    assert "hub.yaml:9:5: error: this return text is empty" in str(err.value)
