"""The app's side of the game's two callbacks, and leaving: the notices the game tells, its
autosave and profile written behind the frame (a thread worker), a terminal that hangs up.

ISSApp builds on it (through StartApp and DevApp); the writing itself is plain Python in
`game/saving.py` (`Game.flush`, `Game.autosave_now`)."""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from textual.app import App

from .hangup import HUNG_UP

if TYPE_CHECKING:
    from .game import Game
    from .notices import Notice
    from .screens.play import PlayScreen

WRITE_AFTER_FRAME_WAIT = 1.0  # seconds a write waits at most for the frame it follows


class PersistApp(App[None]):
    """Notices and writes for an app that has a `game`."""

    game: Game
    _painted: list[threading.Event]  # writes waiting for the next frame
    _ui_thread: int

    def setup_persist(self) -> None:
        """Take the game's notices and writes (call once `game` is set)."""
        self._painted = []
        self._ui_thread = threading.get_ident()
        self.game.on_notice = self._notice
        self.game.on_write = self._write_behind

    @property
    def play_screen(self) -> PlayScreen | None:
        """The play screen, wherever it is in the stack (None: no game on)."""
        from .screens.play import PlayScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, PlayScreen):
                return screen
        return None

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

    def autosave_now(self) -> None:
        """Autosave the game on screen right away (leaving it), with the time played so far."""
        if self.play_screen is not None:
            self.game.autosave_now()
        self._frame_painted()  # the writes still waiting have nothing left to wait for

    def hang_up(self) -> None:
        """The terminal went away: write what waits to be saved, then end at once (nothing can
        be drawn, and Textual's threads are stuck; tui/hangup.py). Called from any thread:
        the newest autosave is already pending (taken with each choice), so only the seconds
        played since it are not kept."""
        self.game.flush()
        os._exit(HUNG_UP)
