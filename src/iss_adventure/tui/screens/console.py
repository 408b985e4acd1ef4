"""The developer console (watch mode or `--dev`): jump to a scene found by fuzzy search, see
and set variables, see why each locked choice is locked, and test from a chosen scene.

Every move goes through the writer's loop controller (`tui/writer.py`); a playthrough the
console touched is marked and never counts in the gallery or the profile.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...engine.devtools import DevError, describe_type, find_scenes, locked_choices
from ..text import clean, literal
from ..writer import WriterLoop


class ConsoleScreen(Screen[bool]):
    """Dismissed with True when the playthrough changed (the play screen redraws)."""

    CSS_PATH = "console.tcss"

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("f12", "close", "Back", show=False),  # the key that opened it closes it
        Binding("ctrl+t", "test_here", "Test from here", priority=True),
    ]

    def __init__(self, writer: WriterLoop) -> None:
        super().__init__()
        self.writer = writer
        self.game = writer.game
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Static(id="console-title", markup=False)
        with Horizontal(id="console-body"):
            with Vertical(id="console-scenes"):
                yield Input(placeholder="scene id or title (fuzzy): enter jumps there",
                            id="scene-query")
                yield OptionList(id="scene-list")
            with Vertical(id="console-state"):
                yield Input(placeholder="name = value: enter sets it", id="set-var")
                yield Static(id="console-status", markup=False)
                with VerticalScroll(id="console-vars"):
                    yield Static(id="locked", markup=False)
                    yield Static(id="vars", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#console-vars").can_focus = False
        self._list_scenes("")
        self._show_state()
        self.query_one("#scene-query", Input).focus()

    # -- what it shows -------------------------------------------------------------------

    def story_changed(self) -> None:
        """The story was reloaded under the console: scenes, variables and locks again."""
        self._list_scenes(self.query_one("#scene-query", Input).value)
        self._show_state()

    def _show_state(self) -> None:
        game = self.game
        session = game.session
        story = game.story
        marked = " · console used: this playthrough is not counted" if session and \
            session.dev else ""
        where = f" · at {session.state.scene}" if session is not None else ""
        self.query_one("#console-title", Static).update(Content.assemble(
            ("Developer console", "bold"), "  ", literal(story.title),
            (clean(where + marked), "$foreground-muted")))
        rows: list[Content | str] = [Content.styled("Variables", "bold")]
        for var in story.variables:
            value = session.state.vars[story.index[var.name]] if session is not None \
                else var.initial
            shown = ("true" if value else "false") if isinstance(value, bool) else repr(value) \
                if isinstance(value, str) else str(value)
            rows.append(Content.assemble(literal(f"  {var.name} = {shown}"),
                                         (clean(f"   ({describe_type(var)})"),
                                          "$foreground-muted")))
        self.query_one("#vars", Static).update(Content("\n").join(
            Content(r) if isinstance(r, str) else r for r in rows))
        lines: list[Content] = [Content.styled("Locked here", "bold")]
        if session is not None:
            for locked in locked_choices(game.machine, session.state):
                hidden = " (hidden)" if locked.hidden else ""
                lines.append(Content.assemble(literal(f"  {locked.id}{hidden}: "),
                                              literal(locked.reason, "$text-warning")))
        if len(lines) == 1:
            lines.append(Content.styled("  nothing: every choice here can be taken",
                                        "$foreground-muted"))
        self.query_one("#locked", Static).update(Content("\n").join(lines))

    def _list_scenes(self, query: str) -> None:
        story = self.game.story
        options = self.query_one("#scene-list", OptionList)
        options.clear_options()
        options.add_options(Option(Content.assemble(literal(sid, "bold"), "  ",
                                                    literal(story.scenes[sid].title,
                                                            "$foreground-muted")), id=sid)
                            for sid in find_scenes(story, query))
        if options.option_count:
            options.highlighted = 0

    def _status(self, message: str, error: bool = False) -> None:
        self.query_one("#console-status", Static).update(
            literal(message, "$text-error" if error else "$text-success"))

    def _chosen_scene(self) -> str | None:
        options = self.query_one("#scene-list", OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    # -- what it does -----------------------------------------------------------------------

    @on(Input.Changed, "#scene-query")
    def _query(self, event: Input.Changed) -> None:
        self._list_scenes(event.value)

    @on(Input.Submitted, "#scene-query")
    def _submit_query(self) -> None:
        self.action_jump()

    @on(OptionList.OptionSelected, "#scene-list")
    def _selected(self) -> None:
        self.action_jump()

    @on(Input.Submitted, "#set-var")
    def _set(self, event: Input.Submitted) -> None:
        try:
            done = self.writer.set_variable(event.value)
        except DevError as err:
            self._status(str(err), error=True)
            return
        self.changed = True
        event.input.value = ""
        self._status(f"set {done}")
        self._show_state()

    def action_jump(self) -> None:
        scene = self._chosen_scene()
        if scene is None:
            self._status("no scene matches", error=True)
            return
        try:
            self.writer.jump(scene)
        except DevError as err:
            self._status(str(err), error=True)
            return
        self.dismiss(True)

    def action_test_here(self) -> None:
        """A fresh playthrough at the chosen scene with the variables as they are now."""
        scene = self._chosen_scene()
        if scene is None:
            self._status("choose a scene to test from", error=True)
            return
        try:
            self.writer.test_from_here(scene)
        except DevError as err:
            self._status(str(err), error=True)
            return
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(self.changed)
