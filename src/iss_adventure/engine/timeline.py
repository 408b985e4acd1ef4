"""Undo and redo over a playthrough: the one holder of the current state.

States are immutable, so a timeline is the states played through and a cursor. Taking a
choice after an undo drops the undone future, as in any editor. A timeline can be rebuilt
from any state's log by `Machine.replay`, which is how a loaded save or a flowchart jump
keeps undo. The states share one log (`StatePath`), so a long playthrough costs memory and
time linear in its length; a state is built when asked for, and the current one is kept.
"""

from __future__ import annotations

from .machine import Machine
from .path import Point, StatePath
from .state import GameState


class Timeline:
    def __init__(self, path: StatePath, cursor: int = 0,
                 current: GameState | None = None) -> None:
        self.path = path
        self.cursor = cursor
        self._current = current

    @classmethod
    def start(cls, state: GameState) -> Timeline:
        return cls(StatePath.starting_at(state), 0, state)

    @classmethod
    def rebuild(cls, machine: Machine, state: GameState) -> Timeline:
        """Every state from the start to `state`, by replaying its log: undo reaches back to
        the first scene even after loading a save or jumping from the flowchart."""
        result = machine.replay(state.log, state.seed)
        if result.stopped is not None or result.state != state:
            return cls.start(state)  # the log no longer fits: undo starts here
        return cls(result.states, len(result.states) - 1, state)

    @classmethod
    def rebuild_from(cls, machine: Machine, origin: GameState, state: GameState) -> Timeline:
        """As `rebuild`, for a state reached from `origin` (a state the developer console
        made): undo reaches back to `origin`."""
        steps = state.log[len(origin.log):]
        result = machine.replay(steps, state.seed, start=origin)
        if result.stopped is not None or result.state != state:
            return cls.start(state)
        return cls(result.states, len(result.states) - 1, state)

    @property
    def states(self) -> StatePath:
        """Every state of the timeline (built on access), undone ones included."""
        return self.path

    @property
    def current(self) -> GameState:
        if self._current is None:
            self._current = self.path.state(self.cursor)
        return self._current

    @property
    def can_undo(self) -> bool:
        return self.cursor > 0

    @property
    def can_redo(self) -> bool:
        return self.cursor < len(self.path) - 1

    def advance(self, state: GameState) -> None:
        """A new state after a choice from the current one: the undone future is dropped.

        A state that does not follow the current one (its log is not one step longer)
        starts the timeline afresh from it.
        """
        if len(state.log) != len(self.path.base) + self.cursor + 1:
            self.path = StatePath.starting_at(state)
            self.cursor = 0
        else:
            self.path.truncate(self.cursor + 1)
            self.path.extend(state.log[-1], Point.of(state))
            self.cursor += 1
        self._current = state

    def index_of(self, state: GameState) -> int | None:
        """Where `state` is on this timeline (undone states included), or None."""
        i = len(state.log) - len(self.path.base)
        if 0 <= i < len(self.path) and state.seed == self.path.seed \
                and tuple(state.log[: len(self.path.base)]) == self.path.base \
                and self.path.state(i) == state:
            return i
        return None

    def rewind_to(self, state: GameState) -> bool:
        """Move the cursor to `state` if it is on this timeline (redo then leads back along
        it); False, and nothing changed, if it is not."""
        i = self.index_of(state)
        if i is None:
            return False
        self.cursor = i
        self._current = None
        return True

    def undo(self) -> GameState | None:
        if not self.can_undo:
            return None
        self.cursor -= 1
        self._current = None
        return self.current

    def redo(self) -> GameState | None:
        if not self.can_redo:
            return None
        self.cursor += 1
        self._current = None
        return self.current
