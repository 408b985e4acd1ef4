"""Who trusts the player and why: each crew member's trust, and every labelled fact or item,
with the choices that moved them.

Derived from the states of one playthrough (a `StatePath`, as `Machine.replay` and the
timeline hold it), never kept on the side: state i's variables and the step taken there say
what each choice changed. Front ends only render the result (the TUI's relationships screen,
plain mode's `trust` command).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .model import Story, Value, Variable, value_word
from .path import StatePath

Kind = Literal["trust", "status", "fact"]


@dataclass(frozen=True, slots=True)
class Move:
    """One choice that changed a value: where it was taken and what it did."""

    turn: int  # the choice's number in the playthrough, from 1
    scene: str  # the title of the scene the choice was taken in
    choice: str  # the choice's text
    before: Value
    after: Value


@dataclass(frozen=True, slots=True)
class Track:
    """One crew member's trust or status, or one labelled variable, and its history."""

    variable: str
    kind: Kind
    label: str  # the crew member's name, or the variable's label
    crew_id: str | None
    value: Value  # now
    initial: Value  # at the start of the playthrough
    moves: tuple[Move, ...]
    words: tuple[tuple[str, str], ...] = ()  # the variable's declared words for its values

    def shown(self, value: Value | None = None) -> str:
        """A value in words: the story's words for it, bools as yes/no."""
        return value_word(self.value if value is None else value, self.words)

    def describe(self, move: Move) -> str:
        """The what-changed line of one move, as the play screen words it."""
        first = self.label.split()[0] if self.label.split() else self.label
        if self.kind == "status":
            return f"{first} is now {self.shown(move.after)}."
        if self.kind == "trust" and isinstance(move.before, int) \
                and isinstance(move.after, int):
            more = "more" if move.after > move.before else "less"
            return f"{first} trusts you {more} ({move.before} → {move.after})."
        return f"{self.label}: {self.shown(move.before)} → {self.shown(move.after)}."


def tracked(story: Story) -> list[tuple[Variable, Kind, str, str | None]]:
    """What the relationships screen follows, in order: each crew member's trust and status,
    then every other variable the story labels."""
    out: list[tuple[Variable, Kind, str, str | None]] = []
    crew_vars: set[str] = set()
    for member in story.crew:
        pairs: tuple[tuple[Kind, str | None], ...] = (("trust", member.trust),
                                                       ("status", member.status))
        for kind, name in pairs:
            if name is None or name not in story.index:
                continue
            crew_vars.add(name)
            out.append((story.variable(name), kind, member.name, member.id))
    for var in story.variables:
        if var.name not in crew_vars and var.label:
            out.append((var, "fact", var.label, None))
    return out


def relationships(story: Story, path: StatePath, upto: int | None = None) -> list[Track]:
    """Every tracked value at state `upto` of `path` (default: its last), with each choice
    before it that changed the value. Linear in the number of states."""
    last = len(path) - 1 if upto is None else max(0, min(upto, len(path) - 1))
    follow = tracked(story)
    moves: dict[str, list[Move]] = {var.name: [] for var, _, _, _ in follow}
    indices = [(var.name, story.index[var.name]) for var, _, _, _ in follow]
    first_turn = len(path.base)
    for i in range(last):
        before, after = path.points[i].vars, path.points[i + 1].vars
        changed = [(name, k) for name, k in indices if before[k] != after[k]]
        if not changed:
            continue
        step = path.step_after(i)
        scene = story.scenes.get(step.scene)
        choice = scene.choice(step.choice) if scene is not None else None
        move_at = (first_turn + i + 1, scene.title if scene is not None else step.scene,
                   choice.text if choice is not None else step.choice)
        for name, k in changed:
            moves[name].append(Move(*move_at, before[k], after[k]))
    now = path.points[last].vars
    start = path.points[0].vars
    return [Track(var.name, kind, label, crew_id, now[story.index[var.name]],
                  start[story.index[var.name]], tuple(moves[var.name]), var.words)
            for var, kind, label, crew_id in follow]
