"""SVG snapshots of the title and play screens (fake clock, no typewriter, fixed date).

Update them after a deliberate change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the SVG files before keeping them.
"""

from __future__ import annotations

from collections.abc import Callable

from iss_adventure.tui.app import ISSApp

Factory = Callable[..., ISSApp]


def test_title_screen(snap_compare, make_app: Factory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 32))


def test_title_screen_80x24(snap_compare, make_app: Factory) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_play_screen(snap_compare, make_app: Factory) -> None:
    assert snap_compare(make_app(), press=["n", "1"], terminal_size=(100, 32))


def test_play_screen_with_locked_choice_80x24(snap_compare, make_app: Factory) -> None:
    assert snap_compare(make_app(), press=["n", "2"], terminal_size=(80, 24))


def test_play_screen_timed_choice(snap_compare, make_app: Factory) -> None:
    assert snap_compare(make_app(), press=["n", "1", "1", "3"], terminal_size=(100, 32))


def test_play_screen_ending(snap_compare, make_app: Factory) -> None:
    assert snap_compare(make_app(), press=["n", "2", "3"], terminal_size=(100, 32))


def test_too_small(snap_compare, make_app: Factory) -> None:
    assert snap_compare(make_app(), terminal_size=(50, 12))
