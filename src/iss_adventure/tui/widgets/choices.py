"""The choices of a scene: numbered, locked ones dimmed with their reason."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...engine.machine import ChoiceView
from ..text import clean


def choice_prompt(number: int, view: ChoiceView) -> Content:
    key = f" {number} " if number <= 9 else "   "
    if view.available:
        return Content.assemble((key, "bold reverse $accent"), "  ", clean(view.text),
                                strip_control_codes=False)
    return Content.assemble(
        (key, "reverse $text-disabled"), "  ", (clean(view.text), "strike"),
        ("\n     🔒 ", ""), (clean(view.reason or "Locked"), "italic"),
        strip_control_codes=False,
    )


class ChoiceList(OptionList):
    """The choices; OptionList gives arrows, enter and mouse, the screen adds keys 1-9."""

    DEFAULT_CSS = """
    ChoiceList { height: auto; min-width: 12; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.views: list[ChoiceView] = []

    def show(self, views: list[ChoiceView]) -> None:
        self.views = list(views)
        self.set_options(
            Option(choice_prompt(n, view), id=view.id, disabled=not view.available)
            for n, view in enumerate(views, start=1)
        )
        first = next((n for n, view in enumerate(views) if view.available), None)
        self.highlighted = first

    def view(self, number: int) -> ChoiceView | None:
        """The choice shown with `number` (1-based), if there is one."""
        if 1 <= number <= len(self.views):
            return self.views[number - 1]
        return None
