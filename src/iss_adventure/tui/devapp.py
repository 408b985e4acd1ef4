"""The app's part of the writer's loop (`play --watch`, `--dev`): the watcher's thread,
showing a reload, and the developer console. ISSApp builds on it (through StartApp), and it
on PersistApp; the reloading itself is plain Python in `writer.py`."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from .persist import PersistApp
from .screens.title import TitleScreen

if TYPE_CHECKING:
    from ..engine.problems import Problem
    from ..engine.watch import Checker, StoryWatch, Watcher
    from .writer import WriterLoop


class DevApp(PersistApp):
    """Watch mode and the developer console, for an app that has a `game`."""

    dev = False
    writer: WriterLoop | None = None
    _stop_watching: threading.Event
    _check_wanted: threading.Event

    def setup_dev(self, watch: StoryWatch | None, watcher: Watcher | None, dev: bool,
                  checker: Checker | None = None) -> None:
        """`watch`: reload that story (`watcher` reports its saves; None: reloads are asked
        for with `reload_story`), then run `checker` on it; `dev` or `watch`: the console."""
        self.dev = dev or watch is not None
        self._stop_watching = threading.Event()
        self._check_wanted = threading.Event()
        if self.dev:
            from .writer import WriterLoop

            self.writer = WriterLoop(self.game, watch, watcher, checker)

    def start_watching(self) -> None:
        """The watcher's own daemon thread (a Textual thread worker would hold up the exit
        until its executor shut down)."""
        if self.writer is not None and self.writer.watcher is not None:
            threading.Thread(target=self._watch_files, name="watch", daemon=True).start()
        if self.writer is not None and self.writer.checker is not None:
            threading.Thread(target=self._check_story, name="check", daemon=True).start()
            self._check_wanted.set()  # the story as it is at start

    def on_unmount(self) -> None:
        self._stop_watching.set()
        self._check_wanted.set()

    def _check_story(self) -> None:
        """In its own thread: the whole checker after each reload that loads, one run at a
        time (saves during a run are checked once it ends, together)."""
        assert self.writer is not None
        while True:
            self._check_wanted.wait()
            self._check_wanted.clear()
            if self._stop_watching.is_set():
                return
            verdict = self.writer.run_checker()
            if verdict is None or self._stop_watching.is_set():
                return
            try:
                self.call_from_thread(self.show_checked, *verdict)
            except RuntimeError:  # the app has closed
                return

    def show_checked(self, generation: int, problems: list[Problem]) -> None:
        """The checker's errors for reload `generation`, in the panel (if still current)."""
        assert self.writer is not None
        if self.writer.checked(generation, problems):
            play = self.play_screen
            if play is not None:
                play.show_problems()
            if problems:
                count = len(problems)
                self.notify(f"The checker found {count} problem{'s' if count != 1 else ''}.",
                            title="Story", severity="warning", timeout=4)

    def _watch_files(self) -> None:
        """In its own thread: each batch of saved files reloads the story."""
        writer = self.writer
        assert writer is not None and writer.watcher is not None and writer.watch is not None
        try:
            for _changed in writer.watcher(writer.watch.paths, self._stop_watching):
                try:
                    self.call_from_thread(self.reload_story)
                except RuntimeError:  # the app has closed
                    return
        except (ImportError, OSError) as err:
            # No watcher (a venv made before watchfiles was needed, or the system's limit of
            # watched folders reached): the game goes on, and says saves are not seen.
            why = str(err) or type(err).__name__
            try:
                self.call_from_thread(
                    self.notify, f"Saves are no longer picked up: {why}. The game goes on; "
                    "restart play --watch to watch again.", title="Watching stopped",
                    severity="error", timeout=30, markup=False)
            except RuntimeError:  # the app has closed
                return

    def reload_story(self) -> None:
        """Reload the watched story and show it: the scene redrawn, or the problem panel."""
        from .screens.console import ConsoleScreen
        from .screens.play import PlayScreen

        assert self.writer is not None
        done = self.writer.reload()
        play = self.play_screen
        if done.ok:
            if play is not None and self.game.session is not None:
                if done.layout_changed:  # crew, places or map changed: a new play screen
                    while self.screen is not play:
                        self.pop_screen()
                    self.switch_screen(PlayScreen(self.game))
                    play = None
                else:
                    play.show_scene()
            for screen in self.screen_stack:
                if isinstance(screen, TitleScreen):
                    self.call_later(screen.show_story)
                elif isinstance(screen, ConsoleScreen):
                    screen.story_changed()
            if done.reload.fixed:
                self.notify("The story loads again.", title="Story", timeout=3)
            self._check_wanted.set()
        elif done.reload.new:
            count = len(done.problems)
            self.notify(f"{count} problem{'s' if count != 1 else ''} in the story on disk; the "
                        "last good story keeps running.", title="Story", severity="error",
                        timeout=4, markup=False)
        if play is not None:
            play.show_problems()

    def action_console(self) -> None:
        """The developer console (watch or --dev mode), over the game."""
        from .screens.console import ConsoleScreen

        play = self.play_screen
        if self.writer is None or isinstance(self.screen, ConsoleScreen):
            return
        if play is None or self.game.session is None:
            self.notify("Start or continue a game first.", timeout=3)
            return

        def closed(changed: bool | None) -> None:
            if changed and self.game.session is not None:
                while self.screen is not play:
                    self.pop_screen()
                play.show_scene()

        self.push_screen(ConsoleScreen(self.writer), closed)
