"""Visitor tokens and folders: shapes, hashing, and the caps on number and size."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from iss_adventure.serve.visitors import (
    VisitorFolders,
    VisitorRefused,
    folder_bytes,
    folder_name,
    new_token,
    valid_token,
)


def test_tokens_are_random_and_only_our_shape_is_accepted() -> None:
    first, second = new_token(), new_token()
    assert first != second and valid_token(first) == first
    for bad in (None, "", "short", first + "x", "../" + first[3:], first[:-1] + "/",
                first[:-1] + "é"):
        assert valid_token(bad) is None, bad


def test_folders_are_named_by_a_hash_never_the_token() -> None:
    token = new_token()
    name = folder_name(token)
    assert token not in name and name.startswith("v-") and len(name) == 42
    assert folder_name(token) == name and folder_name(new_token()) != name


def test_a_visitor_keeps_one_folder_and_guests_are_cleared(tmp_path: Path) -> None:
    folders = VisitorFolders(tmp_path / "web", max_visitors=2, max_bytes=100_000)
    folders.prepare()
    token = new_token()
    first = folders.visit(token)
    assert folders.visit(token).folder == first.folder and not first.guest
    guest = folders.visit(None)
    assert guest.guest and guest.folder.is_dir() and guest.folder != first.folder
    (guest.folder / "save-auto.json").write_text("{}")
    guest.end()
    assert not guest.folder.exists()
    first.end()  # a visitor's folder stays
    assert first.folder.is_dir()
    left_over = folders.visit(None)
    folders.prepare()  # as after a crash: guests are cleared, visitors kept
    assert not left_over.folder.exists() and first.folder.is_dir()


def test_the_number_of_visitors_is_capped(tmp_path: Path) -> None:
    folders = VisitorFolders(tmp_path, max_visitors=2, max_bytes=100_000)
    kept = [new_token(), new_token()]
    for token in kept:
        folders.visit(token)
    with pytest.raises(VisitorRefused, match="New crew cannot board"):
        folders.visit(new_token())
    assert folders.count() == 2
    assert not folders.visit(kept[0]).guest  # known visitors still get in


def test_at_the_cap_only_a_visitor_unseen_for_long_makes_room(tmp_path: Path) -> None:
    folders = VisitorFolders(tmp_path, max_visitors=2, max_bytes=100_000, forget_after_days=30)
    old, recent = new_token(), new_token()
    old_folder = folders.visit(old).folder
    folders.visit(recent)
    long_ago = time.time() - 31 * 86400
    os.utime(old_folder, (long_ago, long_ago))
    newcomer = folders.visit(new_token())  # the visitor unseen for 31 days made room
    assert not old_folder.exists() and newcomer.folder.is_dir() and folders.count() == 2
    with pytest.raises(VisitorRefused):  # everyone else was seen recently
        folders.visit(new_token())
    recent_folder = folders.visit(recent).folder  # a visit marks the folder as seen
    os.utime(recent_folder, (long_ago, long_ago))
    folders.visit(recent)
    assert time.time() - recent_folder.stat().st_mtime < 3600


def test_a_folder_over_the_size_cap_is_refused_with_its_size(tmp_path: Path) -> None:
    folders = VisitorFolders(tmp_path, max_visitors=5, max_bytes=100_000)
    token = new_token()
    folder = folders.visit(token).folder
    (folder / "sub").mkdir()
    (folder / "sub" / "big.json").write_bytes(b"x" * 150_000)
    (folder / "link").symlink_to("/dev/zero")
    assert folder_bytes(folder) == 150_000
    with pytest.raises(VisitorRefused, match=r"take 150 kB, more than .* \(100 kB\)"):
        folders.visit(token)
