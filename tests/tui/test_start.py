"""The start path: the title's first frame needs only the title card and the theme.

`make bench` measures the cold start to the first frame; these tests keep what that start
imports and reads lean, and the light readers it uses in step with the full ones."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from iss_adventure.engine import startcache
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.settings import SETTINGS_LIMIT, Settings, load_settings
from iss_adventure.tui import sizes
from iss_adventure.tui.app import ISSApp
from iss_adventure.tui.screens import too_small

Factory = Callable[..., ISSApp]
DEMO = Path(__file__).parent.parent / "fixtures" / "demo"

# Loaded after the first frame, or when a screen first opens: never before the title shows.
NOT_BEFORE_THE_TITLE = (
    "argparse", "msgspec", "yaml", "iss_adventure.engine.loader", "iss_adventure.engine.model",
    "iss_adventure.engine.settings", "iss_adventure.engine.prose", "iss_adventure.engine.saves",
    "iss_adventure.engine.profile", "iss_adventure.tui.screens.play",
    "iss_adventure.tui.screens.too_small", "iss_adventure.tui.notices",
    "iss_adventure.tui.session", "iss_adventure.tui.widgets.prose",
)

SHOW_MODULES = """
import sys
from iss_adventure.cli import main
status = main(["play", "--story", sys.argv[1]])
print(status, " ".join(sorted(sys.modules)))
"""


def _first_frame_output(tmp_path: Path, script: str) -> str:
    """What `script` (which starts the game on the demo story) prints last, the game ended at
    the title's first frame and started as a second start is: from the start cache."""
    home = tmp_path / "home"
    key = startcache.start_key(DEMO, home)
    assert key is not None
    startcache.remember(key, startcache.card_of(load_story(DEMO)), home)
    env = {**os.environ, "ISS_ADVENTURE_HOME": str(home), "ISS_ADVENTURE_FIRST_FRAME_EXIT": "1",
           "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver"}
    done = subprocess.run([sys.executable, "-c", script, str(DEMO)], env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.split("\n")[-2]


def test_the_title_first_frame_imports_nothing_it_does_not_show(tmp_path: Path) -> None:
    status, modules = _first_frame_output(tmp_path, SHOW_MODULES).split(" ", 1)
    imported = set(modules.split())
    assert status == "0"
    assert "iss_adventure.tui.screens.title" in imported  # it did start the TUI
    assert sorted(imported.intersection(NOT_BEFORE_THE_TITLE)) == []


DATACLASSES = """
import sys
from iss_adventure.cli import main
status = main(["play", "--story", sys.argv[1]])
made = sorted(f"{name}.{attr}" for name, module in list(sys.modules.items())
              if name.startswith("iss_adventure") for attr, value in vars(module).items()
              if isinstance(value, type) and value.__module__ == name
              and "__dataclass_fields__" in vars(value))
print(status, made)
"""


def test_the_title_first_frame_makes_no_dataclass(tmp_path: Path) -> None:
    """A dataclass is made with generated code (a frozen one with slots about a millisecond,
    more than a module of ours): the classes the first frame needs (the title card, the
    text helpers' blocks) are named tuples."""
    assert _first_frame_output(tmp_path, DATACLASSES) == "0 []"


SOUND = ['{"theme": "nord"}', '{"theme": ""}', '{"theme": 3}', "{}",
         '{"theme": "nord", "mods": ["a"], "typewriter": false}', '  {"theme": "nord"}\n']


@pytest.mark.parametrize("content", [*SOUND, '{"format": 1}', "[]", "x", "",
    '{"theme": "nord", "n": NaN}', '{"theme": "a", "x": 1e999}', '{"theme": "a", "theme": "b"}',
    '\ufeff{"theme": "nord"}', '{"theme": "nord\\ud800"}', '{"theme": "nord", "x": "\\ud800"}',
    '{"theme": "nord", "x": ' + "[" * 40 + "]" * 40 + "}", '{"theme": "nord",}',
])
def test_the_light_theme_read_agrees_with_the_settings(tmp_path: Path, content: str) -> None:
    (tmp_path / "settings.json").write_text(content, encoding="utf-8")
    light = startcache.saved_theme(tmp_path)
    assert light in (None, load_settings(tmp_path).theme)  # None: only the full read can say
    if content in SOUND:
        assert light is not None  # a sound file is read lightly, without msgspec


def test_the_light_theme_read_without_a_file(tmp_path: Path) -> None:
    assert startcache.saved_theme(tmp_path / "none") == load_settings(tmp_path / "none").theme
    (tmp_path / "settings.json").mkdir()
    assert startcache.saved_theme(tmp_path) is None  # not a file: the full read reports it


def test_the_light_readers_share_the_full_ones_constants() -> None:
    assert Settings().theme == startcache.DEFAULT_THEME
    assert startcache.SETTINGS_LIMIT == SETTINGS_LIMIT
    # the app's size check and the too-small screen read one pair (tui/sizes.py)
    assert too_small.too_small is sizes.too_small and too_small.MIN_WIDTH is sizes.MIN_WIDTH


GC_AT_FIRST_FRAME = """
import gc, sys
from iss_adventure.tui.start import StartApp
seen = []
mounted = StartApp.on_mount
def on_mount(self):
    seen.append(gc.isenabled())
    mounted(self)
StartApp.on_mount = on_mount
from iss_adventure.cli import main
status = main(["play", "--story", sys.argv[1]])
print(status, seen, gc.isenabled())
"""


def test_the_collector_waits_for_the_title_first_frame(tmp_path: Path) -> None:
    """Started from the start cache, the cyclic collector is off until the title's first
    frame (Textual's and the title's objects are long-lived: walking them again and again
    while they are made was ~4% of the start's work). `make bench` ends the game at that
    frame, before what follows it (the story's load, the collector turned back on)."""
    assert _first_frame_output(tmp_path, GC_AT_FIRST_FRAME) == "0 [False] False"


def test_without_a_card_the_collector_stays_on(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from iss_adventure import cli
    from iss_adventure.tui import start

    assert cli.FIRST_FRAME_ENV == start.FIRST_FRAME_ENV
    monkeypatch.setenv("ISS_ADVENTURE_HOME", str(tmp_path))  # no start cache there
    assert gc.isenabled()
    assert cli._play_from_start_cache(DEMO, no_mods=False, seed=0) is None
    assert gc.isenabled()  # the story loads first, collected as ever


async def test_the_collector_is_on_once_the_title_has_shown(make_app: Factory) -> None:
    """Right after the first frame (with the story's load) the app turns it back on."""
    import gc

    app = make_app()
    gc.disable()
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()
