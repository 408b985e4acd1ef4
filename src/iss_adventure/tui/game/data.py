"""The game's data: the story (loaded on first use), the data folder, the save store, the
profile and the settings, and the one way a problem reaches the player (`_tell`: a `Notice`
through `on_notice`, which the app turns into a notification).

Ownership: the profile keeps the only dirty flag, and one lock (`_writing`) keeps two writers
(a worker and a quit) from interleaving.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..replay import ReadMarks
from ..text import clean

if TYPE_CHECKING:  # the engine's heavier modules load after the title's first frame
    from ...engine.machine import Machine
    from ...engine.model import Story
    from ...engine.profile import Profile
    from ...engine.saves import SaveInfo, SaveStore
    from ...engine.settings import Settings
    from ...engine.startcache import TitleCard
    from ...engine.state import GameState
    from ...engine.watch import Shown
    from ..notices import Notice, Severity
    from ..session import Clock, Session


class GameData:
    """One player's story, saves, profile and settings, each read on first use."""

    def __init__(self, story: Story | Callable[[], Story], seed: int = 0, *,
                 title: str | None = None, card: TitleCard | None = None,
                 home: Path | None = None, settings: Settings | None = None,
                 clock: Clock = time.monotonic,
                 now: Callable[[], datetime] = datetime.now,
                 mods: Sequence[Path] = ()) -> None:
        """`story` may be a function that loads it: then `card` (or a card of `title` alone)
        is shown until the first use of `story` (the app loads it right after the title's
        first frame). `mods`: the `--mod` folders the story was loaded with, kept on when
        the Mods screen reloads it."""
        self._story: Story | None = None if callable(story) else story
        self._load_story: Callable[[], Story] | None = story if callable(story) else None
        if card is None and title is not None:
            from ...engine.startcache import TitleCard

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
        self.reading = ReadMarks()  # the scene on screen: what was read before it
        self.problems: Shown | None = None  # watch mode: what the problem panel shows
        self.cli_mods = tuple(Path(m).absolute() for m in mods)  # --mod: loaded last, kept

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
        from ...engine.startcache import card_of

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
            from ...engine.machine import Machine

            self._machine = Machine(self.story)
        return self._machine

    # -- files ---------------------------------------------------------------------------

    @property
    def directory(self) -> Path:
        if self._home is None:
            from ...engine.startcache import cache_home  # = saves.data_dir(), lighter

            self._home = cache_home()
        return self._home

    @property
    def story_directory(self) -> Path:
        """This story's saves and profile, by story id (data of older versions moved in on
        first use); settings and mods stay in `directory`, shared by every story."""
        from ...engine.datadirs import story_data_dir
        from ...engine.resources import SHIPPED_STORY_ID

        return story_data_dir(self.directory, self.story.id or SHIPPED_STORY_ID)

    @property
    def store(self) -> SaveStore:
        if self._store is None:
            from ...engine.saves import SaveStore

            self._store = SaveStore(self.story_directory)
        return self._store

    @property
    def profile(self) -> Profile:
        """The profile, read on first use; a damaged one is set aside and said so once."""
        if self._profile is None:
            from ...engine.profile import Profile

            self._profile = Profile.load(self.story_directory)
            if self._profile.problem:
                self._tell(self._profile.problem, "Profile", "warning")
        return self._profile

    @property
    def theme(self) -> str:
        """The player's theme, without reading (and checking) every setting: the title's
        first frame needs only this; the settings are read in full right after it."""
        if self._settings is None:
            from ...engine.startcache import saved_theme

            theme = saved_theme(self.directory)  # None: a file only the full read can judge
            if theme is not None:
                return theme
        return self.settings.theme

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from ...engine.settings import load_settings_checked

            # never raises: defaults instead, and an unreadable file is set aside and said so
            self._settings, problem = load_settings_checked(self.directory)
            if problem:
                self._tell(problem, "Settings", "warning")
        return self._settings

    def apply_settings(self, settings: Settings) -> None:
        """Use and keep new settings (from the settings screen)."""
        from ...engine.settings import save_settings

        self._settings = settings
        problem = save_settings(self.directory, settings)
        if problem:
            self._tell(problem, severity="error")

    def latest_save(self) -> SaveInfo | None:
        """The newest usable save (for Continue), or None; an unreadable folder is None."""
        try:
            return self.store.latest()
        except OSError:
            return None

    @property
    def seen_anything(self) -> bool:
        return bool(self.profile.scenes_seen)

    # -- telling --------------------------------------------------------------------------

    def _tell(self, message: str, title: str = "", severity: Severity = "information",
              timeout: float | None = None) -> None:
        """Every notice passes here: text from a story, a save or a file name is made
        visible (no control characters reach the terminal)."""
        from ..notices import Notice  # its module loads with the first notice

        self.on_notice(Notice(clean(message), clean(title), severity, timeout))

    def _tell_kept(self, store: SaveStore | None = None) -> None:
        """Files `store` set aside (unreadable, never replaced): one notice each. Pass the
        store that did the writing: `self._store` may be a new one by then (a story swap)."""
        store = store or self._store
        if store is None:
            return
        for notice in store.take_notices():
            self._tell(notice, "File kept", "warning", 12)

