"""Setting a file aside: a save, profile or settings file the game cannot read is renamed,
never replaced, so a newer version's file or a damaged one can still be recovered."""

from __future__ import annotations

import os
from pathlib import Path


def set_aside(path: Path, why: str) -> Path:
    """Rename `path` to `<name>.<why>-N` (the first N free) and return the new path.

    Raises OSError when the rename fails; the caller must then leave the file alone.
    """
    n = 1
    while True:
        aside = path.with_name(f"{path.name}.{why}-{n}")
        if not os.path.lexists(aside):
            break
        n += 1
    path.rename(aside)
    return aside
