"""The story checker: static lint, exhaustive exploration, and the proofs run on the
explored state graph (soft locks, text that never or always shows, assertions, the clock,
agency figures).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .agency import ActAgency, agency
from .collector import collector_paused
from .explore import DEFAULT_BUDGET, Exploration, explore, static_targets
from .model import Position, Story
from .problems import Problem, Severity
from .shown import (
    assertion_findings,
    route_findings,
    states_by_scene,
    timeout_findings,
    variant_findings,
)
from .traps import clock_backwards, find_traps

__all__ = ["DEFAULT_BUDGET", "EndingReport", "Exploration", "Report", "check", "explore"]


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
class Report:
    problems: list[Problem]
    scenes: int
    endings: list[EndingReport] = field(default_factory=list)
    states_explored: int = 0
    complete: bool = False
    agency: list[ActAgency] = field(default_factory=list)

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
            "agency": [a.as_json() for a in self.agency],
        }


def check(story: Story, budget: int = DEFAULT_BUDGET, reduce: bool = True) -> Report:
    """Lint and explore a loaded story (`reduce=False`: without merging states, to prove
    that the merging changes no verdict)."""
    with collector_paused():  # the explored graph is large, and the proofs make no cycles
        return _check(story, budget, reduce)


def _check(story: Story, budget: int, reduce: bool) -> Report:
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

    exploration = explore(story, budget, reduce)
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
        warn(story.scenes[sid].position, f"soft lock: every choice in {sid} can be locked; "
             f"reached by {_path(choices)}", "error")
    by_scene = states_by_scene(exploration)
    _proofs(story, exploration, by_scene, warn)
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
        _never_or_always(story, exploration, by_scene, warn)
    return Report(problems=problems, scenes=len(story.scenes), endings=endings,
                  states_explored=exploration.states, complete=exploration.complete,
                  agency=agency(story, exploration, by_scene))


Warn = Callable[[Position, str, Severity], None]


def _path(choices: list[str]) -> str:
    return " > ".join(choices) or "(the start)"


def _proofs(story: Story, ex: Exploration, by_scene: list[list[int]], warn: Warn) -> None:
    """What the explored graph proves broken: each finding is real, even when the budget
    stopped the search early (unexplored states are never held against the story)."""
    for trap in find_traps(story, ex):
        if trap.stuck:
            continue  # a state with every choice locked, or a dead end: reported as such
        choices, scenes = ex.witness(trap.state)
        warn(story.scenes[scenes[-1]].position, f"soft lock: no ending can be reached from "
             f"{scenes[-1]} here: the story loops through {', '.join(trap.scenes)} with no "
             f"way out; reached by {_path(choices)}", "error")
    for f in assertion_findings(story, ex, by_scene):
        assertion = story.scenes[f.scene].assertions[f.what]
        why = f" ({assertion.message})" if assertion.message else ""
        warn(assertion.position, f"assertion broken on entering {f.scene}: "
             f"`{assertion.source}`{why}; reached by {_path(ex.witness(f.state)[0])}", "error")
    for f in timeout_findings(story, ex, by_scene):
        scene = story.scenes[f.scene]
        assert scene.timeout is not None
        warn(scene.timeout.position or scene.position, f"timeout choice "
             f"{scene.timeout.choice!r} can be locked when time runs out in {f.scene}; "
             f"reached by {_path(ex.witness(f.state)[0])}", "warning")
    for back in clock_backwards(story, ex):
        scene, before = story.scenes[back.scene], story.scenes[back.after]
        where = scene.again_time_position if scene.again_clock is not None else None
        warn(where or scene.time_position or scene.position, f"time runs backwards: "
             f"{back.scene} ({scene.ordered_time}) can come after {back.after} "
             f"({before.ordered_time}); reached by "
             f"{_path(back.path)} (a deliberate jump back is marked `flashback: true`)",
             "error")


def _never_or_always(story: Story, ex: Exploration, by_scene: list[list[int]],
                     warn: Warn) -> None:
    """Text and routes that never or always apply: proved only over a complete search."""
    for f in variant_findings(story, ex, by_scene):
        variant = story.scenes[f.scene].variants[f.what]
        where = variant.position or story.scenes[f.scene].position
        if f.kind == "never":
            warn(where, f"never shown: variant `{variant.source}` of {f.scene} is false in "
                 "every reachable state", "warning")
        else:
            warn(where, f"always shown: variant `{variant.source}` of {f.scene} holds in "
                 "every reachable state: make it part of the text", "warning")
    for f in route_findings(story, ex, by_scene):
        choice = story.scenes[f.scene].choices[f.what]
        r = choice.routes[f.route]
        where = r.position or choice.position
        if f.kind == "never":
            warn(where, f"route to {r.target} is never taken: `{r.source}` never holds when "
                 f"{choice.key} is chosen", "warning")
        elif choice.chance:
            warn(where, f"route condition `{r.source}` always holds when {choice.key} is "
                 "chosen: the `if` can go", "warning")
        else:
            warn(where, f"route condition `{r.source}` always holds when {choice.key} is "
                 "chosen: the routes after it are never taken", "warning")
