"""Who trusts Kira and why, as one overview: a line per crew member (trust, status, role), a
line per fact or item the story labels, then the choices that changed any of them, newest
last, each with its what-changed lines.

What the overview says, and in which columns, is `engine/overview.py`'s (plain mode's
`trust` shows the same); this screen draws it: bars, arrows and colours. It comes from
`Session.relationships()`, which reads the timeline's states (the one replay); the screen
keeps no history of its own.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...engine.overview import (
    CHOICES,
    FACTS,
    NO_TRACKS,
    NOTHING_YET,
    TITLE,
    Change,
    ChoiceLines,
    Direction,
    Meter,
    Overview,
    widths,
)
from ..game import Game
from ..text import literal

ROW_CHROME = 6  # cells of a row's line that are not its text: padding, margins, scrollbar
HISTORY_HINT = " (the history, h, has every scene)"
MARKS: dict[Direction, tuple[str, str]] = {
    "up": ("▲ ", "$text-success"), "down": ("▼ ", "$text-error"), "set": ("● ", "$text-warning")}


def bar(meter: Meter) -> str:
    """A trust value's squares: "■■□" for 2 of 3 ("" when the range is too wide)."""
    return "■" * meter.filled + "□" * (meter.squares - meter.filled)


def change(moved: Change | None) -> Content:
    """How a value moved since the start: "▲ from 3", "was no" (or nothing)."""
    if moved is None:
        return Content("")
    if moved.direction == "set":  # "was <the value as the story words it>": story text
        return literal(moved.text, "$foreground-muted")
    mark, style = MARKS[moved.direction]
    return literal(f"{mark}{moved.text}", style)


def columns(rows: list[list[Content]], room: int | None = None) -> list[Content]:
    """Rows of cells as lines, lined up (and narrowed to `room`) as `engine.overview.widths`
    says; a cell wider than its column is cut with "…"."""
    sizes = widths([[cell.plain for cell in row] for row in rows], room)
    return [Content("  ").join([
        cell.truncate(size, ellipsis=True, pad=True) if len(cell.plain) > size
        else cell.pad_right(size - len(cell.plain))
        for cell, size in zip(row, sizes, strict=True) if size]).rstrip() for row in rows]


def crew_rows(view: Overview) -> list[Content]:
    """One line per crew member, in columns: name, trust (bar, count, change), status, role."""
    return columns([[
        literal(line.name, "bold"),
        Content(bar(line.trust) if line.trust is not None else ""),
        literal(line.trust.count if line.trust is not None else ""),
        change(line.change), literal(line.status),
        literal(line.role, "$foreground-muted")] for line in view.crew])


def fact_rows(view: Overview, room: int | None = None) -> list[Content]:
    """One line per labelled fact or item: label, value now, and what it was; in `room`
    cells, the labels cut short before the values are."""
    return columns([[literal(line.label), literal(line.value, "bold"), change(line.change)]
                    for line in view.facts], room)


def choice_block(choice: ChoiceLines) -> Content:
    """One choice that changed something: where, which choice, then each change in words."""
    parts: list[Content | str | tuple[str, str]] = [
        (f"Choice {choice.turn}", "bold"), (" in ", "$foreground-muted"),
        literal(choice.scene, "italic"), (": ", "$foreground-muted"), literal(choice.choice)]
    for direction, words in choice.changes:
        parts += ["\n  ", MARKS[direction], literal(words)]
    return Content.assemble(*parts, strip_control_codes=False)


class RelationshipsScreen(Screen[None]):
    """Trust, facts and items of the playthrough on screen; escape (or t) closes."""

    CSS_PATH = "relationships.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,t,q", "close", "Back to the scene"),
        Binding("home", "top", "Top", show=False),
        Binding("end", "bottom", "Bottom", show=False),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
        self._width = -1  # the window's width the facts' columns were fitted to

    def compose(self) -> ComposeResult:
        session = self.game.session
        assert session is not None, "the relationships screen needs a playthrough"
        view = session.relationships()
        yield Static(Content.assemble((TITLE, "bold"), "  ", (view.after, "$foreground-muted")),
                     id="relationships-title", markup=False)
        with VerticalScroll(id="relationships-list"):
            if view.tracked:
                yield from self._overview(view)
            else:
                yield Static(NO_TRACKS, classes="relationships-none", markup=False)
        yield Footer()

    def _overview(self, view: Overview) -> ComposeResult:
        self._width = self.app.size.width
        room = self._width - ROW_CHROME
        for heading, rows in ((view.crew_heading, crew_rows(view)),
                              (FACTS, fact_rows(view, room))):
            if rows:
                yield self._heading(heading)
                for row in rows:
                    yield Static(row, classes="relationships-row", markup=False)
        yield self._heading(CHOICES)
        if not view.choices:
            yield Static(Content.styled(NOTHING_YET, "$foreground-muted"),
                         classes="relationships-move", markup=False)
        if view.earlier_line:
            yield Static(Content.styled(view.earlier_line + HISTORY_HINT, "$foreground-muted"),
                         classes="relationships-move", markup=False)
        for choice in view.choices:
            yield Static(choice_block(choice), classes="relationships-move", markup=False)

    @staticmethod
    def _heading(text: str) -> Static:
        return Static(Content.styled(text, "bold $text-accent"),
                      classes="relationships-heading", markup=False)

    def on_mount(self) -> None:
        self.query_one("#relationships-list", VerticalScroll).focus()

    async def on_resize(self, event: Resize) -> None:
        """The facts' columns are fitted to the width: fitted again when it changes."""
        if event.size.width != self._width:
            await self.recompose()
            self.query_one("#relationships-list", VerticalScroll).focus()

    def action_top(self) -> None:
        self.query_one("#relationships-list", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#relationships-list", VerticalScroll).scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
