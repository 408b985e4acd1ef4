"""Swapping the story under a running game: the same story reloaded with other mods."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..text import clean
from .saving import GameSaving

if TYPE_CHECKING:
    from ...engine.model import Story


class GameMods(GameSaving):
    """The enabled mods, and the story swap a change of them needs."""

    def apply_mods(self, enabled: list[str]) -> bool:
        """Keep a new list of enabled mods and reload the story with them; False (and a
        notice) when the story itself no longer loads, so the old one stays."""
        import msgspec

        from ...engine.installed import load_with_enabled_mods
        from ...engine.problems import StoryError

        self.apply_settings(msgspec.structs.replace(self.settings, mods=enabled))
        try:
            story, notice = load_with_enabled_mods(Path(self.story.root), home=self.directory,
                                                   enabled=enabled)
        except StoryError as err:  # the story itself broke since start-up: keep playing it
            self._tell(clean(str(err)), "Story", "error")
            return False
        self.replace_story(story)
        if notice:
            self.tell_mods_problem(notice)
        else:
            on = ", ".join(story.mods) if story.mods else "none"
            self._tell(f"Mods on: {clean(on)}.", timeout=4)
        return True

    def replace_story(self, story: Story) -> None:
        """Play `story` from now on (the same story reloaded with other mods): the game on
        screen is autosaved first and closed; saves and profile follow the story's id."""
        old_id = self._story.id if self._story is not None else None
        self.flush()
        with self._writing:  # no worker's write sees half the swap
            self.session = None
            self._story = story
            self._load_story = None
            self._machine = None
            if story.id != old_id:
                self._store = None
                self._profile = None

    def tell_mods_problem(self, message: str) -> None:
        """Why the enabled mods are (partly) off: shown long enough to read."""
        self._tell(clean(message), "Mods", "warning", 15)
