"""One act of the flowchart as a scrolling, selectable widget (the Line API).

The drawing itself is in flowchart_canvas.py; this widget crops it to the view, styles it
(component classes, so themes apply), moves a selection between scenes with the arrow keys or
the mouse, keeps the selection in view, and reports selections and choices as messages.
Story text reaches the screen as plain segments, never parsed as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...engine.flowchart import ActChart, FlowNode
from .flowchart_canvas import CHANNEL, NODE_WIDTH, PITCH, draw, node_x, node_y

EDGE_CLASSES = ("flowchart--edge", "flowchart--edge-seen", "flowchart--edge-path")


class FlowchartView(ScrollView, can_focus=True):
    """One act's flowchart with a selected node; arrows move the selection, Enter chooses it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *EDGE_CLASSES, "flowchart--locked", "flowchart--seen", "flowchart--path",
        "flowchart--here", "flowchart--cursor",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(0, -1)", "Move", group=Binding.Group("Move", compact=True)),
        Binding("down", "move(0, 1)", "Move", group=Binding.Group("Move", compact=True)),
        Binding("left", "move(-1, 0)", "Move", group=Binding.Group("Move", compact=True)),
        Binding("right", "move(1, 0)", "Move", group=Binding.Group("Move", compact=True)),
        Binding("enter", "choose", "Jump here"),
        Binding("shift+up", "scroll_up", "Pan up", show=False),
        Binding("shift+down", "scroll_down", "Pan down", show=False),
        Binding("shift+left", "scroll_left", "Pan left", show=False),
        Binding("shift+right", "scroll_right", "Pan right", show=False),
        Binding("home", "edge(-1)", "First scene", show=False),
        Binding("end", "edge(1)", "Last scene", show=False),
    ]

    class Selected(Message):
        """The selection moved to `node`."""

        def __init__(self, node: FlowNode) -> None:
            super().__init__()
            self.node = node

    class Chosen(Message):
        """The player pressed Enter (or double-clicked) on `node`."""

        def __init__(self, node: FlowNode) -> None:
            super().__init__()
            self.node = node

    def __init__(self, chart: ActChart, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chart = chart
        self.canvas = draw(chart)
        self.selected: FlowNode | None = None

    def show(self, chart: ActChart, select: str | None = None) -> None:
        """Draw another act (or the same act anew), selecting `select` or a sensible node."""
        self.chart = chart
        self.canvas = draw(chart)
        self.virtual_size = Size(self.canvas.width, self.canvas.height)
        node = chart.node(select) if select is not None else None
        if node is None:
            node = next((n for n in chart.nodes if n.here), None) \
                or next((n for n in chart.nodes if n.on_path), None) \
                or (chart.nodes[0] if chart.nodes else None)
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.selected = None
        if node is not None:
            self.select(node)
            self._reveal(node, center=True)  # opens with the scene in the middle
        self.refresh()

    def on_mount(self) -> None:
        self.show(self.chart, self.selected.scene if self.selected else None)

    def select(self, node: FlowNode) -> None:
        changed = self.selected != node
        self.selected = node
        self.refresh()
        self._reveal(node)
        if changed:
            self.post_message(self.Selected(node))

    def _reveal(self, node: FlowNode, center: bool = False) -> None:
        """Scroll so the node shows, with a column of context either side where it fits;
        with `center`, in the middle of the view."""
        view = self.scrollable_content_region.size
        side = PITCH if view.width >= NODE_WIDTH + 2 * PITCH else CHANNEL
        region = Region(node_x(node), node_y(node), NODE_WIDTH, 1)
        self.scroll_to_region(region, spacing=Spacing(2, side, 2, side), animate=False,
                              immediate=True, force=True, center=center)

    def on_resize(self, event: events.Resize) -> None:
        if self.selected is not None:
            self._reveal(self.selected, center=True)

    # -- keys and mouse -------------------------------------------------------------------

    def action_move(self, dx: int, dy: int) -> None:
        """Up and down within a column; left and right to the next column, to a scene linked
        to this one if there is one, else to the nearest."""
        current = self.selected
        if current is None:
            return
        if dy:
            column = [n for n in self.chart.nodes if n.col == current.col]
            ahead = [n for n in column if (n.row - current.row) * dy > 0]
            if ahead:
                self.select(min(ahead, key=lambda n: abs(n.row - current.row)))
            return
        col = current.col + dx
        while 0 <= col < self.chart.columns:
            column = [n for n in self.chart.nodes if n.col == col]
            if column:
                linked = {e.target for e in self.chart.edges_from(current.scene)} | \
                         {e.source for e in self.chart.edges_into(current.scene)}
                self.select(min(column, key=lambda n: (n.scene not in linked,
                                                       abs(n.row - current.row), n.row)))
                return
            col += dx

    def action_edge(self, direction: int) -> None:
        if self.chart.nodes:
            self.select(self.chart.nodes[0 if direction < 0 else -1])

    def action_choose(self) -> None:
        if self.selected is not None:
            self.post_message(self.Chosen(self.selected))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        node = self.canvas.node_at(offset.x + self.scroll_offset.x,
                                   offset.y + self.scroll_offset.y)
        if node is None:
            return
        self.select(node)
        if event.chain >= 2:
            self.post_message(self.Chosen(node))

    # -- drawing --------------------------------------------------------------------------

    def _node_style(self, node: FlowNode) -> Style:
        names = ["flowchart--seen" if node.seen else "flowchart--locked"]
        if node.on_path:
            names.append("flowchart--path")
        if node.here:
            names.append("flowchart--here")
        if node == self.selected:
            names.append("flowchart--cursor")
        return self.get_component_rich_style(*names)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        line = y + scroll_y
        base = self.rich_style
        if not 0 <= line < self.canvas.height:
            return Strip.blank(width, base)
        edge_styles = [base + self.get_component_rich_style(name) for name in EDGE_CLASSES]
        segments = []
        for text, what in self.canvas.line(line):
            if what is None:
                segments.append(Segment(text, base))
            elif isinstance(what, int):
                segments.append(Segment(text, edge_styles[what]))
            else:
                segments.append(Segment(text, base + self._node_style(what)))
        strip = Strip(Segment.simplify(segments), self.canvas.width)
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, base)
