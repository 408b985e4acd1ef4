"""The relationships overview, the one both front ends show (engine/overview.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from iss_adventure.engine import overview as overview_module
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.overview import Change, Meter, aligned, overview, widths
from iss_adventure.engine.state import GameState


def test_the_overview_of_a_playthrough(story: Story,
                                       walk: Callable[..., list[GameState]]) -> None:
    end = walk(story, "knock", "read")[-1]
    view = overview(story, Machine(story).replay(end.log, end.seed).states)
    assert view.tracked and view.turns == 2 and view.after == "after 2 choices"
    assert view.crew_heading == "Crew: trust, role"  # the demo follows no status
    anna, boris = view.crew
    assert (anna.name, anna.trust, anna.change, anna.status, anna.role) == (
        "Anna Ivanova", Meter(2, 3, "2 of 3"), Change("up", "from 1"), "",
        "Engineer · Roscosmos")
    assert boris.change == Change("up", "from 1")
    assert [(f.label, f.value, f.change) for f in view.facts] == [
        ("You know the secret", "yes", Change("set", "was no")),
        ("The mood", "tense", Change("set", "was calm"))]
    first, second = view.choices
    assert first.heading == "Choice 1 in The Hatch: Knock twice."
    assert first.changes == (("up", "Anna trusts you more (1 → 2)."),
                             ("set", "The mood: calm → tense."))
    assert second.turn == 2 and view.earlier == 0 and view.earlier_line == ""


def test_up_to_a_state_and_before_any_choice(story: Story,
                                             walk: Callable[..., list[GameState]]) -> None:
    end = walk(story, "knock", "read")[-1]
    path = Machine(story).replay(end.log, end.seed).states
    view = overview(story, path, upto=0)
    assert view.turns == 0 and view.choices == () and view.after == "after 0 choices"
    assert all(line.change is None for line in view.crew)
    assert overview(story, path, upto=1).after == "after 1 choice"


def test_a_long_playthrough_keeps_the_newest_choices(
        story: Story, walk: Callable[..., list[GameState]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overview_module, "MOST_MOVES", 1)
    end = walk(story, "knock", "read")[-1]
    view = overview(story, Machine(story).replay(end.log, end.seed).states)
    assert [c.turn for c in view.choices] == [2]
    assert view.earlier_line == "… 1 earlier choice changed them too"


def test_columns_line_up_and_empty_ones_drop() -> None:
    rows = [["Anna Ivanova", "2 of 3", "", "Engineer"], ["Boris", "10 of 10", "", "Pilot"]]
    assert widths(rows) == [12, 8, 0, 8]
    assert aligned(rows) == ["Anna Ivanova  2 of 3    Engineer",
                             "Boris         10 of 10  Pilot"]
    assert aligned([]) == []


def test_a_first_column_too_wide_for_the_room_is_narrowed() -> None:
    rows = [["A label much longer than the room has", "yes", "was no"], ["Short", "no", ""]]
    assert widths(rows, room=80) == [37, 3, 6]  # it fits: nothing narrowed
    assert widths(rows, room=30) == [17, 3, 6]  # 17 + 2 + 3 + 2 + 6 = 30
    assert widths(rows, room=10)[0] == 12  # never below LABEL_LEAST
