"""The flowchart screen: acts, locked scenes, the selection, jumps with confirmation, sizes."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.widgets import Tabs

from iss_adventure.engine.flowchart import build_flowchart
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.profile import Profile
from iss_adventure.engine.state import GameState
from iss_adventure.tui.dialogs.confirm import ConfirmDialog
from iss_adventure.tui.screens.flowchart import FlowchartScreen
from iss_adventure.tui.widgets.flowchart import FlowchartView
from iss_adventure.tui.widgets.flowchart_canvas import draw, node_label

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def played(walk: Callable[..., list[GameState]]) -> Callable[..., Profile]:
    """`played(story, directory, *runs)`: a profile that has seen each run (each from the
    first scene)."""

    def make(story: Story, directory: Path, *runs: tuple[str, ...]) -> Profile:
        profile = Profile(directory)
        for run in runs:
            states = walk(story, *run)
            profile.record(story, None, states[0])
            for before, after in itertools.pairwise(states):
                profile.record(story, before, after)
        return profile

    return make


def view(app: App[Any]) -> FlowchartView:
    return app.screen.query_one(FlowchartView)


def selected(app: App[Any]) -> str | None:
    node = view(app).selected
    return node.scene if node is not None else None


async def test_opens_on_the_current_act_with_its_completion(story: Story,
                                                           tmp_path: Path, host, screen_text, walk,
                                                           played) -> None:
    states = walk(story, "knock", "read")
    profile = played(story, tmp_path, ("no", "leave"), ("knock", "read"))
    app = host(FlowchartScreen(story, profile, states[-1]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Act 1 One" in text and "Act 2 Two" in text
        assert "Scenes 2/2  ·  Choices 4/7  ·  Endings 1/3" in text
        assert "[ The Hatch        ]" in text and "[●The Module      »]" in text
        assert selected(app) == "a/module"
        assert "The Module  ·  Zvezda  ·  on this run's path  ·  you are here" in text
        assert "✓ “Read the laptop.” → the same scene" in text
        assert "✓ “Go outside.” → Act 2" in text
        assert "2 of 4 choices not found yet" in text
        assert view(app).has_focus
        footer = text.splitlines()[-1]
        for label in ("Move", "Jump here", "Act", "You are here", "Close"):
            assert label in footer


async def test_switching_acts_with_keys_and_tabs(story: Story, tmp_path: Path, host, screen_text,
                                                 walk, played) -> None:
    profile = played(story, tmp_path, ("no", "leave"))
    app = host(FlowchartScreen(story, profile, walk(story)[-1]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tabs = app.screen.query_one(Tabs)
        assert tabs.active == "act-1"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert tabs.active == "act-2"
        text = screen_text(app)
        assert "Scenes 1/4  ·  Choices 0/2  ·  Endings 1/3 (1/3 in this act): Quiet" in text
        assert "(      locked      )" in text and "( Quiet            )" in text
        assert "Home" not in text and "Lost" not in text  # unseen endings stay locked
        assert "[      locked      ]" in text  # the truss, never reached
        await pilot.press("right_square_bracket")  # no act 3: stays
        assert tabs.active == "act-2"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert tabs.active == "act-1" and selected(app) == "a/hatch"
        await pilot.click("#act-2")
        await pilot.pause()
        assert tabs.active == "act-2" and view(app).has_focus
        await pilot.press("c")  # back to where the player is
        await pilot.pause()
        assert tabs.active == "act-1" and selected(app) == "a/hatch"


async def test_moving_the_selection(story: Story, tmp_path: Path, host, screen_text, walk,
                                    played) -> None:
    profile = played(story, tmp_path, ("no", "leave"))
    app = host(FlowchartScreen(story, profile, walk(story, "no", "leave")[-1]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert selected(app) == "end/quiet"  # act 2, where the player is: (0, 1)
        await pilot.press("up")
        assert selected(app) == "a/truss"
        await pilot.press("up")
        assert selected(app) == "a/truss"
        await pilot.press("right")
        assert selected(app) == "end/home"
        await pilot.press("down")
        assert selected(app) == "end/lost"
        await pilot.press("right")
        assert selected(app) == "end/lost"
        await pilot.press("left", "home")
        assert selected(app) == "a/truss"
        await pilot.press("end")
        await pilot.pause()
        assert selected(app) == "end/lost"
        assert "Locked ending: not reached in any run yet." in screen_text(app)


async def test_jump_on_the_current_path_after_confirmation(story: Story,
                                                           tmp_path: Path, host, screen_text, walk,
                                                           played) -> None:
    states = walk(story, "knock", "read", "talk")
    profile = played(story, tmp_path, ("knock", "read", "talk"))
    app = host(FlowchartScreen(story, profile, states[-1]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("left")
        assert selected(app) == "a/hatch"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Jump to \u201cThe Hatch\u201d?" in screen_text(app)
        await pilot.press("n")  # stay: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, FlowchartScreen) and app.results == []
        await pilot.press("right", "enter")
        await pilot.pause()
        assert "after 1 choice." in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert app.results == [states[1]]  # the module as first reached: read unused
        assert not isinstance(app.screen, FlowchartScreen)


async def test_jump_to_a_scene_seen_in_another_run(story: Story, tmp_path: Path, host,
                                                   walk, played) -> None:
    ending = walk(story, "no", "leave")[-1]
    profile = played(story, tmp_path, ("no", "leave"))
    app = host(FlowchartScreen(story, profile, walk(story)[-1]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket", "down")
        assert selected(app) == "end/quiet"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.results == [ending]
        assert Machine(story).is_ending(ending)


async def test_a_jump_into_an_edited_story_says_where_it_stops(story: Story,
                                                             tmp_path: Path, host, screen_text,
                                                             walk, played) -> None:
    profile = played(story, tmp_path, ("knock", "read", "leave"))
    profile.paths["a/truss"][1] = profile.paths["a/truss"][1].__class__("a/module", "gone")
    app = host(FlowchartScreen(story, profile, walk(story)[-1]))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")
        assert selected(app) == "a/truss"
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Jump to \u201cOutside\u201d?" in text
        assert "after 1 of 3 choices, at \u201cThe Module\u201d (step 2:" in text
        await pilot.press("y")
        await pilot.pause()
        (state,) = app.results
        assert isinstance(state, GameState) and state.scene == "a/module"


async def test_locked_and_pathless_scenes_do_not_jump(story: Story, tmp_path: Path, host,
                                                      walk) -> None:
    profile = Profile(tmp_path, scenes_seen={"a/hatch", "a/module", "end/quiet"})  # no paths
    app = host(FlowchartScreen(story, profile, walk(story)[-1]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket", "enter")  # the truss: locked
        await pilot.pause()
        assert isinstance(app.screen, FlowchartScreen)
        await pilot.press("down", "enter")  # the quiet ending: seen, but no recorded path
        await pilot.pause()
        assert isinstance(app.screen, FlowchartScreen)
        messages = [message for message, _ in app.messages]
        assert any("still locked" in m for m in messages)
        assert any("no recorded way back" in m for m in messages)
        assert app.results == []


async def test_escape_returns_none(story: Story, tmp_path: Path, host, walk) -> None:
    app = host(FlowchartScreen(story, Profile(tmp_path), walk(story, "no")[-1]))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_mouse_selects_and_double_click_jumps(story: Story, tmp_path: Path, host,
                                                    walk, played) -> None:
    states = walk(story, "knock")
    profile = played(story, tmp_path, ("knock",))
    app = host(FlowchartScreen(story, profile, states[-1]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        chart_view = view(app)
        hatch = chart_view.chart.node("a/hatch")
        assert hatch is not None
        x = 6 + 3 - int(chart_view.scroll_offset.x)
        await pilot.click(FlowchartView, offset=(x, 2))
        assert selected(app) == "a/hatch"
        await pilot.click(FlowchartView, offset=(x, 2), times=2)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert app.results == [states[0]]


async def test_a_large_act_scrolls_to_follow_the_selection(tmp_path: Path, host, walk,
                                                           story) -> None:
    from iss_adventure.engine.flowchart import build_flowchart

    app = host(FlowchartScreen(story, Profile(tmp_path), walk(story)[-1]))
    async with app.run_test(size=(30, 12)) as pilot:
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        chart_view = view(app)
        assert selected(app) == "a/module" and chart_view.scroll_offset.x > 0
        await pilot.press("shift+left")
        await pilot.pause()
        assert build_flowchart(story, set(), set()).act(1).columns == 2


async def test_story_text_is_shown_literally(tmp_path: Path, host, screen_text, walk,
                                             played, markup_story) -> None:
    story = markup_story
    states = walk(story, "go")
    profile = played(story, tmp_path, ("go",))
    app = host(FlowchartScreen(story, profile, states[-1]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "\x1b" not in text
        assert "[crew]Act[/crew]" in text
        assert "──▶[ [bold]Not bold[… ]─────▶(●[/]              )" in text
        assert "Endings 1/1 (1/1 in this act): [/]" in text
        await pilot.press("left")
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]Not bold[/] ␛[31mtitle  ·  [red]Lab[/]" in text
        assert "“[bold]Go[/] ␛[31mnow [$accent]x[/]” → [/]" in text


@pytest.mark.parametrize("size", [(1, 1), (3, 2), (15, 4), (40, 10), (60, 20)])
async def test_tiny_terminals_do_not_crash(story: Story, tmp_path: Path,
                                           size: tuple[int, int], host, walk, played) -> None:
    profile = played(story, tmp_path, ("no", "leave"))
    app = host(FlowchartScreen(story, profile, walk(story, "no")[-1]))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("left", "down", "right", "right_square_bracket", "up", "end",
                          "shift+right", "pagedown", "left_square_bracket")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await pilot.pause()
        await pilot.press("escape")
        assert app.results == [None]


def test_node_labels_have_a_fixed_width(story: Story) -> None:
    from iss_adventure.engine.flowchart import build_flowchart

    chart = build_flowchart(story, {"a/hatch"}, set())
    canvas = draw(chart.act(1))
    assert canvas.text().splitlines()[2] == "   ──▶[ The Hatch        ]─────▶[      locked     »]"
    long = chart.act(1).nodes[0].__class__(
        "x", 0, 0, True, "A very long title that will not fit 😀", False, False, True,
        False, False, (2,))
    assert node_label(long) == "[●A very long tit…»]"
    wide = long.__class__("x", 0, 0, True, "宇宙" * 5 + "\x1b[31m", True, False, False, False,
                          True, ())
    assert cell_len(node_label(wide)) == 20 and "\x1b" not in node_label(wide)
    assert node_label(wide).startswith("( 宇宙宇宙宇宙宇") and node_label(wide).endswith("…↻)")


def test_snapshot_flowchart_of_the_demo(snap_compare: Any, tmp_path: Path, host, walk,
                                        played, story) -> None:
    profile = played(story, tmp_path, ("no", "leave"), ("knock", "read", "talk", "leave"))
    state = walk(story, "knock", "read", "talk", "leave")[-1]
    assert snap_compare(host(FlowchartScreen(story, profile, state)), terminal_size=(100, 30))


async def test_opens_centred_on_the_current_scene(tmp_path: Path, host, write_story) -> None:
    from iss_adventure.engine.loader import load_story
    from iss_adventure.tui.widgets.flowchart_canvas import NODE_WIDTH, node_x, node_y

    story = load_story(write_story(tmp_path / "big", scenes=60, width=6))
    machine = Machine(story)
    state = machine.new_game(0)
    for _ in range(5):  # a few columns in
        view_ = next(v for v in machine.choices(state) if v.available)
        state = machine.choose(state, view_.id)
    profile = Profile(tmp_path)
    profile.record(story, None, state)
    app = host(FlowchartScreen(story, profile, state))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        chart = view(app)
        node = chart.selected
        assert node is not None and node.scene == state.scene
        region = chart.scrollable_content_region
        x = node_x(node) - chart.scroll_offset.x + NODE_WIDTH // 2
        y = node_y(node) - chart.scroll_offset.y
        assert chart.scroll_offset.x > 0  # it had to scroll to get there
        assert abs(x - region.width // 2) <= 2, (x, region.width)
        assert chart.scroll_offset.y == 0 or abs(y - region.height // 2) <= 2


async def test_find_a_scene_by_title(story: Story, tmp_path: Path, host, walk, played,
                                     screen_text) -> None:
    from iss_adventure.tui.dialogs.find import FindDialog

    states = walk(story, "no", "leave")  # the quiet ending: hatch, module, quiet
    profile = played(story, tmp_path, ("no", "leave"))
    app = host(FlowchartScreen(story, profile, states[-1]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert selected(app) == "end/quiet"
        await pilot.press("slash")
        assert isinstance(app.screen, FindDialog)
        titles = [label for label, _ in app.screen.items]
        assert any("The Module" in t for t in titles)
        assert not any("Outside" in t for t in titles)  # never seen: no spoiler
        await pilot.press(*"modu")
        await pilot.pause()
        assert "The Module · act 1" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FlowchartScreen)
        assert selected(app) == "a/module"
        assert view(app).has_focus
        await pilot.press("slash", *"nothing like it", "enter")
        await pilot.pause()
        assert "Nothing seen yet" in screen_text(app)
        await pilot.press("escape")
        assert selected(app) == "a/module"


async def test_marks_conditional_and_once_only_choices(story: Story, tmp_path: Path, host,
                                                       walk, played, screen_text) -> None:
    states = walk(story, "knock", "read", "radio")
    profile = played(story, tmp_path, ("knock", "read", "radio", "leave"))
    app = host(FlowchartScreen(story, profile, states[-1]))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert selected(app) == "a/module"
        text = screen_text(app)
        assert "“Read the laptop.” → the same scene  [once only]" in text
        assert "“Radio Boris what you read.” → the same scene  [conditional]  [once only]" \
            in text
        assert "“Go outside.” → " in text and "[conditional]" in text.split("Go outside.")[1]
    chart = build_flowchart(story, profile.scenes_seen, profile.choices_seen)
    hatch = {e.choice: e for e in chart.act(1).edges_from("a/hatch")}
    assert hatch["boris"].conditional and not hatch["knock"].conditional
    assert not hatch["knock"].once


def test_conditional_and_once_only_lines_are_drawn_apart() -> None:
    from iss_adventure.engine.flowchart import ActChart, FlowEdge, FlowNode

    def node(scene: str, col: int, row: int) -> FlowNode:
        return FlowNode(scene, col, row, True, scene.title(), False, False, False, col == 0,
                        False, ())

    def edge(source: str, target: str, choice: str, conditional: bool = False,
             once: bool = False) -> FlowEdge:
        return FlowEdge(source, target, choice, f"{source}#{choice}", choice, True, False,
                        "forward", 1, conditional, once)

    nodes = (node("a", 0, 0), node("b", 1, 0), node("c", 1, 1), node("d", 1, 2))
    edges = (edge("a", "b", "go"), edge("a", "c", "maybe", conditional=True),
             edge("a", "d", "once", once=True))
    chart = ActChart(1, "Act", nodes, edges, 2, 3, 4, 4, 3, 3, (), 0)
    lines = draw(chart).text().splitlines()
    b, c, d = lines[2], lines[5], lines[8]
    assert b.endswith("]─┬───▶[ B                ]")  # always there: solid
    assert "╌▷[ C" in c and "─" not in c.split("]", 1)[1]  # conditional: dashed
    assert "┈▷[ D" in d and "─" not in d.split("]", 1)[1]  # once only: dotted
    assert lines[4].strip() == "┊"  # the once-only and conditional lines run on together
    # a line that an unconditional choice also takes stays solid
    both = ActChart(1, "Act", nodes[:2], (edge("a", "b", "go"),
                                          edge("a", "b", "maybe", conditional=True)),
                    2, 1, 2, 2, 2, 2, (), 0)
    assert draw(both).text().splitlines()[2].endswith("─────▶[ B                ]")


def test_lines_never_taken_do_not_tell_their_kind() -> None:
    """A conditional or once-only line the player never took is drawn like any other."""
    from iss_adventure.engine.flowchart import ActChart, FlowEdge, FlowNode

    def node(scene: str, col: int, row: int) -> FlowNode:
        return FlowNode(scene, col, row, True, scene.title(), False, False, False, col == 0,
                        False, ())

    def edge(target: str, choice: str, seen: bool, conditional: bool = False,
             once: bool = False) -> FlowEdge:
        return FlowEdge("a", target, choice, f"a#{choice}", choice if seen else None, seen,
                        False, "forward", 1, conditional, once)

    nodes = (node("a", 0, 0), node("b", 1, 0), node("c", 1, 1), node("d", 1, 2))
    unseen = (edge("b", "go", True), edge("c", "maybe", False, conditional=True),
              edge("d", "once", False, once=True))
    text = draw(ActChart(1, "Act", nodes, unseen, 2, 3, 4, 4, 3, 3, (), 0)).text()
    assert not set("╌╎┈┊▷") & set(text), text
    seen = (edge("b", "go", True), edge("c", "maybe", True, conditional=True),
            edge("d", "once", True, once=True))
    text = draw(ActChart(1, "Act", nodes, seen, 2, 3, 4, 4, 3, 3, (), 0)).text()
    assert "╌▷[ C" in text and "┈▷[ D" in text


async def test_the_chart_marks_conditional_lines_and_explains_them(story: Story,
                                                                    tmp_path: Path, host,
                                                                    walk, played,
                                                                    screen_text) -> None:
    profile = played(story, tmp_path, ("knock", "read", "talk", "leave"))
    state = walk(story, "knock", "read", "talk", "leave")[-1]  # act 2: Outside
    for size in ((80, 24), (120, 30)):
        app = host(FlowchartScreen(story, profile, state))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            text = screen_text(app)
            assert "╰───▶(      locked" in text  # letting go is conditional, but never taken
            assert "─▶ always  ╌▷ conditional  ┈▷ once only" in text
            legend = app.screen.query_one("#flowchart-legend").region
            assert legend.height == 1 and legend.width == size[0]
