"""Scene specs -> compiled scenes: conditions, effects, routes, endings and timeouts.

Split from loader.py: the third pass of a load. Every expression is compiled by the story's
one `Compiler` (effect lists shared between scenes); every problem is reported at its place
in the scene file (or the mod that grafted it) through the load's `Reader`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from .expr import Compiler, ExprError, updates_itself
from .limits import MAX_TIMEOUT_SECONDS
from .model import (
    Assertion,
    ChoiceSpec,
    Deps,
    Ending,
    Position,
    Route,
    Scene,
    SceneSpec,
    Steps,
    StorySpec,
    Timeout,
    Variant,
)
from .model import Choice as CompiledChoice
from .returns import again_texts, again_times, clock_of
from .startcache import STORY_FILE
from .suggest import did_you_mean
from .yamlread import child_node, file_at, locate

if TYPE_CHECKING:
    from .reading import Node, Reader


_NOTHING: frozenset[str] = frozenset()  # one empty set for every `reads` of no condition


def compile_scenes(
    reader: Reader,
    spec: StorySpec,
    scenes: dict[str, tuple[SceneSpec, Node, str]],
    compiler: Compiler,
    failed: set[str] | None = None,
    grafts: dict[int, str] | None = None,
) -> dict[str, Scene]:
    failed = failed or set()
    grafts = grafts or {}
    compiled: dict[str, Scene] = {}
    ending_ids: dict[str, str] = {}
    chains: dict[tuple[str, ...], Any] = {}  # effect lists compiled, shared by their scenes
    compiled_steps: dict[tuple[str, ...], Steps] = {}  # and their steps, one an effect
    known_deps: dict[tuple[str, ...], Deps] = {}  # and what they read and write
    for sid, (scene, data, file) in scenes.items():
        def problem(path: list[str | int], message: str, offset: int = 0,
                    _data: Node = data, _file: str = file) -> None:
            line, col = locate(_data, path)
            reader.add(file_at(_data, path, _file, grafts), (line, col + offset), message)

        def cond(source: str, path: list[str | int]) -> Any:
            try:
                return compiler.condition(source)
            except ExprError as err:
                problem(path, f"in condition {source!r}: {err.message}", err.col)
                return None

        def effects(sources: list[str], path: list[str | int],
                    _chains: dict[tuple[str, ...], Any] = chains) -> Any:
            steps = []
            for i, source in enumerate(sources):
                try:
                    steps.append(compiler.effect(source))
                except ExprError as err:
                    problem([*path, i], f"in effect {source!r}: {err.message}", err.col)
            if len(steps) != len(sources):
                return None
            key = tuple(sources)  # the same effects in the same order: one function
            if key not in _chains:
                _chains[key] = compiler.chain(steps)
                compiled_steps[key] = tuple(steps)
            return _chains[key]

        def steps_of(sources: list[str]) -> Steps:
            return compiled_steps.get(tuple(sources), ())  # (): did not compile, reported

        def deps(sources: list[str], _known: dict[tuple[str, ...], Deps] = known_deps) -> Deps:
            key = tuple(sources)
            if key in _known:
                return _known[key]
            out = []
            for source in sources:
                try:
                    reads, writes = compiler.footprint("effect", source)
                except KeyError:  # did not compile; already reported
                    continue
                if updates_itself(source):  # `x += n` reads x as well
                    reads = reads | writes
                out += [(name, reads) for name in writes]
            _known[key] = tuple(out)
            return _known[key]

        def reads(source: str | None) -> frozenset[str]:
            if source is None:
                return _NOTHING
            try:
                return compiler.footprint("cond", source)[0]
            except KeyError:
                return _NOTHING

        if spec.acts and scene.act not in spec.acts:
            problem(["act"], f"act {scene.act} is not declared in {STORY_FILE} "
                    f"(acts: {', '.join(map(str, spec.acts))})")
        if spec.locations and scene.location not in spec.locations:
            problem(["location"], f"unknown location {scene.location!r}"
                    f"{did_you_mean(scene.location, spec.locations)}")
        def at(path: list[str | int], _data: Node = data, _file: str = file) -> Position:
            return Position(file_at(_data, path, _file, grafts), *locate(_data, path))

        variants = []
        for i, variant in enumerate(scene.variants):
            compiled_cond = cond(variant.if_, ["variants", i, "if"])
            if compiled_cond is not None:
                variants.append(Variant(compiled_cond[0], variant.text, variant.if_,
                                        at(["variants", i, "if"]), reads(variant.if_),
                                        again=variant.again))
        assertions = []
        for i, item in enumerate(scene.assert_):
            path: list[str | int] = ["assert", i]
            if isinstance(item, str):
                source, message = item, ""
            else:
                source, message, path = item.that, item.message, [*path, "that"]
            compiled_cond = cond(source, path)
            if compiled_cond is not None:
                assertions.append(Assertion(compiled_cond[0], source, message, at(path),
                                            reads(source)))
        on_enter = effects(scene.on_enter, ["on_enter"])
        choices = []
        seen_ids: set[str] = set()
        items = child_node(data, "choices") if data is not None else None
        marks = ([(grafts.get(id(n), file), n.start_mark.line + 1, n.start_mark.column + 1)
                  for n in items.value] if isinstance(items, yaml.SequenceNode) else [])
        for i, choice in enumerate(scene.choices):
            if choice.id in seen_ids:
                problem(["choices", i, "id"], f"duplicate choice id {choice.id!r} in this scene")
            seen_ids.add(choice.id)
            where = Position(*marks[i]) if i < len(marks) else Position(file, 1, 1)
            choices.append(_choice(sid, i, choice, scenes, cond, effects, problem, where,
                                   deps, reads, failed, at, steps_of))
        ending = None
        if scene.ending is not None:
            e = scene.ending
            if e.id in ending_ids:
                problem(["ending", "id"], f"ending id {e.id!r} is already used by "
                        f"{ending_ids[e.id]}")
            ending_ids[e.id] = sid
            if scene.choices:
                problem(["choices"], "an ending has no choices")
            ending = Ending(e.id, e.title, e.tone, e.summary, e.hint)
        timeout = None
        if scene.timeout is not None:
            if scene.timeout.choice not in seen_ids:
                problem(["timeout", "choice"], f"timeout choice {scene.timeout.choice!r} is not "
                        f"a choice of this scene{did_you_mean(scene.timeout.choice, seen_ids)}")
            seconds = scene.timeout.seconds
            if not 0 < seconds <= MAX_TIMEOUT_SECONDS:  # also refuses .inf and .nan
                problem(["timeout", "seconds"], f"timeout seconds must be a number above 0 "
                        f"and at most {MAX_TIMEOUT_SECONDS:,} (a day)")
            timeout = Timeout(seconds, scene.timeout.choice, at(["timeout", "choice"]))
        shown_time, clock = clock_of(scene.time)
        again = again_texts(scene.again, problem)
        again_time, again_clock = again_times(scene.again_time, shown_time, clock, problem)
        compiled[sid] = Scene(
            id=sid, title=scene.title, act=scene.act, location=scene.location, time=shown_time,
            text=scene.text, variants=tuple(variants), on_enter=on_enter,
            choices=tuple(c for c in choices if c is not None), timeout=timeout, ending=ending,
            position=Position(file, *locate(data, [])),
            enter_deps=deps(scene.on_enter), enter_steps=steps_of(scene.on_enter),
            clock=clock, time_position=at(["time"]) if scene.time is not None else None,
            flashback=scene.flashback, assertions=tuple(assertions),
            again=again, again_time=again_time, again_clock=again_clock,
            again_time_position=at(["again_time"]) if scene.again_time is not None else None,
        )
    return compiled


def _choice(
    sid: str, i: int, choice: ChoiceSpec, scenes: dict[str, Any], cond: Any, effects: Any,
    problem: Any, position: Position, deps: Any, reads: Any, failed: set[str], at: Any,
    steps_of: Any,
) -> CompiledChoice | None:
    base: list[str | int] = ["choices", i]
    compiled_cond = cond(choice.if_, [*base, "if"]) if choice.if_ is not None else (None, None)
    effect = effects(choice.do, [*base, "do"])
    routes: list[Route] = []
    targets: list[tuple[str, str | None, list[str | int]]]
    if isinstance(choice.goto, str):
        targets = [(choice.goto, None, [*base, "goto"])]
    else:
        targets = [(r.to, r.if_, [*base, "goto", j, "to"]) for j, r in enumerate(choice.goto)]
        if not choice.goto:
            problem([*base, "goto"], "goto needs at least one route")
    weights = [r.weight for r in choice.goto] if isinstance(choice.goto, list) else [None]
    weighted = any(w is not None for w in weights)
    if weighted and None in weights:
        problem([*base, "goto", weights.index(None)], "this route has no `weight`: when one "
                "route of a choice has a weight, every route needs one")
    if weighted and all(c is not None for _, c, _ in targets):
        problem([*base, "goto"], "at least one weighted route must have no `if`, so that "
                "there is always a route to draw")
    for j, (target, condition, path) in enumerate(targets):
        if target not in scenes and target not in failed:
            problem(path, f"goto {target!r}: no such scene{did_you_mean(target, scenes)}")
        is_last = j == len(targets) - 1
        route_cond = None
        if condition is not None:
            if is_last and not weighted:
                problem(path[:-1], "the last route must have no `if`: it is taken when no "
                        "other route's condition holds")
            compiled = cond(condition, [*path[:-1], "if"])
            route_cond = compiled[0] if compiled else None
        elif not is_last and not weighted:
            problem(path[:-1], "only the last route may leave out `if`")
        where = at([*path[:-1], "if"] if condition is not None else path[:-1])
        routes.append(Route(target, route_cond, condition, reads(condition),
                            weights[j] or 0 if weighted else 0, where))
    return CompiledChoice(
        id=choice.id, text=choice.text, key=f"{sid}#{choice.id}",
        condition=compiled_cond[0] if compiled_cond else None,
        condition_source=choice.if_, reason=compiled_cond[1] if compiled_cond else None,
        locked=choice.locked, hide_locked=choice.hide_locked, once=choice.once,
        effect=effect, routes=tuple(routes),
        position=position,
        reads=reads(choice.if_),
        deps=deps(choice.do), steps=steps_of(choice.do),
    )


