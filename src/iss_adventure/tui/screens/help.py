"""How to play, and every key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

HOW_TO_PLAY = (
    "You are Kira Foster, a NASA bioengineer on her first flight to the International Space "
    "Station. Read each scene, then choose what Kira does. Your choices change how far each "
    "crew member trusts you, who is still aboard at the end, and which ending you reach.",
    "Some choices are locked: they show why, and may open later. Some can be taken only once. "
    "A few moments are timed: choose before the bar runs out, or the moment chooses for you "
    "(timers can be turned off in Settings).",
    "The game saves itself at every scene: Continue on the title screen picks up where you "
    "left off. Every ending you reach is kept in the endings gallery.",
)

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Playing", (
        ("1 – 9", "take that choice"),
        ("↑ ↓  enter", "move through the choices and take one (or click it)"),
        ("space enter", "show the whole scene at once while the text is typing"),
        ("k", "skip what you read before: to new text, or the choices"),
        ("pgup pgdn", "scroll the scene a page up or down"),
        ("home  /  end", "to the top of the scene  /  to its end"),
        ("c", "show the crew and station panels in a narrow window"),
        ("u  /  r", "undo the last choice (again and again)  /  redo it"),
        ("f", "flowchart: every scene reached in any run; jump back (/ finds one)"),
        ("h  /  t", "history of this playthrough  /  trust: who trusts you, and why"),
        ("escape", "back to the title screen (the game is autosaved)"),
    )),
    ("Saving", (
        ("F5  /  F9", "quicksave  /  quickload"),
        ("s  /  l", "save to a slot  /  load a slot  (d deletes one, in those lists)"),
    )),
    ("Anywhere", (
        ("ctrl+p", "command palette: save, load, undo, flowchart, endings, history, ..."),
        ("o", "settings: theme, typewriter text and its speed, timed choices"),
        ("m", "mods, on the title screen: turn installed mods on and off, set their order"),
        ("F12", "developer console, with play --watch or --dev: jump, variables, test"),
        ("? or F1", "this help"),
        ("ctrl+q", "quit"),
    )),
)


def intro_for(player: str) -> str:
    """The first paragraph for a story other than the shipped one."""
    who = f"You play {player}. " if player else ""
    return (f"{who}Read each scene, then choose what to do. Your choices change what the "
            "people around you think of you, and which ending you reach.")


def help_text(intro: str | None = None) -> Content:
    """How to play; `intro` replaces the shipped story's first paragraph. (The keys follow,
    one row each: `key_rows`.)"""
    parts: list[Content] = [Content.styled("How to play", "bold $text-accent")]
    paragraphs = HOW_TO_PLAY if intro is None else (intro, *HOW_TO_PLAY[1:])
    parts += [Content(p) for p in paragraphs]
    return Content("\n\n").join(parts)


def key_rows(keys: tuple[tuple[str, str], ...]) -> ComposeResult:
    """A section's keys: the key in a column as wide as the section's widest, what it does
    beside it, wrapping under itself (not under the key) in a narrow window."""
    width = max(len(key) for key, _ in keys) + 4
    for key, what in keys:
        with Horizontal(classes="help-row"):
            name = Static(Content.styled(key, "bold $text-primary"), classes="help-key",
                          markup=False)
            name.styles.width = width
            yield name
            yield Static(what, classes="help-what", markup=False)


class HelpScreen(ModalScreen[None]):
    """Keys and how to play; escape closes."""

    CSS_PATH = "help.tcss"

    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]

    def __init__(self, intro: str | None = None) -> None:
        super().__init__()
        self.intro = intro  # None: the shipped story's own introduction

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Help"
            yield Static(help_text(self.intro), id="help-text", markup=False)
            for heading, keys in KEYS:
                yield Static(Content.styled(heading, "bold $text-accent"),
                             classes="help-heading", markup=False)
                yield from key_rows(keys)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
