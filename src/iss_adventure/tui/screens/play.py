"""The play screen: header, prose, choices, crew and station panels, countdown, endings."""

from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.events import Key, Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList

from ...engine.model import Scene
from ..game import Game
from ..replay import taken_before
from ..session import Session
from ..text import Reading, clean, literal, reading
from ..widgets.changes import ChangesLine
from ..widgets.choices import ChoiceList
from ..widgets.countdown import Countdown
from ..widgets.crew import CrewPanel
from ..widgets.ending import EndingPanel
from ..widgets.footer import FittingFooter
from ..widgets.header import SceneHeader
from ..widgets.problems import ProblemPanel
from ..widgets.prose import ProseView
from ..widgets.station import StationMap
from ..widgets.textual_private import clear_notifications, draw_changed_cells_only

REWIND = Binding.Group("Undo/Redo")  # one footer entry: "u r Undo/Redo"
READ_TAG, PART_READ_TAG = "✓ read before  ", "✓ partly read  "
REVEAL_KEYS = frozenset({"space", "enter"})  # these only finish the typing
PICK_KEYS = frozenset(str(n) for n in range(1, 10))
NARROW = 84  # below this width the crew and station panels fold away (key c shows them)
W = TypeVar("W", bound=Widget)
# What the footer leaves out first when its keys do not fit (80 or 60 columns): F5 (the game
# autosaves at every scene), History, Flowchart, Trust. Help, Skip, Crew, Undo/Redo and Menu
# stay; every key is in help (?) and the command palette.
FOOTER_DROPS = ("app.quicksave", "app.history", "app.flowchart", "app.relationships")
ROMAN = ("0", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def act_label(scene: Scene, act_title: str) -> Content:
    number = ROMAN[scene.act] if 0 < scene.act < len(ROMAN) else str(scene.act)
    return Content.assemble((f"ACT {number}", "bold"), (" · ", "$foreground-muted"),
                            literal(act_title))


class PlayScreen(Screen[None]):
    """A scene at a time, until an ending."""

    CSS_PATH = "play.tcss"

    BINDINGS = [
        # The choice keys are priority bindings: the app takes them before they travel from
        # the focused choices up through every container to the screen (a fifth of a choice's
        # cost before its frame). Nothing on this screen types digits.
        Binding("1", "pick(1)", "Pick", key_display="1-9", priority=True),  # short: see 80 cols
        *(Binding(str(n), f"pick({n})", show=False, priority=True) for n in range(2, 10)),
        Binding("question_mark", "app.help", "Help"),  # early: a 60-column footer keeps it
        Binding("k", "skip", "Skip"),  # only on a replay; early and short, as Help: 60 columns
        Binding("f5", "app.quicksave", "Quicksave"),
        Binding("f9", "app.quickload", "Quickload", show=False),  # room in the footer
        Binding("s", "app.save", "Save", show=False),
        Binding("l", "app.load", "Load", show=False),
        Binding("u", "undo", "Undo", group=REWIND),
        Binding("r", "redo", "Redo", group=REWIND),
        Binding("c", "toggle_panels", "Crew"),  # only when narrow, where the footer is short
        Binding("f", "app.flowchart", "Flowchart"),
        Binding("h", "app.history", "History"),
        Binding("t", "app.relationships", "Trust"),
        Binding("o", "app.settings", "Settings", show=False),
        Binding("escape", "app.title", "Menu"),
        # The prose scrolls with these wherever the focus is (the choices or the ending's menu
        # would take them): a page, or to the top or the end of the text, as a reader expects.
        Binding("pageup", "scroll_prose(-1)", "Scroll up", show=False, priority=True),
        Binding("pagedown", "scroll_prose(1)", "Scroll down", show=False, priority=True),
        Binding("home", "scroll_prose(-2)", "Top", show=False, priority=True),
        Binding("end", "scroll_prose(2)", "Bottom", show=False, priority=True),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        draw_changed_cells_only(self)  # what a frame does not write is not drawn
        self.game = game
        self._had_choices = True
        self._rewind = (False, False, False)  # undo, redo, skip as the footer last showed them
        self._reading: Reading | None = None
        self._found: dict[str, Widget] = {}
        self._stations: list[StationMap] | None = None
        self._end_when_shown = False  # End pressed while the text typed

    @property
    def session(self) -> Session:
        """The playthrough on screen: the game's (the app shows this screen only with one)."""
        session = self.game.session
        assert session is not None, "the play screen needs a playthrough"
        return session

    def compose(self) -> ComposeResult:
        story = self.session.story
        yield SceneHeader(id="scene-header")
        with Horizontal(id="play-body"):
            with Vertical(id="main"):
                yield ChangesLine(id="changes")
                yield ProseView(clock=self.game.clock, id="prose")
                yield Countdown(self.game.clock, id="countdown")
                yield ChoiceList(id="choices")
                yield EndingPanel(id="ending")
            with VerticalScroll(id="sidebar"):
                yield CrewPanel(story, id="crew")
                if story.station_map:  # only a story set aboard the ISS declares it
                    yield StationMap(story.locations, player=story.player or "You",
                                     id="station")
        yield ProblemPanel(id="problems")  # watch mode: a story on disk that does not load
        yield FittingFooter(FOOTER_DROPS)

    def on_mount(self) -> None:
        self.query_one(ProseView).can_focus = False
        self.query_one("#sidebar").can_focus = False
        self._fit(self.app.size.width)
        self.show_scene()
        self.show_problems()

    def show_problems(self) -> None:
        """Watch mode: the problems of the story on disk (none: the panel hides)."""
        self.query_one(ProblemPanel).show(self.game.problems)

    # -- showing a scene -------------------------------------------------------------------

    def show_scene(self) -> None:
        """Put the session's current scene on screen (after a choice, a load, a restart)."""
        session = self.session
        self._end_when_shown = False
        if self.has_class("-panels"):  # a new scene is shown, not hidden under the crew
            self.remove_class("-panels")
            self.refresh_bindings()
        scene = session.scene
        story = session.story
        texts = session.paragraphs()
        game = self.game
        read = reading(texts, game.reading.marks(game.profile, session.state, scene.id, texts))
        self._reading = read
        self._one("#scene-header", SceneHeader).show(
            act_label(scene, story.act_title(scene.act)), literal(scene.title),
            Content.assemble(
                (READ_TAG if read.read == read.pieces else PART_READ_TAG if read.read else "",
                 "$text-success"), literal(session.time() or "")))
        changes = self._one("#changes", ChangesLine)
        if session.changes:
            changes.show(self._changes())
            changes.display = True
        else:
            changes.display = False
        prose = self._one("#prose", ProseView)
        settings = self.game.settings
        prose.show(read.blocks, typewriter=settings.typewriter, speed=settings.typing_speed,
                   start=read.start)
        self._one("#crew", CrewPanel).show(session.state)
        if self._stations is None:
            self._stations = list(self.query(StationMap))  # none in a story not on the ISS
        for station in self._stations:
            station.show(scene.location)
        countdown = self._one("#countdown", Countdown)
        countdown.stop()
        choices = self._one("#choices", ChoiceList)
        ending = self._one("#ending", EndingPanel)
        ended = session.is_ending or session.stuck
        prose.can_focus = ended  # at an ending, tab reaches the epilogue and the arrows scroll it
        if ended:
            choices.display = False
            choices.show([])
            ending.show(scene)
            ending.display = not prose.revealing
            if not prose.revealing:
                self._one("#ending-menu", OptionList).focus()
        else:
            ending.display = False
            views = session.choices()
            choices.show(views, taken_before(self.game.profile, scene.id, views))
            choices.display = not prose.revealing
            choices.focus()
            if not prose.revealing:
                self._start_timer()
        has_choices = bool(choices.views)
        rewind = (session.can_undo, session.can_redo, bool(read.read))
        if has_choices != self._had_choices or rewind != self._rewind:
            self._had_choices = has_choices  # the footer's "1-9" comes and goes,
            self._rewind = rewind  # Undo and Redo dim when there is nothing to do, and
            self.refresh_bindings()  # Skip shows when some of the scene was read before

    def _one(self, selector: str, kind: type[W]) -> W:
        """`query_one`, remembered: the play screen never replaces its widgets, and a query
        walks the DOM (nine of them were a tenth of a new scene's cost)."""
        found = self._found.get(selector)
        if found is None:
            found = self._found[selector] = self.query_one(selector, kind)
        assert isinstance(found, kind)
        return found

    def _changes(self) -> list[Content]:
        parts: list[Content] = []
        for change in self.session.changes:
            up = change.what == "trust" and isinstance(change.after, int) and \
                isinstance(change.before, int) and change.after > change.before
            down = change.what == "trust" and not up
            mark, style = ("▲ ", "$text-success") if up else \
                (("▼ ", "$text-error") if down else ("● ", "$text-warning"))
            parts.append(Content.assemble((mark, style), literal(change.describe())))
        return parts

    def _start_timer(self) -> None:
        timeout = self.session.scene.timeout
        if timeout is None or not self.game.settings.timers or self.session.is_ending:
            return
        choice = self.session.scene.choice(timeout.choice)
        self.query_one(Countdown).start(timeout.seconds, choice.text if choice else "")

    @on(ProseView.Revealed)
    def _revealed(self) -> None:
        """The whole text is on screen: the choices (or the ending's menu) come up, once."""
        if self._end_when_shown:
            self._end_when_shown = False
            prose = self._one("#prose", ProseView)
            self.call_after_refresh(prose.scroll_end, animate=False)
        if self.session.is_ending or self.session.stuck:
            panel = self.query_one(EndingPanel)
            if not panel.display:
                panel.display = True
                self.query_one("#ending-menu", OptionList).focus()
        else:
            choices = self.query_one(ChoiceList)
            if not choices.display:
                choices.display = True
                choices.focus()
                self._start_timer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The choice keys only while there are choices on screen."""
        if action == "pick":
            if self.has_class("-panels") and self.has_class("-narrow"):
                return False  # the crew panel covers the choices: no picking unseen ones
            try:
                return bool(self.query_one(ChoiceList).views)
            except NoMatches:
                return False
        if action == "skip":  # on a replay: some of this scene was read before
            return self._reading is not None and self._reading.read > 0
        if action == "undo":
            return True if self.session.can_undo else None
        if action == "redo":
            return True if self.session.can_redo else None
        if action == "toggle_panels":  # only a narrow window hides the panels
            return self.has_class("-narrow")
        return True

    # -- input ------------------------------------------------------------------------------

    def on_key(self, event: Key) -> None:
        """While the typewriter runs, space and enter show the whole text, and a number key
        does so too without picking (its choice was not on screen yet; `action_pick`, since
        the number keys are priority bindings). Every other key keeps its action: F5 saves,
        `u u u` goes back three scenes, even mid-sentence."""
        prose = self._one("#prose", ProseView)
        if prose.revealing and (event.key in REVEAL_KEYS or event.key in PICK_KEYS):
            event.stop()
            event.prevent_default()
            prose.complete()

    def action_pick(self, number: int) -> None:
        prose = self._one("#prose", ProseView)
        if prose.revealing:  # its choice is not on screen yet: the key finishes the text
            prose.complete()
            return
        choices = self._one("#choices", ChoiceList)
        if not choices.display:
            return
        view = choices.view(number)
        if view is None:
            self.app.bell()
            return
        if not view.available:
            self.app.bell()
            self.notify(clean(view.reason or "Locked"), title="Locked", severity="warning",
                        markup=False)
            return
        self.take(view.id)

    @on(ChoiceList.Selected)
    def _selected(self, event: ChoiceList.Selected) -> None:
        event.stop()
        self.take(event.choice_id)

    @on(OptionList.OptionSelected, "#ending-menu")
    async def _ending_action(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        action = {"title": "app.title", "endings": "app.endings", "flowchart": "app.flowchart",
                  "undo": "undo", "restart": "app.restart"}.get(event.option.id or "")
        if action is not None:
            await self.run_action(action)

    @on(Countdown.Expired)
    def _time_up(self) -> None:
        timeout = self.session.scene.timeout
        if timeout is None:
            return
        views = {view.id: view for view in self.session.choices()}
        view = views.get(timeout.choice)
        if view is not None and view.available:
            self.take(view.id)
            self.notify(f"Time ran out: {clean(view.text)}", severity="warning", timeout=4,
                        markup=False)

    def take(self, choice_id: str) -> None:
        """Take a choice and show where it leads."""
        self.query_one(Countdown).stop()
        clear_notifications(self.app)  # what was said about this scene stays with it
        self.game.choose(choice_id)
        self.show_scene()

    def action_undo(self) -> None:
        """Back to the decision before the last choice (the choice is not taken again)."""
        clear_notifications(self.app)
        if self.game.undo() is None:
            self.app.bell()
            self.notify("Nothing to undo: this is where the story starts.", timeout=3)
            return
        self.show_scene()

    def action_redo(self) -> None:
        """Take the undone choice again, to exactly the state it gave before."""
        clear_notifications(self.app)
        if self.game.redo() is None:
            self.app.bell()
            self.notify("Nothing to redo.", timeout=3)
            return
        self.show_scene()

    def action_skip(self) -> None:
        """Skip what was read before: on to the next unread text, or else to the choices."""
        prose = self.query_one(ProseView)
        if prose.revealing:  # the choices come up under the prose first: scroll after that
            prose.complete()
            self._revealed()
            self.call_after_refresh(self.action_skip)
            return
        top = prose.scroll_y
        lines = [prose.line_of(block) for block in (self._reading.unread if self._reading
                                                     else [])]
        target = next((line for line in lines if line > top), None)
        if target is not None:
            prose.scroll_to(y=target, animate=False)
        else:
            prose.scroll_end(animate=False)
            self._focus_answer()

    def _focus_answer(self) -> None:
        """The choices, or at an ending its menu."""
        if self.session.is_ending or self.session.stuck:
            self.query_one("#ending-menu", OptionList).focus()
        else:
            self.query_one(ChoiceList).focus()

    def action_scroll_prose(self, direction: int) -> None:
        scroll = self.query_one(ProseView)
        if direction == 2 and scroll.revealing:  # the end of the text: all of it, shown,
            self._end_when_shown = True  # and scrolled to once the choices have come up
            scroll.complete()
            return
        if direction == -2:
            scroll.scroll_home(animate=False)
        elif direction == 2:
            scroll.scroll_end(animate=False)
        elif direction < 0:
            scroll.scroll_page_up()
        else:
            scroll.scroll_page_down()

    def action_toggle_panels(self) -> None:
        """In a narrow window, show the crew and station panels instead of the scene."""
        self.toggle_class("-panels")
        countdown = self.query_one(Countdown)
        if self.has_class("-panels"):
            countdown.pause()  # the clock does not run on choices the player cannot see
        else:
            if self.game.settings.timers:
                countdown.resume()
            self.query_one(ChoiceList).focus()
        self.refresh_bindings()

    # -- pausing and size -------------------------------------------------------------------

    def on_screen_suspend(self) -> None:
        self.query_one(Countdown).pause()

    def on_screen_resume(self) -> None:
        countdown = self.query_one(Countdown)
        if not self.game.settings.timers:
            countdown.stop()
        elif not self.has_class("-panels"):  # under the crew panel it stays paused
            countdown.resume()

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        narrow = width < NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            if not narrow and self.has_class("-panels"):
                self.action_toggle_panels()  # wide again: the panels are beside the scene
            self.refresh_bindings()
