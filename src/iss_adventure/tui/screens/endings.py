"""The endings gallery: what the player has found across every run, and hints for the rest.

Seen endings show title, tone, summary and how often they were reached; unseen ones stay
locked and show only their hint, so the gallery invites replaying without spoiling anything.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...engine.model import Ending, Story
from ...engine.profile import Profile
from ..text import literal

LOCKED_HINT = "Keep exploring: this ending is still out there."


def found_line(found: int, total: int) -> str:
    """ "3 of 9 endings found" """
    return f"{found} of {total} {'ending' if total == 1 else 'endings'} found"


def times(n: int) -> str:
    return "Reached once" if n == 1 else f"Reached {n} times"


class EndingCard(Static):
    """One ending: open when seen, locked (hint only) when not."""

    def __init__(self, ending: Ending, reached: int, mod: str | None = None) -> None:
        self.ending = ending
        self.reached = reached
        self.mod = mod  # the mod the ending comes from, if any
        super().__init__(self._content(), classes="-seen" if reached else "-locked")

    def _content(self) -> Content:
        e = self.ending
        tag = literal(f"  ·  from mod {self.mod}", "$text-warning") if self.mod else Content("")
        if self.reached:
            return Content.assemble(
                literal(e.title, "bold"), ("  ·  ", "dim"), literal(e.tone, "italic"),
                ("  ·  ", "dim"), (times(self.reached), ""), tag, "\n", literal(e.summary),
                strip_control_codes=False)
        return Content.assemble(("Locked ending", "bold"), tag, "\n",
                                ("Hint: ", "dim"), literal(e.hint or LOCKED_HINT, "italic"),
                                strip_control_codes=False)


class EndingsScreen(Screen[None]):
    """Every ending of the story, seen or locked; Escape closes."""

    CSS_PATH = "endings.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, story: Story, profile: Profile) -> None:
        super().__init__()
        self.story = story
        self.profile = profile

    def compose(self) -> ComposeResult:
        scenes = [scene for scene in self.story.endings if scene.ending is not None]
        endings = [scene.ending for scene in scenes if scene.ending is not None]
        mods = [self.story.from_mod.get(scene.id) for scene in scenes]
        counts = [self.profile.times_reached(e.id) for e in endings]
        found = sum(1 for n in counts if n)
        yield Static(Content.assemble(("Endings", "bold"), "  ",
                                      found_line(found, len(endings))), id="endings-title")
        if self.profile.problem:
            yield Static(literal(self.profile.problem), id="endings-problem")
        with VerticalScroll(id="endings-list"):
            if not endings:
                yield Static("This story has no endings.", id="endings-none")
            for ending, reached, mod in zip(endings, counts, mods, strict=True):
                yield EndingCard(ending, reached, mod)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
