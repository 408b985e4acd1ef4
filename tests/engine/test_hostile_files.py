"""Hostile saves, profiles, settings and choice logs (issue 15): a file the game cannot read is
set aside and reported, never replaced; nothing recurses without a depth check; nothing a save
says is trusted before it is checked against the story."""

from __future__ import annotations

import json
import os
import tracemalloc
from datetime import datetime
from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iss_adventure.engine import atomic, limits
from iss_adventure.engine.choicelog import ChoiceLog, LogError, read_log, write_log
from iss_adventure.engine.jsonread import TooDeep, check_depth
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.profile import (
    PROFILE_FILE,
    SETTINGS_FILE,
    Profile,
    Settings,
    load_settings_checked,
    save_settings,
)
from iss_adventure.engine.saves import BrokenSave, SaveError, SaveStore, snapshot_fits
from iss_adventure.engine.state import GameState, Step

WHEN = datetime(2031, 5, 4, 9, 30)


def played(story: Story, *choices: str) -> GameState:
    machine = Machine(story)
    state = machine.new_game()
    for choice in choices:
        state = machine.choose(state, choice)
    return state


def saved_document(store: SaveStore, story: Story, slot: str = "auto") -> dict[str, object]:
    store.save(slot, story, played(story, "knock"), 12.0, WHEN)
    return json.loads(store.path(slot).read_bytes())  # type: ignore[no-any-return]


# -- a file the game cannot read is set aside, never replaced ---------------------------------

UNREADABLE = {
    "newer": b'{"format": 99, "whatever": "a later version wrote this"}',
    "truncated": b'{"format": 1, "story": "abc", "seed": 0, "log": [["a/hatch", "kn',
    "not json": b"\x00\x01binary",
    "deep": b"[" * 100_000,
    "empty": b"",
}


@pytest.mark.parametrize("kind", sorted(UNREADABLE))
def test_an_unreadable_autosave_is_set_aside_when_a_new_game_saves(
        demo_story: Story, tmp_path: Path, kind: str) -> None:
    store = SaveStore(tmp_path)
    content = UNREADABLE[kind]
    store.path("auto").write_bytes(content)
    assert isinstance(store.entries()[0], BrokenSave)  # shown, and not a crash
    store.save("auto", demo_story, played(demo_story), 1.0, WHEN)
    kept = tmp_path / "save-auto.json.unreadable-1"
    assert kept.read_bytes() == content
    notices = store.take_notices()
    assert len(notices) == 1 and "save-auto.json.unreadable-1" in notices[0]
    assert store.load("auto", demo_story).state == played(demo_story)
    store.save("auto", demo_story, played(demo_story, "knock"), 2.0, WHEN)  # our own file now
    assert store.take_notices() == [] and not (tmp_path / "save-auto.json.unreadable-2").exists()


def test_a_too_large_autosave_is_set_aside(demo_story: Story, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "MAX_BYTES", 64)
    store = SaveStore(tmp_path)
    store.path("auto").write_bytes(b" " * 100)
    monkeypatch.setattr(atomic, "MAX_BYTES", 10_000)
    store.path("auto").write_bytes(b"{" + b" " * 20_000 + b"}")
    store.save("auto", demo_story, played(demo_story), 1.0, WHEN)
    assert (tmp_path / "save-auto.json.unreadable-1").stat().st_size == 20_002


def test_a_fifo_save_is_reported_and_never_read(demo_story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    os.mkfifo(store.path("3"))
    entries = store.entries()
    assert isinstance(entries[0], BrokenSave) and "not a regular file" in entries[0].message
    with pytest.raises(SaveError, match="not a regular file"):
        store.load("3", demo_story)
    assert store.latest() is None
    store.save("3", demo_story, played(demo_story), 1.0, WHEN)
    assert (tmp_path / "save-3.json.unreadable-1").exists()


def test_a_save_of_a_hundred_thousand_brackets(demo_story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.path("1").write_bytes(b"[" * 100_000)
    entry = store.entries()[0]
    assert isinstance(entry, BrokenSave) and "nested far too deeply" in entry.message
    with pytest.raises(SaveError, match="nested far too deeply"):
        store.load("1", demo_story)


def test_a_log_longer_than_the_limit_is_refused(demo_story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    document = saved_document(store, demo_story, "2")
    document["log"] = [["a/hatch", "knock"]] * (limits.MAX_LOG_STEPS + 1)
    store.path("2").write_bytes(json.dumps(document).encode())
    with pytest.raises(SaveError, match="more than 100,000 choices"):
        store.load("2", demo_story)


# -- snapshots are checked against the story before use ---------------------------------------


@pytest.mark.parametrize("value", [10**7, -(10**18), 4, -1, True, "3"])
def test_a_snapshot_value_out_of_range_is_not_trusted(demo_story: Story, tmp_path: Path,
                                                      value: object) -> None:
    store = SaveStore(tmp_path)
    document = saved_document(store, demo_story, "4")
    snapshot = document["snapshot"]
    assert isinstance(snapshot, dict)
    snapshot["vars"][demo_story.index["trust.anna"]] = value
    store.path("4").write_bytes(json.dumps(document).encode())
    loaded = store.load("4", demo_story)  # the log is replayed instead
    assert loaded.state == played(demo_story, "knock")


@pytest.mark.parametrize("change", ["scene", "once", "log-scene", "log-choice", "mood"])
def test_snapshot_ids_are_checked(demo_story: Story, tmp_path: Path, change: str) -> None:
    store = SaveStore(tmp_path)
    document = saved_document(store, demo_story, "5")
    snapshot = document["snapshot"]
    assert isinstance(snapshot, dict)
    if change == "scene":
        snapshot["scene"] = "made/up"
    elif change == "once":
        snapshot["once"] = ["a/hatch#nothing"]
    elif change == "mood":
        snapshot["vars"][demo_story.index["mood"]] = "\x1b]0;owned\x07"
    else:
        step = ["made/up", "knock"] if change == "log-scene" else ["a/hatch", "fly"]
        snapshot["log"] = document["log"] = [step]
    raw = json.dumps(document).encode()
    decoded = msgspec.json.decode(raw)
    assert decoded["snapshot"] is not None
    store.path("5").write_bytes(raw)
    from iss_adventure.engine.saves import decode_save

    assert not snapshot_fits(demo_story, decode_save(raw))
    loaded = store.load("5", demo_story)
    assert loaded.state.scene in demo_story.scenes


@pytest.mark.parametrize("seconds", [-5.0, 1e300])
def test_absurd_time_played_is_shown_as_zero(demo_story: Story, tmp_path: Path,
                                             seconds: float) -> None:
    store = SaveStore(tmp_path)
    document = saved_document(store, demo_story, "6")
    info = document["info"]
    assert isinstance(info, dict)
    info["played_seconds"] = seconds
    store.path("6").write_bytes(json.dumps(document).encode())
    entry = store.entries()[0]
    assert not isinstance(entry, BrokenSave) and entry.played_seconds == 0.0


# -- the profile -------------------------------------------------------------------------------


def test_a_profile_of_a_hundred_thousand_brackets_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / PROFILE_FILE).write_bytes(b"[" * 100_000)
    profile = Profile.load(tmp_path)
    assert profile.problem is not None and "set aside" in profile.problem
    assert not profile.read_only  # saving goes on, into a new profile
    assert (tmp_path / f"{PROFILE_FILE}.corrupt-1").read_bytes() == b"[" * 100_000


def test_a_fifo_profile_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / PROFILE_FILE)
    profile = Profile.load(tmp_path)
    assert profile.read_only and profile.problem is not None


def test_profile_record_ignores_made_up_scenes(demo_story: Story, tmp_path: Path) -> None:
    """20,000 steps naming made-up scenes were quadratic (7 s, 1.6 GB); now they are skipped."""
    log = tuple(Step(f"fake/{n}", "go") for n in range(20_000))
    state = GameState(scene="a/hatch", vars=demo_story.initial_vars, log=log)
    profile = Profile(tmp_path)
    tracemalloc.start()
    profile.record(demo_story, None, state)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 10_000_000
    assert profile.scenes_seen == {"a/hatch"} and set(profile.paths) == {"a/hatch"}


# -- settings ----------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"not json", b"[" * 100_000, b"[1, 2]", b"\xff\xfe"])
def test_damaged_settings_are_set_aside_not_replaced(tmp_path: Path, content: bytes) -> None:
    (tmp_path / SETTINGS_FILE).write_bytes(content)
    settings, problem = load_settings_checked(tmp_path)
    assert settings == Settings() and problem is not None and "set aside" in problem
    assert (tmp_path / f"{SETTINGS_FILE}.corrupt-1").read_bytes() == content
    assert save_settings(tmp_path, Settings(typewriter=False)) is None


def test_settings_from_a_newer_version_keep_their_fields(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text('{"format": 7, "typewriter": false, "future": 3}')
    settings, problem = load_settings_checked(tmp_path)
    assert problem is None and settings.typewriter is False
    save_settings(tmp_path, Settings(timers=False))
    kept = json.loads((tmp_path / SETTINGS_FILE).read_text())
    assert kept["future"] == 3 and kept["format"] == 7 and kept["timers"] is False


# -- choice logs ------------------------------------------------------------------------------


def test_a_deeply_nested_log(tmp_path: Path) -> None:
    path = tmp_path / "log.json"
    path.write_bytes(b'{"version": 1, "seed": 0, "steps": ' + b"[" * 100_000)
    with pytest.raises(LogError, match="nested"):
        read_log(path)


def test_a_fifo_log_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "log.json")
    with pytest.raises(LogError, match="not a regular file"):
        read_log(tmp_path / "log.json")


def test_writing_a_log_to_a_fifo_nobody_reads_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "log.json")
    with pytest.raises(OSError):
        write_log(tmp_path / "log.json", ChoiceLog(1, 0, []))


def test_json_depth_check() -> None:
    check_depth(b"[" * 32 + b"]" * 32)
    check_depth(b'["' + b"[" * 1000 + b'"]')  # brackets inside a string are text
    check_depth(b'["\\"' + b"[" * 1000 + b'"]')
    check_depth(b"[" + b'["a","b"],' * 50_000 + b"[]]")  # a long log is shallow
    for deep in (b"[" * 33 + b"]" * 33, b"[" * 100_000, b'{"a":' * 40 + b"1" + b"}" * 40):
        with pytest.raises(TooDeep):
            check_depth(deep)


def test_profile_paths_longer_than_a_log_are_dropped(tmp_path: Path) -> None:
    long_path = [["a/hatch", "knock"]] * (limits.MAX_LOG_STEPS + 1)
    (tmp_path / PROFILE_FILE).write_text(json.dumps(
        {"format": 1, "paths": {"a/module": long_path, "a/hatch": []}}))
    profile = Profile.load(tmp_path)
    assert profile.problem is None and set(profile.paths) == {"a/hatch"}


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab,:'),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.text(alphabet='[]{}"\\ab', max_size=3), inner, max_size=3),
    max_leaves=80,
)


@given(_JSON)
@settings(max_examples=300, deadline=None)
def test_json_depth_check_agrees_with_the_real_depth(value: object) -> None:
    data = json.dumps(value).encode()
    depth = _depth(value)
    if depth <= 6:
        check_depth(data, limit=6)
    elif depth > 12:
        with pytest.raises(TooDeep):
            check_depth(data, limit=6)


def test_a_large_save_of_tiny_values_is_never_built(tmp_path: Path) -> None:
    """4 MB of `[],` would be over a million Python lists if decoded without a type."""
    body = b'{"format": 1, "log": [' + b"[]," * 1_400_000 + b"[]]}"
    (tmp_path / "save-1.json").write_bytes(body)
    (tmp_path / PROFILE_FILE).write_bytes(body.replace(b'"log"', b'"paths"'))
    tracemalloc.start()
    entry = SaveStore(tmp_path).entries()[0]
    profile = Profile.load(tmp_path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert isinstance(entry, BrokenSave) and profile.problem is not None
    assert peak < 30_000_000
