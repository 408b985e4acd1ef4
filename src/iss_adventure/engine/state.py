"""The immutable game state: everything a save must hold to restore a playthrough exactly."""

from __future__ import annotations

from collections import Counter

import msgspec

from .model import Value


class Step(msgspec.Struct, frozen=True, array_like=True):
    """One entry of the choice log: the scene the choice was made in, and the choice."""

    scene: str
    choice: str


class GameState(msgspec.Struct, frozen=True):
    """Scene, variables, once-choices used, seed and choice log. Hashable and comparable.

    Visit counts are derived from the log (each step's scene, then the current one), so they
    can never disagree with it.
    """

    scene: str
    vars: tuple[Value, ...]
    seed: int = 0
    once: frozenset[str] = frozenset()
    log: tuple[Step, ...] = ()

    @property
    def turn(self) -> int:
        return len(self.log)

    def visits(self) -> Counter[str]:
        counts = Counter(step.scene for step in self.log)
        counts[self.scene] += 1
        return counts
