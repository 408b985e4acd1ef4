"""The story checker: static lint plus exhaustive exploration of the reachable states.

Exploration is a breadth-first search over (scene, variables, once-choices used). Visit
counts and the log are left out of the key because no condition can read them, so two
playthroughs that agree on those three behave the same from there on. Breadth-first order
makes every witness path a shortest one, counted in choices.
"""

from __future__ import annotations

from collections import deque
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


def _table(story: Story) -> tuple[list[str], list[list[Transition]], list[Effect | None],
                                  list[bool], dict[str, int]]:
    """Scenes as indices and choices as tuples, so the search loop does no lookups by name."""
    ids = list(story.scenes)
    index = {sid: i for i, sid in enumerate(ids)}
    bits: dict[str, int] = {}
    table: list[list[Transition]] = []
    for sid in ids:
        row: list[Transition] = []
        for choice in story.scenes[sid].choices:
            bit = 0
            if choice.once:
                bit = bits.setdefault(choice.key, 1 << len(bits))
            routes = tuple((r.condition, index[r.target]) for r in choice.routes)
            row.append((bit, choice.condition, choice.effect, routes, choice.id))
        table.append(row)
    on_enter = [story.scenes[sid].on_enter for sid in ids]
    endings = [story.scenes[sid].ending is not None for sid in ids]
    return ids, table, on_enter, endings, index


def explore(story: Story, budget: int = DEFAULT_BUDGET) -> Exploration:
    """Every reachable state, up to `budget` of them; shortest witnesses for each finding."""
    ids, table, on_enter, is_ending, index = _table(story)
    start_index = index[story.start]
    v0 = story.initial_vars
    enter0 = on_enter[start_index]
    if enter0 is not None:
        v0 = enter0(v0)
    start: Key = (start_index, v0, 0)
    parent: dict[Key, tuple[Key, str] | None] = {start: None}
    queue: deque[Key] = deque([start])
    reached = [False] * len(ids)
    available: set[tuple[int, str]] = set()
    ending_at: dict[int, Key] = {}
    locked_at: dict[int, Key] = {}
    complete = True
    pop, push = queue.popleft, queue.append
    while queue:
        key = pop()
        si, v, once = key
        reached[si] = True
        if is_ending[si]:
            ending_at.setdefault(si, key)
            continue
        any_open = False
        for bit, cond, effect, routes, cid in table[si]:
            if once & bit or (cond is not None and not cond(v)):
                continue
            any_open = True
            available.add((si, cid))
            nv = v if effect is None else effect(v)
            target = routes[-1][1]
            for rcond, ti in routes:
                if rcond is None or rcond(nv):
                    target = ti
                    break
            enter = on_enter[target]
            if enter is not None:
                nv = enter(nv)
            nk = (target, nv, once | bit)
            if nk not in parent:
                parent[nk] = (key, cid)
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
        choices_available={f"{ids[si]}#{cid}" for si, cid in available},
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

