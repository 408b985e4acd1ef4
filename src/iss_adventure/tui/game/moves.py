"""The game behind the screens: one playthrough, the saves, the profile and the settings.

Plain Python, testable without Textual running. Every move (`new`, `choose`, `undo`, `redo`,
`load`, `jump`) updates the session, records what the player saw in the profile and asks for
an autosave, so no screen has to remember to.

Ownership: the session's timeline is the only holder of the current state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..text import clean
from .mods import GameMods

if TYPE_CHECKING:
    from ...engine.saves import Loaded
    from ...engine.state import GameState
    from ..session import Session


class Game(GameMods):
    """One player's game: the playthrough on screen (if any), saves, profile, settings."""

    # -- moves ---------------------------------------------------------------------------

    def new(self) -> Session:
        """A new playthrough from the story's start."""
        from ..session import Session

        return self.begin(Session(self.story, seed=self.seed, clock=self.clock,
                                  machine=self.machine))

    def choose(self, choice_id: str) -> GameState:
        """Take a choice in the current playthrough (InvalidChoice if it cannot be taken)."""
        session = self._current()
        before = session.state
        after = session.choose(choice_id)
        if not session.dev:  # the console was used: nothing of it counts
            self.profile.record(self.story, before, after)
        self._autosave()
        return after

    def undo(self) -> GameState | None:
        """Back to the decision before the last choice; None at the first scene."""
        state = self._current().undo()
        if state is not None:
            self._autosave()
        return state

    def redo(self) -> GameState | None:
        state = self._current().redo()
        if state is not None:
            self._autosave()
        return state

    def load(self, slot: str) -> Session | None:
        """Continue from a save slot; None (and a notice) when it cannot be loaded."""
        from ...engine.saves import SaveError
        from ..session import Session

        try:
            with self._writing:
                loaded = self.store.load(slot, self.story)
        except (SaveError, OSError) as err:
            self._tell(str(err), "Cannot load", "error")
            return None
        finally:
            self._tell_kept()
        session = self.begin(Session(self.story, loaded.state, clock=self.clock,
                                     played=loaded.info.played_seconds, machine=self.machine,
                                     dev=loaded.info.dev))
        self._tell_loaded(loaded, slot)
        return session

    def continue_latest(self) -> Session | None:
        latest = self.latest_save()
        if latest is None:
            self._tell("There is no saved game yet: start a new one.", timeout=4)
            return None
        return self.load(latest.slot)

    def jump(self, state: GameState) -> Session:
        """Continue from a state the flowchart replayed, keeping the time played and the run
        left behind: a state on this playthrough's timeline is rewound to (redo leads back);
        any other run is kept in the "Before the jump" slot first."""
        from ..session import Session

        scene = self.story.scenes.get(state.scene)
        title = clean(scene.title if scene else state.scene)
        if self.session is not None and self.session.rewind_to(state):
            self._autosave()
            self._tell(f"Jumped back to {title}. Redo (r) leads along your run again.",
                       timeout=4)
            return self.session
        kept = self._keep_run()
        played = self.session.played_seconds if self.session is not None else 0.0
        session = self.begin(Session(self.story, state, clock=self.clock, played=played,
                                     machine=self.machine))
        self._tell(f"Jumped to {title}." + (
            " The run you left is kept: Load, Before the jump." if kept else ""), timeout=5)
        return session

    # -- inside --------------------------------------------------------------------------

    def begin(self, session: Session) -> Session:
        """A playthrough starts (new, load, jump, a reload, the console): everything its log
        reached is seen, unless the console made it."""
        self.session = session
        if not session.dev:
            self.profile.record(self.story, None, session.state)
        self._autosave()
        return session

    def _tell_loaded(self, loaded: Loaded, slot: str) -> None:
        from ..notices import loaded_notices

        for notice in loaded_notices(self.story, loaded, slot):
            self.on_notice(notice)
