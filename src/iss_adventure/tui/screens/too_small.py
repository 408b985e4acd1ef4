"""Shown over everything while the terminal is too small to play in; goes away by itself."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 60, 20


def too_small(size: Size) -> bool:
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


def message(size: Size) -> Content:
    return Content.assemble(
        ("Please make this window larger.", "bold"), "\n",
        (f"ISS Adventure needs {MIN_WIDTH}×{MIN_HEIGHT}; this one is "
         f"{size.width}×{size.height}.", "$text-muted"), "\n",
        ("Your game waits right where you left it.", "$text-muted italic"),
    )


class TooSmallScreen(Screen[None]):
    """A message asking for a larger window; the screens below keep their place."""

    def compose(self) -> ComposeResult:
        yield Static(message(self.app.size), id="too-small", markup=False)

    def on_resize(self, event: Resize) -> None:
        if not too_small(event.size):
            self.dismiss(None)
        else:
            self.query_one("#too-small", Static).update(message(event.size))
