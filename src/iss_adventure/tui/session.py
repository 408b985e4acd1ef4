"""One playthrough as the play screen sees it, and the files it keeps on disk.

`Session` is plain Python over the engine: the current state, the timeline of states played
through (for undo and redo, rebuilt from the log for a loaded save or a flowchart jump), the
seconds played (from an injected clock) and what the last choice changed.
`Persistence` wraps the save store and the player's profile; its writing methods are safe to
call from a thread worker, so the disk never slows a choice down.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.machine import ChoiceView, CrewChange, Machine, crew_changes
from ..engine.model import Scene, Story
from ..engine.state import GameState
from ..engine.timeline import Timeline

if TYPE_CHECKING:
    from ..engine.profile import Profile, Settings
    from ..engine.saves import Loaded, SaveInfo, SaveStore

Clock = Callable[[], float]
AUTO_SLOT = "auto"
QUICK_SLOT = "quick"


@dataclass(frozen=True, slots=True)
class Page:
    """One scene of the history: what it said and what Kira chose there."""

    title: str
    act: int
    paragraphs: list[str]
    choice: str | None  # the text of the choice taken; None for the current scene


class Session:
    """The playthrough on screen."""

    def __init__(self, story: Story, state: GameState | None = None, *, seed: int = 0,
                 clock: Clock = time.monotonic, played: float = 0.0,
                 machine: Machine | None = None) -> None:
        self.story = story
        self.machine = machine or Machine(story)
        self.state = state if state is not None else self.machine.new_game(seed)
        self.timeline = Timeline.rebuild(self.machine, self.state)
        self.changes: list[CrewChange] = []
        self.recorded = False  # the profile has seen where this session started
        self.clock = clock
        self._played = played
        self._since: float | None = clock()

    # -- what is on screen ------------------------------------------------------------------

    @property
    def scene(self) -> Scene:
        return self.machine.scene(self.state)

    def paragraphs(self) -> list[str]:
        return self.machine.paragraphs(self.state)

    def choices(self) -> list[ChoiceView]:
        return self.machine.choices(self.state)

    @property
    def is_ending(self) -> bool:
        return self.scene.ending is not None

    @property
    def stuck(self) -> bool:
        """No ending and nothing available: a soft lock in the story."""
        return not self.is_ending and not any(view.available for view in self.choices())

    # -- moving on -----------------------------------------------------------------------------

    def choose(self, choice_id: str) -> GameState:
        """Take a choice; `changes` then says what it did to the crew."""
        before = self.state
        after = self.machine.choose(before, choice_id)
        self.timeline.advance(after)
        self.state = after
        self.changes = crew_changes(self.story, before, after)
        return after

    @property
    def before(self) -> GameState | None:
        """The state before the current one on the timeline, if any."""
        timeline = self.timeline
        return timeline.path.state(timeline.cursor - 1) if timeline.can_undo else None

    # -- rewinding -------------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return self.timeline.can_undo

    @property
    def can_redo(self) -> bool:
        return self.timeline.can_redo

    def undo(self) -> GameState | None:
        """Back to the decision before the last choice; None at the first scene."""
        return self._moved(self.timeline.undo())

    def redo(self) -> GameState | None:
        """Take the undone choice again (the same state as before); None if there is none."""
        return self._moved(self.timeline.redo())

    def _moved(self, state: GameState | None) -> GameState | None:
        if state is None:
            return None
        self.state = state
        before = self.before
        self.changes = crew_changes(self.story, before, state) if before is not None else []
        return state

    # -- time played -------------------------------------------------------------------------

    @property
    def played_seconds(self) -> float:
        running = 0.0 if self._since is None else self.clock() - self._since
        return self._played + max(0.0, running)

    def pause(self) -> None:
        if self._since is not None:
            self._played = self.played_seconds
            self._since = None

    def resume(self) -> None:
        if self._since is None:
            self._since = self.clock()

    # -- history --------------------------------------------------------------------------------

    def history(self) -> list[Page]:
        """Every scene of this playthrough, from the timeline (which holds every state)."""
        path = self.timeline.path
        pages: list[Page] = []
        for i in range(self.timeline.cursor + 1):
            point = path.points[i]
            state = GameState(scene=point.scene, vars=point.vars)  # prose needs no log
            scene = self.machine.scene(state)
            taken: str | None = None
            if i < self.timeline.cursor:
                step = path.step_after(i)
                choice = scene.choice(step.choice)
                taken = choice.text if choice is not None else step.choice
            pages.append(Page(scene.title, scene.act, self.machine.paragraphs(state), taken))
        return pages


class Persistence:
    """The save slots and the profile (endings and scenes seen) of this player."""

    def __init__(self, directory: Path, now: Callable[[], datetime] = datetime.now) -> None:
        from ..engine.profile import Profile
        from ..engine.saves import SaveStore

        self.directory = directory
        self.now = now
        self.store: SaveStore = SaveStore(directory)
        self.profile: Profile = Profile.load(directory)
        self._lock = threading.Lock()
        self._auto: tuple[Story, GameState, float] | None = None
        self._profile_dirty = False

    # -- explicit saves and loads (main thread: the player waits for the answer) ---------

    def save(self, slot: str, session: Session) -> SaveInfo:
        with self._lock:
            return self.store.save(slot, session.story, session.state,
                                   session.played_seconds, self.now())

    def load(self, slot: str, story: Story) -> Loaded:
        with self._lock:
            return self.store.load(slot, story)

    def latest(self) -> SaveInfo | None:
        with self._lock:
            return self.store.latest()

    # -- background writes ---------------------------------------------------------------------

    def record(self, story: Story, before: GameState | None, after: GameState) -> None:
        """Mark a scene (and the choice that led there) seen; cheap, main thread."""
        self.profile.record(story, before, after)
        self._profile_dirty = True

    def want_autosave(self, session: Session) -> None:
        """Remember the newest state to autosave; `flush()` writes it."""
        self._auto = (session.story, session.state, session.played_seconds)

    def flush(self) -> list[str]:
        """Write the newest autosave and the profile if they changed (thread-safe).

        Returns the problems met, in the player's words (a full disk, say): never raises.
        """
        problems: list[str] = []
        with self._lock:
            auto, self._auto = self._auto, None
            dirty, self._profile_dirty = self._profile_dirty, False
            if auto is not None:
                story, state, played = auto
                try:
                    self.store.save(AUTO_SLOT, story, state, played, self.now())
                except Exception as err:
                    problems.append(f"Autosave failed: {err}")
            if dirty:
                try:
                    self.profile.save()
                except Exception as err:
                    problems.append(f"Could not keep your progress: {err}")
        return problems


def load_settings_from(directory: Path) -> Settings:
    from ..engine.profile import load_settings

    return load_settings(directory)


def save_settings_to(directory: Path, settings: Settings) -> str | None:
    """Keep the settings; a problem message (never an exception) when that fails."""
    from ..engine.profile import save_settings

    return save_settings(directory, settings)
