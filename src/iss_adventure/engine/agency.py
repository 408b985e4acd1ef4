"""Figures a writer steers by: per act, how many choices there are, how many change nothing
(the same next scene and the same state as another choice of the scene, in every reachable
state), and how many scenes send every choice to the same next scene. Not errors.

States are compared as the merged search keeps them (variables no later condition can read
before they are overwritten are at their initial values), plus which variables each choice
writes, so the figures are the same whether the search merged states or not."""

from __future__ import annotations

from dataclasses import dataclass, field

from .explore import Exploration
from .machine import route
from .model import Choice, Story, Vars


@dataclass
class ActAgency:
    act: int
    title: str
    choices: int = 0
    change_nothing: list[str] = field(default_factory=list)  # choice keys
    same_next_scene: list[str] = field(default_factory=list)  # scene ids

    def as_json(self) -> dict[str, object]:
        return {"act": self.act, "title": self.title, "choices": self.choices,
                "change_nothing": len(self.change_nothing),
                "same_next_scene": len(self.same_next_scene),
                "change_nothing_choices": self.change_nothing,
                "same_next_scene_scenes": self.same_next_scene}


def agency(story: Story, ex: Exploration, by_scene: list[list[int]]) -> list[ActAgency]:
    acts = {act: ActAgency(act, story.act_title(act))
            for act in sorted({s.act for s in story.scenes.values()})}
    for si, sid in enumerate(ex.table.ids):
        scene = story.scenes[sid]
        figures = acts[scene.act]
        figures.choices += len(scene.choices)
        if len(scene.choices) < 2 or sid not in ex.scenes_reached:
            continue
        if len({r.target for c in scene.choices for r in c.routes}) == 1:
            figures.same_next_scene.append(sid)
        for group in _alike(story, ex, scene.choices, by_scene[si]):
            figures.change_nothing += [scene.choices[i].key for i in group]
    return list(acts.values())


def _alike(story: Story, ex: Exploration, choices: tuple[Choice, ...], states: list[int]
           ) -> list[list[int]]:
    """Groups of choices that lead to the same state in every explored state of the scene
    (both unavailable counts as the same). Refined state by state; stops once all differ."""
    bits = [ex.table.once_bit.get(c.key, 0) for c in choices]
    canon = ex.table.merge[ex.keys[states[0]][0]] if states else None
    writes = [_writes(story, c) for c in choices]
    groups = [list(range(len(choices)))]
    if not states or states[0] >= ex.expanded:
        return []
    for n in states:
        if n >= ex.expanded:
            break
        _, v, once = ex.keys[n]
        if canon is not None:  # the plain search keeps everything: compare as merged
            v = canon(v)
        refined = []
        for group in groups:
            split: dict[object, list[int]] = {}
            for i in group:
                outcome = _outcome(story, choices[i], v, once, bits[i])
                split.setdefault(outcome and (outcome, writes[i]), []).append(i)
            refined += [g for g in split.values() if len(g) > 1]
        groups = refined
        if not groups:
            break
    return groups


def _writes(story: Story, choice: Choice) -> frozenset[str]:
    """Every variable a choice's effects or its targets' on_enter effects write."""
    out = {name for name, _ in choice.deps}
    for r in choice.routes:
        out |= {name for name, _ in story.scenes[r.target].enter_deps}
    return frozenset(out)


def _outcome(story: Story, choice: Choice, v: Vars, once: int, bit: int) -> object:
    """Where a choice leads from one state, with the whole state after it (None: locked)."""
    if once & bit or (choice.condition is not None and not choice.condition(v)):
        return None
    nv = v if choice.effect is None else choice.effect(v)
    targets = ([r.target for r in choice.routes if r.condition is None or r.condition(nv)]
               if choice.chance else [route(choice, nv)])
    out = []
    for target in targets:
        enter = story.scenes[target].on_enter
        out.append((target, nv if enter is None else enter(nv)))
    return tuple(out), once | bit
