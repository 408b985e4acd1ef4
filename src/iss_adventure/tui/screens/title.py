"""The title screen: the station, the game's name, and the main menu."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center
from textual.content import Content
from textual.events import Resize
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..text import balanced, literal

if TYPE_CHECKING:
    from ...engine.saves import SaveInfo
    from ...engine.startcache import TitleCard
    from ..game import Game

# The station seen from above: four pairs of solar array wings on the long truss, the
# radiators, the US modules (Harmony, Destiny, Unity) crossing it, Zarya and Zvezda aft.
ART = r"""
▟▓▓▓▓▙ ▟▓▓▓▓▙                   ▐▌                   ▟▓▓▓▓▙ ▟▓▓▓▓▙
▓▓▓▓▓▓ ▓▓▓▓▓▓       ▥▥          ██          ▥▥       ▓▓▓▓▓▓ ▓▓▓▓▓▓
▓▓▓▓▓▓ ▓▓▓▓▓▓       ▥▥      ▗▄▄▄██▄▄▄▖      ▥▥       ▓▓▓▓▓▓ ▓▓▓▓▓▓
━━━┿━━━━━━┿━━━━━━━━━┿┿━━━━━━━━━━██━━━━━━━━━━┿┿━━━━━━━━━┿━━━━━━┿━━━
▓▓▓▓▓▓ ▓▓▓▓▓▓       ▥▥          ██          ▥▥       ▓▓▓▓▓▓ ▓▓▓▓▓▓
▓▓▓▓▓▓ ▓▓▓▓▓▓       ▥▥        ▄▄██▄▄        ▥▥       ▓▓▓▓▓▓ ▓▓▓▓▓▓
▜▓▓▓▓▛ ▜▓▓▓▓▛                 ▀▀██▀▀                 ▜▓▓▓▓▛ ▜▓▓▓▓▛
                             ▓▓▓██▓▓▓
                                ▀▀
"""

# A three-row letter font of box-drawing characters, for the story's title.
FONT: dict[str, tuple[str, str, str]] = {
    "A": ("┏━┓", "┣━┫", "╹ ╹"), "B": ("┏┓ ", "┣┻┓", "┗━┛"), "C": ("┏━╸", "┃  ", "┗━╸"),
    "D": ("╺┳┓", " ┃┃", "╺┻┛"), "E": ("┏━╸", "┣╸ ", "┗━╸"), "F": ("┏━╸", "┣╸ ", "╹  "),
    "G": ("┏━╸", "┃╺┓", "┗━┛"), "H": ("╻ ╻", "┣━┫", "╹ ╹"), "I": ("╻", "┃", "╹"),
    "J": ("  ╻", "  ┃", "┗━┛"), "K": ("╻┏ ", "┣┻┓", "╹ ╹"), "L": ("╻  ", "┃  ", "┗━╸"),
    "M": ("┏┳┓", "┃┃┃", "╹ ╹"), "N": ("┏┓╻", "┃┗┫", "╹ ╹"), "O": ("┏━┓", "┃ ┃", "┗━┛"),
    "P": ("┏━┓", "┣━┛", "╹  "), "Q": ("┏━┓", "┃┓┃", "┗┻┛"), "R": ("┏━┓", "┣┳┛", "╹┗╸"),
    "S": ("┏━┓", "┗━┓", "┗━┛"), "T": ("╺┳╸", " ┃ ", " ╹ "), "U": ("╻ ╻", "┃ ┃", "┗━┛"),
    "V": ("╻ ╻", "┃┏┛", "┗┛ "), "W": ("╻ ╻", "┃╻┃", "┗┻┛"), "X": ("╻ ╻", "┏╋┛", "╹ ╹"),
    "Y": ("╻ ╻", "┗┳┛", " ╹ "), "Z": ("╺━┓", "┏━┛", "┗━╸"), " ": ("  ", "  ", "  "),
}


def big_title(title: str, limit: int = 72) -> Content | None:
    """The title in big letters, or None if it has a letter the font lacks or is too long."""
    text = title.upper()
    if not text or any(ch not in FONT for ch in text):
        return None
    rows = [" ".join(FONT[ch][row] for ch in text) for row in range(3)]
    if len(rows[0]) > limit:
        return None
    return Content.styled("\n".join(rows), "bold $text-accent")


def mods_line(mods: tuple[str, ...]) -> str:
    """The title screen's note that mods are on: "Mods on: a 1.0, b 0.2"."""
    names = ", ".join(ref.replace("@", " ") for ref in mods)
    return f"Mods on: {names}"


def art() -> Content:
    """The station art, colored: arrays gold, truss and modules in the theme's colors."""
    style_of = {"▓": "$text-warning", "▟": "$text-warning", "▙": "$text-warning",
                "▜": "$text-warning", "▛": "$text-warning", "▥": "$foreground-muted",
                "━": "$foreground-muted", "┿": "$foreground-muted"}
    rows = ART.strip("\n").splitlines()
    width = max(len(row) for row in rows)
    text = "\n".join(row.ljust(width) for row in rows)
    # one part per run of a style, not per character: this is painted in the first frame
    parts = [("".join(run), style) for style, run in
             groupby(text, key=lambda ch: style_of.get(ch, "$text-primary"))]
    return Content.assemble(*parts)


SHORT = 26  # rows: in a shorter window the title leaves out the station and a blank line


def heading(card: TitleCard, short: bool = False, width: int = 200) -> Content:
    """The station, the story's name, its tagline and the mods on, centred one under another
    in one widget (one widget each cost a few milliseconds of the first frame); blank lines
    keep them apart. A short window leaves out the station and the line under the tagline.
    A tagline wider than `width` is broken into even lines (`balanced`), not left to wrap
    with a word alone on its last line."""
    parts: list[Content | str] = []
    if card.station_map and not short:
        parts += [art(), "\n\n"]
    parts.append(big_title(card.title) or literal(card.title.upper(), "bold $text-accent"))
    if card.tagline:
        tagline = "\n".join(balanced(card.tagline, width))
        parts += ["\n", literal(tagline, "italic $foreground-muted")]
        if not short:
            parts.append("\n")
    if card.mods:
        parts += ["\n", literal(mods_line(card.mods), "$text-warning")]
    return Content.assemble(*parts)


# The title's keys, in the menu's order, as the keys line lists them (the style of the
# game's compact footer: key, description). Each is bound in TitleScreen.BINDINGS.
KEYS = (("n", "New game"), ("c", "Continue"), ("l", "Load"), ("e", "Endings"),
        ("f", "Flowchart"), ("m", "Mods"), ("o", "Settings"), ("?", "Help"), ("q", "Quit"))
# Left out of the keys line first to last when it does not fit (each is in the menu too).
DROP = ("e", "l", "f", "m", "o", "c")


def title_keys(width: int, flowchart: bool = True) -> list[tuple[str, str]]:
    """The keys the line lists in `width` cells: all (`flowchart`: with f) that fit, leaving
    out the least useful first."""
    keys = [(key, what) for key, what in KEYS if flowchart or key != "f"]
    for key in DROP:
        if sum(len(k) + len(what) + 2 for k, what in keys) - 1 <= width:
            break
        keys = [(k, what) for k, what in keys if k != key]
    return keys


def keys_line(width: int = 200, flowchart: bool = True,
              keys: list[tuple[str, str]] | None = None) -> Content:
    """The keys line: `keys`, or the keys that fit in `width`."""
    parts: list[tuple[str, str]] = []
    for key, what in title_keys(width, flowchart) if keys is None else keys:
        parts += [(key, "bold $footer-key-foreground"),
                  (f" {what} ", "$footer-description-foreground")]
    return Content.assemble(*parts)


# The menu is 52 wide: border, padding, a spare cell, and each entry's key before it ("c  ").
MENU_TEXT = 47 - len("c  Continue   ")
KEY_STYLE = "bold $footer-key-foreground"  # as in the keys line below the menu


def entry(key: str, label: Content | str, *rest: Content | tuple[str, str] | str) -> Content:
    """A menu entry: its key in the keys line's style, then what it does ("n  New game")."""
    return Content.assemble((key, KEY_STYLE), "  ", label, *rest)


def continue_detail(latest: SaveInfo, room: int = MENU_TEXT) -> str:
    """ "The Hatch · act 1 · 3 min", the scene's title cut short to stay on one line; for a
    game that has ended, "ended: Lifeboat" (the ending's title, cut short likewise)."""
    if latest.ending:
        from ...engine.saves import ended_note  # loaded by now: `latest` came from it

        return _cut(ended_note(latest), room)
    minutes = int(latest.played_seconds // 60)
    tail = f" · act {latest.act} · {minutes} min"
    return _cut(" ".join(latest.scene_title.split()), room - len(tail)) + tail


def continue_after(latest: SaveInfo) -> str:
    """What Continue does with a game that has ended (the detail's second line)."""
    minutes = int(latest.played_seconds // 60)
    return f"reopens the ending · {minutes} min"


def _cut(text: str, room: int) -> str:
    if cell_len(text) <= room:
        return text
    return set_cell_size(text, max(1, room - 1)).rstrip() + "…"


class TitleMenu(OptionList):
    """The menu: an OptionList that keeps its rendered options through a resize that leaves
    their width alone.

    Textual 8.2.8 (a private handler, kept here beside the one menu that needs it, rather
    than in widgets/textual_private.py: that module costs more to import before the first
    frame than this saves): `OptionList._on_resize` clears the rendered options on every
    resize (kept by option and style, not width). The menu's first Resize comes right after
    its first render, at the same width, and drew every option again before the title
    settled (tests/tui/test_screens.py).
    """

    # The content width the kept options were drawn at: set by the first render after they
    # were cleared (a render at a new width before its Resize arrives reuses them as drawn).
    _drawn_width: int | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._drawn_width is None:
            self._drawn_width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def _on_resize(self, event: Resize) -> None:  # type: ignore[override]
        if self.scrollable_content_region.width == self._drawn_width:
            event.prevent_default()  # OptionList's own handler would clear them
        else:
            self._drawn_width = None  # cleared by OptionList's handler, drawn again


class TitleScreen(Screen[None]):
    """New game, Continue, Load, Endings, Settings, Quit."""

    BINDINGS = [
        Binding("n", "app.new_game", "New game"),
        Binding("c", "app.continue_game", "Continue"),
        Binding("l", "app.load", "Load"),
        Binding("e", "app.endings", "Endings"),
        Binding("f", "flowchart", "Flowchart", show=False),  # once the menu lists it
        Binding("o", "app.settings", "Settings", show=False),  # as in the game (s saves there)
        Binding("m", "app.mods", "Mods", show=False),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
        self._pending = True  # the menu still lacks the latest save's details
        self.shown: TitleCard | None = None  # the story's card as composed
        self._short = False  # composed for a window under SHORT rows
        self._tagline: list[str] = []  # the tagline's lines as the heading shows them
        self._seen = False  # the player has seen something: the flowchart is on the menu
        self._keys: list[tuple[str, str]] = []  # the keys the keys line lists now

    def compose(self) -> ComposeResult:
        # The story's card: the loaded story's, or the start cache's before it loads.
        card = self.shown = self.game.card
        self._short = self.app.size.height < SHORT
        width = self.app.size.width
        self._tagline = balanced(card.tagline, width)
        # centred as a block by the screen (align: center middle), with no box around them
        yield Static(heading(card, self._short, width), id="title-heading", markup=False)
        with Center(id="title-centre"):
            # The first frame shows the menu without the latest save's details (composed
            # with it, not filled in once mounted: a layout less before the title settles);
            # the app calls refresh_menu() right after it, reading saves and profile.
            yield TitleMenu(*self._options(None, seen=False, pending=True), id="title-menu")
        # A line of keys rather than a Footer: the Footer costs a tenth of a second at start-up.
        self._keys = self._fitting_keys(self.app.size.width)
        yield Static(keys_line(keys=self._keys), id="title-keys", markup=False)

    def _fitting_keys(self, width: int) -> list[tuple[str, str]]:
        return title_keys(width - 2, flowchart=self._seen)  # the line's padding: 0 1

    def _show_keys(self, width: int) -> None:
        """The keys line for `width`, redrawn only if it lists other keys: every resize
        reaches the title (three before its first frame settles), and each update of the
        line asks for a layout of the whole screen."""
        keys = self._fitting_keys(width)
        if keys != self._keys:
            self._keys = keys
            self.query_one("#title-keys", Static).update(keys_line(keys=keys))

    def on_mount(self) -> None:
        self.query_one("#title-menu", OptionList).highlighted = 0
        self._fit(self.app.size)

    def on_screen_resume(self) -> None:
        if not self._pending:  # the first time, the app fills the menu after the first frame
            self.refresh_menu()

    def refresh_menu(self) -> None:
        """The menu, with Continue describing the latest save (disabled without one)."""
        self._set_menu(self.game.latest_save(), seen=self.game.seen_anything)

    def _recomposing(self) -> bool:
        """True while show_story recomposes the screen: its widgets are gone until the new
        ones mount, and show_story fills the menu and fits the heading itself then. (A late
        refresh_menu, a resize or a reload can land in that gap.)"""
        return not self.query("#title-menu")

    def _set_menu(self, latest: SaveInfo | None, seen: bool, pending: bool = False) -> None:
        if self._recomposing():
            return
        menu = self.query_one("#title-menu", OptionList)
        if seen != self._seen:
            self._seen = seen
            self._show_keys(self.app.size.width)
        options = self._options(latest, seen, pending)
        highlighted = menu.highlighted
        if self._pending and highlighted == 0 and latest is not None:
            highlighted = None  # not moved while the menu was filled in: go to Continue
        self._pending = pending
        menu.set_options(options)
        menu.highlighted = highlighted if highlighted is not None else (
            1 if latest is not None else 0)
        menu.focus()

    def _options(self, latest: SaveInfo | None, seen: bool, pending: bool) -> list[Option]:
        """The menu's entries; Continue describes the latest save (disabled without one)."""
        if pending:
            detail = entry("c", "Continue", ("   …", "$foreground 35%"))
        elif latest is not None:
            detail = entry("c", "Continue", "   ",
                           literal(continue_detail(latest), "$foreground-muted"))
            if latest.ending:  # say so, and what Continue does then, under it
                indent = " " * len("c  Continue   ")
                detail = Content.assemble(detail, "\n", indent,
                                          (continue_after(latest), "$foreground-muted"))
        else:
            detail = entry("c", "Continue", ("   no saved game yet", "$foreground 35%"))
        return [
            Option(entry("n", "New game"), id="new"),
            Option(detail, id="continue", disabled=latest is None),
            Option(entry("l", "Load a saved game"), id="load"),
            Option(entry("e", "Endings gallery"), id="endings"),
            *([Option(entry("f", "Flowchart of your runs"), id="flowchart")] if seen else []),
            Option(entry("m", "Mods", *self._mods_note()), id="mods"),
            Option(entry("o", "Settings"), id="settings"),
            Option(entry("?", "Help"), id="help"),
            Option(entry("q", "Quit"), id="quit"),
        ]

    def _mods_note(self) -> list[tuple[str, str]]:
        mods = self.game.card.mods
        if not mods:
            return []
        return [("   ", ""), (f"{len(mods)} on", "$text-warning")]

    async def show_story(self) -> None:
        """Show the story again after it changed (mods turned on or off)."""
        await self.recompose()
        self.refresh_menu()
        self._fit(self.app.size)

    @on(OptionList.OptionSelected, "#title-menu")
    async def _chosen(self, event: OptionList.OptionSelected) -> None:
        actions = {"new": "new_game", "continue": "continue_game", "load": "load",
                   "endings": "endings", "flowchart": "flowchart", "mods": "mods",
                   "settings": "settings", "help": "help", "quit": "quit"}
        action = actions.get(event.option.id or "")
        if action is not None:
            await self.run_action(f"app.{action}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The flowchart key answers when the menu lists the flowchart (something seen)."""
        return self._seen if action == "flowchart" else True

    async def action_flowchart(self) -> None:
        await self.run_action("app.flowchart")

    def on_resize(self, event: Resize) -> None:
        if self._recomposing():
            return
        self._fit(event.size)
        self._show_keys(event.size.width)

    def _fit(self, size: Size) -> None:
        """The heading for a window of `size`: shorter below SHORT rows, the tagline broken
        to fit its width."""
        if self.shown is None:
            return
        short = size.height < SHORT
        tagline = balanced(self.shown.tagline, size.width)
        if short != self._short or tagline != self._tagline:
            self._short, self._tagline = short, tagline
            self.query_one("#title-heading", Static).update(
                heading(self.shown, short, size.width))
