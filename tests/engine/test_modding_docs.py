"""docs/modding.md shows the example mod as it is: its manifest and its patch, verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "modding.md").read_text()
EXAMPLE = ROOT / "mods" / "ham-radio"


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#")).strip()


def _blocks() -> list[str]:
    return [b.strip() for b in re.findall(r"```yaml\n(.*?)```", DOC, re.S)]


def test_the_manifest_and_patch_shown_are_the_example_mods_files() -> None:
    blocks = _blocks()
    assert _without_comments((EXAMPLE / "mod.yaml").read_text()) in blocks
    assert _without_comments((EXAMPLE / "patches" / "dead_air.yaml").read_text()) in blocks


def test_the_layout_shown_lists_every_file_of_the_example() -> None:
    for path in EXAMPLE.rglob("*.yaml"):
        assert path.relative_to(EXAMPLE).as_posix() in DOC
