"""The profile (what was seen, across runs) and the settings: atomic, forgiving, never fatal."""

from __future__ import annotations

import itertools
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.profile import (
    PROFILE_FILE,
    SETTINGS_FILE,
    Profile,
    Settings,
    choice_key,
    load_settings,
    save_settings,
)
from iss_adventure.engine.state import GameState

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"


def record_all(profile: Profile, story: Story, states: list[GameState]) -> None:
    profile.record(story, None, states[0])
    for before, after in itertools.pairwise(states):
        profile.record(story, before, after)


# ---------------------------------------------------------------- profile


def test_fresh_profile(tmp_path: Path) -> None:
    profile = Profile.load(tmp_path)
    assert profile.endings == {} and profile.scenes_seen == set() == profile.choices_seen
    assert profile.problem is None
    assert profile.save() is None
    assert not (tmp_path / PROFILE_FILE).exists()  # nothing changed, nothing written


def test_record_marks_scenes_choices_and_counts_endings(story: Story, tmp_path: Path, walk) -> None:
    profile = Profile.load(tmp_path)
    record_all(profile, story, walk(story, "no", "leave"))
    record_all(profile, story, walk(story, "knock", "read", "talk", "leave", "hold"))
    record_all(profile, story, walk(story, "knock", "leave"))
    assert profile.endings == {"quiet": 2, "home": 1}
    assert profile.times_reached("quiet") == 2 and profile.times_reached("lost") == 0
    assert {"a/hatch", "a/module", "a/truss", "end/quiet", "end/home"} == profile.scenes_seen
    assert choice_key("a/hatch", "no") == "a/hatch#no"
    assert {"a/hatch#no", "a/module#leave", "a/hatch#knock", "a/module#read",
            "a/module#talk", "a/truss#hold"} == profile.choices_seen
    assert profile.save() is None
    again = Profile.load(tmp_path)
    assert again.endings == profile.endings
    assert again.scenes_seen == profile.scenes_seen
    assert again.choices_seen == profile.choices_seen
    assert again.problem is None


def test_choice_keys_match_the_story(story: Story) -> None:
    keys = {c.key for scene in story.scenes.values() for c in scene.choices}
    assert choice_key("a/module", "read") in keys


def test_loading_a_game_at_an_ending_does_not_count_it_again(story: Story,
                                                             tmp_path: Path, walk) -> None:
    profile = Profile.load(tmp_path)
    states = walk(story, "no", "leave")
    profile.record(story, None, states[-1])  # a save loaded at the ending
    assert profile.endings == {}
    assert {"a/hatch", "a/module", "end/quiet"} <= profile.scenes_seen  # its log was seen
    profile.record(story, states[-1], states[-2])  # an undo, then...
    assert profile.endings == {}
    profile.record(story, states[-2], states[-1])  # ...a redo reaches it again
    assert profile.endings == {"quiet": 1}


@settings(max_examples=40, deadline=None)
@given(picks=st.lists(st.integers(0, 5), max_size=8))
def test_property_profile_round_trips(story: Story, picks: list[int],
                                      tmp_path_factory: pytest.TempPathFactory) -> None:
    directory = tmp_path_factory.mktemp("profile")
    machine = Machine(story)
    profile = Profile.load(directory)
    state = machine.new_game(0)
    profile.record(story, None, state)
    for pick in picks:
        options = machine.available(state)
        if not options:
            break
        before, state = state, machine.choose(state, options[pick % len(options)].id)
        profile.record(story, before, state)
    assert state.scene in profile.scenes_seen
    assert all(choice_key(s.scene, s.choice) in profile.choices_seen for s in state.log)
    profile.save()
    again = Profile.load(directory)
    assert (again.endings, again.scenes_seen, again.choices_seen) == (
        profile.endings, profile.scenes_seen, profile.choices_seen)


def test_profile_survives_story_edits_because_it_is_keyed_by_id(story: Story,
                                                                tmp_path: Path, walk) -> None:
    profile = Profile.load(tmp_path)
    record_all(profile, story, walk(story, "no", "leave"))
    profile.save()
    root = tmp_path / "edited"
    shutil.copytree(DEMO, root)
    (root / "end" / "quiet.yaml").write_text(
        (root / "end" / "quiet.yaml").read_text().replace("It ends, quiet.", "Silence."))
    edited = load_story(root)
    assert edited.fingerprint != story.fingerprint
    assert Profile.load(tmp_path).times_reached("quiet") == 1


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"\x00\xff\x00", b"[1, 2]", b'{"endings": {"quiet": "many"}}',
     b'{"endings": {"quiet": -1}}', b'{"scenes_seen": "a/hatch"}', b"null"],
)
def test_corrupt_profile_is_set_aside_and_reported(story: Story, tmp_path: Path,
                                                   content: bytes, walk) -> None:
    (tmp_path / PROFILE_FILE).write_bytes(content)
    (tmp_path / f"{PROFILE_FILE}.corrupt-1").write_bytes(b"older damage")
    profile = Profile.load(tmp_path)
    assert profile.problem is not None
    assert "profile.json.corrupt-2" in profile.problem
    assert (tmp_path / f"{PROFILE_FILE}.corrupt-2").read_bytes() == content
    assert (tmp_path / f"{PROFILE_FILE}.corrupt-1").read_bytes() == b"older damage"
    assert not (tmp_path / PROFILE_FILE).exists()
    assert profile.endings == {}
    record_all(profile, story, walk(story, "no", "leave"))
    assert profile.save() is None
    assert Profile.load(tmp_path).endings == {"quiet": 1}


def test_profile_from_a_newer_version_is_read_but_never_overwritten(story: Story,
                                                                    tmp_path: Path, walk) -> None:
    raw = {"format": 2, "endings": {"home": 4}, "scenes_seen": ["a/hatch"],
           "choices_seen": [], "flowchart": {"zoom": 2}}
    (tmp_path / PROFILE_FILE).write_text(json.dumps(raw))
    profile = Profile.load(tmp_path)
    assert profile.times_reached("home") == 4
    assert profile.problem is not None and "newer version" in profile.problem
    record_all(profile, story, walk(story, "no", "leave"))
    profile.save()
    assert json.loads((tmp_path / PROFILE_FILE).read_text()) == raw
    (tmp_path / PROFILE_FILE).write_text(json.dumps({"format": 3, "endings": []}))
    odd = Profile.load(tmp_path)
    assert odd.problem is not None and odd.endings == {}
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_unknown_profile_keys_are_ignored(tmp_path: Path) -> None:
    (tmp_path / PROFILE_FILE).write_text('{"format": 1, "endings": {"home": 2}, "extra": 1}')
    profile = Profile.load(tmp_path)
    assert profile.problem is None and profile.endings == {"home": 2}


def test_unreadable_profile_is_reported_not_renamed(tmp_path: Path) -> None:
    (tmp_path / PROFILE_FILE).mkdir()
    profile = Profile.load(tmp_path)
    assert profile.problem is not None and "could not be read" in profile.problem
    assert profile.read_only
    assert (tmp_path / PROFILE_FILE).is_dir()


def test_profile_save_failure_is_reported_not_raised(story: Story, tmp_path: Path, walk) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    profile = Profile.load(blocker / "sub")
    record_all(profile, story, walk(story, "no"))
    problem = profile.save()
    assert problem is not None and problem == profile.problem
    assert "could not be saved" in problem


def test_profile_writes_are_atomic(story: Story, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch, walk) -> None:
    profile = Profile.load(tmp_path)
    record_all(profile, story, walk(story, "no", "leave"))
    profile.save()
    before = (tmp_path / PROFILE_FILE).read_bytes()

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    record_all(profile, story, walk(story, "knock", "leave"))
    assert profile.save() is not None
    monkeypatch.undo()
    assert (tmp_path / PROFILE_FILE).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [PROFILE_FILE]
    assert profile.save() is None  # the failed write is retried
    assert Profile.load(tmp_path).endings == {"quiet": 2}


# ---------------------------------------------------------------- settings


def test_settings_defaults_and_round_trip(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings("textual-dark", True, True)
    chosen = Settings(theme="nord", typewriter=False, timers=False)
    assert save_settings(tmp_path, chosen) is None
    assert load_settings(tmp_path) == chosen
    assert json.loads((tmp_path / SETTINGS_FILE).read_text())["format"] == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", Settings()),
        (b"\x00garbage", Settings()),
        (b"[]", Settings()),
        (b'{"theme": "nord", "future_option": 3}', Settings(theme="nord")),
        (b'{"theme": 7, "typewriter": false}', Settings(typewriter=False)),
        (b'{"theme": "", "timers": "no"}', Settings()),
        (b'{"typewriter": 0, "timers": false}', Settings(timers=False)),
    ],
)
def test_bad_settings_fall_back_field_by_field(tmp_path: Path, content: bytes,
                                               expected: Settings) -> None:
    (tmp_path / SETTINGS_FILE).write_bytes(content)
    assert load_settings(tmp_path) == expected


def test_settings_save_failure_is_reported_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    problem = save_settings(blocker, Settings())
    assert problem is not None and "could not be saved" in problem


# -- epilogues: each ending's prose as last reached (issue 13) --------------------------------


def test_an_ending_keeps_its_epilogue_as_last_reached(tmp_path: Path, story: Story) -> None:
    import dataclasses

    from iss_adventure.engine.model import Variant

    machine = Machine(story)
    home = story.scenes["end/home"]
    variant = Variant(condition=lambda v: v[story.index["trust.anna"]] >= 2,
                      text="Anna waves.")
    varied = dataclasses.replace(story, scenes={
        **story.scenes, "end/home": dataclasses.replace(home, variants=(variant,))})
    profile = Profile(tmp_path)
    for first in ("no", "knock"):  # only the second run reaches it (Anna's trust at 2)
        state = machine.new_game(0)
        for choice in (first, "read", "radio", "leave"):
            state = Machine(varied).choose(state, choice)
        if state.scene != "a/truss":
            continue
        profile.record(varied, state, Machine(varied).choose(state, "hold"))
    assert profile.epilogue("home") == ["It ends, home.", "Anna waves."]
    assert profile.save() is None
    assert Profile.load(tmp_path).epilogue("home") == ["It ends, home.", "Anna waves."]


def test_a_profile_from_before_epilogues_loads_without_them(tmp_path: Path,
                                                           story: Story) -> None:
    (tmp_path / "profile.json").write_text('{"format": 1, "endings": {"home": 3}, '
                                           '"scenes_seen": ["end/home"]}')
    profile = Profile.load(tmp_path)
    assert profile.problem is None and profile.times_reached("home") == 3
    assert profile.epilogue("home") is None


# ---------------------------------------------------------------- text read


def test_text_read_is_kept_by_fingerprint(tmp_path: Path) -> None:
    profile = Profile(tmp_path)
    assert profile.read_flags("a/hatch", ["One.", "Two."]) == [False, False]
    profile.mark_read(["One."])
    assert profile.read_flags("a/hatch", ["One.", "Two."]) == [True, False]
    assert profile.read_flags("elsewhere", ["One."]) == [True]  # text read is text read
    assert profile.save() is None
    on_disk = json.loads((tmp_path / PROFILE_FILE).read_text())
    assert on_disk["read"] and "One." not in json.dumps(on_disk)  # fingerprints, not text
    again = Profile.load(tmp_path)
    assert again.read_flags("a/hatch", ["One.", "Two."]) == [True, False]
    assert again.problem is None


def test_marking_read_text_again_writes_nothing(tmp_path: Path) -> None:
    profile = Profile(tmp_path)
    profile.mark_read(["One."])
    assert profile.save() is None
    stamp = (tmp_path / PROFILE_FILE).stat().st_mtime_ns
    profile.mark_read(["One."])
    os.utime(tmp_path / PROFILE_FILE, ns=(stamp, stamp))
    assert profile.save() is None
    assert (tmp_path / PROFILE_FILE).stat().st_mtime_ns == stamp


def test_a_profile_from_before_read_text_counts_scenes_seen_as_read(tmp_path: Path) -> None:
    (tmp_path / PROFILE_FILE).write_text(json.dumps(
        {"format": 1, "endings": {}, "scenes_seen": ["a/hatch"], "choices_seen": [],
         "paths": {}}))
    profile = Profile.load(tmp_path)
    assert profile.problem is None and not profile.read_only
    assert profile.read_flags("a/hatch", ["Anything at all."]) == [True]
    assert profile.read_flags("a/module", ["Anything at all."]) == [False]
    profile.mark_read(["New."])
    assert profile.save() is None
    kept = Profile.load(tmp_path)  # the migration is kept once written
    assert kept.read_flags("a/hatch", ["Anything at all."]) == [True]
    assert kept.read_flags("a/module", ["New."]) == [True]
    assert json.loads((tmp_path / PROFILE_FILE).read_text())["read_scenes"] == ["a/hatch"]


def test_damaged_read_fields_set_the_profile_aside(tmp_path: Path) -> None:
    (tmp_path / PROFILE_FILE).write_text('{"format": 1, "read": [1, 2]}')
    profile = Profile.load(tmp_path)
    assert profile.problem and "set aside" in profile.problem
