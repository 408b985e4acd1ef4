"""The Textual front end: the app, its global keys, and the glue to saves and settings.

Start-up is kept lean: only the title screen is imported before the first frame; the play,
saves, endings, history, help and settings screens are imported when first opened.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from textual.app import App
from textual.binding import Binding
from textual.events import Resize
from textual.geometry import Size

from ..engine.model import Story
from .commands import GameCommands
from .screens.title import TitleScreen
from .session import AUTO_SLOT, QUICK_SLOT, Clock, Persistence, Session
from .text import clean

if TYPE_CHECKING:
    from ..engine.profile import Settings
    from ..engine.saves import Loaded, SaveInfo
    from ..engine.state import GameState
    from .screens.play import PlayScreen

MIN_WIDTH, MIN_HEIGHT = 60, 20
FIRST_FRAME_ENV = "ISS_ADVENTURE_FIRST_FRAME_EXIT"


class ISSApp(App[None]):
    """ISS Adventure."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "ISS Adventure"
    COMMANDS = App.COMMANDS | {GameCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, story: Story, seed: int = 0, *, home: Path | None = None,
                 settings: Settings | None = None, clock: Clock = time.monotonic,
                 now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__()
        self.story = story
        self.seed = seed
        self.clock = clock
        self.now = now
        self.home = home
        self._settings = settings
        self._persistence: Persistence | None = None
        self._persist_error: str | None = None
        self._first_frame_exit = os.environ.get(FIRST_FRAME_ENV) == "1"
        self._title_up = False  # the title screen is up: size checks may push screens
        self.notice: str | None = None  # shown once the title is up (mods turned off...)

    # -- settings and files ---------------------------------------------------------------

    @property
    def directory(self) -> Path:
        if self.home is None:
            from ..engine.saves import data_dir

            self.home = data_dir()
        return self.home

    @property
    def story_directory(self) -> Path:
        """This story's saves and profile (data of older versions moved in on first use)."""
        from ..engine.datadirs import story_data_dir
        from ..engine.resources import SHIPPED_STORY_ID

        return story_data_dir(self.directory, self.story.id or SHIPPED_STORY_ID)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from .session import load_settings_from

            try:
                self._settings = load_settings_from(self.directory)
            except Exception as err:
                from ..engine.profile import Settings

                self._settings = Settings()
                self.notify(f"Settings could not be read: {err}", severity="warning")
        return self._settings

    def apply_settings(self, settings: Settings) -> None:
        """Use and keep new settings (from the settings screen)."""
        self._settings = settings
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        from .session import save_settings_to

        try:
            problem = save_settings_to(self.directory, settings)
        except Exception as err:
            problem = f"Settings could not be saved: {err}"
        if problem:
            self.notify(problem, severity="error", markup=False)

    @property
    def persistence(self) -> Persistence | None:
        if self._persistence is None and self._persist_error is None:
            try:
                self._persistence = Persistence(self.story_directory, self.now)
            except Exception as err:
                self._persist_error = f"Saving is not possible: {err}"
                self.notify(self._persist_error, severity="error", markup=False)
            else:
                problem = getattr(self._persistence.profile, "problem", None)
                if problem:
                    self.notify(str(problem), title="Profile", severity="warning",
                                markup=False)
        return self._persistence

    def latest_save(self) -> SaveInfo | None:
        persistence = self.persistence
        if persistence is None:
            return None
        try:
            return persistence.latest()
        except Exception:
            return None

    # -- start and size ---------------------------------------------------------------------

    async def on_mount(self) -> None:
        theme = self.settings.theme
        if theme in self.available_themes:
            self.theme = theme
        await self.push_screen(TitleScreen())
        self._title_up = True
        if self.notice:
            self.notify(clean(self.notice), title="Mods", severity="warning", timeout=15,
                        markup=False)
        self._check_size(self.size)
        if self._first_frame_exit:
            self.call_after_refresh(self.exit)

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the window is too small, only quitting works."""
        from .screens.too_small import TooSmallScreen

        if isinstance(self.screen, TooSmallScreen):
            return action == "quit"
        return True

    def _check_size(self, size: Size) -> None:
        from .screens.too_small import TooSmallScreen, too_small

        if not self._title_up:
            return
        if too_small(size):
            if not any(isinstance(screen, TooSmallScreen) for screen in self.screen_stack):
                self.push_screen(TooSmallScreen())
        elif isinstance(self.screen, TooSmallScreen):
            self.pop_screen()

    # -- the play screen -------------------------------------------------------------------------

    @property
    def play_screen(self) -> PlayScreen | None:
        from .screens.play import PlayScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, PlayScreen):
                return screen
        return None

    def _play(self, session: Session) -> None:
        """Show `session`: in the play screen if there is one, else in a new one."""
        from .screens.play import PlayScreen

        play = self.play_screen
        if play is not None:
            while self.screen is not play:
                self.pop_screen()
            play.replace_session(session)
        else:
            self.push_screen(PlayScreen(session))

    def new_session(self) -> Session:
        return Session(self.story, seed=self.seed, clock=self.clock)

    def scene_entered(self, session: Session) -> None:
        """Called by the play screen for every scene shown: autosave in the background."""
        persistence = self.persistence
        if persistence is None:
            return
        if not session.recorded:  # a new game, a load or a flowchart jump: mark it seen
            session.recorded = True
            persistence.record(self.story, None, session.state)
        persistence.want_autosave(session)
        self.run_worker(self._write_behind, thread=True, group="persist", exit_on_error=False)

    def choice_taken(self, session: Session, before: Any) -> None:
        persistence = self.persistence
        if persistence is not None:
            persistence.record(self.story, before, session.state)

    def _write_behind(self) -> None:
        persistence = self.persistence
        if persistence is None:
            return
        for problem in persistence.flush():
            self.call_from_thread(self.notify, problem, severity="error", markup=False)

    def _loaded(self, loaded: Loaded, slot: str) -> None:
        session = Session(self.story, loaded.state, clock=self.clock,
                          played=loaded.info.played_seconds)
        self._play(session)
        if loaded.mods_changed:
            self.notify(f"{loaded.mods_changed} It was replayed with the mods on now"
                        f"{'' if loaded.stopped else ' and fits them'}.", title="Mods changed",
                        severity="warning", timeout=12, markup=False)
        if loaded.stopped:
            self.notify(f"The story has changed since this save, so it was replayed as far "
                        f"as it still fits: {loaded.stopped}. You continue from there.",
                        title="Story changed", severity="warning", timeout=12, markup=False)
        else:
            name = "autosave" if slot == AUTO_SLOT else f"slot {slot}"
            self.notify(f"Loaded {name}: {loaded.info.scene_title}.", timeout=3, markup=False)

    def load_slot(self, slot: str) -> None:
        persistence = self.persistence
        if persistence is None:
            return
        from ..engine.saves import SaveError

        try:
            loaded = persistence.load(slot, self.story)
        except (SaveError, OSError) as err:
            self.notify(str(err), title="Cannot load", severity="error", markup=False)
            return
        self._loaded(loaded, slot)

    def save_slot(self, slot: str) -> None:
        persistence = self.persistence
        play = self.play_screen
        if persistence is None or play is None:
            return
        from ..engine.saves import SaveError

        try:
            info = persistence.save(slot, play.session)
        except (SaveError, OSError) as err:
            self.notify(str(err), title="Cannot save", severity="error", markup=False)
            return
        name = "quick slot" if slot == QUICK_SLOT else f"slot {slot}"
        self.notify(f"Saved to {name}: {info.scene_title}.", timeout=3, markup=False)

    # -- actions (keys, menus, the command palette) --------------------------------------------

    def action_new_game(self) -> None:
        self._play(self.new_session())

    def action_continue_game(self) -> None:
        latest = self.latest_save()
        if latest is None:
            self.notify("There is no saved game yet: start a new one.", timeout=4)
            return
        self.load_slot(latest.slot)

    def action_restart(self) -> None:
        play = self.play_screen
        if play is None:
            self.action_new_game()
            return
        if play.session.is_ending:
            self._play(self.new_session())
            return
        from .dialogs.confirm import ConfirmDialog

        def answer(yes: bool | None) -> None:
            if yes:
                self._play(self.new_session())

        self.push_screen(ConfirmDialog("Start again from the beginning?"), answer)

    def action_quicksave(self) -> None:
        play = self.play_screen
        if play is None:
            self.notify("Start or continue a game first.", timeout=3)
            return
        self.save_slot(QUICK_SLOT)

    def action_quickload(self) -> None:
        self.load_slot(QUICK_SLOT)

    def _saves_screen(self, mode: Literal["save", "load"], done: Callable[[str], None]) -> None:
        persistence = self.persistence
        if persistence is None:
            return
        from .screens.saves import SavesScreen

        def chosen(slot: str | None) -> None:
            if slot:
                done(slot)

        play = self.play_screen
        at_risk = play is not None and not play.session.is_ending
        self.push_screen(SavesScreen(persistence.store, self.story, mode, confirm_load=at_risk),
                         chosen)

    def action_save(self) -> None:
        if self.play_screen is None:
            self.notify("Start or continue a game first.", timeout=3)
            return
        self._saves_screen("save", self.save_slot)

    def action_load(self) -> None:
        self._saves_screen("load", self.load_slot)

    def action_endings(self) -> None:
        persistence = self.persistence
        if persistence is None:
            return
        from .screens.endings import EndingsScreen

        self.push_screen(EndingsScreen(self.story, persistence.profile))

    def action_history(self) -> None:
        play = self.play_screen
        if play is None:
            self.notify("Start or continue a game first.", timeout=3)
            return
        from .screens.history import HistoryScreen

        self.push_screen(HistoryScreen(play.session))

    def action_settings(self) -> None:
        from .screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.settings))

    def action_mods(self) -> None:
        """The Mods screen (from the title: mods change the story, so not mid-game)."""
        if self.play_screen is not None:
            self.notify("Mods are turned on and off from the title screen.", timeout=4)
            return
        from ..engine.installed import installed_mods, mod_problems, mods_dir
        from .screens.mods import ModsScreen

        root = Path(self.story.root)
        mods = installed_mods(self.directory, list(self.settings.mods))
        self.push_screen(ModsScreen(mods, self.story.id, mods_dir(self.directory),
                                    lambda mod: mod_problems(root, mod)), self.apply_mods)

    def apply_mods(self, enabled: list[str] | None) -> None:
        """Keep the new list of enabled mods and reload the story with them."""
        if enabled is None:
            return
        import msgspec

        from ..engine.installed import load_with_enabled_mods
        from ..engine.problems import StoryError

        self.apply_settings(msgspec.structs.replace(self.settings, mods=enabled))
        try:
            story, notice = load_with_enabled_mods(Path(self.story.root), home=self.directory,
                                                   enabled=enabled)
        except StoryError as err:  # the story itself broke since start-up: keep playing it
            self.notify(clean(str(err)), title="Story", severity="error", markup=False)
            return
        self.story = story
        if notice:
            self.notify(clean(notice), title="Mods", severity="warning", timeout=15,
                        markup=False)
        else:
            on = ", ".join(story.mods) if story.mods else "none"
            self.notify(f"Mods on: {on}.", timeout=4, markup=False)
        for screen in self.screen_stack:
            if isinstance(screen, TitleScreen):
                self.call_later(screen.show_story)

    def action_help(self) -> None:
        from ..engine.resources import SHIPPED_STORY_ID
        from .screens.help import HelpScreen, intro_for

        if not isinstance(self.screen, HelpScreen):
            shipped = self.story.id == SHIPPED_STORY_ID  # its help introduces Kira
            intro = None if shipped else clean(intro_for(self.story.player))
            self.push_screen(HelpScreen(intro))

    def _at_play(self) -> PlayScreen | None:
        """The play screen brought to the top (closing what is over it), or None."""
        play = self.play_screen
        if play is None:
            self.notify("Start or continue a game first.", timeout=3)
            return None
        while self.screen is not play:
            self.pop_screen()
        return play

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
        persistence = self.persistence
        if persistence is None:
            return
        from .screens.flowchart import FlowchartScreen

        play = self.play_screen
        if play is not None:
            state = play.session.state
        else:
            state = self._latest_state()
        self.push_screen(FlowchartScreen(self.story, persistence.profile, state), self.jump_to)

    def _latest_state(self) -> GameState:
        """Where the player last was (the latest save), or the start of a new game."""
        persistence = self.persistence
        latest = self.latest_save()
        if persistence is not None and latest is not None:
            try:
                return persistence.load(latest.slot, self.story).state
            except Exception:
                pass
        from ..engine.machine import Machine

        return Machine(self.story).new_game(self.seed)

    def jump_to(self, state: GameState | None) -> None:
        """Continue from a state the flowchart replayed (None: the player stayed)."""
        if state is None:
            return
        play = self.play_screen
        played = play.session.played_seconds if play is not None else 0.0
        session = Session(self.story, state, clock=self.clock, played=played)
        self._play(session)  # showing it records it in the profile and autosaves
        title = self.story.scenes[state.scene].title if state.scene in self.story.scenes \
            else state.scene
        self.notify(f"Jumped to {title}.", timeout=3, markup=False)

    def action_title(self) -> None:
        """Back to the title screen (the game is autosaved)."""
        self.autosave_now()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, TitleScreen):
            self.pop_screen()

    async def action_quit(self) -> None:
        """Quit, keeping the game (with the time played in this scene) in the autosave."""
        self.autosave_now()
        self.exit()

    def autosave_now(self) -> None:
        """Autosave the game on screen right away (leaving it), with the time played so far."""
        play = self.play_screen
        persistence = self.persistence
        if play is None or persistence is None:
            return
        persistence.want_autosave(play.session)
        for problem in persistence.flush():
            self.notify(problem, severity="error", markup=False)


def run_tui(story: Story, seed: int = 0, notice: str | None = None) -> int:
    """Play `story` full screen; returns the exit status. `notice` is shown once at start
    (why the enabled mods are off, for one)."""
    app = ISSApp(story, seed)
    app.notice = notice
    app.run()
    return app.return_code or 0
