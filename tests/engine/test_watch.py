"""The writer's loop in the engine: reloads keep the last good story, problems come with
positions and are diffed; the console's typed variables, scene search and locked reasons;
replaying from a console-made state; the real file watcher reports a save."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from iss_adventure.engine.devtools import (
    DevError,
    at_scene,
    find_scenes,
    locked_choices,
    parse_assignment,
    parse_value,
    rebase,
    with_value,
)
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.state import Step
from iss_adventure.engine.watch import (
    StoryWatch,
    check_in_subprocess,
    diff_problems,
    watch_files,
)

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    """A copy of the demo story to edit."""
    return Path(shutil.copytree(DEMO, tmp_path / "draft"))


def test_a_broken_file_keeps_the_last_good_story_and_says_where(draft: Path) -> None:
    watch = StoryWatch(draft)
    first = watch.reload()
    assert first.ok and first.story is not None and not first.new
    good = first.story
    (draft / "a" / "truss.yaml").write_text("title: [unclosed\n")
    broken = watch.reload()
    assert not broken.ok and watch.story is good
    assert [(p.file, p.line) for p in broken.new] == [("a/truss.yaml", 2)]
    assert "YAML" in broken.new[0].message
    shutil.copy(DEMO / "a" / "truss.yaml", draft / "a" / "truss.yaml")
    fixed = watch.reload()
    assert fixed.ok and watch.story is not good
    assert fixed.fixed == broken.new and not fixed.problems


def test_diff_problems_names_new_and_fixed(draft: Path) -> None:
    (draft / "a" / "truss.yaml").write_text("title: [unclosed\n")
    watch = StoryWatch(draft)
    before = watch.reload().problems
    shutil.copy(DEMO / "a" / "truss.yaml", draft / "a" / "truss.yaml")
    (draft / "end" / "home.yaml").write_text("title: Home\nact: 1\n")
    after = watch.reload().problems
    new, fixed = diff_problems(before, after)
    assert [p.file for p in fixed] == ["a/truss.yaml"]
    assert {p.file for p in new} == {"end/home.yaml"}


def test_variables_are_typed_and_checked_against_their_declarations(demo_story: Story) -> None:
    assert parse_value(demo_story, "trust.anna", " 3 ") == 3
    assert parse_value(demo_story, "knows.secret", "True") is True
    assert parse_value(demo_story, "mood", '"tense"') == "tense"
    assert parse_assignment(demo_story, "trust.boris = 0") == ("trust.boris", 0)
    for name, text, why in [("trust.anna", "4", "within 0..3"), ("trust.anna", "x",
                            "whole number"), ("knows.secret", "1", "true or false"),
                            ("mood", "angry", "one of calm, tense"),
                            ("trust.ana", "1", "did you mean 'trust.anna'")]:
        with pytest.raises(DevError, match=why):
            parse_value(demo_story, name, text)
    with pytest.raises(DevError, match="name = value"):
        parse_assignment(demo_story, "trust.anna 3")


def test_scene_search_is_fuzzy_over_ids_and_titles(demo_story: Story) -> None:
    assert find_scenes(demo_story, "truss")[0] == "a/truss"
    assert find_scenes(demo_story, "amod")[0] == "a/module"  # a scattered match
    assert find_scenes(demo_story, "Outside") == ["a/truss"]  # by title
    assert find_scenes(demo_story, "zzz") == []
    assert len(find_scenes(demo_story, "")) == len(demo_story.scenes)


def test_locked_choices_say_why_hidden_and_used_ones_too(demo: Machine) -> None:
    state = demo.choose(demo.new_game(), "no")  # a/module, anna 1: talk is hidden-locked
    state = demo.choose(state, "read")  # once: used up
    locked = {lock.id: lock for lock in locked_choices(demo, state)}
    assert locked["talk"].hidden and "trust.anna >= 2" in locked["talk"].reason
    assert locked["read"].reason.startswith("taken already")
    assert "radio" not in locked  # knows.secret is true now


def test_replay_from_a_console_made_state(demo_story: Story, demo: Machine) -> None:
    start = with_value(demo_story, at_scene(demo_story, demo.new_game(), "a/truss",
                                            fresh=True), "trust.boris", 3)
    result = demo.replay([Step("a/truss", "let_go")], start=start)
    assert result.stopped is None and result.state.scene == "end/lost"
    with pytest.raises(DevError, match="no scene"):
        at_scene(demo_story, start, "a/trus")


def test_rebase_carries_variables_by_name(draft: Path, demo_story: Story) -> None:
    text = (draft / "story.yaml").read_text().replace(
        "  mood:", "  fuel: {type: int, min: 0, max: 9, initial: 5, label: Fuel}\n  mood:")
    (draft / "story.yaml").write_text(text)
    new = load_story(draft)
    state = with_value(demo_story, at_scene(demo_story, Machine(demo_story).new_game(),
                                            "a/truss", fresh=True), "trust.anna", 3)
    moved = rebase(state, demo_story, new)
    assert Machine(new).values(moved)["trust.anna"] == 3
    assert Machine(new).values(moved)["fuel"] == 5


def test_the_real_watcher_reports_a_save(draft: Path) -> None:
    stop = threading.Event()
    ready, seen = threading.Event(), threading.Event()
    changed: list[set[Path]] = []

    def run() -> None:
        ready.set()
        for batch in watch_files([draft], stop):
            changed.append(batch)
            seen.set()
            stop.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(30)
    # the watcher may start a moment after the thread: save until it reports (an event wait,
    # each try waits for the report, never a fixed sleep)
    for _ in range(100):
        (draft / "a" / "module.yaml").write_text(
            (DEMO / "a" / "module.yaml").read_text().replace("Fans hum", "Fans roar"))
        (draft / "notes.txt").write_text("not a story file")
        if seen.wait(0.5):
            break
    stop.set()
    thread.join(30)
    assert changed and all(p.suffix == ".yaml" for p in changed[0])
    assert any(p.name == "module.yaml" for p in changed[0])


def test_the_whole_checker_runs_in_a_process_of_its_own(draft: Path) -> None:
    assert check_in_subprocess(draft, []) == []
    text = (draft / "a" / "truss.yaml").read_text()
    (draft / "a" / "truss.yaml").write_text(text[:text.index("timeout:")])  # a dead end
    problems = check_in_subprocess(draft, [])
    assert any(p.file == "a/truss.yaml" and "dead end" in p.message for p in problems)
