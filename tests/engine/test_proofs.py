"""The checker's proofs on the explored state graph: each class of fault is found in a small
story written for it, at its exact file:line:col, and in no sound story."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from iss_adventure.cli import main
from iss_adventure.engine.analysis import check
from iss_adventure.engine.coverage import run_coverage
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine, roll
from iss_adventure.engine.model import Story

PROOFS = Path(__file__).parent.parent / "fixtures" / "proofs"


def found(name: str) -> str:
    return "\n".join(str(p) for p in check(load_story(PROOFS / name)).problems)


def test_a_loop_with_no_way_out_is_a_soft_lock(capsys: pytest.CaptureFixture[str]) -> None:
    assert ("x/a.yaml:1:1: error: soft lock: no ending can be reached from x/a here: the story "
            "loops through x/a, x/b with no way out; reached by to_a") in found("trap")
    assert main(["check", str(PROOFS / "trap")]) == 1
    assert "soft lock" in capsys.readouterr().out


def test_text_and_routes_that_never_or_always_apply() -> None:
    text = found("text")
    for line in [
        "x/start.yaml:7:9: warning: never shown: variant `trust.ana >= 5` of x/start is false "
        "in every reachable state",
        "x/start.yaml:9:9: warning: always shown: variant `trust.ana >= 1` of x/start holds in "
        "every reachable state: make it part of the text",
        "x/start.yaml:22:13: warning: route to x/end is never taken: `trust.ana >= 4` never "
        "holds when x/start#go is chosen",
        "x/start.yaml:24:13: warning: route condition `trust.ana >= 1` always holds when "
        "x/start#go is chosen: the routes after it are never taken",
        "x/start.yaml:5:32: warning: timeout choice 'meet' can be locked when time runs out in "
        "x/start; reached by meet",
    ]:
        assert line in text, f"missing: {line}\n---\n{text}"
    assert "flag.met" not in text  # sometimes shown: no finding
    assert text.count("\n") == 4


def test_a_broken_assertion_is_an_error_with_the_shortest_path() -> None:
    text = found("assert")
    assert ("x/room.yaml:7:11: error: assertion broken on entering x/room: `trust.ana >= 2` "
            "(Ana trusts you by now); reached by ignore") in text
    assert "trust.ana >= 1`" not in text  # the one that holds is proved, not reported


def test_a_broken_assertion_met_in_play_is_logged_not_raised(
        caplog: pytest.LogCaptureFixture) -> None:
    machine = Machine(load_story(PROOFS / "assert"))
    with caplog.at_level(logging.WARNING, logger="iss_adventure.engine.machine"):
        state = machine.choose(machine.new_game(), "ignore")
    assert state.scene == "x/room"
    assert "x/room.yaml:7:11: assertion `trust.ana >= 2` broken on entering x/room" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="iss_adventure.engine.machine"):
        machine.choose(machine.new_game(), "help")
    assert caplog.text == ""


def test_time_running_backwards_is_found_through_untimed_scenes() -> None:
    text = found("clock")
    assert ("x/early.yaml:4:7: error: time runs backwards: x/early (Day 1, 08:00 GMT) can come "
            "after x/later (Day 1, 10:00 GMT); reached by wait > on > back") in text
    assert "x/memory" not in text and "x/after" not in text  # a flashback is allowed


def test_structured_time_is_shown_like_free_text() -> None:
    story = load_story(PROOFS / "clock")
    assert story.scenes["x/start"].time == "Day 1, 09:00 GMT"
    assert story.scenes["x/start"].clock == (24 + 9) * 60
    assert story.scenes["x/hall"].time == "some time later"
    assert story.scenes["x/hall"].clock is None


def chance() -> Story:
    return load_story(PROOFS / "chance")


def test_chance_routes_are_explored_every_way() -> None:
    report = check(chance())
    assert report.ok and not report.warnings, report.problems
    assert {e.id for e in report.endings if e.reachable} == {"heads", "tails", "edge"}


def test_chance_is_drawn_from_the_seed_and_the_place() -> None:
    machine = Machine(chance())
    outcomes = {seed: machine.choose(machine.new_game(seed), "toss").scene
                for seed in range(64)}
    assert set(outcomes.values()) == {"x/heads", "x/tails"}
    for seed, scene in outcomes.items():  # the same seed draws the same, every time
        assert machine.choose(machine.new_game(seed), "toss").scene == scene
    # A roll depends only on its own place: other scenes and choices draw independently,
    # and a later visit to the same scene draws afresh.
    assert roll(5, "x/start", "toss", 1, 1000) == roll(5, "x/start", "toss", 1, 1000)
    draws = {roll(5, "x/start", "toss", visit, 1000) for visit in range(1, 20)}
    assert len(draws) > 10


def test_replay_and_logs_reproduce_chance_exactly() -> None:
    machine = Machine(chance())
    for seed in range(16):
        state = machine.new_game(seed)
        for choice in ["practice", "back", "nod", "back", "toss"]:
            state = machine.choose(state, choice)
        replayed = machine.replay(state.log, seed)
        assert replayed.stopped is None and replayed.state == state


def test_undo_and_flowchart_jumps_reproduce_chance() -> None:
    from iss_adventure.engine.flowchart import jump
    from iss_adventure.engine.timeline import Timeline

    story = chance()
    machine = Machine(story)
    for seed in range(16):
        state = machine.new_game(seed)
        for choice in ["practice", "back", "practice", "back", "toss"]:
            state = machine.choose(state, choice)
        timeline = Timeline.rebuild(machine, state)
        assert timeline.current == state and timeline.can_undo
        assert jump(story, state.log, seed).state == state


def test_coverage_samples_every_outcome() -> None:
    coverage = run_coverage(chance(), 300)
    assert all(e.count > 0 for e in coverage.endings), coverage.as_table()


def test_agency_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(PROOFS / "chance"), "--json"]) == 0
    agency = json.loads(capsys.readouterr().out)["agency"]
    assert agency == [{"act": 1, "title": "One", "choices": 5, "change_nothing": 2,
                       "same_next_scene": 0,
                       "change_nothing_choices": ["x/start#nod", "x/start#shrug"],
                       "same_next_scene_scenes": []}]
    assert main(["check", str(PROOFS / "trap")]) == 1
    out = capsys.readouterr().out
    assert "change nothing" in out and "act 1: One" in out


def test_weighted_routes_are_checked_when_loading(tmp_path: Path) -> None:
    from iss_adventure.engine.problems import StoryError

    root = tmp_path / "s"
    (root / "x").mkdir(parents=True)
    (root / "story.yaml").write_text((PROOFS / "chance" / "story.yaml").read_text())
    for name in ("heads", "tails"):
        (root / "x" / f"{name}.yaml").write_text(
            (PROOFS / "chance" / "x" / f"{name}.yaml").read_text())
    (root / "x" / "start.yaml").write_text(
        "title: S\nact: 1\nlocation: Unity\ntext: t\nchoices:\n  - id: toss\n    text: T\n"
        "    goto:\n      - weight: 1\n        if: tosses >= 1\n        to: x/heads\n"
        "      - to: x/tails\n")
    with pytest.raises(StoryError) as err:
        load_story(root)
    text = str(err.value)
    assert "x/start.yaml:12:9: error: this route has no `weight`" in text


def test_new_keys_are_checked_with_positions(tmp_path: Path) -> None:
    from iss_adventure.engine.problems import StoryError

    root = tmp_path / "s"
    (root / "x").mkdir(parents=True)
    (root / "story.yaml").write_text((PROOFS / "assert" / "story.yaml").read_text())
    (root / "x" / "start.yaml").write_text(
        "title: S\nact: 1\nlocation: Unity\ntext: t\ntime: {day: 1, at: \"25:00\"}\n"
        "ending: {id: e, title: E, tone: calm, summary: s}\n")
    (root / "x" / "room.yaml").write_text(
        "title: R\nact: 1\nlocation: Unity\ntext: t\nassert:\n  - that: trust.ana >= 1\n"
        "    mesage: typo\n  - trust.anna >= 1\nending: {id: f, title: F, tone: calm, "
        "summary: s}\n")
    with pytest.raises(StoryError) as err:
        load_story(root)
    text = str(err.value)
    assert ('x/start.yaml:5:20: error: time `at` must be "HH:MM" on a 24-hour clock, like '
            '"09:41"') in text
    assert "x/room.yaml:7:5: error: unknown key 'mesage' (did you mean 'message'?)" in text
