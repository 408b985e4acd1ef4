"""Settings: theme, typewriter text and its speed, timed choices. Kept across runs."""

from __future__ import annotations

import msgspec
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Select, Static, Switch

from ...engine.settings import SPEEDS
from ..game import Game


def label(name: str, what: str) -> Static:
    return Static(Content.assemble((name, "bold"), "\n", (what, "$foreground-muted")),
                  classes="setting-label", markup=False)


def on_off(value: bool) -> Content:
    """A switch's state in words, for players who cannot tell it by its color."""
    return Content.styled("On" if value else "Off", "bold" if value else "")


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
        speeds = [(Content(f"{name} ({cps} a second)"), cps) for name, cps in SPEEDS]
        if self.settings.typing_speed not in dict(SPEEDS).values():
            speeds.append((Content(f"Your own ({self.settings.typing_speed} a second)"),
                           self.settings.typing_speed))
        with Vertical(id="settings-box") as box:
            box.border_title = "Settings"
            with Horizontal(classes="setting"):
                yield label("Theme", "high-contrast is the plainest")
                yield Select([(Content(name), name) for name in themes],
                             value=self.settings.theme if self.settings.theme in themes
                             else Select.BLANK, allow_blank=False, id="theme")
            with Horizontal(classes="setting"):
                yield label("Typewriter text",
                            "scenes appear letter by letter; space or enter shows all")
                yield Switch(self.settings.typewriter, id="typewriter")
                yield Static(on_off(self.settings.typewriter), id="typewriter-state",
                             classes="switch-state", markup=False)
            with Horizontal(classes="setting"):
                yield label("Typing speed", "how fast the typewriter writes")
                yield Select(speeds, value=self.settings.typing_speed, allow_blank=False,
                             id="typing-speed")
            with Horizontal(classes="setting"):
                yield label("Timed choices", "a countdown on tense moments; off: take your time")
                yield Switch(self.settings.timers, id="timers")
                yield Static(on_off(self.settings.timers), id="timers-state",
                             classes="switch-state", markup=False)
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
        self.query_one("#typewriter-state", Static).update(on_off(event.value))
        if event.value != self.settings.typewriter:
            self._change(typewriter=event.value)

    @on(Switch.Changed, "#timers")
    def _timers_switched(self, event: Switch.Changed) -> None:
        self.query_one("#timers-state", Static).update(on_off(event.value))
        if event.value != self.settings.timers:
            self._change(timers=event.value)

    @on(Select.Changed, "#typing-speed")
    def _speed_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, int) and event.value != self.settings.typing_speed:
            self._change(typing_speed=event.value)

    def action_close(self) -> None:
        self.dismiss(None)
