"""Undo and redo over a playthrough.

States are immutable, so a timeline is just the states played through and a cursor. Taking a
choice after an undo drops the undone future, as in any editor. A timeline can be rebuilt from
any state's log by replaying it, which is how a loaded save or a flowchart jump keeps undo.
"""

from __future__ import annotations

from dataclasses import dataclass

from .machine import Machine
from .state import GameState


@dataclass
class Timeline:
    states: list[GameState]
    cursor: int = 0

    @classmethod
    def start(cls, state: GameState) -> Timeline:
        return cls([state])

    @classmethod
    def rebuild(cls, machine: Machine, state: GameState) -> Timeline:
        """Every state from the start to `state`, by replaying its log: undo reaches back to
        the first scene even after loading a save or jumping from the flowchart."""
        states = [machine.new_game(state.seed)]
        for step in state.log:
            try:
                states.append(machine.choose(states[-1], step.choice))
            except ValueError:
                return cls([state])  # the log no longer fits: undo starts here
        if states[-1] != state:
            return cls([state])
        return cls(states, len(states) - 1)

    @property
    def current(self) -> GameState:
        return self.states[self.cursor]

    @property
    def can_undo(self) -> bool:
        return self.cursor > 0

    @property
    def can_redo(self) -> bool:
        return self.cursor < len(self.states) - 1

    def advance(self, state: GameState) -> None:
        """A new state after a choice: the undone future, if any, is dropped."""
        del self.states[self.cursor + 1 :]
        self.states.append(state)
        self.cursor = len(self.states) - 1

    def undo(self) -> GameState | None:
        if not self.can_undo:
            return None
        self.cursor -= 1
        return self.current

    def redo(self) -> GameState | None:
        if not self.can_redo:
            return None
        self.cursor += 1
        return self.current
