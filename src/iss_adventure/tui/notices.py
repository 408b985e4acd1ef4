"""What the game tells the player (the app shows each as a notification), and the notices a
loaded save brings. Every message is made visible: no control character reaches the terminal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .text import clean

if TYPE_CHECKING:
    from ..engine.model import Story
    from ..engine.saves import Loaded

Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True, slots=True)
class Notice:
    """Something to tell the player (the app shows it as a notification)."""

    message: str
    title: str = ""
    severity: Severity = "information"
    timeout: float | None = None


def loaded_notices(story: Story, loaded: Loaded, slot: str) -> list[Notice]:
    """What to say after loading `slot`: mods or story changed since, or where play goes on."""
    out: list[Notice] = []
    if loaded.mods_changed:
        out.append(Notice(clean(f"{loaded.mods_changed} It was replayed with the mods on now"
                                f"{'' if loaded.stopped else ' and fits them'}."),
                          "Mods changed", "warning", 12))
    if loaded.stopped:
        out.append(Notice(clean(f"The story has changed since this save, so it was replayed as "
                                f"far as it still fits: {loaded.stopped}. You continue from "
                                f"there."), "Story changed", "warning", 12))
    else:
        from ..engine.saves import slot_name

        scene = story.scenes.get(loaded.state.scene)  # the story's title, not the file's
        title = scene.title if scene is not None else loaded.info.scene_title
        out.append(Notice(clean(f"Loaded {slot_name(slot)}: {title}."), timeout=3))
    return out
