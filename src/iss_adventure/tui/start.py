"""The app's start and size: the theme before anything is composed, the title as the first
screen, what waits for the first frame (the full settings, the story itself when only its
title card was known), and the window too small to play in.

Kept lean: only the title screen is imported before the first frame (tests/tui/test_start.py).
ISSApp builds on it."""

from __future__ import annotations

import gc
import os
import threading
from typing import TYPE_CHECKING

from textual.screen import Screen

from .devapp import DevApp
from .hangup import watch_terminal
from .screens.title import TitleScreen
from .sizes import too_small
from .themes import THEMES

if TYPE_CHECKING:
    from textual.events import Resize
    from textual.geometry import Size

FIRST_FRAME_ENV = "ISS_ADVENTURE_FIRST_FRAME_EXIT"


class StartApp(DevApp):
    """Start-up and the smallest window, for an app that has a `game`."""

    _first_frame_exit = False  # `make bench`: exit after the first frame
    _title_up = False  # the title screen is up: size checks may push screens
    _was_too_small = False  # a TooSmallScreen was pushed (its module is imported)
    notice: str | None = None  # shown once the title is up (mods turned off...)
    late_notices: list[str]  # filled by a story loaded after the first frame

    def setup_start(self) -> None:
        self._first_frame_exit = os.environ.get(FIRST_FRAME_ENV) == "1"
        self.late_notices = []

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
        self._ui_thread = threading.get_ident()  # notices from other threads come here
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

        gc.enable()  # off while the start made Textual's and the title's objects (cli.py)
        self._use_theme(self.game.settings.theme)  # read in full now (a damaged file is told)
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
