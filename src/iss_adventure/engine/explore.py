"""Exhaustive exploration of a story's reachable states, recorded as a graph.

A breadth-first search over (scene, variables, once-choices used). Visit counts and the log
are left out of the key because no condition can read them, so two playthroughs that agree on
those three behave the same from there on. Breadth-first order makes every witness path a
shortest one, counted in choices, and numbers the states in order of depth. Every transition
is recorded (a compact successor list per state), so the checker can walk the graph again
afterwards: backwards from the endings for soft locks, forwards for the clock.
"""

from __future__ import annotations

import operator
from array import array
from collections.abc import Callable
from dataclasses import dataclass

from .collector import collector_paused
from .model import Condition, Deps, Effect, Steps, Story, Vars

DEFAULT_BUDGET = 2_000_000

Key = tuple[int, Vars, int]  # scene index, variables, bitmask of once-choices used
Canon = Callable[[Vars], Vars] | None
Transition = tuple[int, Condition | None, Effect | None,
                   tuple[tuple[Condition | None, int], ...], str, bool]
# A transition as the search loop sees it: once-bit, condition, effect, routes (condition,
# target, arrival function, once-bits to keep), its id, and whether its routes are drawn. A
# choice with one unconditional route has its effect run by the arrival function instead.
Step = tuple[int, Condition | None, Effect | None,
             tuple[tuple[Condition | None, int, Canon, int], ...], int, bool]


@dataclass
class Table:
    """Scenes as indices and choices as tuples, so the search loop does no lookups by name."""

    ids: list[str]
    index: dict[str, int]
    rows: list[list[Transition]]
    on_enter: list[Effect | None]
    is_ending: list[bool]
    keep_once: list[int]  # per scene: once-bits that can still matter from there
    canon: list[Canon]  # per scene: resets variables no reachable condition can read
    live: list[int]  # per scene: bitmask of the variables kept in the search key
    once_bit: dict[str, int]  # choice key -> its once-bit
    merge: list[Canon]  # per scene: the reset of dead variables, kept even by the plain search
    writes: list[list[int]]  # per scene, per choice: bitmask of the variables its effects write
    enter_writes: list[int]  # per scene: bitmask of the variables its on_enter effects write


def build_table(story: Story) -> Table:
    ids = list(story.scenes)
    index = {sid: i for i, sid in enumerate(ids)}
    var_bit = {name: 1 << i for i, name in enumerate(story.index)}
    bits: dict[str, int] = {}
    rows: list[list[Transition]] = []
    writes: list[list[int]] = []
    own_once = [0] * len(ids)
    flow: list[_Flow] = []
    succ: list[list[int]] = []

    def steps(deps: Deps) -> tuple[tuple[int, int], ...]:
        return tuple((var_bit[target], mask(reads)) for target, reads in deps)

    def mask(names: frozenset[str]) -> int:
        out = 0
        for name in names:
            out |= var_bit[name]
        return out

    for i, sid in enumerate(ids):
        scene = story.scenes[sid]
        row: list[Transition] = []
        targets: list[int] = []
        reads = 0
        exits: list[tuple[tuple[tuple[int, int], ...], int, tuple[int, ...]]] = []
        for assertion in scene.assertions:  # proved exactly: what they read stays in the key
            reads |= mask(assertion.reads)
        for choice in scene.choices:
            bit = 0
            if choice.once:
                bit = bits.setdefault(choice.key, 1 << len(bits))
                own_once[i] |= bit
            reads |= mask(choice.reads)
            routes = []
            route_reads = 0
            for r in choice.routes:
                route_reads |= mask(r.reads)
                routes.append((r.condition, index[r.target]))
                targets.append(index[r.target])
            exits.append((steps(choice.deps), route_reads,
                          tuple(dict.fromkeys(ti for _, ti in routes))))
            row.append((bit, choice.condition, choice.effect, tuple(routes), choice.id,
                        choice.chance))
        rows.append(row)
        writes.append([mask(frozenset(name for name, _ in c.deps)) for c in scene.choices])
        succ.append(targets)
        flow.append((steps(scene.enter_deps), reads, tuple(exits)))

    comp_of, comps = _sccs(succ)
    keep_once = _downstream_once(succ, own_once, comp_of, comps)
    live = _live(flow, comps)
    everything = (1 << len(story.variables)) - 1
    initial = story.initial_vars
    canon: list[Canon] = []
    for i in range(len(ids)):
        if live[i] == everything:
            canon.append(None)
        else:
            kept = tuple(n for n in range(len(initial)) if live[i] >> n & 1)
            canon.append(_resetter(initial, kept))
    return Table(ids, index, rows, [story.scenes[sid].on_enter for sid in ids],
                 [story.scenes[sid].ending is not None for sid in ids], keep_once, canon,
                 live, bits, list(canon), writes,
                 [mask(frozenset(name for name, _ in story.scenes[sid].enter_deps))
                  for sid in ids])


# Per scene, as bitmasks of variables: its on_enter effects in order (variable written,
# variables read), what it reads once entered (assertions and choice conditions), and per
# choice its effects in order, what its routes' conditions read, and where they lead.
_Steps = tuple[tuple[int, int], ...]
_Flow = tuple[_Steps, int, tuple[tuple[_Steps, int, tuple[int, ...]], ...]]


def _before(steps: _Steps, live: int) -> int:
    """What is live before `steps`, given what is live after them. An effect whose variable
    is not live is skipped; one that is live kills it and makes what it reads live (`x += n`
    reads x, so it never kills)."""
    for target, reads in reversed(steps):
        if live & target:
            live = (live & ~target) | reads
    return live


def _live(flow: list[_Flow], comps: list[list[int]]) -> list[int]:
    """Per scene, the variables live once it is entered (after its on_enter effects): read on
    some path from there before every write to them. A backward dataflow fixpoint over the
    scene graph, at the granularity the machine runs: the scene's conditions, then a choice's
    effects in order, its route conditions, the target's on_enter effects. Components are
    taken successors first, each iterated until nothing changes, so most take one pass."""
    live = [0] * len(flow)
    for members in comps:
        changed = True
        while changed:
            changed = False
            for m in members:
                _, reads, exits = flow[m]
                out = reads
                for steps, route_reads, targets in exits:
                    after = route_reads
                    for t in targets:
                        after |= _before(flow[t][0], live[t])
                    out |= _before(steps, after)
                if out != live[m]:
                    live[m] = out
                    changed = True
    return live


def _arrive(steps: Steps, initial: Vars, dead: int) -> Canon:
    """v -> v after `steps` (effects, in order), then with the variables in the bitmask
    `dead` back at their initial values: one pass over one list (None: nothing to do)."""
    reset = tuple((i, initial[i]) for i in range(len(initial)) if dead >> i & 1)
    if not steps and not reset:
        return None

    def arrive(v: Vars) -> Vars:
        w = list(v)
        for i, fn in steps:  # value functions only index by position: a list serves
            w[i] = fn(w)  # type: ignore[arg-type]
        for i, x in reset:
            w[i] = x
        return tuple(w)

    return arrive


def _resetter(initial: Vars, kept: tuple[int, ...]) -> Callable[[Vars], Vars]:
    """v -> v with the variables not in `kept` back at their initial values. One tuple
    concatenation and one itemgetter, both in C: this runs for every successor."""
    n = len(initial)
    if n == 1:
        return lambda v: initial
    pick = operator.itemgetter(*(i if i in kept else n + i for i in range(n)))
    return lambda v: pick(v + initial)


def _downstream_once(succ: list[list[int]], own_once: list[int], comp_of: list[int],
                     comps: list[list[int]]) -> list[int]:
    """Per scene, the once-bits of the choices of every scene reachable from it (a once-bit
    is only ever read by its own scene and only ever set there, so reachability is exactly
    its liveness). Components come successors first, so each is computed once."""
    once = [0] * len(comps)
    for c, members in enumerate(comps):
        o = 0
        for m in members:
            o |= own_once[m]
            for t in succ[m]:
                if comp_of[t] != c:
                    o |= once[comp_of[t]]
        once[c] = o
    return [once[comp_of[i]] for i in range(len(succ))]


def _then(first: Effect | None, second: Canon) -> Canon:
    if first is None or second is None:
        return first or second
    return lambda v: second(first(v))


def _sccs(succ: list[list[int]]) -> tuple[list[int], list[list[int]]]:
    """Tarjan's algorithm, iterative; components come out successors first."""
    index = [-1] * len(succ)
    low = [0] * len(succ)
    on_stack = [False] * len(succ)
    stack: list[int] = []
    comp_of = [-1] * len(succ)
    comps: list[list[int]] = []
    counter = 0
    for root in range(len(succ)):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            node, pos = work.pop()
            if pos == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            recurse = False
            targets = succ[node]
            while pos < len(targets):
                t = targets[pos]
                pos += 1
                if index[t] == -1:
                    work.append((node, pos))
                    work.append((t, 0))
                    recurse = True
                    break
                if on_stack[t]:
                    low[node] = min(low[node], index[t])
            if recurse:
                continue
            if low[node] == index[node]:
                members = []
                while True:
                    m = stack.pop()
                    on_stack[m] = False
                    comp_of[m] = len(comps)
                    members.append(m)
                    if m == node:
                        break
                comps.append(members)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return comp_of, comps


@dataclass
class Exploration:
    """What the search found, and the explored state graph for the checker's later passes.

    States are numbered in breadth-first order (so by depth); `keys[n]` is state n. The
    successors of an expanded state n are `dst[starts[n]:starts[n + 1]]` (`choice_to` tells
    which choice leads to one). States numbered `expanded` and above were found but not
    expanded (the budget ran out)."""

    states: int
    complete: bool
    scenes_reached: set[str]
    choices_available: set[str]  # choice keys available in some reachable state
    endings: dict[str, tuple[list[str], list[str]]]  # scene id -> (choice ids, scenes)
    soft_locks: dict[str, tuple[list[str], list[str]]]  # scenes where every choice is locked
    table: Table
    keys: list[Key]
    parent: list[int]  # the state each state was first reached from (-1 for the start)
    via: list[int]  # ... and by which transition
    starts: array[int]
    dst: array[int]
    expanded: int
    names: list[tuple[int, str]]  # transition id -> (scene index, choice id)

    def witness(self, state: int) -> tuple[list[str], list[str]]:
        """The choices and scenes of a shortest path from the start to `state`."""
        ids = self.table.ids
        choices: list[str] = []
        scenes: list[str] = [ids[self.keys[state][0]]]
        while self.parent[state] >= 0:
            choices.append(self.names[self.via[state]][1])
            state = self.parent[state]
            scenes.append(ids[self.keys[state][0]])
        return choices[::-1], scenes[::-1]

    def successors(self, state: int) -> array[int]:
        return self.dst[self.starts[state]:self.starts[state + 1]]

    def choice_to(self, state: int, successor: int) -> str:
        """The id of a choice that leads from `state` to `successor` (recomputed: recording
        one per transition would cost every search for the rare report that needs it)."""
        t = self.table
        si, v, once = self.keys[state]
        want = self.keys[successor]
        for bit, cond, effect, routes, cid, chance in t.rows[si]:
            if once & bit or (cond is not None and not cond(v)):
                continue
            nv = v if effect is None else effect(v)
            open_routes = [ti for rc, ti in routes if rc is None or rc(nv)]
            for ti in open_routes if chance else open_routes[:1]:
                enter = t.on_enter[ti]
                w = nv if enter is None else enter(nv)
                canon = t.canon[ti]
                if (ti, w if canon is None else canon(w), (once | bit) & t.keep_once[ti]) == want:
                    return cid
        return "?"


def explore(story: Story, budget: int = DEFAULT_BUDGET, reduce: bool = True) -> Exploration:
    """Every reachable state, up to `budget` of them, and every transition between them.

    States that differ only in what can no longer matter (once-choices of scenes that cannot
    be reached again, variables no reachable condition reads) are merged: the checker's
    verdicts are the same, and the story's state space stays small enough to finish."""
    with collector_paused():  # the states and transitions are many, and hold no cycles
        return _explore(story, budget, reduce)


def _explore(story: Story, budget: int, reduce: bool) -> Exploration:
    t = build_table(story)
    ids, is_ending = t.ids, t.is_ending
    keep_once, canon = t.keep_once, t.canon
    if not reduce:  # the plain search, kept to prove the reduction changes no verdict
        keep_once, canon = [-1] * len(ids), [None] * len(ids)
        t.keep_once, t.canon, t.live = keep_once, canon, [-1] * len(ids)
    # What happens on taking a choice and arriving at a scene, as one function a route: the
    # choice's effects (when no route condition needs to see the state after them), the
    # scene's on_enter effects, and the reset of the variables that can no longer matter.
    # Every state already has its scene's dead variables at their initial values (the reset
    # on arriving there), so a route resets only what may have moved since: what was live
    # where it left, or written on the way. That is often nothing at all.
    initial, live = story.initial_vars, t.live
    # Each transition gets a small integer id, so noting it as available allocates nothing.
    names: list[tuple[int, str]] = []
    rows: list[list[Step]] = []
    for si, row in enumerate(t.rows):
        choices = story.scenes[ids[si]].choices
        out: list[Step] = []
        for (bit, cond, effect, plain_routes, cid, chance), choice, writes in zip(
                row, choices, t.writes[si], strict=True):
            fused = len(plain_routes) == 1 and plain_routes[0][0] is None
            arrivals = []
            for rc, ti in plain_routes:
                steps = (*(choice.steps if fused else ()), *story.scenes[ids[ti]].enter_steps)
                moved = live[si] | writes | t.enter_writes[ti]
                arrivals.append((rc, ti, _arrive(steps, initial, moved & ~live[ti]),
                                 keep_once[ti]))
            out.append((bit, cond, None if fused else effect, tuple(arrivals), len(names),
                        chance))
            names.append((si, cid))
        rows.append(out)
    start_index = t.index[story.start]
    first = _then(t.on_enter[start_index], canon[start_index])
    v0 = story.initial_vars if first is None else first(story.initial_vars)
    start: Key = (start_index, v0, 0)
    keys: list[Key] = [start]
    number: dict[Key, int] = {start: 0}
    parent = [-1]
    via = [-1]
    starts, dst = array("q"), array("q")
    reached = [False] * len(ids)
    available: set[int] = set()
    ending_at: dict[int, int] = {}
    locked_at: dict[int, int] = {}
    complete = True
    expanded = 0
    find, seen = number.get, available.add
    new_key, new_parent, new_via = keys.append, parent.append, via.append
    edge, mark = dst.append, starts.append
    for cur, key in enumerate(keys):  # the list grows as states are found
        mark(len(dst))
        si, v, once = key
        reached[si] = True
        if is_ending[si]:
            ending_at.setdefault(si, cur)
            if len(keys) > budget:
                complete, expanded = False, cur + 1
                break
            continue
        any_open = False
        for bit, cond, effect, routes, tid, chance in rows[si]:
            if once & bit or (cond is not None and not cond(v)):
                continue
            any_open = True
            seen(tid)
            nv = v if effect is None else effect(v)
            if chance:  # every route that can be drawn is a successor
                for rc, target, post, keep in routes:
                    if rc is not None and not rc(nv):
                        continue
                    nk = (target, nv if post is None else post(nv), (once | bit) & keep)
                    n = find(nk)
                    if n is None:
                        n = number[nk] = len(keys)
                        new_key(nk)
                        new_parent(cur)
                        new_via(tid)
                    edge(n)
                continue
            for route in routes:  # the last route has no condition, so one always matches
                if route[0] is None or route[0](nv):
                    break
            _, target, post, keep = route
            if post is not None:
                nv = post(nv)
            nk = (target, nv, (once | bit) & keep)
            n = find(nk)
            if n is None:
                n = number[nk] = len(keys)
                new_key(nk)
                new_parent(cur)
                new_via(tid)
            edge(n)
        if not any_open:
            locked_at.setdefault(si, cur)
        if len(keys) > budget:
            complete, expanded = False, cur + 1
            break
    else:
        expanded = len(keys)
    mark(len(dst))
    result = Exploration(
        states=len(keys), complete=complete,
        scenes_reached={ids[i] for i, hit in enumerate(reached) if hit},
        choices_available={f"{ids[names[tid][0]]}#{names[tid][1]}" for tid in available},
        endings={}, soft_locks={}, table=t, keys=keys, parent=parent, via=via,
        starts=starts, dst=dst, expanded=expanded, names=names,
    )
    result.endings = {ids[si]: result.witness(n) for si, n in ending_at.items()}
    result.soft_locks = {ids[si]: result.witness(n) for si, n in locked_at.items()}
    return result


def static_targets(story: Story) -> set[str]:
    """Scenes reachable from the start if every condition could hold."""
    seen = {story.start}
    todo = [story.start]
    while todo:
        for choice in story.scenes[todo.pop()].choices:
            for r in choice.routes:
                if r.target not in seen:
                    seen.add(r.target)
                    todo.append(r.target)
    return seen
