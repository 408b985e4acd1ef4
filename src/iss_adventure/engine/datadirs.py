"""Each story's saves and profile in a folder of their own: `<data dir>/stories/<story id>/`.

Settings and installed mods stay at the top of the data folder (they belong to the player,
not to a story). Versions before story ids kept the shipped story's saves and profile at the
top; `story_data_dir` moves them into the shipped story's folder the first time it runs,
renaming file by file (nothing is copied, nothing is overwritten, nothing is lost).
"""

from __future__ import annotations

import os
from pathlib import Path

from .resources import SHIPPED_STORY_ID

STORIES_DIR = "stories"
_LEGACY_PATTERNS = ("profile.json", "profile.json.corrupt-*", "save-*.json")


def story_data_dir(home: Path, story_id: str) -> Path:
    """The folder for `story_id`'s saves and profile (legacy data moved in first)."""
    migrate_legacy(home)
    return Path(home) / STORIES_DIR / story_id


def migrate_legacy(home: Path) -> list[str]:
    """Move the top-level saves and profile of older versions to the shipped story's folder.

    Returns problems for the player (files that could not be moved stay where they were and
    are tried again next time); a file already present at the destination is never replaced.
    """
    home = Path(home)
    try:
        legacy = sorted({p for pattern in _LEGACY_PATTERNS for p in home.glob(pattern)
                         if p.is_file()})
    except OSError:
        return []
    if not legacy:
        return []
    target = home / STORIES_DIR / SHIPPED_STORY_ID
    problems = []
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        return [f"Your saves could not be moved to {target}: {err.strerror or err}."]
    for path in legacy:
        destination = target / path.name
        if destination.exists():
            problems.append(f"{path.name} was left in {home}: {destination} already exists.")
            continue
        try:
            os.rename(path, destination)
        except OSError as err:
            problems.append(f"{path.name} could not be moved: {err.strerror or err}.")
    return problems
