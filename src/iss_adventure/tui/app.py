"""The Textual front end: the app keeps the screens and the global keys.

The game itself (playthrough, saves, profile, settings) is the plain-Python controller in
`game/`; screens get it and call it, and no screen imports this module. ISSApp builds on
`start.py` (the start path and the window's size), `devapp.py` (watch mode, the console) and
`persist.py` (the game's notices, its writes off the UI thread, a hang-up). Start-up is kept
lean: only the title screen is imported before the first frame; the play, saves, endings,
history, help and settings screens are imported when first opened.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual.app import App
from textual.binding import Binding

from .commands import GameCommands
from .game import QUICK_SLOT, Game
from .screens.title import TitleScreen
from .start import StartApp
from .widgets.scrollbar import draw_every_scrollbar_alike

if TYPE_CHECKING:
    from ..engine.model import Story
    from ..engine.settings import Settings
    from ..engine.startcache import TitleCard
    from ..engine.state import GameState
    from ..engine.watch import Checker, StoryWatch, Watcher
    from .screens.play import PlayScreen
    from .session import Clock


class ISSApp(StartApp):
    """ISS Adventure."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "ISS Adventure"
    COMMANDS = App.COMMANDS | {GameCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("f12", "console", "Console"),  # shown only in watch or --dev mode
    ]

    def __init__(self, story: Story | Callable[[], Story], seed: int = 0, *,
                 title: str | None = None, card: TitleCard | None = None,
                 home: Path | None = None, settings: Settings | None = None,
                 clock: Clock = time.monotonic,
                 now: Callable[[], datetime] = datetime.now, watch: StoryWatch | None = None,
                 watcher: Watcher | None = None, dev: bool = False,
                 checker: Checker | None = None, mods: Sequence[Path] = ()) -> None:
        """`story` may be a function that loads it, with its title `card` known (from the
        start cache): the title screen then paints first and the story loads right after.
        `watch`: the writer's loop (`play --watch`), its files reported by `watcher` (None:
        reloads are asked for with `reload_story`); `dev` (or `watch`): the console is on.
        `mods`: the `--mod` folders the story was loaded with (kept on a Mods reload)."""
        super().__init__()
        draw_every_scrollbar_alike()
        self.game = Game(story, seed, title=title, card=card, home=home, settings=settings,
                         clock=clock, now=now, mods=mods)
        self.setup_persist()
        self.setup_start()
        self.setup_dev(watch, watcher, dev, checker)

    @property
    def story(self) -> Story:
        return self.game.story

    @property
    def settings(self) -> Settings:
        return self.game.settings

    # -- the play screen -------------------------------------------------------------------------

    def _show_play(self) -> None:
        """Show the game's playthrough: in the play screen if there is one, else a new one."""
        from .screens.play import PlayScreen

        play = self.play_screen
        if play is not None:
            while self.screen is not play:
                self.pop_screen()
            play.show_scene()
        else:
            self.push_screen(PlayScreen(self.game))

    def _at_play(self) -> PlayScreen | None:
        """The play screen brought to the top (closing what is over it), or None."""
        play = self.play_screen
        if play is None:
            self.notify("Start or continue a game first.", timeout=3)
            return None
        while self.screen is not play:
            self.pop_screen()
        return play

    def load_slot(self, slot: str) -> None:
        from .widgets.textual_private import clear_notifications

        clear_notifications(self)  # the scene on screen changes: its notices go with it
        if self.game.load(slot) is not None:
            self._show_play()

    def save_slot(self, slot: str) -> None:
        if self.play_screen is not None:
            self.game.save(slot)

    def jump_to(self, state: GameState | None) -> None:
        """Continue from a state the flowchart replayed (None: the player stayed)."""
        if state is not None:
            from .widgets.textual_private import clear_notifications

            clear_notifications(self)
            self.game.jump(state)
            self._show_play()

    # -- actions (keys, menus, the command palette) --------------------------------------------

    def action_new_game(self) -> None:
        self.game.new()
        self._show_play()

    def action_continue_game(self) -> None:
        if self.game.continue_latest() is not None:
            self._show_play()

    def action_restart(self) -> None:
        session = self.game.session if self.play_screen is not None else None
        if session is None or session.is_ending:
            self.action_new_game()
            return
        from .dialogs.confirm import ConfirmDialog

        def answer(yes: bool | None) -> None:
            if yes:
                self.action_new_game()

        self.push_screen(ConfirmDialog("Start again from the beginning?"), answer)

    def action_quicksave(self) -> None:
        if self.play_screen is None:
            self.notify("Start or continue a game first.", timeout=3)
            return
        self.save_slot(QUICK_SLOT)

    def action_quickload(self) -> None:
        """Load the quicksave, asking first (as a slot load does) when progress would be lost."""
        from ..engine.saves import SaveInfo
        from .dialogs.confirm import ConfirmDialog

        session = self.game.session if self.play_screen is not None else None
        try:
            usable = any(isinstance(e, SaveInfo) and e.slot == QUICK_SLOT
                         for e in self.game.store.entries())
        except OSError:
            usable = False
        if session is None or session.is_ending or not usable:
            self.load_slot(QUICK_SLOT)  # or says there is none, or why it cannot be loaded
            return
        self.push_screen(ConfirmDialog("Load the quicksave? Progress since your last save will "
                                       "be lost.", yes="Load", no="Cancel"),
                         lambda yes: self.load_slot(QUICK_SLOT) if yes else None)

    def _saves_screen(self, mode: Literal["save", "load"], done: Callable[[str], None]) -> None:
        from .screens.saves import SavesScreen

        def chosen(slot: str | None) -> None:
            if slot:
                done(slot)

        session = self.game.session if self.play_screen is not None else None
        at_risk = session is not None and not session.is_ending
        self.push_screen(SavesScreen(self.game.store, self.story, mode, confirm_load=at_risk),
                         chosen)

    def action_save(self) -> None:
        if self.play_screen is None:
            self.notify("Start or continue a game first.", timeout=3)
            return
        self._saves_screen("save", self.save_slot)

    def action_load(self) -> None:
        self._saves_screen("load", self.load_slot)

    def action_endings(self) -> None:
        from .screens.endings import EndingsScreen

        self.push_screen(EndingsScreen(self.story, self.game.profile))

    def action_history(self) -> None:
        session = self.game.session
        if self.play_screen is None or session is None:
            self.notify("Start or continue a game first.", timeout=3)
            return
        from .screens.history import HistoryScreen

        self.push_screen(HistoryScreen(session))

    def action_relationships(self) -> None:
        """Who trusts Kira and why, in the playthrough on screen."""
        if self.play_screen is None or self.game.session is None:
            self.notify("Start or continue a game first.", timeout=3)
            return
        from .screens.relationships import RelationshipsScreen

        if not isinstance(self.screen, RelationshipsScreen):
            self.push_screen(RelationshipsScreen(self.game))

    def action_settings(self) -> None:
        from .screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.game))

    def action_mods(self) -> None:
        """The Mods screen (from the title: mods change the story, so not mid-game)."""
        if self.play_screen is not None:
            self.notify("Mods are turned on and off from the title screen.", timeout=4)
            return
        from ..engine.installed import installed_mods, mod_label, mod_problems, mods_dir
        from .screens.mods import ModsScreen

        home = self.game.directory
        root = Path(self.story.root)
        mods = installed_mods(home, list(self.settings.mods))
        self.push_screen(ModsScreen(mods, self.story.id, mods_dir(home),
                                    lambda mod: mod_problems(root, mod),
                                    command_line=[mod_label(p) for p in self.game.cli_mods],
                                    conflicts=self.game.conflicts()), self.apply_mods)

    def apply_mods(self, enabled: list[str] | None) -> None:
        """Keep the new list of enabled mods and reload the story with them."""
        if enabled is None or not self.game.apply_mods(enabled):
            return
        for screen in self.screen_stack:
            if isinstance(screen, TitleScreen):
                self.call_later(screen.show_story)

    def action_help(self) -> None:
        from ..engine.resources import SHIPPED_STORY_ID
        from .screens.help import HelpScreen, intro_for
        from .text import clean

        if not isinstance(self.screen, HelpScreen):
            shipped = self.story.id == SHIPPED_STORY_ID  # its help introduces Kira
            intro = None if shipped else clean(intro_for(self.story.player))
            self.push_screen(HelpScreen(intro))

    def action_undo(self) -> None:
        play = self._at_play()
        if play is not None:
            play.action_undo()

    def action_redo(self) -> None:
        play = self._at_play()
        if play is not None:
            play.action_redo()

    def action_flowchart(self) -> None:
        """The flowchart of every run, over the game (or from the title screen)."""
        from .screens.flowchart import FlowchartScreen

        state = self.game.session.state if self.play_screen is not None \
            and self.game.session is not None else self.game.where_last()
        self.push_screen(FlowchartScreen(self.story, self.game.profile, state,
                                         note=self._jump_note), self.jump_to)

    def _jump_note(self, state: GameState) -> str:
        from .replay import jump_note

        return jump_note(self.game.session, state, self.game.latest_save() is not None)

    def action_title(self) -> None:
        """Back to the title screen (the game is autosaved); what was said about the game
        ("Saved to the quick slot", "Loaded ...") stays with it, off the title's menu."""
        from .widgets.textual_private import clear_notifications

        clear_notifications(self)
        self.autosave_now()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, TitleScreen):
            self.pop_screen()

    async def action_quit(self) -> None:
        """Quit, keeping the game (with the time played in this scene) in the autosave."""
        self.autosave_now()
        self.exit()


def run_tui(story: Story | Callable[[], Story], seed: int = 0, card: TitleCard | None = None,
            notice: str | None = None, late_notices: list[str] | None = None,
            watch: StoryWatch | None = None, dev: bool = False,
            mods: Sequence[Path] = ()) -> int:
    """Play `story` (or the story a function loads, its title `card` known) full screen;
    returns the exit status. `notice` is shown once at start (why the enabled mods are off,
    for one); `late_notices`, filled by the function, once it has loaded the story.
    `watch`: reload the story on every save (`play --watch`); `dev`: the console is on;
    `mods`: the `--mod` folders `story` was loaded with."""
    watcher = checker = None
    if watch is not None:
        from ..engine.watch import check_in_subprocess, watch_files

        watcher, checker = watch_files, check_in_subprocess
    app = ISSApp(story, seed, card=card, watch=watch, watcher=watcher, dev=dev,
                 checker=checker, mods=mods)
    app.notice = notice
    if late_notices is not None:
        app.late_notices = late_notices
    app.run()
    return app.return_code or 0
