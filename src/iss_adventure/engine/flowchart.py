"""The flowchart of branches: per act, the scenes and choices the player has reached, and jumps.

`build_flowchart` lays each act out as a layered graph: columns by the longest distance from
the act's entry scenes (the story's start, or scenes that choices in other acts lead to),
after the edges that close a cycle are set aside as back edges; rows placed so that a scene
lines up with its predecessors. The layout depends on the story alone, never on what was seen,
so a player finds each scene in the same place every time.

What a node tells depends on what was seen: a scene never reached carries no title and its
choices no text, so the chart can show how much is left without spoiling any of it.

`jump_log` and `jump` take the player back to a scene they reached: the choice log that led
there is replayed from the start, which rebuilds exactly that state (variables, visits,
once-choices), because the engine is deterministic.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from .machine import Machine
from .model import Scene, Story
from .state import GameState, Step

EdgeKind = Literal["forward", "back", "self", "exit"]


@dataclass(frozen=True, slots=True)
class FlowNode:
    """One scene of an act, at (col, row) of the act's grid.

    `title` is None for a scene never seen: an unseen node is drawn locked, without spoilers.
    """

    scene: str
    col: int
    row: int
    seen: bool
    title: str | None
    ending: bool
    on_path: bool  # reached by the current playthrough
    here: bool  # the current scene
    entry: bool  # entered from another act, or the story's first scene
    loops: bool  # has a choice leading back to itself
    exits: tuple[int, ...]  # other acts its choices lead to


@dataclass(frozen=True, slots=True)
class FlowEdge:
    """One route of a choice: a choice with a conditional goto has an edge per target.

    `text` is None while the choice is unseen. `kind` is "forward" (to a later column), "back"
    (closes a cycle), "self" (back to the same scene) or "exit" (to a scene of another act).
    """

    source: str
    target: str
    choice: str
    key: str
    text: str | None
    seen: bool
    on_path: bool
    kind: EdgeKind
    target_act: int
    conditional: bool = False  # the choice has a condition, or its target depends on one
    once: bool = False  # the choice can be taken once only
    chance: bool = False  # the target is drawn by chance


@dataclass(frozen=True, slots=True)
class ActChart:
    """One act: its nodes (ordered by column, then row), edges and completion."""

    act: int
    title: str
    nodes: tuple[FlowNode, ...]
    edges: tuple[FlowEdge, ...]
    columns: int
    rows: int
    scenes_seen: int
    scenes_total: int
    choices_seen: int
    choices_total: int
    endings_reached: tuple[str, ...]  # titles of the act's endings reached, in layout order
    endings_total: int

    def node(self, scene: str) -> FlowNode | None:
        for node in self.nodes:
            if node.scene == scene:
                return node
        return None

    def edges_from(self, scene: str) -> list[FlowEdge]:
        return [edge for edge in self.edges if edge.source == scene]

    def edges_into(self, scene: str) -> list[FlowEdge]:
        return [edge for edge in self.edges if edge.target == scene]


@dataclass(frozen=True, slots=True)
class Flowchart:
    """Every act of the story, the act the player is in, and endings reached overall."""

    acts: tuple[ActChart, ...]
    current_act: int
    endings_reached: int
    endings_total: int

    def act(self, number: int) -> ActChart:
        for chart in self.acts:
            if chart.act == number:
                return chart
        raise KeyError(number)

    def index_of(self, number: int) -> int:
        return [chart.act for chart in self.acts].index(number)


@dataclass(frozen=True, slots=True)
class Jump:
    """The state a jump lands on; `stopped` says where an edited story stopped fitting the log."""

    state: GameState
    applied: int
    total: int
    stopped: str | None


# ---------------------------------------------------------------- layout (story only)


@dataclass(frozen=True, slots=True)
class _Layout:
    col: dict[str, int]
    row: dict[str, int]
    back: frozenset[tuple[str, str]]
    entries: frozenset[str]


def _targets(scene: Scene) -> list[str]:
    """The distinct scenes a scene's choices lead to, in choice and route order."""
    out: list[str] = []
    for choice in scene.choices:
        for r in choice.routes:
            if r.target not in out:
                out.append(r.target)
    return out


def _layout(story: Story, act: int, ids: list[str]) -> _Layout:
    members = set(ids)
    succ = {sid: [t for t in _targets(story.scenes[sid]) if t in members and t != sid]
            for sid in ids}
    entries = [sid for sid in ids if sid == story.start]
    for scene in sorted(story.scenes.values(), key=lambda s: s.id):
        if scene.act != act:
            entries += [t for t in _targets(scene) if t in members and t not in entries]
    if not entries:  # an act nothing leads into: start where nothing inside leads
        inside = {t for targets in succ.values() for t in targets}
        entries = [sid for sid in ids if sid not in inside][:1] or ids[:1]

    # Depth-first from the entries (then from anything left) in a fixed order: an edge to a
    # scene still on the stack closes a cycle and becomes a back edge.
    order: list[str] = []
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    for root in [*entries, *ids]:
        if root in state:
            continue
        state[root] = 1
        order.append(root)
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            sid, i = stack[-1]
            if i == len(succ[sid]):
                stack.pop()
                state[sid] = 2
                continue
            stack[-1] = (sid, i + 1)
            target = succ[sid][i]
            if state.get(target) == 1:
                back.add((sid, target))
            elif target not in state:
                state[target] = 1
                order.append(target)
                stack.append((target, 0))

    # Longest-path columns over the forward edges, in topological order.
    preds: dict[str, list[str]] = {sid: [] for sid in ids}
    for sid in ids:
        for target in succ[sid]:
            if (sid, target) not in back:
                preds[target].append(sid)
    rank = {sid: n for n, sid in enumerate(order)}
    col: dict[str, int] = {}
    remaining = {sid: len(preds[sid]) for sid in ids}
    ready = [(rank[sid], sid) for sid in ids if not remaining[sid]]
    heapq.heapify(ready)
    while ready:
        _, sid = heapq.heappop(ready)
        col[sid] = max((col[p] + 1 for p in preds[sid]), default=0)
        for target in succ[sid]:
            if (sid, target) in back:
                continue
            remaining[target] -= 1
            if not remaining[target]:
                heapq.heappush(ready, (rank[target], target))

    # Rows: order each column by its neighbours' positions (a forward sweep, a backward sweep,
    # a forward sweep), then place each scene level with its predecessors where it can.
    columns: dict[int, list[str]] = {}
    for sid in order:
        columns.setdefault(col[sid], []).append(sid)
    succs_fwd = {sid: [t for t in succ[sid] if (sid, t) not in back] for sid in ids}
    pos = {sid: i for column in columns.values() for i, sid in enumerate(column)}

    def sweep(numbers: Iterable[int], neighbours: Mapping[str, list[str]]) -> None:
        for c in numbers:
            column = columns[c]
            keys = {sid: (sum(pos[n] for n in neighbours[sid]) / len(neighbours[sid])
                          if neighbours[sid] else float(pos[sid])) for sid in column}
            column.sort(key=lambda sid: (keys[sid], pos[sid]))
            pos.update({sid: i for i, sid in enumerate(column)})

    last = max(columns)
    sweep(range(1, last + 1), preds)
    sweep(range(last - 1, 0, -1), succs_fwd)  # the first column keeps entries first
    sweep(range(1, last + 1), preds)
    row: dict[str, int] = {}
    for c in range(last + 1):
        floor = 0
        for sid in columns[c]:
            placed = [row[p] for p in preds[sid] if p in row]
            wanted = round(sum(placed) / len(placed)) if placed else 0
            row[sid] = max(wanted, floor)
            floor = row[sid] + 1
    return _Layout(col, row, frozenset(back), frozenset(entries))


# ---------------------------------------------------------------- the flowchart


def build_flowchart(story: Story, scenes_seen: Collection[str], choices_seen: Collection[str],
                    endings: Collection[str] | Mapping[str, int] = (),
                    state: GameState | None = None,
                    paths: Mapping[str, Sequence[Step]] | None = None) -> Flowchart:
    """The flowchart of every act, from what was seen and the current playthrough.

    `endings` are ending ids reached (a Profile's `endings` dict works: ids with a count of 0
    do not count). The current state's path counts as seen even if no profile recorded it.
    `paths` (a Profile's) tells which route of a conditional goto was taken: with it, a route
    of a choice with several targets shows as seen only if some log took it; without it, when
    the choice and the target were both seen.
    """
    path_scenes: set[str] = set()
    path_edges: set[tuple[str, str, str]] = set()
    if state is not None:
        visited = [step.scene for step in state.log] + [state.scene]
        path_scenes.update(visited)
        path_edges.update(_transitions(state.log, state.scene))
    taken = set(path_edges)
    for scene_id, log in (paths or {}).items():
        taken.update(_transitions(log, scene_id))
    seen_scenes = set(scenes_seen) | path_scenes
    seen_choices = set(choices_seen) | {f"{s}#{c}" for s, c, _ in path_edges}
    if isinstance(endings, Mapping):
        reached_ids = {e for e, n in endings.items() if n > 0}
    else:
        reached_ids = set(endings)

    def ending_reached(scene: Scene) -> bool:
        return scene.ending is not None and (scene.ending.id in reached_ids
                                             or scene.id in seen_scenes)

    by_act: dict[int, list[str]] = {}
    for sid in sorted(story.scenes):
        by_act.setdefault(story.scenes[sid].act, []).append(sid)
    acts = []
    for act, ids in sorted(by_act.items()):
        layout = _layout(story, act, ids)
        nodes: list[FlowNode] = []
        edges: list[FlowEdge] = []
        for sid in ids:
            scene = story.scenes[sid]
            seen = sid in seen_scenes
            exits: list[int] = []
            first = len(edges)
            for choice in scene.choices:
                targets = dict.fromkeys(r.target for r in choice.routes)
                branches = len(targets) > 1 and not choice.chance
                for target in targets:
                    target_act = story.scenes[target].act
                    kind: EdgeKind
                    if target == sid:
                        kind = "self"
                    elif target_act != act:
                        kind = "exit"
                        if target_act not in exits:
                            exits.append(target_act)
                    elif (sid, target) in layout.back:
                        kind = "back"
                    else:
                        kind = "forward"
                    choice_seen = seen and choice.key in seen_choices
                    on_path = (sid, choice.id, target) in path_edges
                    single = paths is None or len({r.target for r in choice.routes}) == 1
                    edge_seen = (sid, choice.id, target) in taken or (
                        single and choice_seen and target in seen_scenes)
                    edges.append(FlowEdge(
                        sid, target, choice.id, choice.key,
                        choice.text if choice_seen else None, edge_seen, on_path, kind,
                        target_act, choice.condition is not None or branches, choice.once,
                        choice.chance and len(targets) > 1))
            nodes.append(FlowNode(
                sid, layout.col[sid], layout.row[sid], seen, scene.title if seen else None,
                scene.ending is not None, sid in path_scenes,
                state is not None and state.scene == sid, sid in layout.entries,
                any(edge.kind == "self" for edge in edges[first:]),
                tuple(sorted(exits))))
        nodes.sort(key=lambda n: (n.col, n.row))
        keys = [c.key for sid in ids for c in story.scenes[sid].choices]
        act_endings = [story.scenes[n.scene] for n in nodes if n.ending]
        acts.append(ActChart(
            act, story.act_title(act), tuple(nodes), tuple(edges),
            max(n.col for n in nodes) + 1, max(n.row for n in nodes) + 1,
            sum(1 for sid in ids if sid in seen_scenes), len(ids),
            sum(1 for k in keys if k in seen_choices), len(keys),
            tuple(s.title for s in act_endings if ending_reached(s)), len(act_endings)))
    current = story.scenes[state.scene].act if state is not None \
        and state.scene in story.scenes else (acts[0].act if acts else 1)
    all_endings = story.endings
    return Flowchart(tuple(acts), current, sum(1 for s in all_endings if ending_reached(s)),
                     len(all_endings))


def _transitions(log: Sequence[Step], end: str) -> list[tuple[str, str, str]]:
    """(scene, choice, scene reached) for each step of a log that ends in scene `end`."""
    if not log:
        return []
    reached = [step.scene for step in log[1:]] + [end]
    return [(step.scene, step.choice, to) for step, to in zip(log, reached, strict=True)]


# ---------------------------------------------------------------- jumps


def jump_log(story: Story, profile_paths: Mapping[str, Sequence[Step]],
             current_log: Sequence[Step], scene_id: str,
             current_scene: str | None = None) -> list[Step] | None:
    """The choice log that reaches `scene_id`, or None if no log is known.

    On the current path it is the prefix of the current log up to the scene's first visit
    (`current_scene` is the scene the log ends in; it is found by replaying when not given);
    elsewhere it is the log the profile recorded when the scene was first seen.
    """
    for n, step in enumerate(current_log):
        if step.scene == scene_id:
            return list(current_log[:n])
    if current_scene is None:
        result = Machine(story).replay(current_log)
        current_scene = result.state.scene if result.stopped is None else None
    if current_scene == scene_id:
        return list(current_log)
    recorded = profile_paths.get(scene_id)
    return list(recorded) if recorded is not None else None


def jump(story: Story, log: Sequence[Step], seed: int = 0) -> Jump:
    """Replay `log` from the start: exactly the state it reached, or as far as it still fits."""
    result = Machine(story).replay(log, seed)
    return Jump(result.state, result.applied, result.total, result.describe())
