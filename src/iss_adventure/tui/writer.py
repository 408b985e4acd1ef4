"""The writer's loop behind `play --watch` and `--dev`: reloads and the developer console.

Plain Python over the game controller, testable without Textual. `reload()` loads the story
again (the watcher's thread asks the app, the app asks this); a story that loads replaces the
one being played and the playthrough is replayed against it, staying where it was or stopping
at the first step that no longer fits; a story that does not load leaves the last good one
running and its problems in `game.problems` for the panel. The console's moves (`set`,
`jump`, `test_from_here`) make the playthrough a console one: it is marked, autosaved as
such, and never counts in the gallery or the profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..engine.devtools import DevError, at_scene, parse_assignment, rebase, with_value
from ..engine.problems import Problem
from ..engine.timeline import Timeline
from ..engine.watch import Checker, Reload, Shown, StoryWatch, Watcher
from .game import Game
from .notices import Notice
from .session import Session
from .text import clean

if TYPE_CHECKING:
    from ..engine.model import Story
    from ..engine.state import GameState


@dataclass(frozen=True, slots=True)
class Reloaded:
    """What one reload did: the checker's verdict, and where the playthrough went."""

    reload: Reload
    stopped: str | None = None  # "Stopped at step 3 of 4 ..." when the log stopped fitting
    layout_changed: bool = False  # crew, places or map differ: the play screen is rebuilt

    @property
    def ok(self) -> bool:
        return self.reload.ok

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.reload.problems


class WriterLoop:
    """The watched story and the console over one game."""

    def __init__(self, game: Game, watch: StoryWatch | None, watcher: Watcher | None = None,
                 checker: Checker | None = None) -> None:
        """`watch`: the story folder reloaded (None: `--dev` alone, the console without
        reloads); `watcher`: what reports saved files (None: reloads are asked for directly);
        `checker`: the whole checker, run after each reload that loads (None: not run)."""
        self.game = game
        self.watch = watch
        self.watcher = watcher
        self.checker = checker
        self.generation = 0  # reloads so far: a checker's verdict on an older one is dropped

    # -- reloading -----------------------------------------------------------------------

    def reload(self) -> Reloaded:
        """Load the story again and carry the playthrough over; never raises for a story."""
        if self.watch is None:
            raise RuntimeError("no story is watched: start with play --watch")
        result = self.watch.reload()
        self.generation += 1
        errors = tuple(p for p in result.problems if p.severity == "error")
        self.game.problems = Shown(errors, stale=not result.ok)
        if result.story is None:
            return Reloaded(result)
        old = self.game.story
        session = self.game.session
        story = result.story
        layout = (old.crew, old.locations, old.station_map, old.player) != (
            story.crew, story.locations, story.station_map, story.player)
        self.game.replace_story(story)
        if session is None:
            return Reloaded(result, layout_changed=layout)
        stopped = self._carry_over(session, old, story)
        return Reloaded(result, stopped, layout)

    def _carry_over(self, session: Session, old: Story, story: Story) -> str | None:
        """Replay the playthrough's log against `story` and continue from where it got."""
        game = self.game
        state = session.state
        origin = session.origin
        if origin is not None:
            try:
                origin = rebase(origin, old, story)
            except DevError as err:
                game.new()
                message = f"The console-made playthrough cannot go on: {err}. A new game starts."
                game.on_notice(Notice(clean(message), "Story changed", "warning", 12))
                return message
        steps = state.log[len(origin.log):] if origin is not None else state.log
        result = game.machine.replay(steps, state.seed, start=origin)
        timeline = Timeline(result.states, len(result.states) - 1, result.state)
        game.begin(Session(story, result.state, clock=game.clock, played=session.played_seconds,
                           machine=game.machine, origin=origin, dev=session.dev,
                           timeline=timeline))
        if result.stopped is None:
            return None
        why = result.stopped.partition(": ")[2] or result.stopped
        message = (f"Stopped at step {result.applied + 1} of {result.total}: {why}. You "
                   f"continue from \u201c{result.scene_title}\u201d.")
        game.on_notice(Notice(clean(message), "Story changed", "warning", 12))
        return message

    def run_checker(self) -> tuple[int, list[Problem]] | None:
        """The whole checker on the story on disk (in the caller's thread: it takes seconds):
        the reload it judged and its errors, for `checked`; None without a checker."""
        if self.checker is None or self.watch is None:
            return None
        generation = self.generation
        return generation, self.checker(self.watch.root, list(self.watch.mods))

    def checked(self, generation: int, problems: list[Problem]) -> bool:
        """The checker's errors for reload `generation`: shown unless a newer reload came
        since or the story no longer loads; True when the panel changed."""
        shown = self.game.problems
        if generation != self.generation or (shown is not None and shown.stale):
            return False
        self.game.problems = Shown(tuple(sorted(problems)))
        return shown != self.game.problems

    # -- the console ---------------------------------------------------------------------

    def set_variable(self, text: str) -> str:
        """'name = value': set it in the playthrough (DevError says why not)."""
        story = self.game.story
        name, value = parse_assignment(story, text)
        session = self._session()
        self._restart_at(with_value(story, session.state, name, value), session)
        return f"{name} = {value!r}"

    def jump(self, scene: str) -> None:
        """To `scene`, keeping the variables and what was taken (DevError if no such scene)."""
        session = self._session()
        self._restart_at(at_scene(self.game.story, session.state, scene), session)

    def test_from_here(self, scene: str, assignments: list[str] | None = None) -> None:
        """A fresh playthrough at `scene` with the current variables and `assignments`."""
        story = self.game.story
        session = self._session()
        state = at_scene(story, session.state, scene, fresh=True)
        for text in assignments or []:
            name, value = parse_assignment(story, text)
            state = with_value(story, state, name, value)
        self.game.begin(Session(story, state, clock=self.game.clock, machine=self.game.machine,
                                origin=state, dev=True))

    def _restart_at(self, state: GameState, session: Session) -> None:
        """The playthrough goes on from a console-made state (undo reaches back to it)."""
        game = self.game
        game.begin(Session(game.story, state, clock=game.clock, played=session.played_seconds,
                           machine=game.machine, origin=state, dev=True))

    def _session(self) -> Session:
        session = self.game.session
        if session is None:
            raise DevError("start or continue a game first")
        return session

