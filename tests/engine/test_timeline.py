"""Undo and redo: n undos then n redos return the same state; a new choice drops the future."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from iss_adventure.engine.machine import Machine
from iss_adventure.engine.state import GameState
from iss_adventure.engine.timeline import Timeline


def play(machine: Machine, seed: int, turns: int) -> tuple[Timeline, list[GameState]]:
    rng = random.Random(seed)
    timeline = Timeline.start(machine.new_game(seed))
    seen = [timeline.current]
    for _ in range(turns):
        options = machine.available(timeline.current)
        if not options:
            break
        timeline.advance(machine.choose(timeline.current, rng.choice(options).id))
        seen.append(timeline.current)
    return timeline, seen


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 8), st.integers(0, 8))
def test_n_undos_then_n_redos_return_the_same_state(demo: Machine, seed: int, turns: int,
                                                     n: int) -> None:
    timeline, seen = play(demo, seed, turns)
    end = timeline.current
    undone = 0
    for _ in range(n):
        if timeline.undo() is not None:
            undone += 1
    assert timeline.current == seen[len(seen) - 1 - undone]
    for _ in range(undone):
        assert timeline.redo() is not None
    assert timeline.current == end
    assert timeline.redo() is None


def test_undo_reaches_the_first_scene_and_stops(demo: Machine) -> None:
    timeline, seen = play(demo, 3, 10)
    while timeline.undo() is not None:
        pass
    assert timeline.current == seen[0] and timeline.current.log == ()


def test_a_new_choice_after_undo_drops_the_future(demo: Machine) -> None:
    timeline = Timeline.start(demo.new_game())
    timeline.advance(demo.choose(timeline.current, "knock"))
    timeline.undo()
    timeline.advance(demo.choose(timeline.current, "no"))
    assert not timeline.can_redo
    assert [s.log[-1].choice for s in timeline.states[1:]] == ["no"]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 8))
def test_rebuilt_timeline_undoes_like_the_played_one(demo: Machine, seed: int,
                                                     turns: int) -> None:
    played, seen = play(demo, seed, turns)
    rebuilt = Timeline.rebuild(demo, played.current)
    assert rebuilt.states == seen and rebuilt.current == played.current
