"""A yes/no question as a modal screen: overwriting and deleting saves must be deliberate."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from ..text import literal


class ConfirmDialog(ModalScreen[bool]):
    """Ask `question`; dismiss with True for yes, False for no (Escape counts as no).

    `default` chooses the button focused at first, so Enter answers it; it is "no" unless the
    caller says otherwise, because these questions guard against losing something.
    """

    CSS_PATH = "confirm.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "cancel", "Cancel"),
        Binding("left", "app.focus_previous", "Previous", show=False),
        Binding("right", "app.focus_next", "Next", show=False),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No",
                 default: bool = False) -> None:
        super().__init__()
        self.question = question
        self._yes = yes
        self._no = no
        self._default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(literal(self.question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(literal(self._yes), id="confirm-yes", variant="warning")
                yield Button(literal(self._no), id="confirm-no", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#confirm-yes" if self._default else "#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(False)
