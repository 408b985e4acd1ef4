"""The relationships overview, the one both front ends show (the TUI's `t` screen, plain
mode's `trust`): a line per crew member (trust, status, role), a line per fact or item the
story labels, then the choices that changed any of them, newest last, each with its
what-changed lines.

This module decides what the overview says, in which order, in which columns and how much
of it; the front ends only draw it: the TUI with bars, arrows and colours, plain mode in
words. Everything is read off the playthrough's states (`relations.relationships`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .model import Story
from .path import StatePath
from .relations import Track, relationships

TITLE = "Relationships"
NO_TRACKS = "This story follows no trust, facts or items."
FACTS = "What you know and carry"
CHOICES = "The choices that changed them"
NOTHING_YET = "No choice has changed any of this yet."
MOST_MOVES = 40  # choices: a very long playthrough shows its newest ones, not thousands
BAR_MOST = 10  # squares: a trust range wider than this is shown as a number only

Direction = Literal["up", "down", "set"]  # trust up or down; any other value set


@dataclass(frozen=True, slots=True)
class Change:
    """How a value moved since the start: "from 3" (up or down), or "was no"."""

    direction: Direction
    text: str


@dataclass(frozen=True, slots=True)
class Meter:
    """A trust value: `count` ("2 of 3", or the value), and a bar of `squares` with
    `filled` of them filled when the range is small (squares 0: no bar), counted from 0 as
    the crew panel counts it (a declared floor of 2 would draw one square for "2 of 3")."""

    filled: int
    squares: int
    count: str


@dataclass(frozen=True, slots=True)
class CrewLine:
    name: str
    trust: Meter | None
    change: Change | None  # of the trust
    status: str  # "" when the story follows none
    role: str  # "Engineer · Roscosmos"


@dataclass(frozen=True, slots=True)
class FactLine:
    label: str
    value: str
    change: Change | None


@dataclass(frozen=True, slots=True)
class ChoiceLines:
    """One choice that changed something: where, which choice, each change in words (the
    direction repeats what the words say: no meaning rests on a colour or symbol)."""

    turn: int
    scene: str
    choice: str
    changes: tuple[tuple[Direction, str], ...]

    @property
    def heading(self) -> str:
        return f"Choice {self.turn} in {self.scene}: {self.choice}"


@dataclass(frozen=True, slots=True)
class Overview:
    turns: int  # choices made in the playthrough so far
    tracked: bool  # False: the story follows no trust, facts or items (NO_TRACKS)
    crew_heading: str
    crew: tuple[CrewLine, ...]
    facts: tuple[FactLine, ...]
    choices: tuple[ChoiceLines, ...]  # the newest MOST_MOVES, in playing order
    earlier: int  # choices before those that changed something too

    @property
    def after(self) -> str:
        return f"after {self.turns} choice{'s' if self.turns != 1 else ''}"

    @property
    def earlier_line(self) -> str:
        """ "… 3 earlier choices changed them too" ("" when none are left out)."""
        if self.earlier <= 0:
            return ""
        return (f"… {self.earlier} earlier choice{'s' if self.earlier != 1 else ''} "
                "changed them too")


def meter(track: Track, story: Story) -> Meter:
    """A crew member's trust on the story's one scale (`Story.trust_scale`, as the crew
    panel draws it: "3 of 5" whatever narrower range that member's trust declares); another
    number on its own declared range."""
    var = story.variable(track.variable)
    value = track.value
    if not isinstance(value, int) or isinstance(value, bool):
        return Meter(0, 0, track.shown())
    if track.kind == "trust" and any(m.trust == track.variable for m in story.crew):
        low, high = story.trust_scale()
    elif var.max is not None and var.min is not None:
        low, high = min(var.min, 0), var.max
    else:
        return Meter(0, 0, track.shown())
    if 0 < high - low <= BAR_MOST:
        return Meter(min(max(value - low, 0), high - low), high - low, f"{value} of {high}")
    return Meter(0, 0, track.shown())


def change(track: Track) -> Change | None:
    if track.value == track.initial:
        return None
    if track.kind == "trust" and isinstance(track.value, int) \
            and isinstance(track.initial, int) and not isinstance(track.value, bool):
        return Change("up" if track.value > track.initial else "down",
                      f"from {track.initial}")
    return Change("set", f"was {track.shown(track.initial)}")


def crew_lines(tracks: list[Track], story: Story) -> list[CrewLine]:
    people: dict[str, dict[str, Track]] = {}
    for track in tracks:
        if track.crew_id is not None and track.kind != "fact":
            people.setdefault(track.crew_id, {})[track.kind] = track
    roles = {member.id: member for member in story.crew}
    lines = []
    for crew_id, kinds in people.items():
        trust, status = kinds.get("trust"), kinds.get("status")
        member = roles.get(crew_id)
        lines.append(CrewLine(
            next(iter(kinds.values())).label,
            meter(trust, story) if trust is not None else None,
            change(trust) if trust is not None else None,
            status.shown() if status is not None else "",
            f"{member.role} · {member.agency}" if member is not None else ""))
    return lines


def choice_lines(tracks: list[Track]) -> list[ChoiceLines]:
    """Every move of every track, gathered by the choice that made it, in playing order."""
    turns: dict[int, list[tuple[Track, int]]] = {}
    for track in tracks:
        for n, move in enumerate(track.moves):
            turns.setdefault(move.turn, []).append((track, n))
    out = []
    for turn in sorted(turns):
        changes: list[tuple[Direction, str]] = []
        for track, n in turns[turn]:
            move = track.moves[n]
            up = isinstance(move.after, int) and isinstance(move.before, int) \
                and not isinstance(move.after, bool) and move.after > move.before
            direction: Direction = ("up" if up else "down") if track.kind == "trust" else "set"
            changes.append((direction, track.describe(move)))
        first = turns[turn][0][0].moves[turns[turn][0][1]]
        out.append(ChoiceLines(turn, first.scene, first.choice, tuple(changes)))
    return out


def overview(story: Story, path: StatePath, upto: int | None = None) -> Overview:
    """The overview at state `upto` of `path` (default: its last), with the MOST_MOVES
    newest choices that changed something."""
    last = len(path) - 1 if upto is None else max(0, min(upto, len(path) - 1))
    tracks = relationships(story, path, last)
    choices = choice_lines(tracks)
    earlier = max(0, len(choices) - MOST_MOVES)
    crew = "Crew: trust, status, role" if any(t.kind == "status" for t in tracks) \
        else "Crew: trust, role"
    return Overview(
        turns=len(path.base) + last, tracked=bool(tracks), crew_heading=crew,
        crew=tuple(crew_lines(tracks, story)),
        facts=tuple(FactLine(t.label, t.shown(), change(t)) for t in tracks if t.kind == "fact"),
        choices=tuple(choices[earlier:]), earlier=earlier)


LABEL_LEAST = 12  # cells a fact's label keeps when its row is narrowed to show the value


def widths(rows: Sequence[Sequence[str]], room: int | None = None) -> list[int]:
    """Each column's widest cell (0: a column empty in every row, which is left out), so
    that both front ends line the overview's columns up alike. With `room` (cells a line
    has), a first column that pushes the rest past it is narrowed, to LABEL_LEAST at most:
    a fact's value matters more than the end of its label (cells are cut with "…")."""
    if not rows:
        return []
    sizes = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    shown = [size for size in sizes if size]
    over = sum(shown) + 2 * (len(shown) - 1) - room if room is not None else 0
    if over > 0 and sizes[0] > LABEL_LEAST:
        sizes[0] = max(LABEL_LEAST, sizes[0] - over)
    return sizes


def aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows of cells as lines: each column padded to its widest cell, two spaces apart,
    empty columns left out."""
    sizes = widths(rows)
    return ["  ".join(cell.ljust(size) for cell, size in zip(row, sizes, strict=True)
                      if size).rstrip() for row in rows]
