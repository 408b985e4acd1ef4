"""The checker: exhaustive exploration, witnesses, lint findings with positions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iss_adventure.engine.analysis import check, explore
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_demo_is_sound(demo: Machine) -> None:
    report = check(demo.story)
    assert report.ok and not report.warnings, report.problems
    assert report.complete
    endings = {e.id: e for e in report.endings}
    assert all(e.reachable for e in endings.values())
    assert endings["quiet"].witness == ["knock", "leave"]  # shortest, in choices


def test_witness_paths_replay_to_their_endings(demo: Machine) -> None:
    for ending in check(demo.story).endings:
        state = demo.new_game()
        for choice in ending.witness or []:
            state = demo.choose(state, choice)
        assert state.scene == ending.scene


def test_lint_faults_are_reported_with_positions() -> None:
    report = check(load_story(FIXTURES / "lint"))
    found = "\n".join(str(p) for p in report.problems)
    expected = [
        "x/dead.yaml:1:1: error: x/dead has no choices and is not an ending: a dead end",
        "x/locked.yaml:1:1: error: soft lock: every choice in x/locked can be locked; "
        "reached by to_lock",
        "x/middle.yaml:1:1: warning: x/middle is unreachable",
        "x/secret.yaml:1:1: error: ending 'secret' can never be reached",
        "x/start.yaml:15:5: warning: choice 'never' is never available",
        "story.yaml:8:17: warning: variable unused.thing is never used",
    ]
    for line in expected:
        assert line in found, f"missing: {line}\n---\n{found}"
    assert not report.ok


def test_budget_makes_exploration_incomplete(demo: Machine) -> None:
    result = explore(demo.story, budget=3)
    assert not result.complete
    report = check(demo.story, budget=3)
    assert not report.complete
    assert any("budget" in p.message for p in report.warnings)


def _verdicts(story, reduce: bool):  # type: ignore[no-untyped-def]
    result = explore(story, reduce=reduce)
    return (result.complete, result.scenes_reached, result.choices_available,
            {sid: len(w[0]) for sid, w in result.endings.items()},
            {sid: len(w[0]) for sid, w in result.soft_locks.items()})


def test_state_merging_changes_no_verdict(tmp_path: Path, write_story: Any) -> None:
    stories = [load_story(FIXTURES / name) for name in ("demo", "lint")]
    stories += [load_story(path) for path in sorted((FIXTURES / "proofs").iterdir())]
    stories += [load_story(write_story(tmp_path / f"g{seed}", 30, width=5, seed=seed))
                for seed in range(4)]
    for story in stories:
        reduced, plain = explore(story), explore(story, reduce=False)
        assert plain.complete
        assert reduced.states <= plain.states
        assert _verdicts(story, True) == _verdicts(story, False)
        merged, plain_findings = _findings(story, True), _findings(story, False)
        assert merged[0] == plain_findings[0], story.root
        assert merged[1] == plain_findings[1], story.root
        # Variants reading variables the merged search drops are judged from the values
        # those can have per scene: every warning is right, a coupled one may be missed.
        assert merged[2] <= plain_findings[2], story.root


def _findings(story, reduce: bool):  # type: ignore[no-untyped-def]
    """Every problem the checker reports (soft locks, routes, timeouts, assertions, the
    clock...) with the length of its path; the agency figures; the variant findings."""
    report = check(story, reduce=reduce)
    problems, variants = [], set()
    for p in report.problems:
        message, _, path = p.message.partition("; reached by ")
        found = (p.file, p.line, p.col, p.severity, message, len(path.split(" > ")))
        if message.startswith(("never shown", "always shown")):
            variants.add(found)
        else:
            problems.append(found)
    return sorted(problems), [a.as_json() for a in report.agency], variants
