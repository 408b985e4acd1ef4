"""Proofs over the explored state graph: soft locks (states from which no ending can be
reached) and the clock (structured time never runs backwards along a path)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .explore import Exploration
from .model import Story


@dataclass
class Trap:
    """A region of states with no way to an ending, entered at `state` (a shortest entry)."""

    state: int
    scenes: list[str]  # the scenes the player can still reach inside the trap
    stuck: bool  # the trap contains a state where no choice is available at all


def _always_finishable(story: Story, ex: Exploration) -> bytearray:
    """Per scene, 1 when an ending can be reached from it in every state: an ending, or a
    scene with a choice that has no condition, is not once-only, and whose every route leads
    to such a scene. Most scenes of a sound story are; their states need no search."""
    index = ex.table.index
    sure = bytearray(len(ex.table.ids))
    for si, ending in enumerate(ex.table.is_ending):
        sure[si] = ending
    changed = True
    while changed:
        changed = False
        for si, sid in enumerate(ex.table.ids):
            if sure[si]:
                continue
            for c in story.scenes[sid].choices:
                if c.condition is None and not c.once and all(
                        sure[index[r.target]] for r in c.routes):
                    sure[si] = changed = True
                    break
    return sure


def can_finish(story: Story, ex: Exploration) -> bytearray:
    """Per state, 1 when some ending is reachable from it. States the budget left unexpanded
    count as able to finish: nothing is claimed about what was not explored.

    Sweeps in reverse breadth-first order: a state's successors mostly come later, so are
    decided before it."""
    keys, starts, dst = ex.keys, ex.starts, ex.dst
    sure = _always_finishable(story, ex)
    good = bytearray(len(keys))
    for n in range(ex.expanded, len(keys)):
        good[n] = 1
    undecided = []
    for n in range(ex.expanded - 1, -1, -1):
        first, end = starts[n], starts[n + 1]
        if sure[keys[n][0]] or (first < end and good[dst[first]]):
            good[n] = 1  # decided without slicing the successor list
            continue
        for m in dst[first + 1:end]:
            if good[m]:
                good[n] = 1
                break
        else:
            undecided.append(n)
    # Ways out that run back to an earlier state (paths converge on states found before)
    # need more sweeps; each one decides most of what is left. When one decides little,
    # the rest goes to a backward search, linear in what remains.
    while undecided:
        left = []
        for n in undecided:
            for m in dst[starts[n]:starts[n + 1]]:
                if good[m]:
                    good[n] = 1
                    break
            else:
                left.append(n)
        if len(left) == len(undecided):
            break
        if len(left) * 4 > len(undecided) * 3:
            _backwards(ex, good, left)
            break
        undecided = left
    return good


def _backwards(ex: Exploration, good: bytearray, undecided: list[int]) -> None:
    """Backward search over the undecided states, linear in their transitions."""
    pending = set(undecided)
    preds: dict[int, list[int]] = {}
    frontier = []
    for n in undecided:
        for m in ex.successors(n):
            if good[m]:
                frontier.append(n)
            elif m in pending:
                preds.setdefault(m, []).append(n)
    while frontier:
        n = frontier.pop()
        if good[n]:
            continue
        good[n] = 1
        frontier.extend(p for p in preds.get(n, ()) if not good[p])


def find_traps(story: Story, ex: Exploration) -> list[Trap]:
    """One trap per scene where a trap is first entered, each with a shortest way in."""
    good = can_finish(story, ex)
    ids, keys = ex.table.ids, ex.keys
    covered = bytearray(len(keys))
    traps: list[Trap] = []
    entered: set[int] = set()
    for n in range(ex.expanded):
        if good[n] or covered[n]:
            continue
        si = keys[n][0]
        if not story.scenes[ids[si]].choices:
            continue  # a dead end: reported as one
        scenes: set[int] = set()
        stuck = False
        todo = [n]
        covered[n] = 1
        while todo:
            m = todo.pop()
            scenes.add(keys[m][0])
            out = ex.successors(m) if m < ex.expanded else ()
            if not out:
                stuck = True
            for k in out:
                if not covered[k]:
                    covered[k] = 1
                    todo.append(k)
        if si in entered:
            continue
        entered.add(si)
        traps.append(Trap(n, sorted(ids[s] for s in scenes), stuck))
    return traps


@dataclass
class Backwards:
    """Time runs backwards on arriving at `scene`: `state` is the first state there on such a
    path, `after` the timed scene the clock was last read in, `path` the choices of it."""

    scene: str
    after: str
    path: list[str]
    scenes: list[str]


def clock_backwards(story: Story, ex: Exploration) -> list[Backwards]:
    """Every scene whose structured time can come after a later time along some path.

    A timed scene sets the clock; an untimed one carries the clock of the last timed scene
    before it; a flashback may set it back. A scene with an `again_time` is ordered by it (the
    later of its two times): a return visit may come after anything reached from it, and it may
    be left on a return. Checked on the explored graph, so a path that
    exists only when conditions could never all hold is not reported."""
    ids, keys = ex.table.ids, ex.keys
    clock = [story.scenes[sid].ordered_clock for sid in ids]
    if all(c is None for c in clock):
        return []
    flash = [story.scenes[sid].flashback for sid in ids]
    found: dict[int, tuple[int, int, list[int]]] = {}  # scene -> (length, from, chain)
    carried: dict[int, int] = {}  # untimed state -> latest clock that can come before it
    origin: dict[int, tuple[int, int]] = {}  # untimed state -> (timed state, predecessor)
    todo: list[int] = []

    def arrive(src: int, m: int, time: int, timed_src: int) -> None:
        tsi = keys[m][0]
        target_clock = clock[tsi]
        if target_clock is None:
            if time > carried.get(m, -1):
                carried[m] = time
                origin[m] = (timed_src, src)
                todo.append(m)
            return
        if target_clock < time and not flash[tsi]:
            chain = [m, src]
            while chain[-1] != timed_src and len(chain) <= len(keys):
                chain.append(origin[chain[-1]][1])
            length = len(ex.witness(timed_src)[0]) + len(chain) - 1
            if tsi not in found or length < found[tsi][0]:
                found[tsi] = (length, timed_src, chain[::-1])

    # Only scenes with an earlier next scene, or a way through untimed scenes to one, need
    # their states visited; on the scene graph (every condition holding) most are cleared.
    succ = [[ex.table.index[r.target] for c in story.scenes[sid].choices for r in c.routes]
            for sid in ids]
    latest = [-1] * len(ids)  # untimed scene -> latest clock that can come before it
    changed = True
    while changed:
        changed = False
        for si in range(len(ids)):
            c = clock[si] if clock[si] is not None else latest[si]
            for ti in succ[si]:
                if clock[ti] is None and c is not None and c > latest[ti]:
                    latest[ti] = c
                    changed = True
    risky = [False] * len(ids)  # untimed scenes from which an earlier time can follow
    changed = True
    while changed:
        changed = False
        for si in range(len(ids)):
            if clock[si] is not None or risky[si]:
                continue
            for ti in succ[si]:
                t = clock[ti]
                if (risky[ti] if t is None else t < latest[si] and not flash[ti]):
                    risky[si] = changed = True
                    break
    worth = [False] * len(ids)
    for si in range(len(ids)):
        c = clock[si]
        if c is None:
            continue
        for ti in succ[si]:
            t = clock[ti]
            if risky[ti] if t is None else t < c and not flash[ti]:
                worth[si] = True
    for n in range(ex.expanded):
        c = clock[keys[n][0]]
        if c is None or not worth[keys[n][0]]:
            continue
        for m in ex.successors(n):
            arrive(n, m, c, n)
    while todo:
        n = todo.pop()
        if n >= ex.expanded:
            continue
        time, (timed_src, _) = carried[n], origin[n]
        for m in ex.successors(n):
            arrive(n, m, time, timed_src)
    out = []
    for tsi, (_, timed_src, chain) in sorted(found.items()):
        choices, scenes = ex.witness(timed_src)
        for a, b in itertools.pairwise(chain):
            choices.append(ex.choice_to(a, b))
            scenes.append(ids[keys[b][0]])
        out.append(Backwards(ids[tsi], ids[keys[timed_src][0]], choices, scenes))
    return out
