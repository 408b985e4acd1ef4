"""Who trusts Kira and why, as one overview: a line per crew member (trust, status, role), a
line per fact or item the story labels, then the choices that changed any of them, newest
last, each with its what-changed lines.

Everything comes from `Session.relationships()`, which reads the timeline's states (the one
replay); the screen keeps no history of its own.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...engine.model import Story
from ...engine.relations import Move, Track
from ..game import Game
from ..text import literal

NOTHING_YET = "No choice has changed any of this yet."
MOST_MOVES = 40  # choices: a very long playthrough shows its newest ones, not thousands


def meter(track: Track, story: Story) -> str:
    """A trust value as a bar of squares when its range is small ("■■□ 2 of 3"), counted
    from 0 as the crew panel counts it (a declared floor of 2 would draw "□ 2 of 3")."""
    var = story.variable(track.variable)
    value = track.value
    if isinstance(value, int) and not isinstance(value, bool) and var.max is not None \
            and var.min is not None and 0 < var.max - min(var.min, 0) <= 10:
        low = min(var.min, 0)
        filled = min(max(value - low, 0), var.max - low)
        return f"{'■' * filled}{'□' * (var.max - low - filled)}  {value} of {var.max}"
    return track.shown()


def change(track: Track) -> Content:
    """How a value moved since the start, in words and arrow: "▲ from 3" (or nothing)."""
    if track.value == track.initial:
        return Content("")
    if track.kind == "trust" and isinstance(track.value, int) \
            and isinstance(track.initial, int) and not isinstance(track.value, bool):
        up = track.value > track.initial
        return Content.styled(f"{'▲' if up else '▼'} from {track.initial}",
                              "$text-success" if up else "$text-error")
    return Content.styled(f"was {track.shown(track.initial)}", "$foreground-muted")


def columns(rows: list[list[Content]]) -> list[Content]:
    """Rows of cells as lines, each column padded to its widest cell (empty columns drop)."""
    widths = [max((len(row[c].plain) for row in rows), default=0) for c in range(len(rows[0]))] \
        if rows else []
    lines = []
    for row in rows:
        cells = [cell.pad_right(width - len(cell.plain))
                 for cell, width in zip(row, widths, strict=True) if width]
        lines.append(Content("  ").join(cells).rstrip())
    return lines


def crew_rows(tracks: list[Track], story: Story) -> list[Content]:
    """One line per crew member, in columns: name, trust (bar, count, change), status, role."""
    people: dict[str, dict[str, Track]] = {}
    for track in tracks:
        if track.crew_id is not None and track.kind != "fact":
            people.setdefault(track.crew_id, {})[track.kind] = track
    roles = {member.id: member for member in story.crew}
    rows: list[list[Content]] = []
    for crew_id, kinds in people.items():
        trust, status = kinds.get("trust"), kinds.get("status")
        bar, _, count = meter(trust, story).rpartition("  ") if trust is not None else ("", "", "")
        member = roles.get(crew_id)
        rows.append([
            literal(next(iter(kinds.values())).label, "bold"), Content(bar), literal(count),
            change(trust) if trust is not None else Content(""),
            literal(status.shown()) if status is not None else Content(""),
            literal(f"{member.role} · {member.agency}", "$foreground-muted")
            if member is not None else Content("")])
    return columns(rows)


def fact_rows(tracks: list[Track]) -> list[Content]:
    """One line per labelled fact or item: label, value now, and what it was."""
    return columns([[literal(track.label), literal(track.shown(), "bold"), change(track)]
                    for track in tracks if track.kind == "fact"])


def choice_block(moves: list[tuple[Track, Move]]) -> Content:
    """One choice that changed something: where, which choice, then each change in words
    (the arrow repeats what the words say: no meaning rests on colour or symbol alone)."""
    first = moves[0][1]
    parts: list[Content | str | tuple[str, str]] = [
        (f"Choice {first.turn}", "bold"), (" in ", "$foreground-muted"),
        literal(first.scene, "italic"), (": ", "$foreground-muted"), literal(first.choice)]
    for track, move in moves:
        up = isinstance(move.after, int) and isinstance(move.before, int) \
            and not isinstance(move.after, bool) and move.after > move.before
        mark, style = ("▲ ", "$text-success") if track.kind == "trust" and up else \
            (("▼ ", "$text-error") if track.kind == "trust" else ("● ", "$text-warning"))
        parts += ["\n  ", (mark, style), literal(track.describe(move))]
    return Content.assemble(*parts, strip_control_codes=False)


def by_choice(tracks: list[Track]) -> list[list[tuple[Track, Move]]]:
    """Every move of every track, gathered by the choice that made it, in playing order."""
    turns: dict[int, list[tuple[Track, Move]]] = {}
    for track in tracks:
        for move in track.moves:
            turns.setdefault(move.turn, []).append((track, move))
    return [turns[turn] for turn in sorted(turns)]


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

    def compose(self) -> ComposeResult:
        session = self.game.session
        assert session is not None, "the relationships screen needs a playthrough"
        story = session.story
        tracks = session.relationships()
        turns = session.state.turn
        yield Static(Content.assemble(
            ("Relationships", "bold"), "  ",
            (f"after {turns} choice{'s' if turns != 1 else ''}", "$foreground-muted")),
            id="relationships-title", markup=False)
        with VerticalScroll(id="relationships-list"):
            if tracks:
                yield from self._overview(tracks, story)
            else:
                yield Static("This story follows no trust, facts or items.",
                             classes="relationships-none", markup=False)
        yield Footer()

    def _overview(self, tracks: list[Track], story: Story) -> ComposeResult:
        crew = "Crew: trust, status, role" if any(t.kind == "status" for t in tracks) \
            else "Crew: trust, role"
        for heading, rows in ((crew, crew_rows(tracks, story)),
                              ("What you know and carry", fact_rows(tracks))):
            if rows:
                yield self._heading(heading)
                for row in rows:
                    yield Static(row, classes="relationships-row", markup=False)
        yield self._heading("The choices that changed them")
        choices = by_choice(tracks)
        if not choices:
            yield Static(Content.styled(NOTHING_YET, "$foreground-muted"),
                         classes="relationships-move", markup=False)
        earlier = len(choices) - MOST_MOVES
        if earlier > 0:
            yield Static(Content.styled(
                f"… {earlier} earlier choice{'s' if earlier != 1 else ''} changed them "
                f"too (the history, h, has every scene)", "$foreground-muted"),
                classes="relationships-move", markup=False)
        for moves in choices[max(0, earlier):]:
            yield Static(choice_block(moves), classes="relationships-move", markup=False)

    @staticmethod
    def _heading(text: str) -> Static:
        return Static(Content.styled(text, "bold $text-accent"),
                      classes="relationships-heading", markup=False)

    def on_mount(self) -> None:
        self.query_one("#relationships-list", VerticalScroll).focus()

    def action_top(self) -> None:
        self.query_one("#relationships-list", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#relationships-list", VerticalScroll).scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
