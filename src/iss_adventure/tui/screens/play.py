"""The play screen: header, prose, choices, crew and station panels, countdown, endings."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.events import Key, Resize
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...engine.model import Scene
from ..game import Game
from ..session import Session
from ..text import clean, literal, prose_blocks
from ..widgets.choices import ChoiceList
from ..widgets.countdown import Countdown
from ..widgets.crew import CrewPanel
from ..widgets.prose import ProseView
from ..widgets.station import StationMap

REWIND = Binding.Group("Undo/Redo")  # one footer entry: "u r Undo/Redo"
NARROW = 84  # below this width the crew and station panels fold away (key c shows them)
ROMAN = ("0", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
TONE_STYLE = {"hopeful": "$text-success", "grim": "$text-error", "tragic": "$text-error",
              "bittersweet": "$text-warning", "uneasy": "$text-warning"}


def act_label(scene: Scene, act_title: str) -> Content:
    number = ROMAN[scene.act] if 0 < scene.act < len(ROMAN) else str(scene.act)
    return Content.assemble((f"ACT {number}", "bold"), (" · ", "$foreground-muted"),
                            literal(act_title))


class EndingPanel(Vertical):
    """The end of the story: title, tone, summary, and where to go next."""

    def compose(self) -> ComposeResult:
        yield Static(id="ending-text", markup=False)
        yield OptionList(
            Option(Content("Back to the title screen"), id="title"),
            Option(Content("See the endings gallery"), id="endings"),
            Option(Content("Play again from the start"), id="restart"),
            Option(Content("Open the flowchart: jump back to any decision"), id="flowchart"),
            Option(Content("Undo the last choice"), id="undo"),
            id="ending-menu",
        )

    def show(self, scene: Scene) -> None:
        ending = scene.ending
        self.border_title = "The end" if ending is not None else "Nowhere to go"
        if ending is None:
            text = Content.assemble(
                ("Every way forward is locked here.", "bold"), "\n",
                ("The story has a dead end: `iss-adventure check` shows where.",
                 "$foreground-muted"))
        else:
            tone = clean(ending.tone)
            text = Content.assemble(
                literal(ending.title, "bold $text-accent"), "  ",
                (f" {tone} ", f"reverse {TONE_STYLE.get(tone, '$text-primary')}"), "\n\n",
                literal(ending.summary),
                strip_control_codes=False)
        self.query_one("#ending-text", Static).update(text)


class PlayScreen(Screen[None]):
    """A scene at a time, until an ending."""

    CSS_PATH = "play.tcss"

    BINDINGS = [
        Binding("1", "pick(1)", "Pick", key_display="1-9"),  # short: the footer is full at 80
        *(Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)),
        Binding("f5", "app.quicksave", "Quicksave"),
        Binding("f9", "app.quickload", "Quickload", show=False),  # room in the footer
        Binding("s", "app.save", "Save", show=False),
        Binding("l", "app.load", "Load", show=False),
        Binding("u", "undo", "Undo", group=REWIND),
        Binding("r", "redo", "Redo", group=REWIND),
        Binding("f", "app.flowchart", "Flowchart"),
        Binding("h", "app.history", "History"),
        Binding("t", "app.relationships", "Trust"),
        Binding("c", "toggle_panels", "Crew"),
        Binding("question_mark", "app.help", "Help"),
        Binding("o", "app.settings", "Settings", show=False),
        Binding("escape", "app.title", "Menu"),
        Binding("pageup", "scroll_prose(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_prose(1)", "Scroll down", show=False),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
        self._had_choices = True
        self._rewind = (False, False)  # (can undo, can redo) as the footer last showed them
        self._shown: dict[str, Content] = {}

    @property
    def session(self) -> Session:
        """The playthrough on screen: the game's (the app shows this screen only with one)."""
        session = self.game.session
        assert session is not None, "the play screen needs a playthrough"
        return session

    def compose(self) -> ComposeResult:
        story = self.session.story
        with Horizontal(id="scene-header"):
            yield Static(id="hdr-act", markup=False)
            yield Static(id="hdr-title", markup=False)
            yield Static(id="hdr-time", markup=False)
        with Horizontal(id="play-body"):
            with Vertical(id="main"):
                yield Static(id="changes", markup=False)
                yield ProseView(clock=self.game.clock, id="prose")
                yield Countdown(self.game.clock, id="countdown")
                yield ChoiceList(id="choices")
                yield EndingPanel(id="ending")
            with VerticalScroll(id="sidebar"):
                yield CrewPanel(story, id="crew")
                if story.station_map:  # only a story set aboard the ISS declares it
                    yield StationMap(story.locations, player=story.player or "You",
                                     id="station")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(ProseView).can_focus = False
        self.query_one("#sidebar").can_focus = False
        self._fit(self.app.size.width)
        self.show_scene()

    # -- showing a scene -------------------------------------------------------------------

    def show_scene(self) -> None:
        """Put the session's current scene on screen (after a choice, a load, a restart)."""
        session = self.session
        scene = session.scene
        story = session.story
        self._put("#hdr-act", act_label(scene, story.act_title(scene.act)))
        self._put("#hdr-title", literal(scene.title))
        self._put("#hdr-time", literal(scene.time or ""))
        changes = self.query_one("#changes", Static)
        if session.changes:
            self._put("#changes", self._changes_line())
            changes.display = True
        else:
            changes.display = False
        prose = self.query_one(ProseView)
        prose.show(prose_blocks(session.paragraphs()), typewriter=self.game.settings.typewriter)
        self.query_one(CrewPanel).show(session.state)
        for station in self.query(StationMap):
            station.show(scene.location)
        countdown = self.query_one(Countdown)
        countdown.stop()
        choices = self.query_one(ChoiceList)
        ending = self.query_one(EndingPanel)
        if session.is_ending or session.stuck:
            choices.display = False
            choices.show([])
            ending.show(scene)
            ending.display = not prose.revealing
            if not prose.revealing:
                self.query_one("#ending-menu", OptionList).focus()
        else:
            ending.display = False
            choices.show(session.choices())
            choices.display = not prose.revealing
            choices.focus()
            if not prose.revealing:
                self._start_timer()
        has_choices = bool(choices.views)
        rewind = (session.can_undo, session.can_redo)
        if has_choices != self._had_choices or rewind != self._rewind:
            self._had_choices = has_choices  # the footer's "1-9" comes and goes,
            self._rewind = rewind  # and Undo and Redo dim when there is nothing to do
            self.refresh_bindings()

    def _put(self, selector: str, content: Content) -> None:
        """Update a Static only when its content changes (an unchanged one costs no render)."""
        if self._shown.get(selector) != content:
            self._shown[selector] = content
            self.query_one(selector, Static).update(content)

    def _changes_line(self) -> Content:
        parts: list[Content] = []
        for change in self.session.changes:
            up = change.what == "trust" and isinstance(change.after, int) and \
                isinstance(change.before, int) and change.after > change.before
            down = change.what == "trust" and not up
            mark, style = ("▲ ", "$text-success") if up else \
                (("▼ ", "$text-error") if down else ("● ", "$text-warning"))
            parts.append(Content.assemble((mark, style), literal(change.describe())))
        return Content("   ").join(parts)

    def _start_timer(self) -> None:
        timeout = self.session.scene.timeout
        if timeout is None or not self.game.settings.timers or self.session.is_ending:
            return
        choice = self.session.scene.choice(timeout.choice)
        self.query_one(Countdown).start(timeout.seconds, choice.text if choice else "")

    @on(ProseView.Revealed)
    def _revealed(self) -> None:
        if self.session.is_ending or self.session.stuck:
            panel = self.query_one(EndingPanel)
            panel.display = True
            self.query_one("#ending-menu", OptionList).focus()
        else:
            choices = self.query_one(ChoiceList)
            choices.display = True
            choices.focus()
            self._start_timer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The choice keys only while there are choices on screen."""
        if action == "pick":
            try:
                return bool(self.query_one(ChoiceList).views)
            except NoMatches:
                return False
        if action == "undo":
            return True if self.session.can_undo else None
        if action == "redo":
            return True if self.session.can_redo else None
        if action == "toggle_panels":  # only a narrow window hides the panels
            return self.has_class("-narrow")
        return True

    # -- input ------------------------------------------------------------------------------

    def on_key(self, event: Key) -> None:
        """While the typewriter runs, any key shows the whole text (and does nothing else)."""
        prose = self.query_one(ProseView)
        if prose.revealing and event.key not in ("ctrl+q", "ctrl+p", "ctrl+c"):
            event.stop()
            event.prevent_default()
            prose.complete()

    def action_pick(self, number: int) -> None:
        choices = self.query_one(ChoiceList)
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
            self.notify("Time ran out.", severity="warning", timeout=3)
            self.take(view.id)

    def take(self, choice_id: str) -> None:
        """Take a choice and show where it leads."""
        self.query_one(Countdown).stop()
        self.game.choose(choice_id)
        self.show_scene()

    def action_undo(self) -> None:
        """Back to the decision before the last choice (the choice is not taken again)."""
        if self.game.undo() is None:
            self.app.bell()
            self.notify("Nothing to undo: this is where the story starts.", timeout=3)
            return
        self.show_scene()

    def action_redo(self) -> None:
        """Take the undone choice again, to exactly the state it gave before."""
        if self.game.redo() is None:
            self.app.bell()
            self.notify("Nothing to redo.", timeout=3)
            return
        self.show_scene()

    def action_scroll_prose(self, direction: int) -> None:
        scroll = self.query_one(ProseView)
        if direction < 0:
            scroll.scroll_page_up()
        else:
            scroll.scroll_page_down()

    def action_toggle_panels(self) -> None:
        """In a narrow window, show the crew and station panels instead of the scene."""
        self.toggle_class("-panels")
        if not self.has_class("-panels"):
            self.query_one(ChoiceList).focus()

    # -- pausing and size -------------------------------------------------------------------

    def on_screen_suspend(self) -> None:
        self.query_one(Countdown).pause()

    def on_screen_resume(self) -> None:
        countdown = self.query_one(Countdown)
        if self.game.settings.timers:
            countdown.resume()
        else:
            countdown.stop()

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        narrow = width < NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self.refresh_bindings()
