"""A yes/no question as a modal screen: overwriting and deleting saves must be deliberate."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from ..text import literal


class ConfirmDialog(ModalScreen[bool]):
    """Ask `question`; dismiss with True for yes, False for no (Escape counts as no).

    `default` chooses the button focused at first, so Enter answers it; it is "no" unless the
    caller says otherwise, because these questions guard against losing something.

    The keys are y and n (Escape as n), and the footer names them after the buttons: "y Load
    n Cancel" under the buttons Load and Cancel (`active_bindings`).
    """

    CSS_PATH = "confirm.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),  # the footer shows n (one key an action)
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

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The screen's bindings (Textual's public property, which the Footer shows), with the
        answers described by the labels of their buttons."""
        labels = {"answer(True)": self._yes, "answer(False)": self._no}
        return {key: active._replace(binding=replace(active.binding,
                                                     description=labels[active.binding.action]))
                if active.node is self and active.binding.action in labels else active
                for key, active in super().active_bindings.items()}

    def on_mount(self) -> None:
        self.query_one("#confirm-yes" if self._default else "#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
