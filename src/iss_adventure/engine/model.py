"""The story model, in two layers.

The *spec* Structs mirror the YAML files one to one: msgspec validates parsed files against
them and the JSON Schema for editors is generated from them. The *compiled* classes are what
the state machine runs: ids resolved to indices, expressions compiled to closures.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Literal

import msgspec

from .problems import Problem

Value = int | bool | str
Vars = tuple[Value, ...]
Condition = Callable[[Vars], bool]
Effect = Callable[[Vars], Vars]

ChoiceId = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9_-]+$")]  # the one id rule


# ---------------------------------------------------------------- file specs (scene files)


class RouteSpec(msgspec.Struct, forbid_unknown_fields=True):
    """One branch of a conditional goto: the first route whose `if` holds is taken."""

    to: str
    if_: str | None = msgspec.field(name="if", default=None)
    weight: Annotated[int, msgspec.Meta(gt=0, le=1_000_000)] | None = None


class ChoiceSpec(msgspec.Struct, forbid_unknown_fields=True):
    """A choice as written in a scene file."""

    id: ChoiceId
    text: str
    goto: str | list[RouteSpec]
    if_: str | None = msgspec.field(name="if", default=None)
    locked: str | None = None
    hide_locked: bool = False
    once: bool = False
    do: list[str] = msgspec.field(default_factory=list)


class VariantSpec(msgspec.Struct, forbid_unknown_fields=True):
    """An extra paragraph shown when its condition holds."""

    if_: str = msgspec.field(name="if")
    text: str
    again: bool = False  # also shown when the scene is re-entered (after its `again` text)


class TimeoutSpec(msgspec.Struct, forbid_unknown_fields=True):
    """A timed choice: when `seconds` run out the front end takes `choice`."""

    seconds: Annotated[float, msgspec.Meta(gt=0)]
    choice: str


class TimeSpec(msgspec.Struct, forbid_unknown_fields=True):
    """Station time in a form the checker can order: day number and time of day."""

    day: Annotated[int, msgspec.Meta(ge=0, le=100_000)]
    at: Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class AssertSpec(msgspec.Struct, forbid_unknown_fields=True):
    """A continuity assertion with the message the checker prints when it breaks."""

    that: str
    message: str = ""


class EndingSpec(msgspec.Struct, forbid_unknown_fields=True):
    """Marks a scene as an ending."""

    id: ChoiceId
    title: str
    tone: str
    summary: str
    hint: str = ""


class SceneSpec(msgspec.Struct, forbid_unknown_fields=True):
    """One scene file."""

    title: str
    act: int
    location: str
    text: str
    # short text shown instead of `text` when the scene is re-entered; a list, one a visit
    again: str | list[str] | None = None
    time: str | TimeSpec | None = None
    # the time shown on the second and later visits; a list, one a visit
    again_time: str | TimeSpec | list[str | TimeSpec] | None = None
    flashback: bool = False
    variants: list[VariantSpec] = msgspec.field(default_factory=list)
    on_enter: list[str] = msgspec.field(default_factory=list)
    timeout: TimeoutSpec | None = None
    choices: list[ChoiceSpec] = msgspec.field(default_factory=list)
    ending: EndingSpec | None = None
    assert_: list[str | AssertSpec] = msgspec.field(name="assert", default_factory=list)


class VarSpec(msgspec.Struct, forbid_unknown_fields=True):
    """A declared variable: int (bounded), bool, or string (one of `values`, each read by
    the player as its `words`, when given)."""

    type: Literal["int", "bool", "string"]
    initial: int | bool | str
    label: str = ""
    min: int | None = None
    max: int | None = None
    values: list[str] | None = None
    words: dict[str, str] | None = None  # how the player reads each of `values`


class CrewSpec(msgspec.Struct, forbid_unknown_fields=True):
    """A crew member shown in the crew panel."""

    id: str
    name: str
    role: str
    agency: str
    trust: str
    status: str | None = None


class StorySpec(msgspec.Struct, forbid_unknown_fields=True):
    """story.yaml at the root of a story directory."""

    title: str
    start: str
    variables: dict[str, VarSpec]
    id: str = ""  # the story's id: keeps its saves and profile apart, and mods name it
    tagline: str = ""  # one line under the title on the title screen
    player: str = ""  # the player character's name, when the story has one
    station_map: bool = False  # show the ISS station panel (locations by segment)
    format: int = 1
    acts: dict[int, str] = msgspec.field(default_factory=dict)
    locations: dict[str, str] = msgspec.field(default_factory=dict)
    crew: list[CrewSpec] = msgspec.field(default_factory=list)


# Nested spec types, so the loader can check unknown keys at every level.
NESTED: dict[type[msgspec.Struct], dict[str, type[msgspec.Struct]]] = {
    SceneSpec: {
        "variants": VariantSpec,
        "timeout": TimeoutSpec,
        "choices": ChoiceSpec,
        "ending": EndingSpec,
        "time": TimeSpec,
        "again_time": TimeSpec,
        "assert": AssertSpec,
    },
    ChoiceSpec: {"goto": RouteSpec},
    StorySpec: {"crew": CrewSpec},
}
MAPPING_OF: dict[type[msgspec.Struct], dict[str, type[msgspec.Struct]]] = {
    StorySpec: {"variables": VarSpec},
}


@functools.cache
def field_names(cls: type[msgspec.Struct]) -> tuple[str, ...]:
    """The keys a scene-file mapping may use for this spec (encoded names)."""
    return tuple(f.encode_name for f in msgspec.structs.fields(cls))


# ---------------------------------------------------------------- compiled story


@dataclass(frozen=True, slots=True)
class Position:
    """Where something was written: a file relative to the story root, 1-based line and col."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    type: Literal["int", "bool", "string"]
    initial: Value
    label: str
    min: int | None
    max: int | None
    values: tuple[str, ...] | None
    position: Position = Position("story.yaml", 1, 1)
    words: tuple[tuple[str, str], ...] = ()  # a string value and how the player reads it

    def word(self, value: Value) -> str:
        """A value as the player reads it (see `value_word`)."""
        return value_word(value, self.words)


def value_word(value: Value, words: tuple[tuple[str, str], ...] = ()) -> str:
    """A value as the player reads it: a string variable's declared words for it, yes/no for
    a bool, else as written."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    for known, word in words:
        if known == value:
            return word
    return str(value)


@dataclass(frozen=True, slots=True)
class Route:
    target: str
    condition: Condition | None
    source: str | None
    reads: frozenset[str] = frozenset()
    weight: int = 0  # > 0 on a chance route: drawn from the seed, see machine.draw_route
    position: Position | None = None


Deps = tuple[tuple[str, frozenset[str]], ...]  # effects in order: (variable written, variables
#   read; `x += n` reads x too)
Steps = tuple[tuple[int, Callable[[Vars], Value]], ...]  # effects in order, compiled: (index
#   of the variable written, its new value from the variables so far); `effect` runs them all


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    text: str
    key: str  # "scene#choice", unique in the story: what once-used sets hold
    condition: Condition | None
    condition_source: str | None
    reason: Callable[[Vars], str] | None
    locked: str | None
    hide_locked: bool
    once: bool
    effect: Effect | None
    routes: tuple[Route, ...]
    position: Position
    reads: frozenset[str] = frozenset()  # what the condition reads
    deps: Deps = ()
    steps: Steps = ()  # `effect`, one step an effect: the checker runs them with its own

    @property
    def chance(self) -> bool:
        """True when the routes are weighted: the next scene is drawn from the seed."""
        return self.routes[0].weight > 0


@dataclass(frozen=True, slots=True)
class Variant:
    condition: Condition
    text: str
    source: str = ""
    position: Position | None = None
    reads: frozenset[str] = frozenset()
    again: bool = False  # shown on a return visit too


@dataclass(frozen=True, slots=True)
class Assertion:
    """A continuity condition that must hold whenever its scene is entered."""

    condition: Condition
    source: str
    message: str
    position: Position
    reads: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Ending:
    id: str
    title: str
    tone: str
    summary: str
    hint: str


@dataclass(frozen=True, slots=True)
class Timeout:
    seconds: float
    choice: str
    position: Position | None = None


@dataclass(frozen=True, slots=True)
class Scene:
    id: str
    title: str
    act: int
    location: str
    time: str | None
    text: str
    variants: tuple[Variant, ...]
    on_enter: Effect | None
    choices: tuple[Choice, ...]
    timeout: Timeout | None
    ending: Ending | None
    position: Position
    enter_deps: Deps = ()
    enter_steps: Steps = ()  # `on_enter`, one step an effect (see Choice.steps)
    clock: int | None = None  # structured time in minutes from day 0, 00:00
    time_position: Position | None = None
    flashback: bool = False
    assertions: tuple[Assertion, ...] = ()
    # return texts: one replaces `text` on each later visit, the last for every visit after
    again: tuple[str, ...] = ()
    again_time: tuple[str, ...] = ()  # header times of later visits, read the same way
    again_clock: int | None = None  # the last structured `again_time` in minutes, like `clock`
    again_time_position: Position | None = None

    @property
    def ordered_clock(self) -> int | None:
        """The clock the checker orders this scene by: a scene with a later `again_time` may be
        left on a return visit, so what follows it must not be earlier than that."""
        return self.again_clock if self.again_clock is not None else self.clock

    @property
    def ordered_time(self) -> str | None:
        """The header text of `ordered_clock`, for the checker's messages."""
        return self.again_time[-1] if self.again_clock is not None else self.time

    def choice(self, choice_id: str) -> Choice | None:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        return None


TRUST_TOP = 5  # a trust bar's top when no crew member's trust declares a max


@dataclass(frozen=True, slots=True)
class CrewMember:
    id: str
    name: str
    role: str
    agency: str
    trust: str
    status: str | None


@dataclass(frozen=True, slots=True)
class Story:
    title: str
    start: str
    acts: dict[int, str]
    locations: dict[str, str]
    variables: tuple[Variable, ...]
    index: dict[str, int]  # variable name -> position in the state's variable tuple
    crew: tuple[CrewMember, ...]
    scenes: dict[str, Scene]
    fingerprint: str
    root: str
    reads: frozenset[str] = frozenset()  # variables some condition reads
    writes: frozenset[str] = frozenset()  # variables some effect writes
    id: str = ""  # story.yaml's id (or the one derived from the folder name)
    tagline: str = ""
    player: str = ""
    station_map: bool = False
    mods: tuple[str, ...] = ()  # "id@version" of each mod merged in, in load order
    from_mod: dict[str, str] = field(default_factory=dict)  # scene id -> mod id that added
    #   or changed it (for marking mod scenes and endings)
    warnings: tuple[Problem, ...] = ()  # what loading noticed that does not stop play

    @property
    def initial_vars(self) -> Vars:
        return tuple(v.initial for v in self.variables)

    @property
    def endings(self) -> tuple[Scene, ...]:
        return tuple(s for s in self.scenes.values() if s.ending is not None)

    def act_title(self, act: int) -> str:
        return self.acts.get(act, f"Act {act}")

    def variable(self, name: str) -> Variable:
        return self.variables[self.index[name]]

    def trust_scale(self) -> tuple[int, int]:
        """The one scale every crew member's trust is shown on, (low, high): from 0 (or a
        floor declared below it) to the highest top declared for any of them (5 when none
        declares one). A member's own narrower min and max bound how far their trust moves
        in this story, not how it is drawn, so a 3 looks the same for everyone."""
        trusts = [self.variable(member.trust) for member in self.crew
                  if member.trust in self.index]
        lows = [var.min for var in trusts if var.min is not None]
        highs = [var.max for var in trusts if var.max is not None]
        return min([0, *lows]), max(highs) if highs else TRUST_TOP
