"""The flowchart model: stable layout, no spoilers, completion, and exact jumps."""

from __future__ import annotations

import dataclasses
import itertools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iss_adventure.engine.flowchart import (
    Flowchart,
    build_flowchart,
    jump,
    jump_log,
)
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.problems import StoryError
from iss_adventure.engine.profile import PROFILE_FILE, Profile
from iss_adventure.engine.state import GameState, Step

ROOT = Path(__file__).parent.parent.parent
DEMO = ROOT / "tests" / "fixtures" / "demo"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, write_story: Any) -> Story:
    return load_story(write_story(tmp_path_factory.mktemp("gen"), 60, width=5))


def layout(chart: Flowchart) -> list[tuple[int, list[tuple[str, int, int]]]]:
    return [(act.act, [(n.scene, n.col, n.row) for n in act.nodes]) for act in chart.acts]


def check_layout(chart: Flowchart) -> None:
    """Scenes in distinct cells; forward edges go right, back edges left; acts are complete."""
    for act in chart.acts:
        cells = [(n.col, n.row) for n in act.nodes]
        assert len(cells) == len(set(cells))
        assert {n.col for n in act.nodes} == set(range(act.columns))
        assert max(n.row for n in act.nodes) == act.rows - 1
        for edge in act.edges:
            source = act.node(edge.source)
            assert source is not None
            target = act.node(edge.target)
            if edge.kind == "exit":
                assert target is None and edge.target_act != act.act
                continue
            assert target is not None
            if edge.kind == "forward":
                assert target.col > source.col
            elif edge.kind == "back":
                assert target.col < source.col
            else:
                assert target is source


# ---------------------------------------------------------------- layout


def test_demo_layout(story: Story) -> None:
    chart = build_flowchart(story, set(), set())
    assert layout(chart) == [
        (1, [("a/hatch", 0, 0), ("a/module", 1, 0)]),
        (2, [("a/truss", 0, 0), ("end/quiet", 0, 1), ("end/home", 1, 0), ("end/lost", 1, 1)]),
    ]
    check_layout(chart)
    one, two = chart.acts
    assert one.title == "One" and two.title == "Two"
    assert one.node("a/hatch").entry  # type: ignore[union-attr]
    assert {n.scene for n in two.nodes if n.entry} == {"a/truss", "end/quiet"}
    module = one.node("a/module")
    assert module is not None and module.loops and module.exits == (2,)
    kinds = {(e.source, e.choice, e.target): e.kind for e in one.edges}
    assert kinds[("a/hatch", "knock", "a/module")] == "forward"
    assert kinds[("a/module", "read", "a/module")] == "self"
    assert kinds[("a/module", "leave", "a/truss")] == "exit"
    assert kinds[("a/module", "leave", "end/quiet")] == "exit"  # one edge per route target


def test_layout_is_deterministic_and_ignores_what_was_seen(story: Story,
                                                           generated: Story) -> None:
    for s in (story, generated):
        first = build_flowchart(s, set(), set())
        everything = build_flowchart(s, set(s.scenes), {c.key for sc in s.scenes.values()
                                                        for c in sc.choices})
        shuffled = dataclasses.replace(s, scenes=dict(reversed(list(s.scenes.items()))))
        again = build_flowchart(shuffled, set(), set())
        assert layout(first) == layout(everything) == layout(again)
        check_layout(first)


def test_generated_story_layout(generated: Story) -> None:
    chart = build_flowchart(generated, set(), set())
    (act,) = chart.acts
    assert act.scenes_total == len(generated.scenes) == 64
    assert act.node("s/0000") == act.nodes[0] and act.nodes[0].col == 0
    assert act.columns >= 12  # layers of five scenes, one after another
    assert sum(1 for e in act.edges if e.kind == "back") == 0


def test_shipped_story_layout() -> None:
    try:
        shipped = load_story(ROOT / "scenes")
    except StoryError:
        pytest.skip("the shipped story does not load right now")
    chart = build_flowchart(shipped, set(), set())
    check_layout(chart)
    assert sum(len(a.nodes) for a in chart.acts) == len(shipped.scenes)


# ---------------------------------------------------------------- what is shown


def test_unseen_nodes_and_choices_carry_no_spoilers(story: Story, walk) -> None:
    state = walk(story, "knock")[-1]
    chart = build_flowchart(story, set(), set(), {}, state)
    titles = {s.title for s in story.scenes.values()}
    for act in chart.acts:
        for node in act.nodes:
            assert (node.title is None) == (not node.seen)
            if not node.seen:
                assert node.title is None
                assert not any(t in repr(node) for t in titles)
        for edge in act.edges:
            if edge.text is None:
                assert not edge.seen or edge.kind == "exit"
    one = chart.act(1)
    assert one.node("a/hatch").title == "The Hatch"  # type: ignore[union-attr]
    texts = {e.choice: e.text for e in one.edges_from("a/hatch")}
    assert texts == {"knock": "Knock twice.", "no": None, "boris": None}
    assert all(n.title is None for n in chart.act(2).nodes)


def test_current_path_and_completion(story: Story, walk) -> None:
    states = walk(story, "knock", "read", "talk", "leave")
    profile = Profile(Path("unused"))
    for before, after in itertools.pairwise(walk(story, "no", "leave")):
        profile.record(story, before, after)
    chart = build_flowchart(story, profile.scenes_seen, profile.choices_seen, profile.endings,
                            states[-1], profile.paths)
    assert chart.current_act == 2
    one, two = chart.acts
    assert (one.scenes_seen, one.scenes_total) == (2, 2)
    assert (one.choices_seen, one.choices_total) == (5, 7)  # knock, no, read, talk, leave
    assert (two.scenes_seen, two.scenes_total) == (2, 4)  # truss (here) and quiet
    assert (two.choices_seen, two.choices_total) == (0, 2)
    assert two.endings_reached == ("Quiet",) and two.endings_total == 3
    assert (chart.endings_reached, chart.endings_total) == (1, 3)
    truss = two.node("a/truss")
    assert truss is not None and truss.here and truss.on_path
    hatch = one.node("a/hatch")
    assert hatch is not None and hatch.on_path and not hatch.here
    quiet = two.node("end/quiet")
    assert quiet is not None and quiet.seen and not quiet.on_path and quiet.ending
    on_path = {(e.source, e.choice, e.target) for a in chart.acts for e in a.edges if e.on_path}
    assert on_path == {("a/hatch", "knock", "a/module"), ("a/module", "read", "a/module"),
                       ("a/module", "talk", "a/module"), ("a/module", "leave", "a/truss")}
    seen = {(e.source, e.choice, e.target) for a in chart.acts for e in a.edges if e.seen}
    assert ("a/module", "leave", "end/quiet") in seen and ("a/hatch", "no", "a/module") in seen
    assert ("a/hatch", "boris", "a/module") not in seen


def test_routes_of_a_conditional_goto_are_seen_only_when_taken(story: Story) -> None:
    """With the profile's paths, a choice seen once does not reveal its other routes."""
    seen = {"a/hatch", "a/module", "a/truss", "end/quiet"}
    choices = {"a/hatch#no", "a/module#leave"}
    leave = {"end/quiet": [Step("a/hatch", "no"), Step("a/module", "leave")],
             "a/module": [Step("a/hatch", "no")], "a/hatch": []}

    def routes(chart: Flowchart) -> set[str]:
        return {e.target for e in chart.act(1).edges_from("a/module")
                if e.choice == "leave" and e.seen}

    assert routes(build_flowchart(story, seen, choices)) == {"a/truss", "end/quiet"}
    assert routes(build_flowchart(story, seen, choices, paths=leave)) == {"end/quiet"}
    hatch = build_flowchart(story, seen, choices, paths={}).act(1).edges_from("a/hatch")
    assert [e.choice for e in hatch if e.seen] == ["no"]  # one target: seen with the choice


def test_endings_count_from_ids_even_without_scenes(story: Story) -> None:
    chart = build_flowchart(story, set(), set(), {"home": 2, "lost": 0})
    assert chart.act(2).endings_reached == ("Home",)
    assert chart.endings_reached == 1
    assert build_flowchart(story, set(), set(), ["lost"]).endings_reached == 1


# ---------------------------------------------------------------- jumps


def test_jump_log_prefers_the_current_path(story: Story, walk) -> None:
    states = walk(story, "knock", "read", "leave")
    final = states[-1]
    paths = {"a/module": [Step("a/hatch", "no")]}
    assert jump_log(story, paths, final.log, "a/hatch", final.scene) == []
    assert jump_log(story, paths, final.log, "a/module", final.scene) == [Step("a/hatch",
                                                                               "knock")]
    assert jump_log(story, paths, final.log, final.scene, final.scene) == list(final.log)
    assert jump_log(story, paths, final.log, final.scene) == list(final.log)  # found by replay
    assert jump_log(story, paths, (), "a/module", "a/hatch") == [Step("a/hatch", "no")]
    assert jump_log(story, paths, final.log, "end/home", final.scene) is None


def test_a_jump_reports_where_an_edited_story_stopped(story: Story, tmp_path: Path, walk) -> None:
    log = list(walk(story, "knock", "read", "leave")[-1].log)
    root = tmp_path / "edited"
    shutil.copytree(DEMO, root)
    module = root / "a" / "module.yaml"
    module.write_text(module.read_text().replace("id: read", "id: study"))
    edited = load_story(root)
    result = jump(edited, log, 3)
    assert result.applied == 1 and result.total == 3
    assert result.state.scene == "a/module" and result.state.seed == 3
    assert result.stopped is not None
    assert result.stopped.startswith("after 1 of 3 choices, at \u201cThe Module\u201d (step 2:")
    assert jump(story, log, 3).stopped is None


@settings(max_examples=60, deadline=None)
@given(picks=st.lists(st.integers(0, 5), max_size=10), seed=st.integers(0, 2**31))
def test_property_a_jump_gives_the_state_reached_then(story: Story, picks: list[int],
                                                      seed: int) -> None:
    machine = Machine(story)
    states = [machine.new_game(seed)]
    for pick in picks:
        options = machine.available(states[-1])
        if not options:
            break
        states.append(machine.choose(states[-1], options[pick % len(options)].id))
    final = states[-1]
    for state in states:
        first = next(s for s in states if s.scene == state.scene)  # the first visit
        log = jump_log(story, {}, final.log, state.scene, final.scene)
        assert log is not None
        landed = jump(story, log, final.seed)
        assert landed.stopped is None
        assert landed.state == first
        assert landed.state.visits() == first.visits() and landed.state.once == first.once
        assert machine.replay(final.log[:first.turn], seed).state == first


@settings(max_examples=40, deadline=None)
@given(runs=st.lists(st.lists(st.integers(0, 5), max_size=8), min_size=1, max_size=3))
def test_property_profile_paths_jump_to_the_first_visit(
        story: Story, runs: list[list[int]], tmp_path_factory: pytest.TempPathFactory) -> None:
    machine = Machine(story)
    profile = Profile.load(tmp_path_factory.mktemp("profile"))
    first: dict[str, GameState] = {}
    for picks in runs:
        state = machine.new_game(0)
        profile.record(story, None, state)
        first.setdefault(state.scene, state)
        for pick in picks:
            options = machine.available(state)
            if not options:
                break
            before, state = state, machine.choose(state, options[pick % len(options)].id)
            profile.record(story, before, state)
            first.setdefault(state.scene, state)
    assert profile.save() is None
    again = Profile.load(profile.directory)
    assert again.paths == profile.paths and set(again.paths) == again.scenes_seen
    start = machine.new_game(0)
    for scene, state in first.items():
        log = jump_log(story, again.paths, start.log, scene, start.scene)
        assert log is not None
        assert jump(story, log).state == state


# ---------------------------------------------------------------- the profile's paths


def test_profile_paths_round_trip(story: Story, tmp_path: Path, walk) -> None:
    profile = Profile.load(tmp_path)
    states = walk(story, "knock", "read", "leave")
    for before, after in itertools.pairwise(states):
        profile.record(story, before, after)
    assert profile.paths == {
        "a/hatch": [], "a/module": [Step("a/hatch", "knock")],
        "a/truss": [Step("a/hatch", "knock"), Step("a/module", "read"),
                    Step("a/module", "leave")]}
    profile.record(story, None, walk(story, "no")[-1])  # seen before: the first path stays
    assert profile.paths["a/module"] == [Step("a/hatch", "knock")]
    assert profile.save() is None
    raw = json.loads((tmp_path / PROFILE_FILE).read_text())
    assert raw["paths"]["a/module"] == [["a/hatch", "knock"]]
    assert Profile.load(tmp_path).paths == profile.paths


def test_old_profiles_without_paths_still_load(story: Story, tmp_path: Path, walk) -> None:
    (tmp_path / PROFILE_FILE).write_text(json.dumps({
        "format": 1, "endings": {"quiet": 1}, "scenes_seen": ["a/hatch", "a/module"],
        "choices_seen": ["a/hatch#no"]}))
    profile = Profile.load(tmp_path)
    assert profile.problem is None and profile.paths == {}
    assert profile.scenes_seen == {"a/hatch", "a/module"}
    assert jump_log(story, profile.paths, (), "a/module", "a/hatch") is None  # seen, no path
    states = walk(story, "knock")
    profile.record(story, states[0], states[1])  # filled in as scenes are seen again
    assert profile.paths == {"a/hatch": [], "a/module": [Step("a/hatch", "knock")]}
    assert profile.save() is None
    again = Profile.load(tmp_path)
    assert again.paths == profile.paths and again.endings == {"quiet": 1}
