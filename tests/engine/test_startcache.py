"""The start cache: a story's title kept by its content fingerprint, never trusted if changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.saves import data_dir
from iss_adventure.engine.startcache import cache_home, cached_title, fingerprint, remember

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"


def test_the_fingerprint_is_the_loaders(tmp_path: Path) -> None:
    assert fingerprint(DEMO) == load_story(DEMO).fingerprint
    assert fingerprint(tmp_path / "nowhere") is None


def test_a_remembered_title_is_used_until_any_byte_changes(tmp_path: Path) -> None:
    root, home = tmp_path / "story", tmp_path / "home"
    shutil.copytree(DEMO, root)
    story = load_story(root)
    assert cached_title(root, home) is None
    remember(story.fingerprint, story.title, home)
    assert cached_title(root, home) == "Demo Orbit"
    (root / "a" / "hatch.yaml").write_text((root / "a" / "hatch.yaml").read_text() + "\n")
    assert cached_title(root, home) is None  # changed: load and check it first


@pytest.mark.parametrize("content", ["", "not json", "[1, 2]", '{"x": 3}'])
def test_a_damaged_cache_is_just_empty(tmp_path: Path, content: str) -> None:
    (tmp_path / "title-cache.json").write_text(content)
    assert cached_title(DEMO, tmp_path) is None


def test_the_cache_lives_where_the_saves_do(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache_home() == data_dir()
    monkeypatch.delenv("ISS_ADVENTURE_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert cache_home() == data_dir()
