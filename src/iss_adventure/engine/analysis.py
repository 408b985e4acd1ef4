"""The story checker: static lint plus exhaustive exploration of the reachable states.

Exploration is a breadth-first search over (scene, variables, once-choices used). Visit
counts and the log are left out of the key because no condition can read them, so two
playthroughs that agree on those three behave the same from there on. Breadth-first order
makes every witness path a shortest one, counted in choices.
"""

from __future__ import annotations

import operator
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from .model import Condition, Effect, Position, Story, Vars
from .problems import Problem, Severity

DEFAULT_BUDGET = 2_000_000

Key = tuple[int, Vars, int]  # scene index, variables, bitmask of once-choices used


@dataclass
class EndingReport:
    id: str
    title: str
    scene: str
    reachable: bool
    witness: list[str] | None  # choice ids of a shortest path, when reachable
    path: list[str] | None  # the scenes along that path

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "title": self.title, "scene": self.scene,
                "reachable": self.reachable, "witness": self.witness, "path": self.path}


@dataclass
class Exploration:
    states: int
    complete: bool
    scenes_reached: set[str]
    choices_available: set[str]  # choice keys available in some reachable state
    endings: dict[str, tuple[list[str], list[str]]]  # scene id -> (choice ids, scenes)
    soft_locks: dict[str, tuple[list[str], list[str]]]


@dataclass
class Report:
    problems: list[Problem]
    scenes: int
    endings: list[EndingReport] = field(default_factory=list)
    states_explored: int = 0
    complete: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "errors": [p.as_json() for p in self.errors],
            "warnings": [p.as_json() for p in self.warnings],
            "scenes": self.scenes,
            "endings": [e.as_json() for e in self.endings],
            "states_explored": self.states_explored,
            "complete": self.complete,
        }


Transition = tuple[int, Condition | None, Effect | None, tuple[tuple[Condition | None, int], ...],
                   str]
Canon = Callable[[Vars], Vars] | None
# A transition as the search loop sees it: once-bit, condition, effect, routes (condition,
# target, arrival function, once-bits to keep), and its id.
Step = tuple[int, Condition | None, Effect | None,
             tuple[tuple[Condition | None, int, Canon, int], ...], int]


@dataclass
class _Table:
    """Scenes as indices and choices as tuples, so the search loop does no lookups by name."""

    ids: list[str]
    index: dict[str, int]
    rows: list[list[Transition]]
    on_enter: list[Effect | None]
    is_ending: list[bool]
    keep_once: list[int]  # per scene: once-bits that can still matter from there
    canon: list[Canon]  # per scene: resets variables no reachable condition can read


def _table(story: Story) -> _Table:
    ids = list(story.scenes)
    index = {sid: i for i, sid in enumerate(ids)}
    var_bit = {name: 1 << i for i, name in enumerate(story.index)}
    bits: dict[str, int] = {}
    rows: list[list[Transition]] = []
    own_once = [0] * len(ids)
    own_reads = [0] * len(ids)
    own_deps: list[set[tuple[int, int]]] = [set() for _ in ids]
    succ: list[list[int]] = []

    def mask(names: frozenset[str]) -> int:
        out = 0
        for name in names:
            out |= var_bit[name]
        return out

    for i, sid in enumerate(ids):
        scene = story.scenes[sid]
        row: list[Transition] = []
        targets: list[int] = []
        for target, reads in scene.enter_deps:
            own_deps[i].add((var_bit[target], mask(reads)))
        for choice in scene.choices:
            bit = 0
            if choice.once:
                bit = bits.setdefault(choice.key, 1 << len(bits))
                own_once[i] |= bit
            own_reads[i] |= mask(choice.reads)
            for target, reads in choice.deps:
                own_deps[i].add((var_bit[target], mask(reads)))
            routes = []
            for r in choice.routes:
                own_reads[i] |= mask(r.reads)
                routes.append((r.condition, index[r.target]))
                targets.append(index[r.target])
            row.append((bit, choice.condition, choice.effect, tuple(routes), choice.id))
        rows.append(row)
        succ.append(targets)

    keep_once, live = _downstream(succ, own_once, own_reads, own_deps)
    everything = (1 << len(story.variables)) - 1
    initial = story.initial_vars
    canon: list[Canon] = []
    for i in range(len(ids)):
        if live[i] == everything:
            canon.append(None)
        else:
            kept = tuple(n for n in range(len(initial)) if live[i] >> n & 1)
            canon.append(_resetter(initial, kept))
    return _Table(ids, index, rows, [story.scenes[sid].on_enter for sid in ids],
                  [story.scenes[sid].ending is not None for sid in ids], keep_once, canon)


def _resetter(initial: Vars, kept: tuple[int, ...]) -> Callable[[Vars], Vars]:
    """v -> v with the variables not in `kept` back at their initial values. One tuple
    concatenation and one itemgetter, both in C: this runs for every successor."""
    n = len(initial)
    if n == 1:
        return lambda v: initial
    pick = operator.itemgetter(*(i if i in kept else n + i for i in range(n)))
    return lambda v: pick(v + initial)


def _downstream(succ: list[list[int]], own_once: list[int], own_reads: list[int],
                own_deps: list[set[tuple[int, int]]]) -> tuple[list[int], list[int]]:
    """Per scene, what anything reachable from it can still look at: the once-bits of its
    choices, and the variables its conditions read (closed under the effects that compute one
    variable from others). Strongly connected components are visited in reverse topological
    order, so each is computed once from its successors."""
    comp_of, comps = _sccs(succ)
    once = [0] * len(comps)
    reads = [0] * len(comps)
    deps: list[frozenset[tuple[int, int]]] = [frozenset()] * len(comps)
    live = [0] * len(comps)
    for c, members in enumerate(comps):  # successors' components come first
        o, r = 0, 0
        d: set[tuple[int, int]] = set()
        for m in members:
            o |= own_once[m]
            r |= own_reads[m]
            d |= own_deps[m]
            for t in succ[m]:
                tc = comp_of[t]
                if tc != c:
                    o |= once[tc]
                    r |= reads[tc]
                    d |= deps[tc]
        once[c], reads[c], deps[c] = o, r, frozenset(d)
        changed = True
        while changed:
            changed = False
            for target, sources in d:
                if r & target and sources & ~r:
                    r |= sources
                    changed = True
        live[c] = r
    return [once[comp_of[i]] for i in range(len(succ))], [live[comp_of[i]] for i in
                                                           range(len(succ))]


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


def explore(story: Story, budget: int = DEFAULT_BUDGET, reduce: bool = True) -> Exploration:
    """Every reachable state, up to `budget` of them; shortest witnesses for each finding.

    States that differ only in what can no longer matter (once-choices of scenes that cannot
    be reached again, variables no reachable condition reads) are merged: the checker's
    verdicts are the same, and the story's state space stays small enough to finish."""
    t = _table(story)
    ids, is_ending = t.ids, t.is_ending
    keep_once, canon = t.keep_once, t.canon
    if not reduce:  # the plain search, kept to prove the reduction changes no verdict
        keep_once, canon = [-1] * len(ids), [None] * len(ids)
    # What happens on arriving at a scene: its on_enter effects, then the reset of variables
    # that can no longer matter, as one function; and the once-bits still worth keeping.
    arrive = [_then(t.on_enter[i], canon[i]) for i in range(len(ids))]
    # Each transition gets a small integer id, so noting it as available allocates nothing.
    names: list[tuple[int, str]] = []
    rows: list[list[Step]] = []
    for si, row in enumerate(t.rows):
        out: list[Step] = []
        for bit, cond, effect, plain_routes, cid in row:
            out.append((bit, cond, effect, tuple((rc, ti, arrive[ti], keep_once[ti])
                                                 for rc, ti in plain_routes), len(names)))
            names.append((si, cid))
        rows.append(out)
    start_index = t.index[story.start]
    first = arrive[start_index]
    v0 = story.initial_vars if first is None else first(story.initial_vars)
    start: Key = (start_index, v0, 0)
    parent: dict[Key, tuple[Key, str] | None] = {start: None}
    queue: deque[Key] = deque([start])
    reached = [False] * len(ids)
    available: set[int] = set()
    ending_at: dict[int, Key] = {}
    locked_at: dict[int, Key] = {}
    complete = True
    pop, push, seen = queue.popleft, queue.append, available.add
    while queue:
        key = pop()
        si, v, once = key
        reached[si] = True
        if is_ending[si]:
            ending_at.setdefault(si, key)
            continue
        any_open = False
        for bit, cond, effect, routes, tid in rows[si]:
            if once & bit or (cond is not None and not cond(v)):
                continue
            any_open = True
            seen(tid)
            nv = v if effect is None else effect(v)
            for route in routes:  # the last route has no condition, so one always matches
                if route[0] is None or route[0](nv):
                    break
            _, target, post, keep = route
            if post is not None:
                nv = post(nv)
            nk = (target, nv, (once | bit) & keep)
            if nk not in parent:
                parent[nk] = (key, names[tid][1])
                push(nk)
        if not any_open:
            locked_at.setdefault(si, key)
        if len(parent) > budget:
            complete = False
            break

    def witness(key: Key) -> tuple[list[str], list[str]]:
        choices: list[str] = []
        scenes: list[str] = [ids[key[0]]]
        link = parent[key]
        while link is not None:
            key, cid = link
            choices.append(cid)
            scenes.append(ids[key[0]])
            link = parent[key]
        return choices[::-1], scenes[::-1]

    return Exploration(
        states=len(parent),
        complete=complete,
        scenes_reached={ids[i] for i, hit in enumerate(reached) if hit},
        choices_available={f"{ids[names[tid][0]]}#{names[tid][1]}" for tid in available},
        endings={ids[si]: witness(k) for si, k in ending_at.items()},
        soft_locks={ids[si]: witness(k) for si, k in locked_at.items()},
    )


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


def check(story: Story, budget: int = DEFAULT_BUDGET) -> Report:
    """Lint and explore a loaded story."""
    problems: list[Problem] = []

    def warn(pos: Position, message: str, severity: Severity = "warning") -> None:
        problems.append(Problem(pos.file, pos.line, pos.col, message, severity))

    for scene in story.scenes.values():
        if scene.ending is None and not scene.choices:
            warn(scene.position, f"{scene.id} has no choices and is not an ending: a dead end",
                 "error")
    static = static_targets(story)
    for sid, scene in story.scenes.items():
        if sid not in static:
            warn(scene.position, f"{sid} is unreachable: no goto leads to it")
    used = story.reads | {m.trust for m in story.crew} | {
        m.status for m in story.crew if m.status
    }
    for var in story.variables:
        if var.name not in used:
            what = "set but never read" if var.name in story.writes else "never used"
            warn(var.position, f"variable {var.name} is {what}")

    exploration = explore(story, budget)
    endings = []
    for scene in story.endings:
        assert scene.ending is not None
        found = exploration.endings.get(scene.id)
        endings.append(EndingReport(scene.ending.id, scene.ending.title, scene.id,
                                    found is not None, found[0] if found else None,
                                    found[1] if found else None))
        if found is None and scene.id in static:
            if exploration.complete:
                warn(scene.position, f"ending {scene.ending.id!r} can never be reached: the "
                     "conditions on every way to it fail", "error")
            else:
                warn(scene.position, f"ending {scene.ending.id!r} was not reached within the "
                     f"exploration budget of {budget} states")
    for sid, (choices, _) in exploration.soft_locks.items():
        if not story.scenes[sid].choices:
            continue  # a dead end, reported above
        path = " > ".join(choices) or "(the start)"
        warn(story.scenes[sid].position, f"soft lock: every choice in {sid} can be locked; "
             f"reached by {path}", "error")
    if exploration.complete:
        for sid, scene in story.scenes.items():
            if sid in static and sid not in exploration.scenes_reached:
                if scene.ending is not None:
                    continue  # reported as an unreachable ending
                warn(scene.position, f"{sid} is never reached in play: the conditions on "
                     "every way to it fail")
                continue
            if sid not in exploration.scenes_reached:
                continue
            for choice in scene.choices:
                if choice.key not in exploration.choices_available:
                    warn(choice.position, f"choice {choice.id!r} is never available: its "
                         f"condition `{choice.condition_source}` never holds when {sid} is "
                         "reached")
    return Report(problems=problems, scenes=len(story.scenes), endings=endings,
                  states_explored=exploration.states, complete=exploration.complete)

