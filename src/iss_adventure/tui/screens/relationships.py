"""Who trusts Kira and why: each crew member's trust with the choices that moved it, and the
facts and items the story labels, with the what-changed lines of this playthrough.

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

NOTHING_YET = "No choice has changed this yet."
MOST_MOVES = 40  # per value: a very long playthrough shows its newest moves, not thousands


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


def move_line(track: Track, move: Move) -> Content:
    """One choice that moved a value: where, which choice, and what it did, in words (the
    arrow repeats what the words say: no meaning rests on colour or symbol alone)."""
    up = isinstance(move.after, int) and isinstance(move.before, int) \
        and not isinstance(move.after, bool) and move.after > move.before
    mark, style = ("▲ ", "$text-success") if track.kind == "trust" and up else \
        (("▼ ", "$text-error") if track.kind == "trust" else ("● ", "$text-warning"))
    return Content.assemble(
        (f"Choice {move.turn}", "bold"), (" in ", "$foreground-muted"),
        literal(move.scene, "italic"), (": ", "$foreground-muted"), literal(move.choice), "\n",
        (mark, style), literal(track.describe(move)), strip_control_codes=False)


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
        roles = {member.id: member for member in story.crew}
        with VerticalScroll(id="relationships-list"):
            if not tracks:
                yield Static("This story follows no trust, facts or items.",
                             classes="relationships-none", markup=False)
            heading = None
            for track in tracks:
                section = "What you know and carry" if track.kind == "fact" else "Crew"
                if section != heading:
                    heading = section
                    yield Static(Content.styled(section, "bold $text-accent"),
                                 classes="relationships-heading", markup=False)
                member = roles.get(track.crew_id or "")
                what = {"trust": "trust", "status": "status"}.get(track.kind, "")
                role = literal(f"  {member.role} · {member.agency}", "$foreground-muted") \
                    if member is not None and track.kind == "trust" else Content("")
                start = "" if track.value == track.initial else \
                    f"  (at the start: {track.shown(track.initial)})"
                yield Static(Content.assemble(
                    literal(track.label, "bold"), role, "\n",
                    (f"{what}: " if what else "", "$foreground-muted"),
                    literal(meter(track, story) if track.kind == "trust" else track.shown()),
                    (start, "$foreground-muted"), strip_control_codes=False),
                    classes="relationships-track", markup=False)
                if not track.moves:
                    yield Static(Content.styled(NOTHING_YET, "$foreground-muted"),
                                 classes="relationships-move", markup=False)
                earlier = len(track.moves) - MOST_MOVES
                if earlier > 0:
                    yield Static(Content.styled(
                        f"… {earlier} earlier choice{'s' if earlier != 1 else ''} changed it "
                        f"too (the history, h, has every scene)", "$foreground-muted"),
                        classes="relationships-move", markup=False)
                for move in track.moves[max(0, earlier):]:
                    yield Static(move_line(track, move), classes="relationships-move",
                                 markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#relationships-list", VerticalScroll).focus()

    def action_top(self) -> None:
        self.query_one("#relationships-list", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#relationships-list", VerticalScroll).scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
