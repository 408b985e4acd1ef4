"""Swapping the story under a running game: the same story reloaded with other mods (the
`--mod` folders given on the command line stay on, loaded last), and telling the player
about conflicts between the mods on."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..text import clean
from .saving import GameSaving

if TYPE_CHECKING:
    from ...engine.model import Story

CONFLICTS_TOLD = 3  # in the notice; the Mods screen lists every one


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
                                                   enabled=enabled, extra=self.cli_mods)
        except StoryError as err:  # the story itself broke since start-up: keep playing it
            self._tell(clean(str(err)), "Story", "error")
            return False
        self.replace_story(story)
        if notice:
            self.tell_mods_problem(notice)
        else:
            on = ", ".join(story.mods) if story.mods else "none"
            kept = f" (with {len(self.cli_mods)} from --mod)" if self.cli_mods else ""
            self._tell(f"Mods on: {clean(on)}{kept}.", timeout=4)
        self.tell_conflicts()
        return True

    def conflicts(self) -> list[str]:
        """What two mods on now both change, one line each (file:line: what), or nothing
        while the story is not loaded yet."""
        from ...engine.installed import conflicts, mods_dir

        story = self.loaded_story
        if story is None:
            return []
        installed = f"{mods_dir(self.directory)}{os.sep}"  # named as the Mods screen names them
        return [f"{p.file}:{p.line}: {p.message.removeprefix('conflict: ')}".replace(installed, "")
                for p in conflicts(story)]

    def tell_conflicts(self) -> None:
        """Mods on now that change the same thing: a notice, the first few named (the Mods
        screen lists them all; `iss-adventure check --mod ...` too)."""
        found = self.conflicts()
        if not found:
            return
        more = f"\n... and {len(found) - CONFLICTS_TOLD} more (see the Mods screen)" \
            if len(found) > CONFLICTS_TOLD else ""
        self._tell("Two mods change the same thing; the one loaded later wins:\n"
                   + "\n".join(found[:CONFLICTS_TOLD]) + more,
                   f"Mod conflict{'s' if len(found) != 1 else ''}", "warning", 15)

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
