"""Scene files -> a compiled Story. Every problem becomes `file:line:col: message`.

Loading runs in three passes: read each file (YAML syntax, unknown keys, schema), then check
the story as a whole (ids, targets, locations, acts), then compile expressions. All problems
of all passes are collected; only a story without errors is returned.
"""

from __future__ import annotations

import hashlib
import keyword
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
import yaml

from .atomic import NotRegular, read_bounded, why_unreadable
from .collector import collector_paused
from .expr import Compiler, ExprError, updates_itself
from .limits import MAX_FILE_BYTES, MAX_TIMEOUT_SECONDS
from .model import (
    MAPPING_OF,
    NESTED,
    Assertion,
    ChoiceSpec,
    CrewMember,
    Deps,
    Ending,
    Position,
    Route,
    Scene,
    SceneSpec,
    Steps,
    Story,
    StorySpec,
    Timeout,
    Variable,
    Variant,
    field_names,
)
from .model import Choice as CompiledChoice
from .problems import Problem, StoryError
from .returns import again_texts, again_times, clock_of
from .startcache import STORY_FILE as STORY_FILE
from .startcache import digest_file
from .startcache import story_files as story_files
from .suggest import did_you_mean
from .yamlread import Path as KeyPath
from .yamlread import YamlProblem, child_node, file_at, locate, read_yaml

if TYPE_CHECKING:
    from .loadcache import LoadCache
    from .mods import Layers

SUPPORTED_FORMAT = 1
S = TypeVar("S", bound=msgspec.Struct)
Node = yaml.Node | None
_PATH_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[\"?'?([^\]\"']*)")


@dataclass
class _Reader:
    """Collects problems while reading one story directory."""

    problems: list[Problem] = field(default_factory=list)
    total: int = 0  # bytes read so far
    skipped: set[str] = field(default_factory=set)  # names that are not regular files
    cache: LoadCache | None = None  # watch mode: what the last load can lend this one

    def read_yaml(self, name: str, text: str) -> tuple[Any, Node]:
        """read_yaml, or the last load's parse of the same text (see loadcache.py)."""
        if self.cache is None:
            return read_yaml(text)
        return self.cache.parse(name, text, read_yaml)

    def add(self, file: str, mark: tuple[int, int], message: str, warn: bool = False) -> None:
        self.problems.append(
            Problem(file, mark[0], mark[1], message, "warning" if warn else "error")
        )

    def parse(self, name: str, text: str, spec: type[S]) -> tuple[S | None, Node]:
        """One file -> its spec, or None after reporting why; also the node tree."""
        try:
            data, node = self.read_yaml(name, text)
        except YamlProblem as err:
            self.add(name, err.mark, err.message)
            return None, None
        return self.convert(name, data, node, spec), node

    def convert(self, name: str, data: Any, node: Node, spec: type[S]) -> S | None:
        """Parsed YAML -> its spec, or None after reporting why."""
        if not isinstance(data, dict):
            what = "empty" if data is None else "not a mapping of keys"
            need = ("story.yaml needs at least title, id, start and variables"
                    if spec is StorySpec else "a scene needs at least title, act, location "
                    "and text")
            self.add(name, locate(node, []), f"the file is {what}: {need}")
            return None
        if not self._check_keys(name, data, spec, node, []):
            return None
        try:
            return msgspec.convert(data, spec, strict=True)
        except msgspec.ValidationError as err:
            message, path_steps = _split_validation(str(err))
            at_of = [s for s in path_steps if isinstance(s, str)][-2:]
            if path_steps[-1:] == ["at"] and at_of[0] in ("time", "again_time"):
                message = (f'{at_of[0]} `at` must be "HH:MM" on a 24-hour clock, '
                           'like "09:41"')
            self.add(name, locate(node, path_steps), message)
            return None

    def _check_keys(self, name: str, data: dict[Any, Any], spec: type[msgspec.Struct],
                    node: Node, path: KeyPath) -> bool:
        """Refuse unknown keys at every level, each with a did-you-mean."""
        ok = True
        allowed = field_names(spec)
        for key in data:
            if key not in allowed:
                hint = did_you_mean(str(key), allowed) or (
                    f" (expected one of: {', '.join(allowed)})")
                self.add(name, locate(node, [*path, key], key=True), f"unknown key {key!r}{hint}")
                ok = False
        for key, inner in NESTED.get(spec, {}).items():
            value = data.get(key)
            if isinstance(value, dict):
                ok = self._check_keys(name, value, inner, node, [*path, key]) and ok
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        ok = self._check_keys(name, item, inner, node, [*path, key, i]) and ok
        for key, inner in MAPPING_OF.get(spec, {}).items():
            value = data.get(key)
            if isinstance(value, dict):
                for item_key, item in value.items():
                    if isinstance(item, dict):
                        ok = self._check_keys(name, item, inner, node,
                                              [*path, key, item_key]) and ok
        return ok


def _split_validation(text: str) -> tuple[str, list[str | int]]:
    """msgspec's 'Expected `str`, got `int` - at `$.choices[0].text`' -> message and path."""
    message, _, where = text.partition(" - at `")
    steps: list[str | int] = []
    for attr, index, key in _PATH_STEP.findall(where.rstrip("`").removeprefix("$")):
        if attr:
            steps.append(attr)
        elif index:
            steps.append(int(index))
        elif key:
            steps.append(key)
    message = message.replace("`", "'").replace("Object missing", "missing")
    message = message.replace("Object contains", "contains")
    return message[:1].lower() + message[1:], steps


def load_story(root: str | Path, mods: Sequence[str | Path] = (),
               cache: LoadCache | None = None) -> Story:
    """Load, check and compile the story in `root` with the mod folders `mods` merged in (in
    load order); raise StoryError listing every problem, each in the file it came from.
    `cache`: watch mode's reloads reuse what the last load parsed and compiled (loadcache.py);
    it is not used with mods."""
    cache = cache if not mods else None
    if cache is not None:
        cache.start()
    try:
        with collector_paused():
            return _load_story(Path(root), [Path(m) for m in mods], cache)
    finally:
        if cache is not None:
            cache.finish()


def _load_story(root: Path, mod_dirs: list[Path], cache: LoadCache | None = None) -> Story:
    from .mods import Layers, merge_mods
    from .storyfiles import read_scene_files, story_id_of

    reader = _Reader(cache=cache)
    story_path = root / STORY_FILE
    if not root.is_dir():
        raise StoryError([Problem(str(root), 1, 1, "no such story directory")])
    if not story_path.exists():
        raise StoryError([Problem(STORY_FILE, 1, 1, f"{STORY_FILE} is missing from {root}")])
    digest = hashlib.sha256()
    story_text = _read_text(reader, story_path, STORY_FILE, digest)
    if story_text is None:
        raise StoryError(reader.problems)
    spec, story_data = reader.parse(STORY_FILE, story_text, StorySpec)

    scenes: dict[str, tuple[SceneSpec, Node, str]] = {}
    failed: set[str] = set()  # scenes that exist but did not parse: links to them are fine
    read_scene_files(reader, root, "", scenes, failed, digest)
    if spec is None:
        raise StoryError(reader.problems)
    story_id = story_id_of(reader, spec, story_data, root)
    layers = Layers(spec, story_data)
    merged = merge_mods(reader, story_id, layers, scenes, failed, mod_dirs, digest)
    variables = _variables(reader, layers.spec, layers)
    compiler = Compiler(variables)
    if cache is not None:
        cache.share(compiler, variables)
    compiled = _compile_scenes(reader, layers.spec, scenes, compiler, failed, layers.grafts)
    crew = _crew(reader, layers.spec, layers, variables)
    spec = layers.spec
    if spec.start not in scenes and spec.start not in failed:
        hint = did_you_mean(spec.start, scenes)
        reader.add(STORY_FILE, locate(story_data, ["start"]), f"start scene {spec.start!r} "
                   f"does not exist{hint}")
    if spec.format > SUPPORTED_FORMAT:
        reader.add(STORY_FILE, locate(story_data, ["format"]), f"format {spec.format} is newer "
                   f"than this engine understands ({SUPPORTED_FORMAT})")
    errors = [p for p in reader.problems if p.severity == "error"]
    if errors:
        raise StoryError(reader.problems)
    return Story(
        title=spec.title,
        start=spec.start,
        acts=dict(spec.acts),
        locations=dict(spec.locations),
        variables=variables,
        index={v.name: i for i, v in enumerate(variables)},
        crew=crew,
        scenes=compiled,
        fingerprint=digest.hexdigest()[:16],
        root=str(root),
        reads=frozenset(compiler.read),
        writes=frozenset(compiler.written),
        id=story_id,
        tagline=spec.tagline,
        player=spec.player,
        station_map=spec.station_map,
        mods=merged.refs,
        from_mod=merged.scene_mods,
        warnings=tuple(sorted(p for p in reader.problems if p.severity == "warning")),
    )


def printable_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes in the name, kept as surrogates by os
        return False
    return True


def shown_name(name: str) -> str:
    """A file name that can be printed: undecodable bytes shown as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _read_text(reader: _Reader, path: Path, name: str, digest: Any) -> str | None:
    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
    except NotRegular:  # a FIFO or a device: not a scene, and reading it could block
        reader.add(name, (1, 1), "not a regular file (a FIFO, device or socket): skipped",
                   warn=name != STORY_FILE)
        reader.skipped.add(name)  # not a scene at all: links to it are errors
        return None
    except OSError as err:
        reader.add(name, (1, 1), f"cannot read the file: {why_unreadable(err)}")
        return None
    reader.total += len(raw)
    digest_file(digest, name, raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        reader.add(name, (line, 1), "the file is not UTF-8 text")
        return None


RESERVED_WORDS = frozenset(keyword.kwlist) | {"true", "false", "null", "none"}


def _variables(reader: _Reader, spec: StorySpec, layers: Layers) -> tuple[Variable, ...]:
    out: list[Variable] = []
    for name, var in spec.variables.items():
        file, where = layers.variable_at(name)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", name):
            reader.add(file, where, f"{name!r} is not a valid variable name "
                       "(letters, digits, underscores, dots between parts)")
            continue
        reserved = [part for part in name.split(".") if part.lower() in RESERVED_WORDS]
        if reserved:
            reader.add(file, where, f"{name!r} is not a valid variable name: {reserved[0]!r} "
                       "is a word of the expression language (true, false, and, or, not...) "
                       "or of Python; pick another word")
            continue
        initial = var.initial
        if var.type == "int":
            if isinstance(initial, bool) or not isinstance(initial, int):
                reader.add(file, where, f"{name}: initial must be a whole number")
                continue
            if var.min is not None and var.max is not None and var.min > var.max:
                reader.add(file, where, f"{name}: min {var.min} is above max {var.max}")
            if (var.min is not None and initial < var.min) or (
                var.max is not None and initial > var.max
            ):
                reader.add(file, where, f"{name}: initial {initial} is outside its range")
        elif var.type == "bool":
            if not isinstance(initial, bool):
                reader.add(file, where, f"{name}: initial must be true or false")
                continue
        else:
            if not var.values:
                reader.add(file, where, f"{name}: a string variable needs `values`")
                continue
            if initial not in var.values:
                reader.add(file, where, f"{name}: initial {initial!r} is not one of "
                           f"{var.values}")
                continue
        out.append(Variable(name, var.type, initial, var.label or name, var.min, var.max,
                            tuple(var.values) if var.values else None,
                            Position(file, *where)))
    return tuple(out)


def _crew(
    reader: _Reader, spec: StorySpec, layers: Layers, variables: tuple[Variable, ...]
) -> tuple[CrewMember, ...]:
    types = {v.name: v.type for v in variables}
    crew = []
    for i, member in enumerate(spec.crew):
        for key in ("id", "name"):
            if not getattr(member, key).strip():
                reader.add(*layers.crew_at(i, key), f"the crew member's {key} is blank")
        for key, want in (("trust", "int"), ("status", "string")):
            name = getattr(member, key)
            if name is None:
                continue
            if types.get(name) != want:
                hint = did_you_mean(name, types)
                reader.add(*layers.crew_at(i, key),
                           f"{key} of {member.id} must name a declared {want} variable{hint}")
        crew.append(CrewMember(member.id, member.name, member.role, member.agency,
                               member.trust, member.status))
    return tuple(crew)


_NOTHING: frozenset[str] = frozenset()  # one empty set for every `reads` of no condition


def _compile_scenes(
    reader: _Reader,
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

