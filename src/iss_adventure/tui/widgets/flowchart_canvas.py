"""One act of the flowchart as a grid of characters: scene boxes, and choices routed between them.

The engine (engine/flowchart.py) decides each scene's column and row; this module turns that
into cells. Scenes are one-line boxes NODE_WIDTH cells wide; between two columns runs a
CHANNEL: a stub cell, LANES vertical lanes and an arrow cell. An edge leaves its scene on the
right, runs down (or up) a lane and enters its target from the left through an arrow. An edge
that skips columns, or goes back, runs along one of the two empty tracks between rows of scenes
to a lane just before its target.

Tracks and lanes are handed out so that unrelated edges do not share a line where they can
avoid it (edges from the same scene, or into the same scene, may: they fork or join). Lines
that meet become box-drawing junctions; each cell takes the rank of the most important edge
through it (2 the current path, 1 a seen choice, 0 an unseen one).

A line that only conditional choices take is dashed (╌ ╎, arrow ▷), one that only once-only
choices take is dotted (┈ ┊, arrow ▷); a line any other choice takes stays solid, and so do
corners and junctions (box drawing has no dashed ones). The flowchart screen's legend says so.
Only edges the player has taken count: a line never taken is drawn solid (and dim), so the
chart does not tell which unseen ways are conditional or once only.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from rich.cells import cell_len, set_cell_size

from ...engine.flowchart import ActChart, FlowNode
from ..text import clean

NODE_WIDTH = 20  # "[" + marker + 16 cells of title + marker + "]"
TITLE_WIDTH = NODE_WIDTH - 4
CHANNEL = 6  # cells between columns: a stub, four lanes, an arrow
LANES = CHANNEL - 2
PITCH = NODE_WIDTH + CHANNEL
ROW_PITCH = 3  # a line of scenes, then two tracks
LEFT = CHANNEL  # room for lanes and arrows into the first column
TOP = ROW_PITCH - 1  # two tracks above the first row
LOCKED = "locked"

UP, DOWN, WEST, EAST = 1, 2, 4, 8
GLYPHS = {
    UP: "│", DOWN: "│", UP | DOWN: "│", WEST: "─", EAST: "─", WEST | EAST: "─",
    DOWN | EAST: "╭", DOWN | WEST: "╮", UP | EAST: "╰", UP | WEST: "╯",
    UP | DOWN | EAST: "├", UP | DOWN | WEST: "┤", WEST | EAST | DOWN: "┬",
    WEST | EAST | UP: "┴", UP | DOWN | WEST | EAST: "┼",
}
ARROW = "▶"
SOLID, ONCE, CONDITIONAL = 0, 1, 2  # how a line is drawn: by the least restricted edge on it
STRAIGHT = {  # dashed glyphs for straight runs of a style; other shapes stay solid
    CONDITIONAL: {UP: "╎", DOWN: "╎", UP | DOWN: "╎", WEST: "╌", EAST: "╌", WEST | EAST: "╌"},
    ONCE: {UP: "┊", DOWN: "┊", UP | DOWN: "┊", WEST: "┈", EAST: "┈", WEST | EAST: "┈"},
}
OPEN_ARROW = "▷"

Cell = tuple[int, int]


def node_x(node: FlowNode) -> int:
    return LEFT + node.col * PITCH


def node_y(node: FlowNode) -> int:
    return TOP + node.row * ROW_PITCH


def fit(text: str, width: int) -> str:
    """`text` on one line, cut (with an ellipsis) or padded to exactly `width` cells."""
    text = " ".join(clean(text).split())
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def node_label(node: FlowNode) -> str:
    """A node's box in exactly NODE_WIDTH cells; no title unless the scene was seen.

    Endings are round, other scenes square; ● marks where the player is, » a scene whose
    choices lead to another act, ↻ one with a choice that comes back to it.
    """
    left, right = ("(", ")") if node.ending else ("[", "]")
    lead = "●" if node.here else " "
    trail = "»" if node.exits else "↻" if node.loops else " "
    title = fit(node.title, TITLE_WIDTH) if node.title is not None \
        else LOCKED.center(TITLE_WIDTH)
    return f"{left}{lead}{title}{trail}{right}"


@dataclass
class Canvas:
    """The act as cells: line bits and rank per cell, arrows, and node boxes laid over them."""

    width: int
    height: int
    bits: dict[Cell, int] = field(default_factory=dict)
    rank: dict[Cell, int] = field(default_factory=dict)
    arrows: set[Cell] = field(default_factory=set)
    style: dict[Cell, int] = field(default_factory=dict)  # SOLID when absent
    nodes: dict[int, list[FlowNode]] = field(default_factory=dict)  # y -> nodes, by x

    def node_at(self, x: int, y: int) -> FlowNode | None:
        for node in self.nodes.get(y, []):
            if node_x(node) <= x < node_x(node) + NODE_WIDTH:
                return node
        return None

    def line(self, y: int) -> list[tuple[str, int | FlowNode | None]]:
        """Row `y` as runs: (text, rank) for lines and arrows, (label, node), (" ", None)."""
        out: list[tuple[str, int | FlowNode | None]] = []
        nodes = list(self.nodes.get(y, []))
        x = 0
        while x < self.width:
            if nodes and node_x(nodes[0]) == x:
                node = nodes.pop(0)
                out.append((node_label(node), node))
                x += NODE_WIDTH
                continue
            cell = (x, y)
            style = self.style.get(cell, SOLID)
            if cell in self.arrows:
                out.append((ARROW if style == SOLID else OPEN_ARROW, self.rank.get(cell, 0)))
            elif cell in self.bits:
                bits = self.bits[cell]
                glyph = STRAIGHT[style].get(bits, GLYPHS[bits]) if style else GLYPHS[bits]
                out.append((glyph, self.rank.get(cell, 0)))
            else:
                out.append((" ", None))
            x += 1
        return out

    def text(self) -> str:
        """The whole act as plain text (tests and debugging)."""
        return "\n".join("".join(t for t, _ in self.line(y)).rstrip()
                         for y in range(self.height))


@dataclass
class _Route:
    source: FlowNode
    target: FlowNode
    rank: int
    style: int = SOLID
    track: int | None = None  # the line a long or backward edge runs along


@dataclass
class _Group:
    """The edges sharing one lane of a channel: all leaving one scene, or entering one."""

    key: tuple[str, str]  # ("out", source) or ("in", target)
    ys: list[int]
    lane: int = 0

    @property
    def span(self) -> tuple[int, int]:
        return min(self.ys), max(self.ys)


def draw(chart: ActChart) -> Canvas:
    """Lay out every node of `chart` and route every edge between two of its scenes."""
    canvas = Canvas(LEFT + chart.columns * PITCH, TOP + chart.rows * ROW_PITCH)
    where = {node.scene: node for node in chart.nodes}
    for node in chart.nodes:
        canvas.nodes.setdefault(node_y(node), []).append(node)
    for line in canvas.nodes.values():
        line.sort(key=node_x)
    best: dict[tuple[str, str], int] = {}
    styles: dict[tuple[str, str], int] = {}
    for edge in chart.edges:
        if edge.kind in ("forward", "back"):
            rank = 2 if edge.on_path else 1 if edge.seen else 0
            pair = (edge.source, edge.target)
            best[pair] = max(best.get(pair, 0), rank)
            if edge.seen:  # an edge never taken tells nothing of its kind: drawn solid
                style = CONDITIONAL if edge.conditional else ONCE if edge.once else SOLID
                styles[pair] = min(styles.get(pair, style), style)
    routes = [_Route(where[s], where[t], rank, styles.get((s, t), SOLID))
              for (s, t), rank in best.items()]
    _tracks(canvas, routes)
    lanes = _lanes(routes)
    for route in sorted(routes, key=lambda r: r.rank):
        _draw(canvas, route, lanes)
    for node in chart.nodes:  # where the act begins: a short arrow in from the left
        x, y = node_x(node), node_y(node)
        stub = [(x - 3, y), (x - 2, y), (x - 1, y)]
        if node.entry and not any(cell in canvas.bits for cell in stub):
            _connect(canvas, stub[0], stub[1])
            _connect(canvas, stub[1], stub[2])
            canvas.arrows.add(stub[2])
            for cell in stub:
                canvas.rank[cell] = 2 if node.on_path else 1 if node.seen else 0
    return canvas


def _long(route: _Route) -> bool:
    return route.target.col != route.source.col + 1


def _tracks(canvas: Canvas, routes: list[_Route]) -> None:
    """Give each long edge a track near its ends that no unrelated edge uses over its span."""
    taken: dict[int, list[tuple[int, int, str, str]]] = {}
    order = sorted((r for r in routes if _long(r)), key=lambda r: (
        -r.rank, abs(r.target.col - r.source.col), r.source.scene, r.target.scene))
    for route in order:
        sy, ty = node_y(route.source), node_y(route.target)
        down = [1, 2] if ty >= sy else [-1, -2]
        near_target = [-d for d in down]
        candidates = [sy + d for d in down] + [ty + d for d in near_target] + \
                     [sy - d for d in down]
        candidates = [y for y in dict.fromkeys(candidates) if 0 <= y < canvas.height]
        lo = min(route.source.col + 1, route.target.col)
        hi = max(route.source.col + 1, route.target.col)
        s, t = route.source.scene, route.target.scene

        def free(y: int, lo: int = lo, hi: int = hi, s: str = s, t: str = t) -> bool:
            return all(b < lo or a > hi or s == s2 or t == t2
                       for a, b, s2, t2 in taken.get(y, []))

        route.track = next((y for y in candidates if free(y)), candidates[0])
        taken.setdefault(route.track, []).append((lo, hi, s, t))


def _lanes(routes: list[_Route]) -> dict[tuple[str, str], int]:
    """Give each scene's exits, and each long edge's entry, a lane of their channel."""
    channels: dict[int, dict[tuple[str, str], _Group]] = {}
    for route in routes:
        sy, ty = node_y(route.source), node_y(route.target)
        out = channels.setdefault(route.source.col + 1, {}).setdefault(
            ("out", route.source.scene), _Group(("out", route.source.scene), [sy]))
        if route.track is None:
            out.ys.append(ty)
            continue
        out.ys.append(route.track)
        entry = channels.setdefault(route.target.col, {}).setdefault(
            ("in", route.target.scene), _Group(("in", route.target.scene), [ty]))
        entry.ys.append(route.track)
    lanes: dict[tuple[str, str], int] = {}
    for groups in channels.values():
        used: list[list[tuple[int, int]]] = [[] for _ in range(LANES)]
        exits = sorted((g for g in groups.values() if g.key[0] == "out"),
                       key=lambda g: (g.span, g.key))
        entries = sorted((g for g in groups.values() if g.key[0] == "in"),
                         key=lambda g: (g.span, g.key))
        for group, preference in [(g, range(LANES)) for g in exits] + \
                                  [(g, range(LANES - 1, -1, -1)) for g in entries]:
            lo, hi = group.span
            lane = next((n for n in preference
                         if all(b < lo or a > hi for a, b in used[n])),
                        min(preference, key=lambda n: len(used[n])))
            used[lane].append((lo, hi))
            lanes[group.key] = lane
    return lanes


def _draw(canvas: Canvas, route: _Route, lanes: dict[tuple[str, str], int]) -> None:
    source, target = route.source, route.target
    sy, ty = node_y(source), node_y(target)
    stub = node_x(source) + NODE_WIDTH
    arrow = node_x(target) - 1
    exit_x = stub + 1 + lanes[("out", source.scene)]
    points = [(stub, sy), (exit_x, sy)]
    if route.track is None:
        points += [(exit_x, ty), (arrow, ty)]
    else:
        entry_x = node_x(target) - CHANNEL + 1 + lanes[("in", target.scene)]
        points += [(exit_x, route.track), (entry_x, route.track), (entry_x, ty), (arrow, ty)]
    cells: list[Cell] = [(arrow, ty)]
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        dx = (x2 > x1) - (x2 < x1)
        dy = (y2 > y1) - (y2 < y1)
        x, y = x1, y1
        while (x, y) != (x2, y2):
            _connect(canvas, (x, y), (x + dx, y + dy))
            cells.append((x, y))
            x, y = x + dx, y + dy
    canvas.arrows.add((arrow, ty))
    for cell in cells:
        canvas.rank[cell] = max(canvas.rank.get(cell, 0), route.rank)
        canvas.style[cell] = min(canvas.style.get(cell, route.style), route.style)


def _connect(canvas: Canvas, a: Cell, b: Cell) -> None:
    (ax, ay), (bx, by) = a, b
    if bx != ax:
        there, back = (EAST, WEST) if bx > ax else (WEST, EAST)
    else:
        there, back = (DOWN, UP) if by > ay else (UP, DOWN)
    canvas.bits[a] = canvas.bits.get(a, 0) | there
    canvas.bits[b] = canvas.bits.get(b, 0) | back
