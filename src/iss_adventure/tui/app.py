"""The Textual front end: the app keeps the screens, the notifications and the workers.

The game itself (playthrough, saves, profile, settings) is the plain-Python controller in
`game.py`; screens get it and call it, and no screen imports this module. Start-up is kept
lean: only the title screen is imported before the first frame; the play, saves, endings,
history, help and settings screens are imported when first opened.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual.app import App
from textual.binding import Binding
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen

from .commands import GameCommands
from .devapp import DevApp
from .game import QUICK_SLOT, Game
from .hangup import HUNG_UP, watch_terminal
from .screens.title import TitleScreen
from .sizes import too_small
from .themes import THEMES

if TYPE_CHECKING:
    from ..engine.model import Story
    from ..engine.settings import Settings
    from ..engine.startcache import TitleCard
    from ..engine.state import GameState
    from ..engine.watch import Checker, StoryWatch, Watcher
    from .notices import Notice
    from .screens.play import PlayScreen
    from .session import Clock

WRITE_AFTER_FRAME_WAIT = 1.0  # seconds a write waits at most for the frame it follows
FIRST_FRAME_ENV = "ISS_ADVENTURE_FIRST_FRAME_EXIT"


class ISSApp(DevApp):
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
        self.game = Game(story, seed, title=title, card=card, home=home, settings=settings,
                         clock=clock, now=now, mods=mods)
        self.game.on_notice = self._notice
        self.game.on_write = self._write_behind
        self._painted: list[threading.Event] = []  # writes waiting for the next frame
        self._ui_thread = threading.get_ident()
        self._first_frame_exit = os.environ.get(FIRST_FRAME_ENV) == "1"
        self._title_up = False  # the title screen is up: size checks may push screens
        self._was_too_small = False  # a TooSmallScreen was pushed (its module is imported)
        self.notice: str | None = None  # shown once the title is up (mods turned off...)
        self.late_notices: list[str] = []  # filled by a story loaded after the first frame
        self.setup_dev(watch, watcher, dev, checker)

    @property
    def story(self) -> Story:
        return self.game.story

    @property
    def settings(self) -> Settings:
        return self.game.settings

    # -- notifications and workers -------------------------------------------------------

    def _notice(self, notice: Notice) -> None:
        """Show what the game tells the player, from the UI thread or a worker."""
        if threading.get_ident() != self._ui_thread:
            self.call_from_thread(self._notice, notice)
            return
        if notice.timeout is None:
            self.notify(notice.message, title=notice.title, severity=notice.severity,
                        markup=False)
        else:
            self.notify(notice.message, title=notice.title, severity=notice.severity,
                        timeout=notice.timeout, markup=False)

    def _write_behind(self) -> None:
        """The game wants its autosave and profile written: off the UI thread, and after the
        frame that shows the new scene (the write's CPU time would otherwise delay it).

        The worker starts now, so `app.workers.wait_for_complete()` always sees it; its thread
        waits for the next refresh (or WRITE_AFTER_FRAME_WAIT if none comes, the app closing,
        say) before it writes. Leaving the game writes synchronously (`autosave_now`)."""
        painted = threading.Event()
        self._painted.append(painted)
        self.call_after_refresh(self._frame_painted)

        def write() -> None:
            painted.wait(WRITE_AFTER_FRAME_WAIT)
            self.game.flush()

        self.run_worker(write, thread=True, group="persist", exit_on_error=False)

    def _frame_painted(self) -> None:
        """The frame after a choice is out: the writes waiting for it may run."""
        painted, self._painted = self._painted, []
        for event in painted:
            event.set()

    # -- start and size ---------------------------------------------------------------------

    def on_load(self) -> None:
        """Before anything is composed: the theme, so no style is worked out twice."""
        for own in THEMES:
            self.register_theme(own)
        self._use_theme(self.game.theme)  # the settings are read in full after the first frame

    def get_default_screen(self) -> Screen[None]:
        """The title is the app's first screen itself, not pushed over Textual's blank
        default one: a screen less to compose, style and lay out before the first frame."""
        return TitleScreen(self.game)

    def on_mount(self) -> None:
        self._ui_thread = threading.get_ident()
        title = self.screen
        assert isinstance(title, TitleScreen)
        self._title_up = True
        if self.notice:
            self.game.tell_mods_problem(self.notice)
        self._check_size(self.size)
        self.start_watching()
        watch_terminal(self, self.hang_up)  # from the start: a closed terminal blocks the loop
        if self._first_frame_exit:  # `make bench`: the cost of the first frame, nothing after
            self.call_after_refresh(self.exit)
        else:
            self.call_after_refresh(self._after_first_frame, title)

    def _after_first_frame(self, title: TitleScreen) -> None:
        """What the first frame did not need: the latest save on the menu, and the story
        itself when only its title was known (from the start cache)."""
        from ..engine.problems import StoryError

        self._use_theme(self.settings.theme)  # read in full now (a damaged file is told)
        try:
            self.game.story  # noqa: B018 - loads it now, before the player's first key
        except StoryError as err:  # changed between the start check and now
            self.exit(return_code=1, message=f"The story cannot be played:\n{err}")
            return
        for notice in self.late_notices:
            self.game.tell_mods_problem(notice)
        self.game.tell_conflicts()
        if title.shown is not None and title.shown != self.game.card:
            self.call_later(title.show_story)  # the cache was stale: show the story as it is
        else:
            title.refresh_menu()  # the saves are kept by the story's id: known once loaded

    def _use_theme(self, theme: str) -> None:
        if theme in self.available_themes and theme != self.theme:
            self.theme = theme

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the window is too small, only quitting works."""
        if self._too_small_on_top():
            return action == "quit"
        if action == "console":
            return self.dev  # shown in the footer and the palette only in dev mode
        return True

    def _too_small_on_top(self) -> bool:
        if not self._was_too_small:  # then no TooSmallScreen exists (nor its module yet)
            return False
        from .screens.too_small import TooSmallScreen

        return isinstance(self.screen, TooSmallScreen)

    def _check_size(self, size: Size) -> None:
        if not self._title_up:
            return
        if too_small(size):
            from .screens.too_small import TooSmallScreen

            self._was_too_small = True
            if not any(isinstance(screen, TooSmallScreen) for screen in self.screen_stack):
                self.push_screen(TooSmallScreen())
        elif self._too_small_on_top():
            self.pop_screen()

    # -- the play screen -------------------------------------------------------------------------

    @property
    def play_screen(self) -> PlayScreen | None:
        from .screens.play import PlayScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, PlayScreen):
                return screen
        return None

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
        """Back to the title screen (the game is autosaved)."""
        self.autosave_now()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, TitleScreen):
            self.pop_screen()

    async def action_quit(self) -> None:
        """Quit, keeping the game (with the time played in this scene) in the autosave."""
        self.autosave_now()
        self.exit()

    def hang_up(self) -> None:
        """The terminal went away: write what waits to be saved, then end at once (nothing can
        be drawn, and Textual's threads are stuck; tui/hangup.py). Called from any thread:
        the newest autosave is already pending (taken with each choice), so only the seconds
        played since it are not kept."""
        self.game.flush()
        os._exit(HUNG_UP)

    def autosave_now(self) -> None:
        """Autosave the game on screen right away (leaving it), with the time played so far."""
        if self.play_screen is not None:
            self.game.autosave_now()
        self._frame_painted()  # the writes still waiting have nothing left to wait for


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
