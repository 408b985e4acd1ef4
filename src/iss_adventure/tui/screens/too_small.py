"""Shown over everything while the terminal is too small to play in; goes away by itself."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

from ..sizes import MIN_HEIGHT, MIN_WIDTH, too_small


def message(size: Size) -> Content:
    """What to do, in lines of at most 40 cells (a 40-column window does not break them)."""
    return Content.assemble(
        ("Please make this window larger.", "bold"), "\n",
        (f"The game needs {MIN_WIDTH}×{MIN_HEIGHT}; this one is {size.width}×{size.height}.",
         "$foreground-muted"), "\n",
        ("Your game waits right where you left it.", "$foreground-muted italic"), "\n",
        ("ctrl+q", "bold"), (" quits, and keeps your game.", "$foreground-muted"),
    )


class TooSmallScreen(Screen[None]):
    """A message asking for a larger window; the screens below keep their place.

    The app pushes it when the terminal shrinks too far and pops it when it grows again
    (or when it comes back to the top of the stack after a dialog that opened over it).
    """

    def compose(self) -> ComposeResult:
        yield Static(message(self.app.size), id="too-small", markup=False)

    def on_resize(self, event: Resize) -> None:
        self.query_one("#too-small", Static).update(message(self.app.size))

    def on_screen_resume(self) -> None:
        if not too_small(self.app.size):
            self.app.call_later(self._leave)
        else:
            self.query_one("#too-small", Static).update(message(self.app.size))

    def _leave(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()
