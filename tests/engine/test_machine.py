"""The state machine: choices with reasons, transitions, determinism, replay."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iss_adventure.engine.machine import InvalidChoice, Machine, crew_changes
from iss_adventure.engine.state import GameState, Step


def test_new_game_starts_at_the_start(demo: Machine) -> None:
    state = demo.new_game(seed=5)
    assert state.scene == "a/hatch" and state.seed == 5 and state.log == ()
    assert demo.value(state, "trust.anna") == 1


def test_locked_choice_shows_a_generated_reason(demo: Machine) -> None:
    state = demo.new_game()
    state = demo.choose(state, "no")
    state = demo.choose(state, "leave")  # quiet ending: back to check reasons on a fresh game
    assert demo.is_ending(state)
    truss = GameState("a/truss", demo.new_game().vars)
    views = {v.id: v for v in demo.choices(truss)}
    assert views["let_go"].available is False
    assert views["let_go"].reason == "Boris is not watching."  # the scene's own reason


def test_hidden_and_once_choices(demo: Machine) -> None:
    state = demo.choose(demo.new_game(), "no")
    views = demo.choices(state)
    assert [v.id for v in views] == ["read", "radio", "leave"]  # talk hides while locked
    assert views[1].reason == "Needs: you know the secret"  # generated from the condition
    state = demo.choose(state, "read")
    assert [v.id for v in demo.choices(state)] == ["radio", "leave"]  # read is once-only
    with pytest.raises(InvalidChoice, match="only once"):
        demo.choose(state, "read")


def test_invalid_choices_are_clear_errors(demo: Machine) -> None:
    state = demo.new_game()
    with pytest.raises(InvalidChoice, match="has no choice 'fly'"):
        demo.choose(state, "fly")
    module = demo.choose(state, "no")
    with pytest.raises(InvalidChoice, match="locked"):
        demo.choose(module, "talk")


def test_effects_routes_and_on_enter(demo: Machine) -> None:
    state = demo.choose(demo.new_game(), "knock")
    assert demo.value(state, "trust.anna") == 2
    assert demo.value(state, "mood") == "tense"  # on_enter of a/module
    assert "Nobody meets your eye." in demo.paragraphs(state)
    state = demo.choose(demo.choose(state, "read"), "leave")
    assert state.scene == "a/truss"  # route condition held
    assert demo.choose(demo.choose(demo.new_game(), "no"), "leave").scene == "end/quiet"


def test_state_is_hashable_and_visits_derive_from_the_log(demo: Machine) -> None:
    state = demo.choose(demo.choose(demo.new_game(), "knock"), "read")
    assert hash(state) == hash(demo.choose(demo.choose(demo.new_game(), "knock"), "read"))
    assert state.visits() == {"a/hatch": 1, "a/module": 2}
    assert state.log == (Step("a/hatch", "knock"), Step("a/module", "read"))


def test_crew_changes(demo: Machine) -> None:
    before = demo.new_game()
    after = demo.choose(before, "knock")
    changes = crew_changes(demo.story, before, after)
    assert [c.describe() for c in changes] == ["Anna trusts you more (1 → 2)."]


def random_play(machine: Machine, seed: int, limit: int = 50) -> GameState:
    rng = random.Random(seed)
    state = machine.new_game(seed)
    for _ in range(limit):
        options = machine.available(state)
        if not options:
            break
        state = machine.choose(state, rng.choice(options).id)
    return state


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000))
def test_same_seed_and_log_give_the_same_state(demo: Machine, seed: int) -> None:
    state = random_play(demo, seed)
    result = demo.replay(state.log, seed)
    assert result.stopped is None and result.state == state


def test_replay_says_where_a_log_stops_fitting(demo: Machine) -> None:
    log = (Step("a/hatch", "knock"), Step("a/module", "fly"), Step("a/module", "leave"))
    result = demo.replay(log)
    assert result.applied == 1
    assert result.stopped is not None and result.stopped.startswith("step 2:")
    wrong_scene = demo.replay((Step("a/module", "read"),))
    assert wrong_scene.applied == 0 and "expects scene 'a/module'" in str(wrong_scene.stopped)
