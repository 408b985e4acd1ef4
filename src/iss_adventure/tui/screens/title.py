"""The title screen: the station, the game's name, and the main menu."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ..text import literal

if TYPE_CHECKING:
    from ..app import ISSApp

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

TAGLINE = "Three Americans. Three Russians. One station. Nobody can go home."


def art() -> Content:
    """The station art, colored: arrays gold, truss and modules in the theme's colors."""
    parts: list[tuple[str, str]] = []
    style_of = {"▓": "$text-warning", "▟": "$text-warning", "▙": "$text-warning",
                "▜": "$text-warning", "▛": "$text-warning", "▥": "$text-muted",
                "━": "$foreground-muted", "┿": "$foreground-muted"}
    rows = ART.strip("\n").splitlines()
    width = max(len(row) for row in rows)
    for ch in "\n".join(row.ljust(width) for row in rows):
        parts.append((ch, style_of.get(ch, "$text-primary")))
    return Content.assemble(*parts).simplify()


class TitleScreen(Screen[None]):
    """New game, Continue, Load, Endings, Settings, Quit."""

    BINDINGS = [
        Binding("n", "app.new_game", "New game"),
        Binding("c", "app.continue_game", "Continue"),
        Binding("l", "app.load", "Load"),
        Binding("e", "app.endings", "Endings"),
        Binding("s", "app.settings", "Settings", show=False),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    @property
    def game(self) -> ISSApp:
        return cast("ISSApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(art(), id="title-art", markup=False)
            yield Static(literal(self.game.story.title.upper(), "bold $text-accent"),
                         id="title-name", markup=False)
            yield Static(Content.styled(TAGLINE, "italic $text-muted"), id="title-tagline",
                         markup=False)
            with Center():
                yield OptionList(id="title-menu")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_menu()
        self._fit(self.app.size.height)

    def on_screen_resume(self) -> None:
        self.refresh_menu()

    def refresh_menu(self) -> None:
        """The menu, with Continue describing the latest save (disabled without one)."""
        menu = self.query_one("#title-menu", OptionList)
        latest = self.game.latest_save()
        if latest is not None:
            minutes = int(latest.played_seconds // 60)
            detail = Content.assemble(
                "Continue", ("   ", ""),
                literal(f"{latest.scene_title} · act {latest.act} · {minutes} min",
                        "$text-muted"))
        else:
            detail = Content.assemble("Continue", ("   no saved game yet", "$text-disabled"))
        options = [
            Option(Content.assemble(("N", "underline"), "ew game"), id="new"),
            Option(detail, id="continue", disabled=latest is None),
            Option(Content.assemble(("L", "underline"), "oad a saved game"), id="load"),
            Option(Content.assemble(("E", "underline"), "ndings gallery"), id="endings"),
            Option(Content.assemble(("S", "underline"), "ettings"), id="settings"),
            Option(Content.assemble("Help ", ("?", "bold")), id="help"),
            Option(Content.assemble(("Q", "underline"), "uit"), id="quit"),
        ]
        highlighted = menu.highlighted
        menu.set_options(options)
        menu.highlighted = highlighted if highlighted is not None else (
            1 if latest is not None else 0)
        menu.focus()

    @on(OptionList.OptionSelected, "#title-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        actions = {
            "new": self.game.action_new_game,
            "continue": self.game.action_continue_game,
            "load": self.game.action_load,
            "endings": self.game.action_endings,
            "settings": self.game.action_settings,
            "help": self.game.action_help,
            "quit": self.game.exit,
        }
        action = actions.get(event.option.id or "")
        if action is not None:
            action()

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        self.set_class(height < 26, "-short")
