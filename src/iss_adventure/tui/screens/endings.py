"""The endings gallery: what the player has found across every run, and hints for the rest.

Seen endings show title, tone, summary and how often they were reached; unseen ones stay
locked and show only their hint, so the gallery invites replaying without spoiling anything.
A seen ending opens its whole epilogue, as last reached (Enter, or a click).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...engine.model import Ending, Scene, Story
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

    BINDINGS: ClassVar[list[BindingType]] = [  # before the list's own scrolling keys
        Binding("down,j", "screen.move(1)", "Next", show=False),
        Binding("up,k", "screen.move(-1)", "Previous", show=False),
    ]

    class Chosen(Message):
        """A seen ending was picked: open its epilogue."""

        def __init__(self, card: EndingCard) -> None:
            super().__init__()
            self.card = card

    def __init__(self, ending: Ending, reached: int, mod: str | None = None,
                 scene: Scene | None = None) -> None:
        self.ending = ending
        self.reached = reached
        self.mod = mod  # the mod the ending comes from, if any
        self.scene = scene  # the ending's scene (its text, for an epilogue not kept)
        super().__init__(self._content(), classes="-seen" if reached else "-locked")
        self.can_focus = bool(reached)

    def on_click(self, event: Click) -> None:
        if self.reached:
            self.post_message(self.Chosen(self))

    def _content(self) -> Content:
        e = self.ending
        tag = literal(f"  ·  from mod {self.mod}", "$text-warning") if self.mod else Content("")
        if self.reached:
            return Content.assemble(
                literal(e.title, "bold"), ("  ·  ", "dim"), literal(e.tone, "italic"),
                ("  ·  ", "dim"), (times(self.reached), ""), tag, "\n", literal(e.summary),
                ("\n(Enter reads its epilogue)", "$foreground-muted"),
                strip_control_codes=False)
        return Content.assemble(("Locked ending", "bold"), tag, "\n",
                                ("Hint: ", "dim"), literal(e.hint or LOCKED_HINT, "italic"),
                                strip_control_codes=False)


class EndingsScreen(Screen[None]):
    """Every ending of the story, seen or locked; Escape closes."""

    CSS_PATH = "endings.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("enter", "read", "Read the ending"),
        Binding("down,j", "move(1)", "Next", show=False),
        Binding("up,k", "move(-1)", "Previous", show=False),
    ]

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
            for scene, reached, mod in zip(scenes, counts, mods, strict=True):
                assert scene.ending is not None
                yield EndingCard(scene.ending, reached, mod, scene)
        yield Footer()

    def on_mount(self) -> None:
        seen = [card for card in self.query(EndingCard) if card.reached]
        if seen:
            self.query_one("#endings-list", VerticalScroll).can_focus = False
            seen[0].focus()

    def action_move(self, step: int) -> None:
        """The next or previous seen ending (locked ones cannot be opened); past the first or
        last one, the list scrolls on, so locked hints below are read too."""
        seen = [card for card in self.query(EndingCard) if card.reached]
        at = seen.index(self.focused) if self.focused in seen else -1
        target = at + step
        if at < 0 or not 0 <= target < len(seen):
            self.query_one("#endings-list", VerticalScroll).scroll_relative(y=step,
                                                                             animate=False)
            return
        seen[target].focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """"Read the ending" only once one has been reached."""
        if action == "read":
            return any(self.profile.times_reached(scene.ending.id)
                       for scene in self.story.endings if scene.ending is not None)
        return True

    def action_read(self) -> None:
        if isinstance(self.focused, EndingCard) and self.focused.reached:
            self.open(self.focused)

    def on_ending_card_chosen(self, message: EndingCard.Chosen) -> None:
        self.open(message.card)

    def open(self, card: EndingCard) -> None:
        """The card's whole epilogue, as last reached."""
        from .epilogue import EpilogueScreen

        if card.scene is not None:
            self.app.push_screen(EpilogueScreen(card.scene, self.profile.epilogue(
                card.ending.id), card.reached))

    def action_close(self) -> None:
        self.dismiss(None)
