"""Each story keeps its own saves and profile; older data moves to the shipped story's place."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from iss_adventure.engine.datadirs import migrate_legacy, story_data_dir
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.profile import Profile, Settings, load_settings, save_settings
from iss_adventure.engine.resources import SHIPPED_STORY_ID, default_story_dir
from iss_adventure.engine.saves import SaveStore

NOW = datetime(2031, 5, 4, 9, 30)


def test_the_shipped_story_declares_the_id_its_data_lives_under() -> None:
    assert load_story(default_story_dir()).id == SHIPPED_STORY_ID



def test_data_written_by_the_previous_version_moves_with_nothing_lost(tmp_path: Path) -> None:
    """A data folder as the previous version wrote it: everything at the top."""
    home = tmp_path / "home"
    story = load_story(default_story_dir())
    machine = Machine(story)
    state = machine.new_game(7)
    for _ in range(3):
        state = machine.choose(state, machine.choices(state)[0].id)
    legacy = SaveStore(home)
    legacy.save("auto", story, state, 90.0, NOW)
    legacy.save("3", story, state, 60.0, NOW)
    profile = Profile(home)
    profile.record(story, None, state)
    profile.endings["soyuz"] = 2
    profile._dirty = True
    assert profile.save() is None
    save_settings(home, Settings(theme="nord", typewriter=False))
    (home / "profile.json.corrupt-1").write_text("{damaged")
    before = {p.name: p.read_bytes() for p in home.iterdir()}

    target = story_data_dir(home, SHIPPED_STORY_ID)

    assert target == home / "stories" / "iss"
    moved = {p.name: p.read_bytes() for p in target.iterdir()}
    assert moved == {k: v for k, v in before.items() if k != "settings.json"}
    assert sorted(p.name for p in home.iterdir()) == ["settings.json", "stories"]
    assert load_settings(home).theme == "nord"  # settings belong to the player: they stay
    store = SaveStore(target)
    assert store.load("auto", story).state == state
    assert store.latest() is not None and store.latest().slot in ("auto", "3")
    kept = Profile.load(target)
    assert kept.endings == {"soyuz": 2} and kept.scenes_seen == profile.scenes_seen
    # running again changes nothing, and another story starts empty
    assert migrate_legacy(home) == []
    assert SaveStore(story_data_dir(home, "mini")).entries() == []


def test_migration_never_replaces_a_file_already_in_place(tmp_path: Path) -> None:
    home = tmp_path / "home"
    target = home / "stories" / SHIPPED_STORY_ID
    target.mkdir(parents=True)
    (target / "save-1.json").write_text("new")
    (home / "save-1.json").write_text("old")
    problems = migrate_legacy(home)
    assert (target / "save-1.json").read_text() == "new"
    assert (home / "save-1.json").read_text() == "old"
    assert problems and "save-1.json was left" in problems[0]


def test_two_stories_never_share_saves_or_profiles(tmp_path: Path) -> None:
    home = tmp_path / "home"
    demo = load_story(Path(__file__).parents[1] / "fixtures" / "demo")
    machine = Machine(demo)
    state = machine.choose(machine.new_game(0), "knock")
    SaveStore(story_data_dir(home, demo.id)).save("auto", demo, state, 5.0, NOW)
    assert SaveStore(story_data_dir(home, SHIPPED_STORY_ID)).latest() is None
    assert SaveStore(story_data_dir(home, "demo")).latest() is not None
    written = json.loads((home / "stories" / "demo" / "save-auto.json").read_text())
    assert written["story_id"] == "demo" and written["mods"] == []
