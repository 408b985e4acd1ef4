"""The flowchart: every act's scenes and choices reached in any run, and jumps back to them.

One act at a time (tabs, or `[` and `]`), with its completion and the endings reached. Scenes
never seen are locked boxes without a title; the current playthrough's path is highlighted.
Enter on a seen scene asks for confirmation, replays the choice log that reached it and
dismisses with that exact state; Escape dismisses with None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static, Tab, Tabs

from ...engine.flowchart import ActChart, Flowchart, FlowNode, build_flowchart, jump, jump_log
from ...engine.model import Story
from ...engine.profile import Profile
from ...engine.state import GameState
from ..dialogs.confirm import ConfirmDialog
from ..dialogs.find import FindDialog
from ..text import literal
from ..widgets.flowchart import FlowchartView

DOT = ("  ·  ", "$text-muted")


def act_label(chart: ActChart) -> Content:
    return Content.assemble((f"Act {chart.act}", "bold"), " ", literal(chart.title))


def completion(chart: ActChart, whole: Flowchart) -> Content:
    """ "Scenes 3/17  ·  Choices 5/41  ·  Endings 2/9 (1/6 in this act): Untethered" """
    parts: list[Content | str | tuple[str, str]] = [
        ("Scenes ", "$text-muted"), f"{chart.scenes_seen}/{chart.scenes_total}", DOT,
        ("Choices ", "$text-muted"), f"{chart.choices_seen}/{chart.choices_total}", DOT,
        ("Endings ", "$text-muted"), f"{whole.endings_reached}/{whole.endings_total}"]
    if chart.endings_total:
        parts += [(f" ({len(chart.endings_reached)}/{chart.endings_total} in this act)",
                   "$text-muted")]
    if chart.endings_reached:
        parts += [(": ", "$text-muted"), literal(", ".join(chart.endings_reached))]
    return Content.assemble(*parts, strip_control_codes=False)


def describe(chart: ActChart, node: FlowNode, story: Story) -> Content:
    """What the panel under the chart says about the selected node (no spoilers if unseen)."""
    if not node.seen:
        sources = [chart.node(edge.source) for edge in chart.edges_into(node.scene)]
        where = sorted({n.title for n in sources if n is not None and n.title is not None})
        parts: list[Content | str | tuple[str, str]] = [
            ("Locked ending" if node.ending else "Locked scene", "bold"),
            ": not reached in any run yet."]
        if node.scene in story.from_mod:
            parts += [DOT, literal(f"from mod {story.from_mod[node.scene]}", "$text-warning")]
        if where:
            parts += [("  Reached from: ", "$text-muted"), literal(", ".join(where))]
        return Content.assemble(*parts, strip_control_codes=False)
    scene = story.scenes[node.scene]
    tags = [t for t, on_ in (("ending", node.ending), ("on this run's path", node.on_path),
                             ("you are here", node.here)) if on_]
    head: list[Content | str | tuple[str, str]] = [literal(scene.title, "bold"), DOT,
                                                   literal(scene.location)]
    for tag in tags:
        head += [DOT, (tag, "$text-accent")]
    if node.scene in story.from_mod:  # added or changed by a mod
        head += [DOT, literal(f"from mod {story.from_mod[node.scene]}", "$text-warning")]
    edges = chart.edges_from(node.scene)
    choices: dict[str, str | None] = {}
    marks: dict[str, list[str]] = {}
    for edge in edges:
        choices.setdefault(edge.choice, edge.text)
        mark = marks.setdefault(edge.choice, [])
        for on_, word in ((edge.conditional, "conditional"), (edge.once, "once only"),
                          (edge.chance, "by chance")):
            if on_ and word not in mark:
                mark.append(word)
    lines = [Content.assemble(*head, strip_control_codes=False)]
    for choice_id, text in choices.items():
        if text is None:
            continue
        targets = []
        for edge in edges:
            if edge.choice != choice_id or not edge.seen:
                continue
            if edge.kind == "self":
                targets.append("the same scene")
            elif edge.kind == "exit":
                targets.append(f"Act {edge.target_act}")
            else:
                target = chart.node(edge.target)
                targets.append(target.title if target and target.title else "?")
        flags = [("  [" + word + "]", "$text-warning") for word in marks[choice_id]]
        lines.append(Content.assemble(
            ("✓ ", "$text-success"), literal(f"\u201c{text}\u201d"), (" \u2192 ", "$text-muted"),
            literal(" / ".join(dict.fromkeys(targets)) or "?"), *flags,
            strip_control_codes=False))
    missing = sum(1 for text in choices.values() if text is None)
    if missing:
        lines.append(Content.styled(
            f"{missing} of {len(choices)} {'choice' if len(choices) == 1 else 'choices'} "
            f"not found yet", "$text-muted"))
    return Content("\n").join(lines)


LEGEND = ("─▶ always  ╌▷ conditional  ┈▷ once only  ● you are here  "
          "» to another act  ↻ comes back")
"""What the chart's lines and marks mean (flowchart_canvas draws them)."""


class FlowchartScreen(Screen[GameState | None]):
    """The flowchart over the play screen; dismisses with a GameState to jump to, or None."""

    CSS_PATH = "flowchart.tcss"
    AUTO_FOCUS = "#flowchart-view"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "act(-1)", "Act", group=Binding.Group("Act", True)),
        Binding("right_square_bracket", "act(1)", "Act", group=Binding.Group("Act", True)),
        Binding("c", "here", "You are here"),
        Binding("slash", "find", "Find"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, story: Story, profile: Profile, state: GameState,
                 note: Callable[[GameState], str] | None = None) -> None:
        """`note` says what a jump to a state does to the run left (kept as redo, or in a
        save), for the question asked before jumping."""
        super().__init__()
        self.note = note
        self.story = story
        self.profile = profile
        self.state = state
        self.flowchart = build_flowchart(story, profile.scenes_seen, profile.choices_seen,
                                         profile.endings, state, profile.paths)
        self.act_index = self.flowchart.index_of(self.flowchart.current_act) \
            if self.flowchart.acts else 0

    @property
    def chart(self) -> ActChart:
        return self.flowchart.acts[self.act_index]

    def compose(self) -> ComposeResult:
        tabs = Tabs(*(Tab(act_label(c), id=f"act-{c.act}") for c in self.flowchart.acts),
                    active=f"act-{self.chart.act}", id="flowchart-acts")
        tabs.can_focus = False
        yield tabs
        yield Static(completion(self.chart, self.flowchart), id="flowchart-summary")
        yield FlowchartView(self.chart, id="flowchart-view")
        yield Static("", id="flowchart-detail")
        yield Static(LEGEND, id="flowchart-legend", markup=False)
        yield Footer()

    @property
    def view(self) -> FlowchartView:
        return self.query_one(FlowchartView)

    def show_act(self, index: int, select: str | None = None) -> None:
        if not 0 <= index < len(self.flowchart.acts):
            return
        self.act_index = index
        self.query_one(Tabs).active = f"act-{self.chart.act}"
        self.query_one("#flowchart-summary", Static).update(
            completion(self.chart, self.flowchart))
        self.view.show(self.chart, select)
        self._describe()

    def _describe(self) -> None:
        node = self.view.selected
        text = describe(self.chart, node, self.story) if node is not None else Content("")
        self.query_one("#flowchart-detail", Static).update(text)

    # -- events and actions ----------------------------------------------------------------

    @on(Tabs.TabActivated)
    def _tab(self, event: Tabs.TabActivated) -> None:
        event.stop()
        act = int((event.tab.id or "act-0").removeprefix("act-"))
        index = self.flowchart.index_of(act)
        if index != self.act_index:
            self.show_act(index)
        self.view.focus()

    @on(FlowchartView.Selected)
    def _selected(self, event: FlowchartView.Selected) -> None:
        self._describe()

    @on(FlowchartView.Chosen)
    def _chosen(self, event: FlowchartView.Chosen) -> None:
        node = event.node
        if not node.seen:
            self.notify("This scene is still locked: reach it in play first.",
                        title="Locked", severity="warning")
            return
        log = jump_log(self.story, self.profile.paths, self.state.log, node.scene,
                       self.state.scene)
        if log is None:
            self.notify("There is no recorded way back to this scene yet: it was seen "
                        "before the game kept paths.", title="No path", severity="warning")
            return
        result = jump(self.story, log, self.state.seed)
        title = self.story.scenes[node.scene].title
        question = (f"Jump to \u201c{title}\u201d? Play continues from the moment you first "
                    f"reached it, after {len(log)} "
                    f"{'choice' if len(log) == 1 else 'choices'}.")
        if result.stopped is not None:
            question += (f"\n\nThe story has changed since then, so the replay stops "
                         f"{result.stopped}.")
        note = self.note(result.state) if self.note is not None else ""
        if note:
            question += f"\n\n{note}"

        def answer(yes: bool | None) -> None:
            if yes:
                self.dismiss(result.state)

        self.app.push_screen(ConfirmDialog(question, yes="Jump", no="Stay"), answer)

    def action_act(self, step: int) -> None:
        self.show_act(self.act_index + step)

    def action_here(self) -> None:
        if self.state.scene in self.story.scenes:
            act = self.story.scenes[self.state.scene].act
            self.show_act(self.flowchart.index_of(act), self.state.scene)

    def action_find(self) -> None:
        """Find a scene by its title (scenes seen in some run: unseen titles are spoilers)."""
        seen = [node for chart in self.flowchart.acts for node in chart.nodes
                if node.seen and node.title is not None]
        items = [(f"{node.title} \u00b7 act {self.story.scenes[node.scene].act}", node.scene)
                 for node in seen]

        def found(scene: str | None) -> None:
            if scene is not None and scene in self.story.scenes:
                act = self.story.scenes[scene].act
                self.show_act(self.flowchart.index_of(act), scene)
                self.view.focus()

        self.app.push_screen(FindDialog("Find a scene", items), found)

    def action_close(self) -> None:
        self.dismiss(None)
