"""Plain mode never lets story or save text drive the terminal (issue 13): a window title
(`\\e]0;...\\a`), a screen clear (`\\e[2J`) or a one-byte CSI (`\\x9b`) in a scene is printed
made visible, as the TUI shows it (`engine/terminal.py`), on every path plain mode prints."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from iss_adventure.engine.datadirs import story_data_dir
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.model import Story
from iss_adventure.plain import Keeper, PlainGame

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"
BAD = r"\e]0;pwned\a\e[2J\x9b"  # as YAML writes it, in double quotes
SHOWN = "␛]0;pwned␇␛[2J�"  # as the player sees it
FORBIDDEN = {"\x1b", "\x07", *(chr(c) for c in range(0x80, 0xA0))}
TO_HOME = ["1", "1", "2", "2", "1"]  # knock, read, radio, leave, hold on


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Story:
    root = tmp_path_factory.mktemp("hostile") / "story"
    shutil.copytree(DEMO, root)
    edit(root / "a" / "hatch.yaml", "title: The Hatch", f'title: "Hatch {BAD}"')
    edit(root / "a" / "hatch.yaml", "choices:",
         f'variants:\n  - if: "true"\n    text: "Prose {BAD}. The hatch is"\nchoices:')
    edit(root / "a" / "hatch.yaml", "text: Knock twice.", f'text: "Knock {BAD}"')
    edit(root / "a" / "truss.yaml", "locked: Boris is not watching.",
         f'locked: "Boris {BAD} is not watching."')
    edit(root / "end" / "home.yaml", "  title: Home", f'  title: "Home {BAD}"')
    edit(root / "end" / "home.yaml", "summary: The home ending.", f'summary: "Sum {BAD}"')
    edit(root / "story.yaml", "name: Anna Ivanova", f'name: "Anna{BAD} Ivanova"')
    edit(root / "story.yaml", 'label: "You know the secret"', f'label: "Secret {BAD}"')
    return load_story(root)


def played(story: Story, home: Path, *lines: str) -> str:
    out = io.StringIO()
    game = PlainGame(story, out, io.StringIO("".join(f"{line}\n" for line in lines)),
                     width=200, keeper=Keeper(story, home))
    game.run(game.machine.new_game(0))
    text = out.getvalue()
    found = sorted({c for c in text if c in FORBIDDEN})
    assert not found, f"control characters reached the output: {found!r}"
    return text


def test_prose(hostile: Story, tmp_path: Path) -> None:
    assert f"Prose {SHOWN}. The hatch is" in played(hostile, tmp_path)


def test_titles(hostile: Story, tmp_path: Path) -> None:
    assert f"== Act 1: One · Hatch {SHOWN} ==" in played(hostile, tmp_path)


def test_choices(hostile: Story, tmp_path: Path) -> None:
    assert f"  1. Knock {SHOWN}" in played(hostile, tmp_path)


def test_locked_reasons(hostile: Story, tmp_path: Path) -> None:
    out = played(hostile, tmp_path, "1", "1", "3", "2")
    assert f"2. (locked) Let go. [Boris {SHOWN} is not watching.]" in out
    assert f"That choice is locked: Boris {SHOWN} is not watching." in out


def test_endings(hostile: Story, tmp_path: Path) -> None:
    out = played(hostile, tmp_path, *TO_HOME, "endings", "read 1")
    assert f"*** THE END: Home {SHOWN} ***" in out and f"Sum {SHOWN}" in out
    assert f"*** Home {SHOWN} (hopeful) ***" in out and f"The end: Sum {SHOWN}" in out
    assert f"Home {SHOWN} (hopeful), reached once: Sum {SHOWN}" in out


def test_what_changed_lines(hostile: Story, tmp_path: Path) -> None:
    out = played(hostile, tmp_path, "1", "1", "trust")
    assert f"  · Anna{SHOWN} trusts you more (1 → 2)." in out
    assert f"Anna{SHOWN} Ivanova  2 of 3  up from 1" in out
    assert f"Secret {SHOWN}: no → yes." in out


def test_save_names(hostile: Story, tmp_path: Path) -> None:
    out = played(hostile, tmp_path, "save 1", "saves")
    assert f"Saved to slot 1: Hatch {SHOWN}." in out
    assert f"Slot 1: Hatch {SHOWN}, act 1" in out


def test_save_names_from_a_forged_file(hostile: Story, tmp_path: Path) -> None:
    played(hostile, tmp_path, "save 2")
    path = story_data_dir(tmp_path, hostile.id) / "save-2.json"
    data = json.loads(path.read_text())
    data["info"]["scene_title"] = "Forged \x1b]0;pwned\x07\x1b[2J\x9b"
    data["info"]["saved_at"] = "\x9b2J"
    path.write_text(json.dumps(data))
    out = played(hostile, tmp_path, "saves", "load 2")
    assert f"Slot 2: Forged {SHOWN}, act 1" in out and "saved �2J" in out
    assert "Loaded slot 2." in out


def test_messages_about_damaged_files(hostile: Story, tmp_path: Path) -> None:
    folder = story_data_dir(tmp_path, hostile.id)
    folder.mkdir(parents=True)
    (folder / "save-3.json").write_text('{"format": "\x1b]0;pwned\x07", "x": [')
    out = played(hostile, tmp_path, "load 3", "saves")
    assert "Cannot load Slot 3" in out
