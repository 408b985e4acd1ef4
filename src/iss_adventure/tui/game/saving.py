"""Writing the game down: save slots, the autosave (asked for at every move, written by
`flush()` in the app's thread worker, so the disk never slows a choice) and the run a
flowchart jump leaves behind. Problems (a full disk, say) become notices, never exceptions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..text import clean
from .data import GameData

if TYPE_CHECKING:
    from ...engine.saves import SaveInfo
    from ...engine.state import GameState
    from ..session import Session

AUTO_SLOT = "auto"
QUICK_SLOT = "quick"
JUMP_SLOT = "jump"  # the run a flowchart jump left behind


class GameSaving(GameData):
    """Save slots and the autosave of the playthrough on screen."""

    def save(self, slot: str) -> SaveInfo | None:
        """Save the playthrough to `slot`; None (and a notice) when that fails."""
        from ...engine.saves import SaveError, slot_name

        session = self.session
        if session is None:
            self._tell("Start or continue a game first.", timeout=3)
            return None
        try:
            with self._writing:
                info = self.store.save(slot, self.story, session.state,
                                       session.played_seconds, self.now(), dev=session.dev)
        except (SaveError, OSError) as err:
            self._tell(str(err), "Cannot save", "error")
            return None
        finally:
            self._tell_kept()
        self._tell(f"Saved to {slot_name(slot)}: {clean(info.scene_title)}.", timeout=3)
        return info

    def _keep_run(self) -> bool:
        """Save the run a jump leaves (on screen, or the latest save's) in JUMP_SLOT."""
        from ...engine.saves import SaveError

        if self.session is not None:
            state, played = self.session.state, self.session.played_seconds
        else:
            latest = self.latest_save()
            if latest is None:
                return False
            try:
                with self._writing:
                    loaded = self.store.load(latest.slot, self.story)
            except (SaveError, OSError):
                return False
            state, played = loaded.state, latest.played_seconds
        try:
            with self._writing:
                self.store.save(JUMP_SLOT, self.story, state, played, self.now())
        except (SaveError, OSError) as err:
            self._tell(f"The run you left could not be kept: {err}", severity="error")
            return False
        finally:
            self._tell_kept()
        return True

    def where_last(self) -> GameState:
        """Where the player is or last was (the latest save), or the start of a new game."""
        if self.session is not None:
            return self.session.state
        latest = self.latest_save()
        if latest is not None:
            from ...engine.saves import SaveError

            try:
                return self.store.load(latest.slot, self.story).state
            except (SaveError, OSError):
                pass
        return self.machine.new_game(self.seed)

    # -- writing -------------------------------------------------------------------------

    def flush(self) -> None:
        """Write the newest autosave and the profile if they changed. Thread-safe; problems
        (a full disk, say) become notices, never exceptions."""
        from ...engine.saves import SaveError

        with self._writing:
            pending, self._pending = self._pending, None
            if pending is not None:
                state, played, dev = pending
                store = self.store
                try:
                    store.save(AUTO_SLOT, self.story, state, played, self.now(), dev=dev)
                except (SaveError, OSError) as err:
                    self._tell(f"Autosave failed: {err}", severity="error")
                self._tell_kept(store)
            if self._profile is not None:
                problem = self._profile.save()  # writes only when something new was seen
                if problem:
                    self._tell(f"Could not keep your progress: {problem}", severity="error")

    def autosave_now(self) -> None:
        """Autosave right away (leaving the game or quitting), with the time played so far."""
        if self.session is not None:
            self._pending = (self.session.state, self.session.played_seconds, self.session.dev)
            self.flush()

    # -- inside --------------------------------------------------------------------------

    def _current(self) -> Session:
        if self.session is None:
            raise RuntimeError("no playthrough: call new(), load() or jump() first")
        return self.session

    def _autosave(self) -> None:
        session = self._current()
        self._pending = (session.state, session.played_seconds, session.dev)
        self.on_write()
