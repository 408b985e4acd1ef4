"""Settings: theme, typewriter text, timed choices. Kept across runs."""

from __future__ import annotations

import msgspec
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Select, Static, Switch

from ..game import Game


class SettingsScreen(ModalScreen[None]):
    """Every change applies at once and is saved; escape closes."""

    CSS_PATH = "settings.tcss"

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
        self.settings = game.settings

    def compose(self) -> ComposeResult:
        themes = sorted(self.app.available_themes)
        with Vertical(id="settings-box") as box:
            box.border_title = "Settings"
            with Horizontal(classes="setting"):
                yield Static(Content.assemble(("Theme", "bold"), "\n",
                                              ("colors of the whole game", "$foreground-muted")),
                             classes="setting-label", markup=False)
                yield Select([(Content(name), name) for name in themes],
                             value=self.settings.theme if self.settings.theme in themes
                             else Select.BLANK, allow_blank=False, id="theme")
            with Horizontal(classes="setting"):
                yield Static(Content.assemble(("Typewriter text", "bold"), "\n",
                                              ("scenes appear letter by letter; any key "
                                               "shows all", "$foreground-muted")),
                             classes="setting-label", markup=False)
                yield Switch(self.settings.typewriter, id="typewriter")
            with Horizontal(classes="setting"):
                yield Static(Content.assemble(("Timed choices", "bold"), "\n",
                                              ("a countdown on tense moments; off: take "
                                               "your time", "$foreground-muted")),
                             classes="setting-label", markup=False)
                yield Switch(self.settings.timers, id="timers")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#theme", Select).focus()

    def _change(self, **changes: object) -> None:
        self.settings = msgspec.structs.replace(self.settings, **changes)
        if self.settings.theme in self.app.available_themes:
            self.app.theme = self.settings.theme
        self.game.apply_settings(self.settings)

    @on(Select.Changed, "#theme")
    def _theme_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.settings.theme:
            self._change(theme=event.value)

    @on(Switch.Changed, "#typewriter")
    def _typewriter_switched(self, event: Switch.Changed) -> None:
        if event.value != self.settings.typewriter:
            self._change(typewriter=event.value)

    @on(Switch.Changed, "#timers")
    def _timers_switched(self, event: Switch.Changed) -> None:
        if event.value != self.settings.timers:
            self._change(timers=event.value)

    def action_close(self) -> None:
        self.dismiss(None)
