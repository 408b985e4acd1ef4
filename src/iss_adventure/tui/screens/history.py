"""This playthrough so far: every scene's prose and the choice Kira made there."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..session import Page, Session
from ..text import literal, prose_blocks
from ..widgets.prose import Prose


class HistoryScreen(Screen[None]):
    """Scroll back through the playthrough; escape returns to the scene."""

    CSS_PATH = "history.tcss"

    BINDINGS = [
        Binding("escape,h,q", "close", "Back to the scene"),
        Binding("home", "top", "Top", show=False),
        Binding("end", "bottom", "Bottom", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        pages = self.session.history()
        yield Static(Content.assemble(("History", "bold"), "  ",
                                      (f"{len(pages) - 1} choices so far", "$foreground-muted")),
                     id="history-title", markup=False)
        with VerticalScroll(id="history-list"):
            for n, page in enumerate(pages, start=1):
                yield Static(self._heading(n, page), classes="history-heading", markup=False)
                prose = Prose(classes="history-prose")
                prose.show(prose_blocks(page.paragraphs))
                yield prose
                if page.choice is not None:
                    yield Static(Content.assemble(("▶ You chose: ", "bold $text-accent"),
                                                  literal(page.choice, "italic")),
                                 classes="history-choice", markup=False)
                    for change in page.changes:
                        yield Static(Content.assemble(("  · ", "$text-accent"),
                                                      literal(change)),
                                     classes="history-change", markup=False)
                else:
                    yield Static(Content.styled("◆ You are here.", "bold $text-success"),
                                 classes="history-choice", markup=False)
        yield Footer()

    @staticmethod
    def _heading(n: int, page: Page) -> Content:
        return Content.assemble((f"{n:>3}  ", "$foreground-muted"), literal(page.title, "bold"),
                                (f"   act {page.act}", "$foreground-muted"))

    def on_mount(self) -> None:
        self.query_one("#history-list", VerticalScroll).focus()
        self.call_after_refresh(self.action_bottom)

    def action_top(self) -> None:
        self.query_one("#history-list", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#history-list", VerticalScroll).scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
