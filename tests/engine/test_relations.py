"""Who trusts the player and why, derived from the states of one replay (issue 13)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine, crew_changes
from iss_adventure.engine.model import Story
from iss_adventure.engine.relations import relationships, tracked
from iss_adventure.engine.state import GameState, Step


def test_tracks_crew_trust_then_labelled_facts(story: Story) -> None:
    names = [(var.name, kind, label) for var, kind, label, _ in tracked(story)]
    assert names == [("trust.anna", "trust", "Anna Ivanova"),
                     ("trust.boris", "trust", "Boris Hale"),
                     ("knows.secret", "fact", "You know the secret"),
                     ("mood", "fact", "The mood")]


def test_each_move_names_the_choice_and_scene(story: Story,
                                              walk: Callable[..., list[GameState]]) -> None:
    end = walk(story, "knock", "read", "radio")[-1]
    replayed = Machine(story).replay(end.log, end.seed)
    tracks = {t.variable: t for t in relationships(story, replayed.states)}
    boris = tracks["trust.boris"]
    assert (boris.initial, boris.value) == (1, 3)
    assert [(m.turn, m.scene, m.choice, m.before, m.after) for m in boris.moves] == [
        (2, "The Module", "Read the laptop.", 1, 2),
        (3, "The Module", "Radio Boris what you read.", 2, 3)]
    assert boris.describe(boris.moves[1]) == "Boris trusts you more (2 → 3)."
    secret = tracks["knows.secret"]
    assert secret.shown() == "yes" and secret.describe(secret.moves[0]) == \
        "You know the secret: no → yes."
    assert [m.turn for m in tracks["mood"].moves] == [1]  # entering the module set it


def test_the_lines_are_the_what_changed_lines(story: Story,
                                              walk: Callable[..., list[GameState]]) -> None:
    states = walk(story, "knock", "read", "radio", "leave")
    replayed = Machine(story).replay(states[-1].log, 0)
    tracks = relationships(story, replayed.states)
    from_tracks = sorted((m.turn, t.describe(m)) for t in tracks if t.kind == "trust"
                         for m in t.moves)
    from_play = sorted((n, c.describe()) for n, (a, b) in enumerate(itertools.pairwise(states), 1)
                       for c in crew_changes(story, a, b))
    assert from_tracks == from_play


def test_up_to_a_state_leaves_later_choices_out(story: Story,
                                                walk: Callable[..., list[GameState]]) -> None:
    end = walk(story, "knock", "read", "radio")[-1]
    path = Machine(story).replay(end.log, 0).states
    tracks = {t.variable: t for t in relationships(story, path, upto=1)}
    assert tracks["trust.boris"].moves == () and tracks["trust.boris"].value == 1
    assert len(tracks["trust.anna"].moves) == 1


def test_a_value_reads_as_the_storys_words(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(
        "title: T\nstart: s\nvariables:\n"
        "  at: {type: string, values: [us, ru], initial: us, label: Where Anna is,\n"
        "       words: {us: in the US segment, ru: in the Russian segment}}\n")
    (tmp_path / "s.yaml").write_text(
        "title: A\nact: 1\nlocation: X\ntext: T\nchoices:\n"
        "  - {id: go, text: Go aft., goto: e, do: [at = \"ru\"]}\n")
    (tmp_path / "e.yaml").write_text(
        "title: E\nact: 1\nlocation: X\ntext: T\n"
        "ending: {id: e, title: E, tone: calm, summary: S}\n")
    story = load_story(tmp_path)
    end = Machine(story).replay((Step("s", "go"),), 0)
    at = {t.variable: t for t in relationships(story, end.states)}["at"]
    assert at.shown() == "in the Russian segment"
    assert at.describe(at.moves[0]) == \
        "Where Anna is: in the US segment → in the Russian segment."
