"""One replay: the states a log passes through, where it stopped fitting, linear in its length."""

from __future__ import annotations

from pathlib import Path

import pytest

from iss_adventure.engine.flowchart import jump
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.state import Step
from iss_adventure.engine.timeline import Timeline

LONG = 60_000


@pytest.fixture(scope="module")
def loop_story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    """A story whose first scene has a choice that can be taken forever."""
    root: Path = tmp_path_factory.mktemp("loop")
    (root / "story.yaml").write_text(
        "title: Loop\nstart: a/wait\nacts: {1: One}\nlocations: {Unity: us}\n"
        "variables:\n  count: {type: int, min: 0, max: 9, initial: 0, label: Count}\n")
    (root / "a").mkdir()
    (root / "a" / "wait.yaml").write_text(
        "title: Waiting\nact: 1\nlocation: Unity\ntext: You wait.\nchoices:\n"
        "  - id: wait\n    text: Wait.\n    do: [count += 1]\n    goto: a/wait\n"
        "  - id: go\n    text: Go.\n    goto: a/end\n")
    (root / "a" / "end.yaml").write_text(
        "title: The End\nact: 1\nlocation: Unity\ntext: Done.\nending:\n  id: done\n"
        "  title: Done\n  tone: hopeful\n  summary: Done.\n  hint: Go.\n")
    return load_story(root)


def test_replay_returns_every_state_it_passed_through(demo: Machine) -> None:
    first = demo.new_game(4)
    second = demo.choose(first, "knock")
    third = demo.choose(second, "read")
    result = demo.replay(third.log, 4)
    assert list(result.states) == [first, second, third]
    assert result.states[-1] == result.state == third
    assert result.states.steps == list(third.log)
    assert result.describe() is None and result.total == 2


def test_describe_says_where_and_why_the_log_stopped(demo: Machine) -> None:
    log = [Step("a/hatch", "knock"), Step("a/module", "fly"), Step("a/module", "leave")]
    result = demo.replay(log)
    assert result.applied == 1 and result.total == 3 and len(result.states) == 2
    assert result.describe() == (f"after 1 of 3 choices, at \u201cThe Module\u201d "
                                 f"({result.stopped})")
    assert jump(demo.story, log).stopped == result.describe()  # one message, built once


def test_a_long_log_replays_and_rebuilds_in_linear_time(loop_story: Story) -> None:
    """60,000 steps of a repeatable choice: quadratic copying would take tens of seconds
    (the 120 s test timeout is the backstop); the shared log takes a fraction of one."""
    machine = Machine(loop_story)
    log = [Step("a/wait", "wait")] * LONG + [Step("a/wait", "go")]
    result = machine.replay(log)
    assert result.stopped is None and result.applied == LONG + 1
    assert result.state.scene == "a/end" and result.state.log == tuple(log)
    assert machine.value(result.state, "count") == 9  # clamped to its range
    timeline = Timeline.rebuild(machine, result.state)
    assert timeline.current == result.state and len(timeline.states) == LONG + 2
    for _ in range(3):
        timeline.undo()
    assert timeline.current.turn == LONG - 2 and timeline.current.scene == "a/wait"
    timeline.advance(machine.choose(timeline.current, "go"))
    assert not timeline.can_redo and timeline.current.turn == LONG - 1
