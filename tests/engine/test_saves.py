"""Save slots: round trips, damaged and foreign files, edited stories, atomic writes."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import platformdirs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iss_adventure.engine import atomic
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.saves import (
    FORMAT,
    SLOTS,
    BrokenSave,
    SaveError,
    SaveFile,
    SaveInfo,
    SaveStore,
    data_dir,
)
from iss_adventure.engine.state import GameState

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"
WHEN = datetime(2025, 3, 14, 15, 9, 26)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's data directory is its own tmp_path."""
    monkeypatch.setenv("ISS_ADVENTURE_HOME", str(tmp_path))
    return tmp_path


def play(story: Story, picks: list[int], seed: int = 0) -> GameState:
    """A playthrough: each pick indexes the choices available at that point."""
    machine = Machine(story)
    state = machine.new_game(seed)
    for pick in picks:
        options = machine.available(state)
        if not options:
            break
        state = machine.choose(state, options[pick % len(options)].id)
    return state


def take(story: Story, *choices: str, seed: int = 0) -> GameState:
    machine = Machine(story)
    state = machine.new_game(seed)
    for choice in choices:
        state = machine.choose(state, choice)
    return state


TO_TRUSS = ("knock", "read", "talk", "leave")  # hatch -> module x3 -> truss


# ---------------------------------------------------------------- basics


def test_slots_and_data_dir(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert SLOTS == ("quick", "auto", "jump", "1", "2", "3", "4", "5", "6", "7", "8", "9")
    assert data_dir() == home
    monkeypatch.delenv("ISS_ADVENTURE_HOME")
    assert data_dir() == Path(platformdirs.user_data_dir("iss-adventure", appauthor=False))


def test_save_and_load_round_trip(story: Story, home: Path) -> None:
    store = SaveStore(home)
    state = take(story, "knock", "read", seed=42)
    info = store.save("3", story, state, 754.5, WHEN)
    assert info == SaveInfo(slot="3", scene_title="The Module", act=1, act_title="One",
                            played_seconds=754.5, saved_at="2025-03-14T15:09:26", turn=2)
    loaded = store.load("3", story)
    assert loaded.state == state
    assert loaded.info == info
    assert loaded.stopped is None
    assert store.entries() == [info]


def test_file_is_versioned_json_with_log_and_snapshot(story: Story, home: Path) -> None:
    state = take(story, "knock", "read", seed=7)
    SaveStore(home).save("quick", story, state, 1.0, WHEN)
    document = json.loads((home / "save-quick.json").read_text())
    assert document["format"] == FORMAT == 1
    assert document["story"] == story.fingerprint
    assert document["seed"] == 7
    assert document["log"] == [["a/hatch", "knock"], ["a/module", "read"]]
    assert document["snapshot"]["scene"] == "a/module"
    assert document["info"]["slot"] == "quick"


def test_entries_latest_and_delete(story: Story, home: Path) -> None:
    store = SaveStore(home)
    assert store.entries() == [] and store.latest() is None
    early = take(story, "knock")
    late = take(story, "knock", "read")
    store.save("5", story, late, 10, WHEN + timedelta(hours=1))
    store.save("quick", story, early, 5, WHEN)
    store.save("auto", story, early, 5, WHEN)
    assert [e.slot for e in store.entries()] == ["quick", "auto", "5"]
    latest = store.latest()
    assert latest is not None and latest.slot == "5"
    store.delete("5")
    store.delete("5")  # deleting an empty slot is fine
    assert [e.slot for e in store.entries()] == ["quick", "auto"]


def test_latest_ties_prefer_the_longer_game_and_handles_time_zones(story: Story,
                                                                   home: Path) -> None:
    store = SaveStore(home)
    store.save("1", story, take(story, "knock"), 5, WHEN)
    store.save("2", story, take(story, "knock", "read"), 5, WHEN)
    latest = store.latest()
    assert latest is not None and latest.slot == "2"
    utc = datetime(2030, 1, 1, tzinfo=UTC)
    store.save("3", story, take(story, "no"), 1, utc)
    latest = store.latest()
    assert latest is not None and latest.slot == "3"


def test_unknown_slot_and_empty_slot(story: Story, home: Path) -> None:
    store = SaveStore(home)
    with pytest.raises(SaveError, match="no save slot '10'"):
        store.save("10", story, take(story), 0, WHEN)
    with pytest.raises(SaveError, match=r"Cannot load Slot 4: there is no save in this slot"):
        store.load("4", story)


def test_odd_played_seconds_are_clamped(story: Story, home: Path) -> None:
    store = SaveStore(home)
    assert store.save("1", story, take(story), float("nan"), WHEN).played_seconds == 0.0
    assert store.save("1", story, take(story), -3.0, WHEN).played_seconds == 0.0
    assert store.load("1", story).info.played_seconds == 0.0


def test_a_file_copied_to_another_slot_takes_that_slot(story: Story, home: Path) -> None:
    store = SaveStore(home)
    store.save("1", story, take(story, "knock"), 1, WHEN)
    shutil.copy(home / "save-1.json", home / "save-2.json")
    assert [e.slot for e in store.entries()] == ["1", "2"]
    assert store.load("2", story).info.slot == "2"


# ---------------------------------------------------------------- property tests


picks_st = st.lists(st.integers(0, 8), max_size=10)


@settings(max_examples=60, deadline=None)
@given(picks=picks_st, seed=st.integers(0, 2**63 - 1),
       played=st.floats(0, 1e7, allow_nan=False), slot=st.sampled_from(SLOTS))
def test_property_save_then_load_returns_the_same_state(
        story: Story, picks: list[int], seed: int, played: float, slot: str) -> None:
    state = play(story, picks, seed)
    with tempfile.TemporaryDirectory() as directory:
        store = SaveStore(Path(directory))
        info = store.save(slot, story, state, played, WHEN)
        loaded = store.load(slot, story)
        assert loaded.state == state
        assert loaded.info == info and info.turn == state.turn
        assert loaded.stopped is None


@settings(max_examples=60, deadline=None)
@given(picks=picks_st, seed=st.integers(0, 1000))
def test_property_replay_of_the_log_equals_the_snapshot(
        story: Story, picks: list[int], seed: int) -> None:
    """A different fingerprint forces the replay path: it must rebuild exactly the same state."""
    state = play(story, picks, seed)
    edited = dataclasses.replace(story, fingerprint="0" * 16)
    with tempfile.TemporaryDirectory() as directory:
        store = SaveStore(Path(directory))
        store.save("1", story, state, 1, WHEN)
        loaded = store.load("1", edited)
        assert loaded.state == state
        assert loaded.stopped is None


def test_every_truncation_of_a_save_is_reported_as_broken(story: Story, home: Path) -> None:
    store = SaveStore(home)
    store.save("1", story, take(story, *TO_TRUSS), 99, WHEN)
    whole = (home / "save-1.json").read_bytes()
    body = whole.rstrip()
    for cut in range(len(body)):
        (home / "save-2.json").write_bytes(body[:cut])
        broken = store.entries()[1]
        assert isinstance(broken, BrokenSave), cut
        with pytest.raises(SaveError):
            store.load("2", story)
    assert store.load("1", story).state == take(story, *TO_TRUSS)


# ---------------------------------------------------------------- damaged and foreign files


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x00\x01\x02\xff\xfe binary", "binary data"),
        (b"\xff\xd8\xff\xe0JFIF", "binary data"),
        (b'{"format": 1, "story": "abc", "seed": 0, "lo', "cut short"),
        (b"hello, world", "not valid JSON"),
        (b"[1, 2, 3]", "not an ISS Adventure save"),
        (b'"just a string"', "not an ISS Adventure save"),
        (b'{"name": "some other game", "level": 3}', "not an ISS Adventure save"),
        (b'{"format": "1"}', "not an ISS Adventure save"),
        (b'{"format": true}', "not an ISS Adventure save"),
        (b'{"format": 0}', "unknown save format 0"),
        (b'{"format": 1}', "damaged"),
        (b'{"format": 1, "story": 5, "seed": 0, "log": [], "snapshot": null, "info": {}}',
         "damaged"),
        (b'{"format": 2, "anything": "goes"}', "newer version of ISS Adventure"),
        (b'{"format": 99}', "save format 99; this version reads format 1"),
    ],
)
def test_broken_files_are_reported_and_other_slots_still_work(
        story: Story, home: Path, content: bytes, message: str) -> None:
    store = SaveStore(home)
    good = take(story, "knock")
    store.save("1", story, good, 1, WHEN)
    (home / "save-2.json").write_bytes(content)
    entries = store.entries()
    assert entries[0] == store.load("1", story).info
    broken = entries[1]
    assert isinstance(broken, BrokenSave) and broken.slot == "2"
    assert message in broken.message
    with pytest.raises(SaveError, match="Cannot load Slot 2") as err:
        store.load("2", story)
    assert message in str(err.value)
    assert store.load("1", story).state == good
    assert store.latest() is not None
    store.delete("2")
    assert store.entries() == [store.load("1", story).info]


def test_newer_save_is_refused_clearly(story: Story, home: Path) -> None:
    store = SaveStore(home)
    store.save("1", story, take(story, "knock"), 1, WHEN)
    document = json.loads((home / "save-1.json").read_text())
    document["format"] = FORMAT + 1
    (home / "save-1.json").write_text(json.dumps(document))
    with pytest.raises(SaveError) as err:
        store.load("1", story)
    assert str(err.value) == (
        "Cannot load Slot 1: this save was made by a newer version of ISS Adventure (save "
        "format 2; this version reads format 1). Update the game to load it.")


def test_unreadable_and_huge_files(story: Story, home: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    store = SaveStore(home)
    (home / "save-1.json").mkdir()  # a directory where a file should be
    (home / "save-2.json").write_bytes(b"{" + b" " * 64 + b"}")
    monkeypatch.setattr(atomic, "MAX_BYTES", 32)
    entries = store.entries()
    assert [type(e) for e in entries] == [BrokenSave, BrokenSave]
    assert isinstance(entries[0], BrokenSave) and "cannot be read" in entries[0].message
    assert isinstance(entries[1], BrokenSave) and "too large" in entries[1].message


# ---------------------------------------------------------------- edited stories


def edited_demo(tmp_path: Path, edit: str, old: str, new: str) -> Story:
    """A copy of the demo story with one text replacement in one file."""
    root = tmp_path / "edited"
    shutil.copytree(DEMO, root)
    path = root / edit
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return load_story(root)


def test_edited_story_replays_the_log_as_far_as_it_fits(story: Story, home: Path,
                                                         tmp_path: Path) -> None:
    store = SaveStore(home)
    state = take(story, *TO_TRUSS)
    store.save("1", story, state, 60, WHEN)
    edited = edited_demo(tmp_path, "a/module.yaml", "  - id: talk\n", "  - id: chat\n")
    assert edited.fingerprint != story.fingerprint
    loaded = store.load("1", edited)
    assert loaded.state == take(edited, "knock", "read")
    assert loaded.info.scene_title == "Outside"  # the info is what was saved
    assert loaded.stopped is not None
    assert loaded.stopped.startswith("after 2 of 4 choices, at \u201cThe Module\u201d (step 3")
    assert "The Module" in loaded.stopped
    assert "step 3" in loaded.stopped and "'talk'" in loaded.stopped


def test_edited_story_where_the_log_still_fits(story: Story, home: Path,
                                               tmp_path: Path) -> None:
    store = SaveStore(home)
    state = take(story, *TO_TRUSS)
    store.save("1", story, state, 60, WHEN)
    edited = edited_demo(tmp_path, "end/home.yaml", "It ends, home.", "It ends at home.")
    loaded = store.load("1", edited)
    assert loaded.state == state and loaded.stopped is None


def test_edited_effects_are_replayed_not_taken_from_the_snapshot(story: Story, home: Path,
                                                                 tmp_path: Path) -> None:
    store = SaveStore(home)
    store.save("1", story, take(story, "knock"), 60, WHEN)
    edited = edited_demo(tmp_path, "a/hatch.yaml", "trust.anna += 1", "trust.anna += 2")
    loaded = store.load("1", edited)
    assert loaded.state == take(edited, "knock")
    assert Machine(edited).value(loaded.state, "trust.anna") == 3


def test_renamed_scene_falls_back_to_replay(story: Story, home: Path, tmp_path: Path) -> None:
    store = SaveStore(home)
    state = take(story, "no", "leave")
    assert state.scene == "end/quiet"
    store.save("1", story, state, 60, WHEN)
    root = tmp_path / "renamed"
    shutil.copytree(DEMO, root)
    (root / "end" / "quiet.yaml").rename(root / "end" / "calm.yaml")
    module = root / "a" / "module.yaml"
    module.write_text(module.read_text().replace("to: end/quiet", "to: end/calm"))
    edited = load_story(root)
    loaded = store.load("1", edited)
    assert loaded.state.scene == "end/calm"
    assert loaded.state == take(edited, "no", "leave")
    assert loaded.stopped is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda snap: {**snap, "scene": "a/gone"},
        lambda snap: {**snap, "vars": snap["vars"][:-1]},
        lambda snap: {**snap, "vars": ["x", *snap["vars"][1:]]},
        lambda snap: {**snap, "seed": snap["seed"] + 1},
        lambda snap: {**snap, "log": []},
        lambda snap: None,
    ],
    ids=["missing-scene", "short-vars", "wrong-type", "seed", "log", "no-snapshot"],
)
def test_snapshot_that_does_not_fit_falls_back_to_replay(story: Story, home: Path,
                                                         tamper: object) -> None:
    store = SaveStore(home)
    state = take(story, "knock", "read", seed=3)
    store.save("1", story, state, 60, WHEN)
    path = home / "save-1.json"
    document = json.loads(path.read_text())
    assert callable(tamper)
    document["snapshot"] = tamper(document["snapshot"])
    path.write_text(json.dumps(document))
    loaded = store.load("1", story)
    assert loaded.state == state and loaded.stopped is None


# ---------------------------------------------------------------- atomic writes


def test_failed_write_keeps_the_previous_save_and_leaves_no_temp(
        story: Story, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SaveStore(home)
    first = take(story, "knock")
    store.save("1", story, first, 1, WHEN)

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SaveError, match="Could not save to Slot 1: No space left on device"):
        store.save("1", story, take(story, "knock", "read"), 2, WHEN)
    monkeypatch.undo()
    assert store.load("1", story).state == first
    assert sorted(p.name for p in home.iterdir()) == ["save-1.json"]


def test_unwritable_directory_is_a_save_error(story: Story, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    with pytest.raises(SaveError, match="Could not save to Quicksave"):
        SaveStore(blocker / "saves").save("quick", story, take(story), 0, WHEN)


def test_stale_temp_files_are_ignored_then_cleaned(story: Story, home: Path) -> None:
    store = SaveStore(home)
    (home / ".save-1.json.abc123.tmp").write_bytes(b'{"format": 1, "half')
    assert store.entries() == []
    store.save("1", story, take(story), 0, WHEN)
    assert sorted(p.name for p in home.iterdir()) == ["save-1.json"]


def test_save_file_decodes_with_the_schema(story: Story, home: Path) -> None:
    SaveStore(home).save("1", story, take(story, *TO_TRUSS), 0, WHEN)
    document = msgspec.json.decode((home / "save-1.json").read_bytes(), type=SaveFile)
    assert document.snapshot is not None
    assert Machine(story).replay(document.log, document.seed).state == document.snapshot



# ---------------------------------------------------------------- a story rewritten under a save


def test_a_save_whose_scene_the_story_no_longer_has_loads_with_a_clear_message(
        story: Story, home: Path, tmp_path: Path) -> None:
    """A new draft of the story (same id, so the same saves folder) that renamed the scene a
    save stands in: the snapshot cannot be used and the log stops fitting there, so the game
    resumes at the last scene the log reaches and says why; no traceback, no refusal."""
    store = SaveStore(home)
    state = take(story, "knock", "read", "talk", seed=3)
    assert state.scene == "a/module"
    store.save("2", story, state, 60.0, WHEN)
    rewritten = tmp_path / "demo"
    shutil.copytree(Path(story.root), rewritten)
    (rewritten / "a" / "module.yaml").rename(rewritten / "a" / "lab.yaml")
    for path in rewritten.rglob("*.yaml"):
        path.write_text(path.read_text().replace("a/module", "a/lab"))
    new = load_story(rewritten)
    assert "a/module" not in new.scenes and new.id == story.id
    loaded = store.load("2", new)
    assert loaded.state.scene == "a/lab"  # the first choice still leads on, to the new id
    assert loaded.stopped is not None
    assert loaded.stopped.startswith("after 1 of 3 choices")
    assert "'a/module'" in loaded.stopped and "'a/lab'" in loaded.stopped
    assert store.entries()[0].scene_title == "The Module"  # the slot lists what it was


def test_a_slot_lists_the_mods_its_save_was_made_with(tmp_path: Path, story: Story) -> None:
    """SaveInfo.mods, for the saves screen; a save written before the slot list showed mods
    (its info without them) gets them from the document."""
    modded = dataclasses.replace(story, mods=("radio@1.0", "bear@2"))
    store = SaveStore(tmp_path)
    state = Machine(story).new_game(0)
    assert store.save("1", modded, state, 1, datetime(2031, 5, 1)).mods == ("radio@1.0", "bear@2")
    path = tmp_path / "save-1.json"
    document = json.loads(path.read_text())
    del document["info"]["mods"]
    path.write_text(json.dumps(document))
    [entry] = store.entries()
    assert isinstance(entry, SaveInfo) and entry.mods == ("radio@1.0", "bear@2")
    assert store.load("1", story).mods_changed is not None


def test_a_save_at_an_ending_names_the_ending(story: Story, home: Path) -> None:
    """For the title's Continue line: a game that has ended says so, with the ending's title;
    a save from before the field existed reads as not ended."""
    store = SaveStore(home)
    assert store.save("1", story, take(story, *TO_TRUSS), 1.0, WHEN).ending == ""
    info = store.save("2", story, take(story, *TO_TRUSS, "hold"), 1.0, WHEN)
    assert info.ending == "Home"
    assert store.latest() == info
    document = json.loads((home / "save-2.json").read_text())
    del document["info"]["ending"]
    (home / "save-2.json").write_text(json.dumps(document))
    assert store.load("2", story).info.ending == ""


def test_a_saves_place_says_when_its_game_has_ended() -> None:
    """One wording for an ended game, wherever saves are listed: "ended: <the ending>"."""
    from iss_adventure.engine.saves import SaveInfo, ended_note, save_place

    base = SaveInfo(slot="auto", scene_title="The Module", act=1, act_title="One",
                    played_seconds=0, saved_at="2031-05-01T20:15:00", turn=2)
    assert ended_note(base) == "" and save_place(base) == "The Module"
    ended = msgspec.structs.replace(base, scene_title="Lifeboat", ending="Lifeboat")
    assert ended_note(ended) == "ended: Lifeboat" and save_place(ended) == "ended: Lifeboat"
    other = msgspec.structs.replace(base, scene_title="Soyuz", ending="Lifeboat")
    assert save_place(other) == "Soyuz · ended: Lifeboat"
    assert save_place(other, ", ") == "Soyuz, ended: Lifeboat"
