"""The states of one playthrough, stored once: a shared choice log and one point per state.

A GameState carries its whole choice log, so a list of N states built by copying logs costs
N²/2 steps (a 60,000-choice log: 1.8 billion references, tens of seconds). A `StatePath`
keeps the log once and, for each state, only what differs (scene, variables, once-choices);
state i is `GameState(point i, log = base + steps[:i])`, built when someone asks for it.
Replaying, rebuilding a timeline and listing the history are linear in the log's length.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple, overload

from .model import Value
from .state import GameState, Step


class Point(NamedTuple):
    """What one state holds besides its log."""

    scene: str
    vars: tuple[Value, ...]
    once: frozenset[str]

    @classmethod
    def of(cls, state: GameState) -> Point:
        return cls(state.scene, state.vars, state.once)


class StatePath(Sequence[GameState]):
    """States that each extend the one before by a step: point i + the log base + steps[:i].

    `points` has one entry more than `steps`. Mutating methods keep that shape; reading
    methods build GameStates on demand (each costs a copy of its own log, nothing more).
    """

    __slots__ = ("base", "points", "seed", "steps")

    def __init__(self, seed: int, base: tuple[Step, ...], points: list[Point],
                 steps: list[Step]) -> None:
        assert len(points) == len(steps) + 1
        self.seed = seed
        self.base = base
        self.points = points
        self.steps = steps

    @classmethod
    def starting_at(cls, state: GameState) -> StatePath:
        return cls(state.seed, state.log, [Point.of(state)], [])

    def __len__(self) -> int:
        return len(self.points)

    @overload
    def __getitem__(self, index: int) -> GameState: ...

    @overload
    def __getitem__(self, index: slice) -> list[GameState]: ...

    def __getitem__(self, index: int | slice) -> GameState | list[GameState]:
        if isinstance(index, slice):
            return [self.state(i) for i in range(*index.indices(len(self.points)))]
        if index < 0:
            index += len(self.points)
        if not 0 <= index < len(self.points):
            raise IndexError(index)
        return self.state(index)

    def __iter__(self) -> Iterator[GameState]:
        return (self.state(i) for i in range(len(self.points)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"StatePath({len(self.points)} states from {self.points[0].scene!r})"

    def state(self, i: int) -> GameState:
        """State i, with its own log (base + the first i steps)."""
        point = self.points[i]
        log = self.base + tuple(self.steps[:i]) if i else self.base
        return GameState(scene=point.scene, vars=point.vars, seed=self.seed, once=point.once,
                         log=log)

    def step_after(self, i: int) -> Step:
        """The choice taken in state i (which led to state i + 1)."""
        return self.steps[i]

    def extend(self, step: Step, point: Point) -> None:
        self.steps.append(step)
        self.points.append(point)

    def truncate(self, length: int) -> None:
        """Keep only the first `length` states (at least one)."""
        length = max(1, length)
        del self.points[length:]
        del self.steps[length - 1:]
