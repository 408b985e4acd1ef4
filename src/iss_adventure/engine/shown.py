"""Conditions checked on every explored state of their scene: variants that never or always
show, routes that never or always hold, timeouts whose choice can be locked, assertions.

Assertions, routes and timeouts read only variables the search keeps (the merging keeps
everything they read), so their verdicts are exact. Variants may read variables nothing
downstream decides on (a crew member's status, read only to colour the prose): keeping those
in every state would multiply the shipped story's states past what `check` can explore in
seconds. For such a variable the checker instead computes, per scene, every value it can
have on arrival (a small fixpoint over the explored transitions), and tries the variant with
each. That over-approximates: a warning is never wrong, but a variant whose condition couples
two such variables that never line up may go unreported.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable
from dataclasses import dataclass

from .explore import Exploration
from .model import Condition, Deps, Story, Value, Vars

_VARS = operator.itemgetter(1)
MAX_TRIES = 20_000  # per transition: beyond this many variable tuples, give up precision


@dataclass
class Finding:
    """A condition's verdict, with the state that shows it (for a path) when one does."""

    kind: str  # "never" / "always" (variants, routes), "broken" (assertions), "locked"
    scene: str
    what: int  # index of the variant, assertion, or (choice, route) pair
    route: int = -1
    state: int = -1


def states_by_scene(ex: Exploration) -> list[list[int]]:
    """The explored states of each scene, in breadth-first (so depth) order."""
    out: list[list[int]] = [[] for _ in ex.table.ids]
    for n, key in enumerate(ex.keys):
        out[key[0]].append(n)
    return out


def assertion_findings(story: Story, ex: Exploration, by_scene: list[list[int]]
                       ) -> list[Finding]:
    out = []
    for si, sid in enumerate(ex.table.ids):
        for i, assertion in enumerate(story.scenes[sid].assertions):
            for n in by_scene[si]:
                if not assertion.condition(ex.keys[n][1]):
                    out.append(Finding("broken", sid, i, state=n))
                    break
    return out


def timeout_findings(story: Story, ex: Exploration, by_scene: list[list[int]]
                     ) -> list[Finding]:
    out = []
    for si, sid in enumerate(ex.table.ids):
        scene = story.scenes[sid]
        choice = scene.choice(scene.timeout.choice) if scene.timeout else None
        if choice is None:
            continue
        bit = ex.table.once_bit.get(choice.key, 0)
        for n in by_scene[si]:
            _, v, once = ex.keys[n]
            if once & bit or (choice.condition is not None and not choice.condition(v)):
                out.append(Finding("locked", sid, 0, state=n))
                break
    return out


def route_findings(story: Story, ex: Exploration, by_scene: list[list[int]]
                   ) -> list[Finding]:
    """Route conditions that never hold, or always hold, whenever they are looked at."""
    out = []
    for si, sid in enumerate(ex.table.ids):
        for ci, choice in enumerate(story.scenes[sid].choices):
            conds = [r.condition for r in choice.routes]
            if all(c is None for c in conds):
                continue
            held = [False] * len(conds)
            failed = [False] * len(conds)
            bit = ex.table.once_bit.get(choice.key, 0)
            for n in by_scene[si]:
                if n >= ex.expanded:
                    break
                _, v, once = ex.keys[n]
                if once & bit or (choice.condition is not None and not choice.condition(v)):
                    continue
                nv = v if choice.effect is None else choice.effect(v)
                for j, cond in enumerate(conds):
                    if cond is None:
                        if not choice.chance:
                            break
                        continue
                    if cond(nv):
                        held[j] = True
                        if not choice.chance:
                            break
                    else:
                        failed[j] = True
                if all(c is None or (held[j] and failed[j]) for j, c in enumerate(conds)):
                    break
            for j, cond in enumerate(conds):
                if cond is None or not (held[j] or failed[j]):
                    continue  # never looked at: an earlier route always holds
                if not held[j]:
                    out.append(Finding("never", sid, ci, j))
                elif not failed[j]:
                    out.append(Finding("always", sid, ci, j))
    return out


def variant_findings(story: Story, ex: Exploration, by_scene: list[list[int]]
                     ) -> list[Finding]:
    """Variants whose condition is false (or true) in every reachable state of the scene."""
    t = ex.table
    index = story.index
    dead_reads: set[int] = set()
    for si, sid in enumerate(t.ids):
        for variant in story.scenes[sid].variants:
            dead_reads |= {index[x] for x in variant.reads if not t.live[si] >> index[x] & 1}
    tuples = _Rows(ex, by_scene)
    values = _arrival_values(story, ex, tuples, dead_reads) if dead_reads else {}
    out = []
    for si, sid in enumerate(t.ids):
        variants = story.scenes[sid].variants
        if not variants or not by_scene[si]:
            continue
        rep = list(ex.keys[by_scene[si][0]][1])
        for i, variant in enumerate(variants):
            dead = sorted(index[x] for x in variant.reads if not t.live[si] >> index[x] & 1)
            kept = sorted({index[x] for x in variant.reads} - set(dead))
            choices: list[Iterable[Value]] = []
            for x in dead:
                known = values.get((si, x))
                if known is None:
                    break
                choices.append(sorted(known, key=repr))
            else:
                # A few states spread over the scene usually show the variant both ways.
                if _both_ways(variant.condition, tuples.sample(si), dead, choices):
                    continue
                # Otherwise every state: only the variables the condition reads matter, and
                # their distinct values (taken together, in C) are few.
                if kept:
                    pick = operator.itemgetter(*kept)
                    seen = set(map(pick, tuples[si]))
                    if len(kept) == 1:
                        seen = {(x,) for x in seen}
                else:
                    seen = {()}
                seen_true, seen_false = False, False
                for projected in seen:
                    for x, value in zip(kept, projected, strict=True):
                        rep[x] = value
                    for combo in itertools.product(*choices):
                        for x, value in zip(dead, combo, strict=True):
                            rep[x] = value
                        holds = variant.condition(tuple(rep))
                        seen_true |= holds
                        seen_false |= not holds
                        if seen_true and seen_false:
                            break
                    if seen_true and seen_false:
                        break
                if not seen_true:
                    out.append(Finding("never", sid, i))
                elif not seen_false:
                    out.append(Finding("always", sid, i))
    return out


def _column(rows: list[Vars], x: int, domain: int) -> set[Value]:
    """The values variable x takes over some states' variables, scanned in blocks (in C)
    that stop as soon as every value the variable can have has been seen."""
    pick = operator.itemgetter(x)
    out: set[Value] = set()
    for start in range(0, len(rows), 4096):
        out.update(map(pick, rows[start:start + 4096]))
        if len(out) == domain:
            break
    return out


class _Rows:
    """The variables of each scene's states, listed (in C) only when a check needs them all."""

    def __init__(self, ex: Exploration, by_scene: list[list[int]]) -> None:
        self.keys = ex.keys
        self.states = by_scene
        self.cache: dict[int, list[Vars]] = {}

    def __getitem__(self, si: int) -> list[Vars]:
        if si not in self.cache:
            self.cache[si] = list(map(_VARS, map(self.keys.__getitem__, self.states[si])))
        return self.cache[si]

    def sample(self, si: int, size: int = 32) -> list[Vars]:
        states = self.states[si]
        step = max(1, len(states) // size)
        return [self.keys[n][1] for n in states[::step]]


def _both_ways(condition: Condition, rows: list[Vars], dead: list[int],
               choices: list[Iterable[Value]]) -> bool:
    """True when the condition holds in some of these states and fails in others."""
    seen = set()
    for v in rows:
        for combo in itertools.product(*choices):
            seen.add(bool(condition(_with(v, dead, combo) if dead else v)))
            if len(seen) == 2:
                return True
    return False


def _with(v: Vars, where: list[int], values: tuple[Value, ...]) -> Vars:
    w = list(v)
    for i, x in zip(where, values, strict=True):
        w[i] = x
    return tuple(w)


def _arrival_values(story: Story, ex: Exploration, tuples: _Rows,
                    wanted: set[int]) -> dict[tuple[int, int], set[Value] | None]:
    """For each scene and each wanted variable the search does not keep there, every value
    the variable can have on arrival (None: could not be bounded). A fixpoint over the
    transitions the search found available, scene to scene."""
    t = ex.table
    story_vars = story.variables
    names = [v.name for v in story_vars]
    available = ex.choices_available

    def live(si: int, x: int) -> bool:
        return bool(t.live[si] >> x & 1)

    columns: dict[tuple[int, int], set[Value]] = {}
    domain = [2 if v.type == "bool" else len(v.values or ()) if v.type == "string" else
              (v.max - v.min + 1) if v.max is not None and v.min is not None else 0
              for v in story_vars]

    def at(si: int, x: int) -> set[Value] | None:
        if live(si, x):
            if (si, x) not in columns:
                columns[(si, x)] = _column(tuples[si], x, domain[x])
            return columns[(si, x)]
        return values.get((si, x), set())

    values: dict[tuple[int, int], set[Value] | None] = {}
    start = t.index[story.start]
    first = t.on_enter[start]
    v0 = story.initial_vars if first is None else first(story.initial_vars)
    for x in wanted:
        if not live(start, x):
            values[(start, x)] = {v0[x]}
    edges = []  # (from scene, choice, to scene)
    for si, sid in enumerate(t.ids):
        if not tuples.states[si]:
            continue
        for choice in story.scenes[sid].choices:
            if choice.key in available:
                for target in dict.fromkeys(r.target for r in choice.routes):
                    edges.append((si, choice, t.index[target]))
    changed = True
    while changed:
        changed = False
        for si, choice, ti in edges:
            enter = t.on_enter[ti]
            writes = dict(choice.deps)
            writes.update(story.scenes[t.ids[ti]].enter_deps)
            for x in wanted:
                if live(ti, x) or values.get((ti, x), set()) is None:
                    continue
                source = at(si, x)
                if source is None:
                    new: set[Value] | None = None
                elif names[x] not in writes:
                    new = source
                else:
                    chain = (*choice.deps, *story.scenes[t.ids[ti]].enter_deps)
                    reads = {story.index[r] for r in _reads_of(chain, names[x])} - {x}
                    if any(not live(si, r) for r in reads):
                        new = None
                    else:
                        reps = tuples[si] if reads else tuples.sample(si, 1)[:1]
                        if len(reps) * len(source) > MAX_TRIES:
                            new = None
                        else:
                            new = set()
                            for v in reps:
                                for value in source:
                                    w = _with(v, [x], (value,))
                                    if choice.effect is not None:
                                        w = choice.effect(w)
                                    if enter is not None:
                                        w = enter(w)
                                    new.add(w[x])
                old = values.get((ti, x), set())
                if new is None:
                    values[(ti, x)] = None
                    changed = True
                elif old is not None and not new <= old:
                    values[(ti, x)] = old | new
                    changed = True
    return values


def _reads_of(pairs: Deps, name: str) -> set[str]:
    """Every variable read by the effects that write `name`, including effects that write
    what those read, so a chain of assignments is followed."""
    out: set[str] = set()
    todo = [name]
    while todo:
        target = todo.pop()
        for written, reads in pairs:
            if written == target:
                for r in reads:
                    if r not in out:
                        out.add(r)
                        todo.append(r)
    return out
