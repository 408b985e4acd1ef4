"""The end of the story under its epilogue: the ending's title, tone and summary, and a menu
of where to go next (the play screen shows it in place of the choices)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...engine.model import Scene
from ..text import clean, literal

TONE_STYLE = {"hopeful": "$text-success", "grim": "$text-error", "tragic": "$text-error",
              "bittersweet": "$text-warning", "uneasy": "$text-warning"}


class EndingPanel(Vertical):
    """The end of the story: title, tone, summary, and where to go next."""

    def compose(self) -> ComposeResult:
        yield Static(id="ending-text", markup=False)
        yield OptionList(
            Option(Content("Back to the title screen"), id="title"),
            Option(Content("Endings gallery"), id="endings"),
            Option(Content("Play again from the start"), id="restart"),
            Option(Content("Flowchart: jump back to any decision"), id="flowchart"),
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
                (f" {tone} ", f"reverse {TONE_STYLE.get(tone, '$text-primary')}"), "  ",
                literal(ending.summary),
                strip_control_codes=False)
        self.query_one("#ending-text", Static).update(text)
