"""Where the shipped story lives: package data in a wheel, `scenes/` in a checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
SHIPPED_STORY_ID = "iss"  # scenes/story.yaml's id; data of versions before ids belongs to it


def default_story_dir() -> Path:
    """The installed story (wheel) or the checkout's scenes/ (editable install)."""
    bundled = PACKAGE_DIR / "story"
    if (bundled / "story.yaml").is_file():
        return bundled
    return PACKAGE_DIR.parent.parent / "scenes"
