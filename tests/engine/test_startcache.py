"""The start cache: a story's title card kept by what it depends on, never trusted if changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iss_adventure.engine import startcache
from iss_adventure.engine.installed import MODS_DIR
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.saves import data_dir
from iss_adventure.engine.settings import SETTINGS_FILE
from iss_adventure.engine.startcache import (
    TitleCard,
    cache_home,
    cached_card,
    card_of,
    fingerprint,
    remember,
    start_key,
)

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"


def test_the_fingerprint_is_the_loaders(tmp_path: Path) -> None:
    assert fingerprint(DEMO) == load_story(DEMO).fingerprint
    assert fingerprint(tmp_path / "nowhere") is None


def test_a_remembered_card_is_used_until_any_byte_changes(tmp_path: Path) -> None:
    root, home = tmp_path / "story", tmp_path / "home"
    shutil.copytree(DEMO, root)
    story = load_story(root)
    assert cached_card(root, home) is None
    key = start_key(root, home)
    assert key is not None
    remember(key, card_of(story), home)
    assert cached_card(root, home) == (key, TitleCard("Demo Orbit", story.tagline,
                                                      story.station_map, ()))
    assert cached_card(root, home, no_mods=True) is None  # another key: mods decide the card
    (root / "a" / "hatch.yaml").write_text((root / "a" / "hatch.yaml").read_text() + "\n")
    assert cached_card(root, home) is None  # changed: load and check it first


@pytest.mark.parametrize("change", ["settings", "mod"])
def test_settings_or_an_installed_mod_changed_is_another_key(tmp_path: Path,
                                                              change: str) -> None:
    home = tmp_path / "home"
    before = start_key(DEMO, home)
    if change == "settings":
        home.mkdir()
        (home / SETTINGS_FILE).write_text('{"mods": ["more"]}')
    else:
        (home / MODS_DIR / "more").mkdir(parents=True)
        (home / MODS_DIR / "more" / "mod.yaml").write_text("id: more\n")
    assert start_key(DEMO, home) not in (None, before)
    assert start_key(DEMO, home, no_mods=True) == start_key(DEMO, tmp_path / "x", no_mods=True)


def test_a_forgotten_card_is_gone(tmp_path: Path) -> None:
    key = start_key(DEMO, tmp_path)
    assert key is not None
    remember(key, TitleCard("Demo Orbit"), tmp_path)
    remember(key, None, tmp_path)
    assert cached_card(DEMO, tmp_path) is None


@pytest.mark.parametrize("content", ["", "not json", "[1, 2]", '{"x": 3}', "KEY"])
def test_a_damaged_cache_is_just_empty(tmp_path: Path, content: str) -> None:
    key = start_key(DEMO, tmp_path)
    assert key is not None
    if content == "KEY":  # the right key with a card of the wrong shape
        content = f'{{"{key}": {{"title": "T", "tagline": 1, "station_map": true, "mods": []}}}}'
    (tmp_path / startcache.CACHE_FILE).write_text(content)
    assert cached_card(DEMO, tmp_path) is None


def test_the_cache_lives_where_the_saves_do(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache_home() == data_dir()
    assert (startcache.SETTINGS_FILE, startcache.MODS_DIR) == (SETTINGS_FILE, MODS_DIR)
    monkeypatch.delenv("ISS_ADVENTURE_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert cache_home() == data_dir()


def test_stale_cache_files_are_removed_and_nothing_else(tmp_path: Path) -> None:
    """The superseded title-cache.json goes, and so do temp files a crash left; a temp file
    being written now, the live cache, saves, folders and what links point to stay."""
    import os
    import time

    home = tmp_path / "home"
    (home / "stories").mkdir(parents=True)
    (home / "title-cache.json").write_text('{"abc": "Old title"}')
    old, young = home / ".start-cache.json.123", home / ".start-cache.json.456"
    (home / ".title-cache.json.77").write_text("{}")
    old.write_text("{")
    young.write_text("{")
    now = time.time()
    for path in (old, home / ".title-cache.json.77"):
        os.utime(path, (now - 3600, now - 3600))
    keep = tmp_path / "elsewhere.json"
    keep.write_text("mine")
    (home / ".start-cache.json.999").symlink_to(keep)  # a link: never followed, never removed
    (home / "save-1.json").write_text("{}")
    (home / ".start-cache.json.notapid").write_text("{}")
    story = load_story(DEMO)
    key = start_key(DEMO, home)
    assert key is not None
    remember(key, card_of(story), home)  # the next clean start tidies up
    left = sorted(p.name for p in home.iterdir())
    assert left == [".start-cache.json.456", ".start-cache.json.999",
                    ".start-cache.json.notapid", "save-1.json", "start-cache.json",
                    "stories"], left
    assert keep.read_text() == "mine"
    assert cached_card(DEMO, home) == (key, card_of(story))
    assert startcache.prune_stale(home, now=now + 3600) == [".start-cache.json.456"]
    assert startcache.prune_stale(tmp_path / "nowhere") == []


def test_a_title_cache_folder_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "title-cache.json").mkdir()
    assert startcache.prune_stale(tmp_path) == []
    assert (tmp_path / "title-cache.json").is_dir()
