"""Find by name: type part of a title, pick from what matches; dismisses with the item's id.

Generic over (label, id) pairs, so the flowchart can offer its seen scenes (never unseen
ones: their titles would be spoilers). Labels are story text: shown literally.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..text import literal

LIMIT = 200  # matches listed at most


class FindDialog(ModalScreen[str | None]):
    """A search box over a list; Enter takes the highlighted match, Escape cancels."""

    CSS_PATH = "find.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(self, title: str, items: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(id="find-dialog") as box:
            box.border_title = self.title_text
            yield Input(placeholder="Type part of a title", id="find-input")
            yield OptionList(id="find-list")
            yield Static("", id="find-none", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).can_focus = False  # typing stays in the box
        self._filter("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        found = [(label, key) for label, key in self.items
                 if all(word in label.casefold() for word in words)][:LIMIT]
        options = self.query_one(OptionList)
        options.set_options(Option(literal(label), id=key) for label, key in found)
        options.highlighted = 0 if found else None
        self.query_one("#find-none", Static).update(
            "" if found else "Nothing seen yet has that in its title.")

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            now = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, now + step))

    @on(Input.Submitted, "#find-input")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#find-list")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
