"""The state machine: what the player may choose now, and what each choice leads to.

A pure function of (story, state, choice) -> state. No clock, no globals, no unseeded
randomness, which is what makes undo, replay, saves-as-logs and exhaustive checking exact.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Choice, Scene, Story, Value, Vars
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
    """Where a replayed log got to; `stopped` explains a log that no longer fits the story."""

    state: GameState
    applied: int
    stopped: str | None


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

    def paragraphs(self, state: GameState) -> list[str]:
        """The scene's prose: its text, then each variant whose condition holds."""
        scene = self.scene(state)
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
        return [view.choice for view in self.choices(state) if view.available]

    @staticmethod
    def _reason(choice: Choice, v: Vars) -> str:
        if choice.locked:
            return choice.locked
        return choice.reason(v) if choice.reason is not None else "Not available now"

    # -- transitions --------------------------------------------------------------------

    def choose(self, state: GameState, choice_id: str) -> GameState:
        """The state after taking `choice_id`; InvalidChoice when it cannot be taken."""
        scene = self.scene(state)
        choice = scene.choice(choice_id)
        if choice is None:
            ids = ", ".join(c.id for c in scene.choices) or "none: it is an ending"
            raise InvalidChoice(f"{scene.id} has no choice {choice_id!r} (choices: {ids})")
        if choice.once and choice.key in state.once:
            raise InvalidChoice(f"{scene.id}#{choice_id} can be taken only once")
        if choice.condition is not None and not choice.condition(state.vars):
            raise InvalidChoice(f"{scene.id}#{choice_id} is locked: "
                                f"{self._reason(choice, state.vars)}")
        v = state.vars if choice.effect is None else choice.effect(state.vars)
        if choice.chance:
            visit = 1 + sum(1 for step in state.log if step.scene == scene.id)
            target = self.story.scenes[draw_route(choice, v, state.seed, scene.id, visit)]
        else:
            target = self.story.scenes[route(choice, v)]
        if target.on_enter is not None:
            v = target.on_enter(v)
        _log_broken_assertions(target, v, state.turn + 1)
        return GameState(
            scene=target.id,
            vars=v,
            seed=state.seed,
            once=state.once | {choice.key} if choice.once else state.once,
            log=(*state.log, Step(scene.id, choice.id)),
        )

    def replay(self, steps: Iterable[Step], seed: int = 0) -> ReplayResult:
        """Replay a choice log from the start, as far as it still fits the story."""
        state = self.new_game(seed)
        applied = 0
        for n, step in enumerate(steps, start=1):
            if step.scene != state.scene:
                return ReplayResult(state, applied, f"step {n}: the log expects scene "
                                    f"{step.scene!r} but the story is at {state.scene!r}")
            try:
                state = self.choose(state, step.choice)
            except InvalidChoice as err:
                return ReplayResult(state, applied, f"step {n}: {err}")
            applied += 1
        return ReplayResult(state, applied, None)


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
