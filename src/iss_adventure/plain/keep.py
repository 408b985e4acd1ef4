"""What plain mode keeps between runs: the same save slots and profile as the full-screen game.

Saves and profile live in the story's own data folder (`engine/datadirs.py`, by story id),
written by the engine's `SaveStore` and `Profile`, so a game saved in plain mode continues in
the full-screen game and the other way round, and endings reached here count in the gallery.
Nothing here raises at the player: every problem comes back as a message to print.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ..engine.datadirs import story_data_dir
from ..engine.model import Story
from ..engine.profile import Profile
from ..engine.resources import SHIPPED_STORY_ID
from ..engine.saves import (
    SLOTS,
    BrokenSave,
    Loaded,
    SaveError,
    SaveInfo,
    SaveStore,
    data_dir,
    ended_note,
    save_place,
    slot_label,
    slot_name,
)
from ..engine.state import GameState

AUTO_SLOT = "auto"
QUICK_SLOT = "quick"


def slot_named(word: str) -> str | None:
    """The slot a player typed ("3", "quick", "q", "auto"), or None."""
    word = word.strip().lower()
    aliases = {"q": QUICK_SLOT, "quicksave": QUICK_SLOT, "autosave": AUTO_SLOT, "a": AUTO_SLOT}
    slot = aliases.get(word, word)
    return slot if slot in SLOTS else None


def describe_save(info: SaveInfo) -> str:
    """One line of the save list, in words."""
    minutes = int(info.played_seconds // 60)
    played = f"{minutes} minute{'s' if minutes != 1 else ''} played"
    choices = f"{info.turn} choice{'s' if info.turn != 1 else ''}"
    saved = info.saved_at[:16].replace("T", " ")
    return (f"{slot_label(info.slot)}: {save_place(info, ', ')}, act {info.act}, {choices}, "
            f"{played}, saved {saved}")


class Keeper:
    """The save slots and profile of one story, as plain mode uses them."""

    def __init__(self, story: Story, home: Path | None = None,
                 now: Callable[[], datetime] = datetime.now,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.story = story
        self.now = now
        self.clock = clock
        self.messages: list[str] = []  # to print, then forgotten: `take_messages()`
        directory = story_data_dir(home or data_dir(), story.id or SHIPPED_STORY_ID)
        self.store = SaveStore(directory)
        self.profile = Profile.load(directory)
        if self.profile.problem:
            self.messages.append(self.profile.problem)
        self._played = 0.0
        self._since = clock()
        self.holding = False  # a new game has not replaced the autosave yet
        self.dev = False  # a playthrough the TUI's developer console made: counts nowhere
        self._loaded_dev = False  # the mark of the save loaded last, for the next begin()

    def take_messages(self) -> list[str]:
        messages = [*self.messages, *self.store.take_notices()]
        self.messages = []
        return messages

    @property
    def played_seconds(self) -> float:
        return self._played + max(0.0, self.clock() - self._since)

    def begin(self, state: GameState, played: float = 0.0, hold: bool = False) -> None:
        """A playthrough starts here (new, loaded): what its log reached is seen. With
        `hold`, the autosave keeps the previous game until this one's first move (a new game
        started without --continue must not wipe the game the player meant to continue)."""
        self._played, self._since = played, self.clock()
        self.holding = hold
        self.dev, self._loaded_dev = self._loaded_dev, False
        if not self.dev:
            self.profile.record(self.story, None, state)
        self.autosave(state)

    def moved(self, before: GameState | None, after: GameState) -> None:
        """A choice (before -> after) or an undo/redo (before None): record and autosave."""
        self.holding = False
        if before is not None and not self.dev:
            self.profile.record(self.story, before, after)
        self.autosave(after)

    def autosave(self, state: GameState) -> bool:
        """The autosave slot and the profile, written now; False (and a message) on failure.
        While `holding`, only the profile is written."""
        ok = self.holding or self._save(AUTO_SLOT, state, "Autosave failed") is not None
        problem = self.profile.save()
        if problem:
            self.messages.append(f"Could not keep your progress: {problem}")
        return ok

    def kept_game(self) -> SaveInfo | None:
        """The newest usable save, if any (unreadable folders: None)."""
        try:
            return self.store.latest()
        except OSError:
            return None

    def save(self, slot: str, state: GameState) -> SaveInfo | None:
        return self._save(slot, state, "Cannot save")

    def _save(self, slot: str, state: GameState, failed: str) -> SaveInfo | None:
        try:
            return self.store.save(slot, self.story, state, self.played_seconds, self.now(),
                                   dev=self.dev)
        except (SaveError, OSError) as err:
            self.messages.append(f"{failed}: {err}")
            return None

    def load(self, slot: str) -> Loaded | None:
        """The game in `slot`, or None with a message saying why not."""
        try:
            loaded = self.store.load(slot, self.story)
        except (SaveError, OSError) as err:
            self.messages.append(str(err))
            return None
        self._loaded_dev = loaded.info.dev  # a console playthrough stays one
        if loaded.mods_changed:
            self.messages.append(f"{loaded.mods_changed} It was replayed with the mods on now"
                                 f"{'' if loaded.stopped else ' and fits them'}.")
        if loaded.stopped:
            self.messages.append(f"The story has changed since this save, so it was replayed as "
                                 f"far as it still fits: {loaded.stopped}. You continue from "
                                 f"there.")
        return loaded

    def resume(self) -> Loaded | None:
        """The newest usable save, loaded, as `--continue` and the title's Continue take it;
        the first message says which (and, for a game that has ended, that it has)."""
        slot = self.latest()
        loaded = self.load(slot) if slot is not None else None
        if loaded is not None:
            ended = f" ({ended_note(loaded.info)})" if loaded.info.ending else ""
            self.messages.insert(0, f"You continue the game kept in "
                                    f"{slot_name(loaded.info.slot)}{ended}.")
        return loaded

    def latest(self) -> str | None:
        """The slot to continue from (the newest usable save), or None with a message."""
        try:
            entries = self.store.entries()
            latest = self.store.latest()
        except OSError as err:
            self.messages.append(f"Your saves cannot be read ({err.strerror or err}).")
            return None
        if latest is None:
            broken = [e for e in entries if isinstance(e, BrokenSave)]
            why = "".join(f" {slot_label(e.slot)} cannot be used: {e.message}" for e in broken)
            self.messages.append(f"There is no saved game to continue, so a new game starts."
                                 f"{why}")
            return None
        return latest.slot

    def listing(self) -> list[str]:
        """Every slot with a file, one line each (damaged ones say why)."""
        try:
            entries = self.store.entries()
        except OSError as err:
            return [f"Your saves cannot be read ({err.strerror or err})."]
        lines = []
        for entry in entries:
            if isinstance(entry, BrokenSave):
                lines.append(f"{slot_label(entry.slot)}: cannot be used: {entry.message}")
            else:
                lines.append(describe_save(entry))
        return lines or ["There are no saved games yet."]
