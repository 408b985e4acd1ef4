"""One playthrough as the play screen sees it.

`Session` is plain Python over the engine: the timeline of states played through (the one
holder of the current state; rebuilt from the log for a loaded save or a flowchart jump), the
seconds played (from an injected clock) and what the last choice changed. The saves, profile
and settings belong to the game controller (`game.py`), which owns the session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ..engine.machine import ChoiceView, CrewChange, Machine, crew_changes
from ..engine.model import Scene, Story
from ..engine.overview import Overview, overview
from ..engine.state import GameState
from ..engine.timeline import Timeline

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Page:
    """One scene of the history: what it said and what Kira chose there."""

    title: str
    act: int
    paragraphs: list[str]
    choice: str | None  # the text of the choice taken; None for the current scene
    changes: tuple[str, ...] = ()  # what that choice changed for the crew, in words


class Session:
    """The playthrough on screen."""

    def __init__(self, story: Story, state: GameState | None = None, *, seed: int = 0,
                 clock: Clock = time.monotonic, played: float = 0.0,
                 machine: Machine | None = None, origin: GameState | None = None,
                 dev: bool = False, timeline: Timeline | None = None) -> None:
        """`origin`: the state a console-made playthrough started from (its log replays from
        there, not from the story's start); `dev`: the developer console was used, so nothing
        of it counts in the gallery or the profile; `timeline`: one already replayed."""
        self.story = story
        self.machine = machine or Machine(story)
        self.origin = origin
        self.dev = dev or origin is not None
        start = state if state is not None else self.machine.new_game(seed)
        if timeline is not None:
            self.timeline = timeline
        elif origin is None:
            self.timeline = Timeline.rebuild(self.machine, start)
        else:
            self.timeline = Timeline.rebuild_from(self.machine, origin, start)
        self.changes: list[CrewChange] = []
        self.clock = clock
        self._played = played
        self._since: float | None = clock()

    # -- what is on screen ------------------------------------------------------------------

    @property
    def state(self) -> GameState:
        """The current state (the timeline holds it)."""
        return self.timeline.current

    @property
    def scene(self) -> Scene:
        return self.machine.scene(self.state)

    def paragraphs(self) -> list[str]:
        return self.machine.paragraphs(self.state)

    def time(self) -> str | None:
        """The header's station time (a hub's `again_time` on a return visit)."""
        return self.machine.time(self.state)

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

    def rewind_to(self, state: GameState) -> bool:
        """Go back (or forward) to `state` along this playthrough's timeline, keeping the
        rest of it for redo; False if `state` is not on it."""
        if not self.timeline.rewind_to(state):
            return False
        self._moved(self.timeline.current)
        return True

    def _moved(self, state: GameState | None) -> GameState | None:
        if state is None:
            return None
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
            changes: tuple[str, ...] = ()
            if i < self.timeline.cursor:
                step = path.step_after(i)
                choice = scene.choice(step.choice)
                taken = choice.text if choice is not None else step.choice
                after = path.points[i + 1]
                changes = tuple(change.describe() for change in crew_changes(
                    self.story, state, GameState(scene=after.scene, vars=after.vars)))
            pages.append(Page(scene.title, scene.act, self.machine.paragraphs(state), taken,
                              changes))
        return pages

    def relationships(self) -> Overview:
        """The relationships overview (trust, facts, the choices that moved them): from the
        timeline's states (the one replay), up to the current one."""
        return overview(self.story, self.timeline.path, self.timeline.cursor)
