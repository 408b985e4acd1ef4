"""The state machine: what the player may choose now, and what each choice leads to.

A pure function of (story, state, choice) -> state. No clock, no globals, no unseeded
randomness, which is what makes undo, replay, saves-as-logs and exhaustive checking exact.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .model import Choice, Scene, Story, Value, Vars
from .path import Point, StatePath
from .returns import for_visit
from .state import GameState, Step

log = logging.getLogger(__name__)


class InvalidChoice(ValueError):
    """A choice that does not exist, is locked, or was already used up."""


@dataclass(frozen=True, slots=True)
class ChoiceView:
    """A choice as the player sees it now."""

    choice: Choice
    available: bool
    reason: str | None  # why it is locked, in the player's words

    @property
    def id(self) -> str:
        return self.choice.id

    @property
    def text(self) -> str:
        return self.choice.text


@dataclass(frozen=True, slots=True)
class ReplayResult:
    """Where a replayed log got to, and every state it passed through.

    `states` holds the start and the state after each applied step (`states[-1] is state`);
    `stopped` explains a log that no longer fits the story ("step 3: ..."), and `describe()`
    puts it in the player's words, the one message saves, jumps and `replay` show.
    """

    state: GameState
    applied: int
    stopped: str | None
    total: int  # steps in the log
    states: StatePath
    scene_title: str  # the title of the scene the replay got to

    def describe(self) -> str | None:
        """'after 2 of 4 choices, at “The Module” (step 3: ...)', or None when it all fit."""
        if self.stopped is None:
            return None
        return (f"after {self.applied} of {self.total} choices, at \u201c{self.scene_title}"
                f"\u201d ({self.stopped})")


class Machine:
    """Drives one compiled story."""

    def __init__(self, story: Story) -> None:
        self.story = story

    # -- queries ------------------------------------------------------------------

    def new_game(self, seed: int = 0) -> GameState:
        start = self.story.scenes[self.story.start]
        v = self.story.initial_vars
        if start.on_enter is not None:
            v = start.on_enter(v)
        _log_broken_assertions(start, v, 0)
        return GameState(scene=start.id, vars=v, seed=seed)

    def scene(self, state: GameState) -> Scene:
        try:
            return self.story.scenes[state.scene]
        except KeyError:
            raise InvalidChoice(f"scene {state.scene!r} is not in this story") from None

    def is_ending(self, state: GameState) -> bool:
        return self.scene(state).ending is not None

    def value(self, state: GameState, name: str) -> Value:
        return state.vars[self.story.index[name]]

    def values(self, state: GameState) -> dict[str, Value]:
        return {v.name: state.vars[i] for i, v in enumerate(self.story.variables)}

    def time(self, state: GameState) -> str | None:
        """The station time for the header: on a return visit the scene's `again_time` for
        that visit (a list is read one item a visit, the last kept), else its `time`."""
        scene = self.scene(state)
        if scene.again_time:
            return for_visit(scene.again_time, state.visits()[scene.id]) or scene.time
        return scene.time

    def paragraphs(self, state: GameState) -> list[str]:
        """The scene's prose: its text, then each variant whose condition holds.

        A scene re-entered that has an `again` text shows that instead (a list: one a visit,
        the last kept), with only the variants marked `again: true`, so a hub does not reprint
        itself on every return.
        """
        scene = self.scene(state)
        again = for_visit(scene.again, state.visits()[scene.id]) if scene.again else None
        if again is not None:
            out = [again]
            out += [variant.text.strip() for variant in scene.variants
                    if variant.again and variant.condition(state.vars)]
            return out
        out = [scene.text.strip()]
        out += [variant.text.strip() for variant in scene.variants if variant.condition(state.vars)]
        return out

    def choices(self, state: GameState) -> list[ChoiceView]:
        """Every choice the player can see: available ones and locked ones with a reason."""
        views = []
        for choice in self.scene(state).choices:
            if choice.once and choice.key in state.once:
                continue
            if choice.condition is None or choice.condition(state.vars):
                views.append(ChoiceView(choice, True, None))
            elif not choice.hide_locked:
                views.append(ChoiceView(choice, False, self._reason(choice, state.vars)))
        return views

    def available(self, state: GameState) -> list[Choice]:
        """The choices that can be taken now (`choices` without the locked ones; no views
        are built, as random play and the coverage walker ask this every turn)."""
        once, v = state.once, state.vars
        return [choice for choice in self.scene(state).choices
                if not (choice.once and choice.key in once)
                and (choice.condition is None or choice.condition(v))]

    @staticmethod
    def _reason(choice: Choice, v: Vars) -> str:
        if choice.locked:
            return choice.locked
        return choice.reason(v) if choice.reason is not None else "Not available now"

    # -- transitions --------------------------------------------------------------------

    def choose(self, state: GameState, choice_id: str) -> GameState:
        """The state after taking `choice_id`; InvalidChoice when it cannot be taken."""
        def visits(scene_id: str) -> int:  # asked only by a chance choice
            return sum(1 for step in state.log if step.scene == scene_id)

        log = state.log
        step, scene, v, once = self._transition(state.scene, state.vars, state.once, choice_id,
                                                state.seed, len(log), visits)
        return GameState(scene, v, state.seed, once, (*log, step))

    def _take(self, at: Point, choice_id: str, seed: int, turn: int,
              visits: Callable[[str], int]) -> tuple[Step, Point]:
        """One transition without the log: the step taken and where it leads. `turn` is the
        number of choices taken before; `visits(scene)` how often the log passed a scene (a
        chance choice's draw depends on it)."""
        step, scene, v, once = self._transition(at.scene, at.vars, at.once, choice_id, seed,
                                                turn, visits)
        return step, Point(scene, v, once)

    def _transition(self, scene_id: str, v: Vars, once: frozenset[str], choice_id: str,
                    seed: int, turn: int, visits: Callable[[str], int]
                    ) -> tuple[Step, str, Vars, frozenset[str]]:
        """`_take` as plain values (what `choose`, asked every turn of random play and of
        the coverage walker, needs): the step, the next scene, its variables, once-used."""
        scene = self.story.scenes.get(scene_id)
        if scene is None:
            raise InvalidChoice(f"scene {scene_id!r} is not in this story")
        for choice in scene.choices:
            if choice.id == choice_id:
                break
        else:
            ids = ", ".join(c.id for c in scene.choices) or "none: it is an ending"
            raise InvalidChoice(f"{scene.id} has no choice {choice_id!r} (choices: {ids})")
        if choice.once:
            if choice.key in once:
                raise InvalidChoice(f"{scene.id}#{choice_id} can be taken only once")
            once = once | {choice.key}
        if choice.condition is not None and not choice.condition(v):
            raise InvalidChoice(f"{scene.id}#{choice_id} is locked: "
                                f"{self._reason(choice, v)}")
        if choice.effect is not None:
            v = choice.effect(v)
        routes = choice.routes
        if routes[0].weight > 0:  # a chance choice: the route is drawn from the seed
            visit = 1 + visits(scene.id)
            target = self.story.scenes[draw_route(choice, v, seed, scene.id, visit)]
        elif len(routes) == 1:
            target = self.story.scenes[routes[0].target]
        else:
            target = self.story.scenes[route(choice, v)]
        if target.on_enter is not None:
            v = target.on_enter(v)
        if target.assertions:
            _log_broken_assertions(target, v, turn + 1)
        return Step(scene.id, choice.id), target.id, v, once

    def replay(self, steps: Iterable[Step], seed: int = 0,
               start: GameState | None = None) -> ReplayResult:
        """Replay a choice log from the start (or from `start`, a state the developer console
        made), as far as it still fits the story.

        Linear in the log's length: the states share one log (see `engine/path.py`).
        """
        start = start if start is not None else self.new_game(seed)
        path = StatePath.starting_at(start)
        visited: Counter[str] = Counter(step.scene for step in start.log)
        stopped = None
        total = 0
        for n, step in enumerate(steps, start=1):
            total = n
            if stopped is not None:
                continue  # count the rest of the log for the message
            at = path.points[-1]
            if step.scene != at.scene:
                stopped = (f"step {n}: the log expects scene {step.scene!r} but the story is "
                           f"at {at.scene!r}")
                continue
            try:
                taken, point = self._take(at, step.choice, seed, start.turn + len(path) - 1,
                                          visited.__getitem__)
            except InvalidChoice as err:
                stopped = f"step {n}: {err}"
                continue
            visited[taken.scene] += 1
            path.extend(taken, point)
        state = path.state(len(path) - 1)
        title = self.story.scenes[state.scene].title
        return ReplayResult(state, len(path) - 1, stopped, total, path, title)


def route(choice: Choice, v: Vars) -> str:
    """The scene a choice leads to, given the variables after its effects (for a chance
    choice, the first route that can be drawn: use draw_route to draw one)."""
    for r in choice.routes:
        if r.condition is None or r.condition(v):
            return r.target
    return choice.routes[-1].target


def roll(seed: int, scene: str, choice: str, visit: int, sides: int) -> int:
    """A number in 0..sides-1 that depends only on the game's seed and the place of the roll
    (scene, choice, how many times the scene has been visited): adding a roll anywhere else
    in a story shifts no other roll, and replaying a log with its seed draws the same."""
    digest = hashlib.blake2b(f"{seed}\0{scene}\0{choice}\0{visit}".encode(),
                             digest_size=8).digest()
    return int.from_bytes(digest, "big") % sides


def draw_route(choice: Choice, v: Vars, seed: int, scene: str, visit: int) -> str:
    """The route of a chance choice: one of the routes whose `if` holds, by weight."""
    open_routes = [r for r in choice.routes if r.condition is None or r.condition(v)]
    n = roll(seed, scene, choice.id, visit, sum(r.weight for r in open_routes))
    for r in open_routes:
        n -= r.weight
        if n < 0:
            return r.target
    return open_routes[-1].target


def _log_broken_assertions(scene: Scene, v: Vars, turn: int) -> None:
    """A story that was never checked may break its own assertions: say so in the log, but
    never stop the game for it (the player cannot fix a story)."""
    for assertion in scene.assertions:
        if not assertion.condition(v):
            log.warning("%s: assertion `%s` broken on entering %s at turn %d%s",
                        assertion.position, assertion.source, scene.id, turn,
                        f": {assertion.message}" if assertion.message else "")


@dataclass(frozen=True, slots=True)
class CrewChange:
    """A visible consequence of a choice: a crew member's trust or status moved."""

    crew_id: str
    name: str
    what: str  # "trust" or "status"
    before: Value
    after: Value

    def describe(self) -> str:
        first = self.name.split()[0]
        if self.what == "status":
            return f"{first} is now {self.after}."
        assert isinstance(self.before, int) and isinstance(self.after, int)
        if self.after > self.before:
            return f"{first} trusts you more ({self.before} → {self.after})."
        return f"{first} trusts you less ({self.before} → {self.after})."


def crew_changes(story: Story, before: GameState, after: GameState) -> list[CrewChange]:
    """What changed for the crew between two states, in crew order."""
    out = []
    for member in story.crew:
        for what, name in (("trust", member.trust), ("status", member.status)):
            if name is None:
                continue
            i = story.index[name]
            if before.vars[i] != after.vars[i]:
                out.append(CrewChange(member.id, member.name, what, before.vars[i], after.vars[i]))
    return out
