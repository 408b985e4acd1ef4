"""The game behind the screens: one playthrough, the saves, the profile and the settings.

Plain Python, testable without Textual running. Every move (`new`, `choose`, `undo`, `redo`,
`load`, `jump`) updates the session, records what the player saw in the profile and asks for
an autosave, so no screen has to remember to. Problems reach the player as `Notice`s through
`on_notice` (the app turns them into notifications); the disk is written by `flush()`, which
the app runs in a thread worker when `on_write` asks for it, so the disk never slows a choice.

Ownership: the session's timeline is the only holder of the current state, the profile keeps
the only dirty flag, and one lock keeps two writers (a worker and a quit) from interleaving.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .text import clean

if TYPE_CHECKING:  # the engine's heavier modules load after the title's first frame
    from ..engine.machine import Machine
    from ..engine.model import Story
    from ..engine.profile import Profile
    from ..engine.saves import Loaded, SaveInfo, SaveStore
    from ..engine.settings import Settings
    from ..engine.startcache import TitleCard
    from ..engine.state import GameState
    from ..engine.watch import Shown
    from .notices import Notice, Severity
    from .session import Clock, Session

AUTO_SLOT = "auto"
QUICK_SLOT = "quick"
JUMP_SLOT = "jump"  # the run a flowchart jump left behind


class Game:
    """One player's game: the playthrough on screen (if any), saves, profile, settings."""

    def __init__(self, story: Story | Callable[[], Story], seed: int = 0, *,
                 title: str | None = None, card: TitleCard | None = None,
                 home: Path | None = None, settings: Settings | None = None,
                 clock: Clock = time.monotonic,
                 now: Callable[[], datetime] = datetime.now) -> None:
        """`story` may be a function that loads it: then `card` (or a card of `title` alone)
        is shown until the first use of `story` (the app loads it right after the title's
        first frame)."""
        self._story: Story | None = None if callable(story) else story
        self._load_story: Callable[[], Story] | None = story if callable(story) else None
        if card is None and title is not None:
            from ..engine.startcache import TitleCard

            card = TitleCard(title)
        self._card = card
        self._machine: Machine | None = None
        self.seed = seed
        self.clock = clock
        self.now = now
        self.session: Session | None = None
        self.notices: list[Notice] = []  # what was told, when no app listens (tests)
        self.on_notice: Callable[[Notice], None] = self.notices.append
        self.on_write: Callable[[], None] = lambda: None  # the app: flush() in a worker
        self._home = home
        self._settings = settings
        self._store: SaveStore | None = None
        self._profile: Profile | None = None
        self._pending: tuple[GameState, float, bool] | None = None  # newest autosave, dev
        self._writing = threading.Lock()
        self.problems: Shown | None = None  # watch mode: what the problem panel shows

    # -- the story -----------------------------------------------------------------------

    @property
    def story(self) -> Story:
        """The story, loaded on first use when the game was given a loader (StoryError)."""
        if self._story is None:
            assert self._load_story is not None
            self._story = self._load_story()
        return self._story

    @property
    def loaded_story(self) -> Story | None:
        """The story if it is loaded already (None while only its title is known)."""
        return self._story

    @property
    def card(self) -> TitleCard:
        """What the title screen shows of the story: the loaded story's, else the card the
        game was started with (from the start cache), without loading the story."""
        from ..engine.startcache import card_of

        if self._story is None and self._card is not None:
            return self._card
        return card_of(self.story)

    @property
    def title(self) -> str:
        """The story's title, without loading the story when it is already known."""
        return self.card.title

    @property
    def machine(self) -> Machine:
        if self._machine is None:
            from ..engine.machine import Machine

            self._machine = Machine(self.story)
        return self._machine

    # -- files ---------------------------------------------------------------------------

    @property
    def directory(self) -> Path:
        if self._home is None:
            from ..engine.startcache import cache_home  # = saves.data_dir(), lighter

            self._home = cache_home()
        return self._home

    @property
    def story_directory(self) -> Path:
        """This story's saves and profile, by story id (data of older versions moved in on
        first use); settings and mods stay in `directory`, shared by every story."""
        from ..engine.datadirs import story_data_dir
        from ..engine.resources import SHIPPED_STORY_ID

        return story_data_dir(self.directory, self.story.id or SHIPPED_STORY_ID)

    @property
    def store(self) -> SaveStore:
        if self._store is None:
            from ..engine.saves import SaveStore

            self._store = SaveStore(self.story_directory)
        return self._store

    @property
    def profile(self) -> Profile:
        """The profile, read on first use; a damaged one is set aside and said so once."""
        if self._profile is None:
            from ..engine.profile import Profile

            self._profile = Profile.load(self.story_directory)
            if self._profile.problem:
                self._tell(self._profile.problem, "Profile", "warning")
        return self._profile

    @property
    def theme(self) -> str:
        """The player's theme, without reading (and checking) every setting: the title's
        first frame needs only this; the settings are read in full right after it."""
        if self._settings is None:
            from ..engine.startcache import saved_theme

            theme = saved_theme(self.directory)  # None: a file only the full read can judge
            if theme is not None:
                return theme
        return self.settings.theme

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from ..engine.settings import load_settings_checked

            # never raises: defaults instead, and an unreadable file is set aside and said so
            self._settings, problem = load_settings_checked(self.directory)
            if problem:
                self._tell(problem, "Settings", "warning")
        return self._settings

    def apply_settings(self, settings: Settings) -> None:
        """Use and keep new settings (from the settings screen)."""
        from ..engine.settings import save_settings

        self._settings = settings
        problem = save_settings(self.directory, settings)
        if problem:
            self._tell(problem, severity="error")

    def apply_mods(self, enabled: list[str]) -> bool:
        """Keep a new list of enabled mods and reload the story with them; False (and a
        notice) when the story itself no longer loads, so the old one stays."""
        import msgspec

        from ..engine.installed import load_with_enabled_mods
        from ..engine.problems import StoryError

        self.apply_settings(msgspec.structs.replace(self.settings, mods=enabled))
        try:
            story, notice = load_with_enabled_mods(Path(self.story.root), home=self.directory,
                                                   enabled=enabled)
        except StoryError as err:  # the story itself broke since start-up: keep playing it
            self._tell(clean(str(err)), "Story", "error")
            return False
        self.replace_story(story)
        if notice:
            self.tell_mods_problem(notice)
        else:
            on = ", ".join(story.mods) if story.mods else "none"
            self._tell(f"Mods on: {clean(on)}.", timeout=4)
        return True

    def replace_story(self, story: Story) -> None:
        """Play `story` from now on (the same story reloaded with other mods): the game on
        screen is autosaved first and closed; saves and profile follow the story's id."""
        old_id = self._story.id if self._story is not None else None
        self.flush()
        with self._writing:  # no worker's write sees half the swap
            self.session = None
            self._story = story
            self._load_story = None
            self._machine = None
            if story.id != old_id:
                self._store = None
                self._profile = None

    def tell_mods_problem(self, message: str) -> None:
        """Why the enabled mods are (partly) off: shown long enough to read."""
        self._tell(clean(message), "Mods", "warning", 15)

    def latest_save(self) -> SaveInfo | None:
        """The newest usable save (for Continue), or None; an unreadable folder is None."""
        try:
            return self.store.latest()
        except OSError:
            return None

    @property
    def seen_anything(self) -> bool:
        return bool(self.profile.scenes_seen)

    # -- moves ---------------------------------------------------------------------------

    def new(self) -> Session:
        """A new playthrough from the story's start."""
        from .session import Session

        return self.begin(Session(self.story, seed=self.seed, clock=self.clock,
                                  machine=self.machine))

    def choose(self, choice_id: str) -> GameState:
        """Take a choice in the current playthrough (InvalidChoice if it cannot be taken)."""
        session = self._current()
        before = session.state
        after = session.choose(choice_id)
        if not session.dev:  # the console was used: nothing of it counts
            self.profile.record(self.story, before, after)
        self._autosave()
        return after

    def undo(self) -> GameState | None:
        """Back to the decision before the last choice; None at the first scene."""
        state = self._current().undo()
        if state is not None:
            self._autosave()
        return state

    def redo(self) -> GameState | None:
        state = self._current().redo()
        if state is not None:
            self._autosave()
        return state

    def load(self, slot: str) -> Session | None:
        """Continue from a save slot; None (and a notice) when it cannot be loaded."""
        from ..engine.saves import SaveError
        from .session import Session

        try:
            with self._writing:
                loaded = self.store.load(slot, self.story)
        except (SaveError, OSError) as err:
            self._tell(str(err), "Cannot load", "error")
            return None
        finally:
            self._tell_kept()
        session = self.begin(Session(self.story, loaded.state, clock=self.clock,
                                     played=loaded.info.played_seconds, machine=self.machine,
                                     dev=loaded.info.dev))
        self._tell_loaded(loaded, slot)
        return session

    def continue_latest(self) -> Session | None:
        latest = self.latest_save()
        if latest is None:
            self._tell("There is no saved game yet: start a new one.", timeout=4)
            return None
        return self.load(latest.slot)

    def jump(self, state: GameState) -> Session:
        """Continue from a state the flowchart replayed, keeping the time played and the run
        left behind: a state on this playthrough's timeline is rewound to (redo leads back);
        any other run is kept in the "Before the jump" slot first."""
        from .session import Session

        scene = self.story.scenes.get(state.scene)
        title = clean(scene.title if scene else state.scene)
        if self.session is not None and self.session.rewind_to(state):
            self._autosave()
            self._tell(f"Jumped back to {title}. Redo (r) leads along your run again.",
                       timeout=4)
            return self.session
        kept = self._keep_run()
        played = self.session.played_seconds if self.session is not None else 0.0
        session = self.begin(Session(self.story, state, clock=self.clock, played=played,
                                     machine=self.machine))
        self._tell(f"Jumped to {title}." + (
            " The run you left is kept: Load, Before the jump." if kept else ""), timeout=5)
        return session

    def _keep_run(self) -> bool:
        """Save the run a jump leaves (on screen, or the latest save's) in JUMP_SLOT."""
        from ..engine.saves import SaveError

        if self.session is not None:
            state, played = self.session.state, self.session.played_seconds
        else:
            latest = self.latest_save()
            if latest is None:
                return False
            try:
                with self._writing:
                    loaded = self.store.load(latest.slot, self.story)
            except (SaveError, OSError):
                return False
            state, played = loaded.state, latest.played_seconds
        try:
            with self._writing:
                self.store.save(JUMP_SLOT, self.story, state, played, self.now())
        except (SaveError, OSError) as err:
            self._tell(f"The run you left could not be kept: {err}", severity="error")
            return False
        finally:
            self._tell_kept()
        return True

    def save(self, slot: str) -> SaveInfo | None:
        """Save the playthrough to `slot`; None (and a notice) when that fails."""
        from ..engine.saves import SaveError

        session = self.session
        if session is None:
            self._tell("Start or continue a game first.", timeout=3)
            return None
        try:
            with self._writing:
                info = self.store.save(slot, self.story, session.state,
                                       session.played_seconds, self.now(), dev=session.dev)
        except (SaveError, OSError) as err:
            self._tell(str(err), "Cannot save", "error")
            return None
        finally:
            self._tell_kept()
        name = "quick slot" if slot == QUICK_SLOT else f"slot {slot}"
        self._tell(f"Saved to {name}: {clean(info.scene_title)}.", timeout=3)
        return info

    def where_last(self) -> GameState:
        """Where the player is or last was (the latest save), or the start of a new game."""
        if self.session is not None:
            return self.session.state
        latest = self.latest_save()
        if latest is not None:
            from ..engine.saves import SaveError

            try:
                return self.store.load(latest.slot, self.story).state
            except (SaveError, OSError):
                pass
        return self.machine.new_game(self.seed)

    # -- writing -------------------------------------------------------------------------

    def flush(self) -> None:
        """Write the newest autosave and the profile if they changed. Thread-safe; problems
        (a full disk, say) become notices, never exceptions."""
        from ..engine.saves import SaveError

        with self._writing:
            pending, self._pending = self._pending, None
            if pending is not None:
                state, played, dev = pending
                store = self.store
                try:
                    store.save(AUTO_SLOT, self.story, state, played, self.now(), dev=dev)
                except (SaveError, OSError) as err:
                    self._tell(f"Autosave failed: {err}", severity="error")
                self._tell_kept(store)
            if self._profile is not None:
                problem = self._profile.save()  # writes only when something new was seen
                if problem:
                    self._tell(f"Could not keep your progress: {problem}", severity="error")

    def autosave_now(self) -> None:
        """Autosave right away (leaving the game or quitting), with the time played so far."""
        if self.session is not None:
            self._pending = (self.session.state, self.session.played_seconds, self.session.dev)
            self.flush()

    # -- inside --------------------------------------------------------------------------

    def _current(self) -> Session:
        if self.session is None:
            raise RuntimeError("no playthrough: call new(), load() or jump() first")
        return self.session

    def begin(self, session: Session) -> Session:
        """A playthrough starts (new, load, jump, a reload, the console): everything its log
        reached is seen, unless the console made it."""
        self.session = session
        if not session.dev:
            self.profile.record(self.story, None, session.state)
        self._autosave()
        return session

    def _autosave(self) -> None:
        session = self._current()
        self._pending = (session.state, session.played_seconds, session.dev)
        self.on_write()

    def _tell(self, message: str, title: str = "", severity: Severity = "information",
              timeout: float | None = None) -> None:
        """Every notice passes here: text from a story, a save or a file name is made
        visible (no control characters reach the terminal)."""
        from .notices import Notice

        self.on_notice(Notice(clean(message), clean(title), severity, timeout))

    def _tell_kept(self, store: SaveStore | None = None) -> None:
        """Files `store` set aside (unreadable, never replaced): one notice each. Pass the
        store that did the writing: `self._store` may be a new one by then (a story swap)."""
        store = store or self._store
        if store is None:
            return
        for notice in store.take_notices():
            self._tell(notice, "File kept", "warning", 12)

    def _tell_loaded(self, loaded: Loaded, slot: str) -> None:
        from .notices import loaded_notices

        for notice in loaded_notices(self.story, loaded, slot):
            self.on_notice(notice)
