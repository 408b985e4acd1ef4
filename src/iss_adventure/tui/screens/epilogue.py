"""One ending re-read from the gallery: its whole epilogue, as the player last reached it.

The prose comes from the profile (`Profile.epilogue`), which keeps each ending's paragraphs,
variants included, as last shown. An ending reached before profiles kept them shows its
scene's own text, and says that the parts that depend on earlier choices are missing.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...engine.model import Ending, Scene
from ..text import literal, prose_blocks
from ..widgets.prose import Prose

OLD_PROFILE = ("You reached this ending before the gallery kept epilogues: this is its text "
               "without the parts that depend on your choices. Reach it again to keep it whole.")


class EpilogueScreen(Screen[None]):
    """An ending's epilogue, scrolled with the usual keys; escape goes back to the gallery."""

    CSS_PATH = "epilogue.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back to the gallery"),
    ]

    def __init__(self, scene: Scene, paragraphs: list[str] | None, reached: int) -> None:
        super().__init__()
        assert scene.ending is not None
        self.scene = scene
        self.ending: Ending = scene.ending
        self.paragraphs = paragraphs
        self.reached = reached

    def compose(self) -> ComposeResult:
        e = self.ending
        times = "once" if self.reached == 1 else f"{self.reached} times"
        yield Static(Content.assemble(literal(e.title, "bold"), ("  ·  ", "dim"),
                                      literal(e.tone, "italic"), ("  ·  ", "dim"),
                                      (f"reached {times}", "$foreground-muted"),
                                      strip_control_codes=False),
                     id="epilogue-title", markup=False)
        with VerticalScroll(id="epilogue-text"):
            yield Static(literal(self.scene.title, "bold $text-accent"),
                         id="epilogue-scene", markup=False)
            if self.paragraphs is None:
                yield Static(literal(OLD_PROFILE, "italic"), id="epilogue-old", markup=False)
            prose = Prose(id="epilogue-prose")
            prose.show(prose_blocks(self.paragraphs if self.paragraphs is not None
                                    else [self.scene.text]))
            yield prose
            yield Static(Content.assemble(("The end: ", "bold"), literal(e.summary)),
                         id="epilogue-summary", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#epilogue-text", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
