"""What the developer console does, in plain Python: find scenes, read and set variables
(typed and checked against their declarations), say why each locked choice is locked, and
carry a console-made state over to a reloaded story.

A console-made state is not reachable by its log (the writer set a variable or jumped), so a
playthrough that used the console keeps the state it started from (its `origin`) and replays
only the choices taken since; see `tui/writer.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .machine import Machine
from .model import Story, Value, Variable
from .state import GameState
from .suggest import did_you_mean


class DevError(ValueError):
    """A console entry that cannot be applied; str() says why, for the writer."""


# ---------------------------------------------------------------- scenes


def _score(query: str, text: str) -> int:
    """How well `query` matches `text` (0: not at all). A substring beats a scattered match,
    an earlier and tighter match beats a later and looser one."""
    q, t = query.lower(), text.lower()
    if not q:
        return 1
    at = t.find(q)
    if at >= 0:
        return 10_000 - at * 10 - (len(t) - len(q))
    pos, gaps, first = -1, 0, -1
    for ch in q:
        found = t.find(ch, pos + 1)
        if found < 0:
            return 0
        if first < 0:
            first = found
        gaps += found - pos - 1 if pos >= 0 else 0
        pos = found
    return max(1, 5_000 - gaps * 20 - first * 5)


def find_scenes(story: Story, query: str, limit: int = 50) -> list[str]:
    """Scene ids matching `query` (fuzzy, over the id and the title), best first."""
    scored = []
    for sid, scene in story.scenes.items():
        score = max(_score(query, sid), _score(query, scene.title) - 1)
        if score > 0:
            scored.append((-score, sid))
    scored.sort()
    return [sid for _, sid in scored[:limit]]


# ---------------------------------------------------------------- variables


def describe_type(var: Variable) -> str:
    """'int 0..3', 'bool', 'one of calm, tense', 'string'."""
    if var.type == "int":
        low = "" if var.min is None else str(var.min)
        high = "" if var.max is None else str(var.max)
        return f"int {low}..{high}" if low or high else "int"
    if var.values is not None:
        return "one of " + ", ".join(var.values)
    return var.type


def parse_value(story: Story, name: str, text: str) -> Value:
    """`text` as a value of variable `name`, checked against its declaration (DevError)."""
    var = next((v for v in story.variables if v.name == name), None)
    if var is None:
        hint = did_you_mean(name, story.index)
        raise DevError(f"no variable {name!r}{hint}")
    raw = text.strip()
    value: Value
    if var.type == "bool":
        if raw.lower() not in ("true", "false"):
            raise DevError(f"{name} is a bool: true or false, not {raw!r}")
        value = raw.lower() == "true"
    elif var.type == "int":
        try:
            value = int(raw) if len(raw) <= 20 else int("x")
        except ValueError:
            raise DevError(f"{name} is a whole number, not {raw!r}") from None
        if (var.min is not None and value < var.min) or (var.max is not None and value > var.max):
            raise DevError(f"{name} must be within {describe_type(var)[4:]}, not {value}")
    else:
        value = raw[1:-1] if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'" else raw
        if var.values is not None and value not in var.values:
            raise DevError(f"{name} must be {describe_type(var)}, not {value!r}"
                           f"{did_you_mean(value, var.values)}")
    return value


def parse_assignment(story: Story, text: str) -> tuple[str, Value]:
    """'trust.anna = 3' -> ('trust.anna', 3), checked (DevError)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise DevError("write it as name = value, like trust.anna = 3")
    return name.strip(), parse_value(story, name.strip(), value)


def with_value(story: Story, state: GameState, name: str, value: Value) -> GameState:
    """`state` with one variable set."""
    i = story.index[name]
    values = list(state.vars)
    values[i] = value
    return GameState(scene=state.scene, vars=tuple(values), seed=state.seed, once=state.once,
                     log=state.log)


def at_scene(story: Story, state: GameState, scene: str, *, fresh: bool = False) -> GameState:
    """`state` moved to `scene` with its variables; `fresh`: as a new playthrough there (no
    log, no once-choices used), which is "test from here"."""
    if scene not in story.scenes:
        raise DevError(f"no scene {scene!r}{did_you_mean(scene, story.scenes)}")
    if fresh:
        return GameState(scene=scene, vars=state.vars, seed=state.seed)
    return GameState(scene=scene, vars=state.vars, seed=state.seed, once=state.once,
                     log=state.log)


@dataclass(frozen=True, slots=True)
class Locked:
    """A choice of the current scene the player cannot take now, and why."""

    id: str
    text: str
    reason: str
    hidden: bool  # hide_locked: the player does not see it at all


def locked_choices(machine: Machine, state: GameState) -> list[Locked]:
    """Every choice of the scene that cannot be taken now, hidden ones and used-up ones too."""
    out = []
    for choice in machine.scene(state).choices:
        if choice.once and choice.key in state.once:
            out.append(Locked(choice.id, choice.text, "taken already (once: true)", True))
        elif choice.condition is not None and not choice.condition(state.vars):
            reason = choice.locked or (choice.reason(state.vars) if choice.reason is not None
                                       else "Not available now")
            if choice.condition_source:
                reason = f"{reason}  [if: {choice.condition_source}]"
            out.append(Locked(choice.id, choice.text, reason, choice.hide_locked))
    return out


def rebase(state: GameState, old: Story, new: Story) -> GameState:
    """A console-made state carried over to a reloaded story: variables by name (new ones
    at their initial value, values that no longer fit their declaration reset), the same
    scene (DevError if it is gone)."""
    if state.scene not in new.scenes:
        raise DevError(f"the scene it started at, {state.scene!r}, is gone")
    values = list(new.initial_vars)
    for i, var in enumerate(new.variables):
        j = old.index.get(var.name)
        if j is None:
            continue
        try:
            values[i] = parse_value(new, var.name, _text(state.vars[j]))
        except DevError:
            continue
    return GameState(scene=state.scene, vars=tuple(values), seed=state.seed, once=state.once,
                     log=state.log)


def _text(value: Value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)
