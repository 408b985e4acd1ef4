"""Continuity beats the checker cannot read in prose, pinned to the variables it can prove.

The checker proves assertions over every reachable state, but it does not read sentences.
These tests tie a beat's sentences to the variable that records it, so that the checker's
proof covers the prose: a beat that may happen once a playthrough is shown only where its
variable is still unset (an assertion on the scene, or the `if` of the variant that shows it),
and every way out of that scene sets the variable.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from iss_adventure.engine.choicelog import read_log
from iss_adventure.engine.loader import load_story, story_files
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.resources import default_story_dir
from iss_adventure.engine.state import GameState

SCENES = default_story_dir()
HERE = Path(__file__).parent

# Christian taping the Quest pry bar, told as it happens (present tense): "wraps the grip",
# "tapes the bar". A later scene that shows the bar already taped ("taped to his right
# wrist") or remembers it ("you watched him wind tape round its grip") is not the beat.
TAPING = re.compile(r"\b(tapes|wraps|winds)\b[^.\n]*\b(bar|grip)\b")


@cache
def story() -> Story:
    return load_story(SCENES)


@cache
def raw_scenes() -> dict[str, dict[str, Any]]:
    return {p.relative_to(SCENES).with_suffix("").as_posix(): yaml.safe_load(p.read_text())
            for p in story_files(SCENES)}


def _asserts(scene: dict[str, Any]) -> set[str]:
    return {a if isinstance(a, str) else a["that"] for a in scene.get("assert") or []}


def test_the_pry_bar_is_taped_in_scenes_that_prove_it_was_not_taped_before() -> None:
    """Each scene that tells the taping holds it behind `not bar.taped` (an assertion the
    checker proves, or the variant's own condition) and sets `bar.taped` on every way out."""
    tellers = []
    for sid, scene in raw_scenes().items():
        in_text = bool(TAPING.search(scene.get("text") or ""))
        for variant in scene.get("variants") or []:
            if TAPING.search(variant.get("text") or ""):
                assert variant.get("if") == "not bar.taped", (sid, variant.get("if"))
                tellers.append(sid)
        if in_text:
            assert "not bar.taped" in _asserts(scene), f"{sid} tapes the bar unguarded"
            tellers.append(sid)
        if sid in tellers:
            for choice in scene.get("choices") or []:
                assert "bar.taped = true" in (choice.get("do") or []), (sid, choice["id"])
    # the pattern still finds the three scenes that tell it (so this test checks something)
    assert {"act2/christian_turns", "act3/armory", "act3/assault_tunnel"} <= set(tellers), tellers


def test_a_player_who_sees_both_quest_scenes_sees_the_taping_once() -> None:
    """The route through act2/christian_turns and then act3/armory (the one the checker finds
    shortest): the taping is told once, and the armory remembers it."""
    log = read_log(HERE / "bar_taped_twice_path.json")
    machine = Machine(story())
    state = machine.new_game(log.seed)
    told: list[str] = []
    for step in log.steps:
        assert step.scene == state.scene
        state = machine.choose(state, step.choice)
        told += [state.scene for p in machine.paragraphs(state) if TAPING.search(p)]
    assert state.scene == "act3/armory"
    assert {s.scene for s in log.steps} >= {"act2/christian_turns", "act3/us_side"}
    assert told == ["act2/christian_turns"]
    armory = " ".join(machine.paragraphs(state))
    assert "you watched him wind tape round its grip" in armory


def _play(path: str) -> tuple[Machine, GameState]:
    """The state reached by a checker-style path of choices (`a > b > c`)."""
    machine = Machine(story())
    state = machine.new_game(0)
    for choice in path.split(" > "):
        state = machine.choose(state, choice)
    return machine, state


# Two ways into endings/ru_station with Gordon alive on the American side, as the checker
# finds them shortest: Kira and Alexey are caught making for the Soyuz with the Zarya hatch
# open, or Kira crosses to Zvezda and the Russian hatch shuts behind her (act3/ru_side).
_RU_OPEN = ("report > report > wake > mice > watch > alone > toast > girls > allcall > log > "
            "gordon > nika > now > obey > suit > tethers > warn > alexey > eyes > weronika > go > "
            "take > face > surrender")
_RU_SEALED = ("report > report > wake > mice > watch > alone > toast > girls > allcall > log > "
              "gordon > nika > now > seal > call > answer > cross > wrists")


def test_gordon_in_the_russian_station_ending_is_seen_only_through_an_open_hatch() -> None:
    """endings/ru_station once held Gordon "in Zarya" with the hatch to his side sealed: with
    the hatch sealed he is heard through it and never seen, and the mice are out of reach."""
    for path, sealed in ((_RU_OPEN, False), (_RU_SEALED, True)):
        machine, state = _play(path)
        assert state.scene == "endings/ru_station"
        assert machine.value(state, "hatch.zarya") == ("sealed" if sealed else "open")
        assert machine.value(state, "status.gordon") in ("present", "injured")
        text = " ".join(machine.paragraphs(state))
        assert ("Gordon you never see" in text) is sealed, path
        assert ("in the hatchway to Zvezda" in text) is not sealed, path
        assert ("MICE OK" in text) is not sealed, path
        assert "held in Zarya" not in text


# Two ways into act3/seats, as the checker finds them shortest: Weronika killed in the fight at
# the Rassvet hatch (Nicholai knocks), and the fifth term signed in Zvezda with Gordon and
# Christian behind the sealed hatch.
_SEATS_NIKA_DEAD = ("bear > report > seats > mice > watch > alone > toast > girls > allcall > "
                    "log > gordon > nika > now > seal > call > answer > cross > deal > accept > "
                    "ask > dash > leave > fight > pin > go > open")
_SEATS_SEALED = ("bear > report > seats > mice > watch > alone > toast > girls > allcall > log > "
                 "gordon > nika > now > seal > call > answer > cross > deal > seats")


def test_the_soyuz_seats_follow_who_is_alive_and_aboard() -> None:
    """act3/seats once offered "the last seat" with Weronika dead (two seats were empty), and
    put Gordon and Christian in Rassvet from behind a sealed hatch."""
    machine, state = _play(_SEATS_NIKA_DEAD)
    assert state.scene == "act3/seats"
    assert machine.value(state, "status.weronika") == "dead"
    text = " ".join(machine.paragraphs(state))
    assert "two empty seats" in text and "She takes the left seat" not in text
    assert not any("last seat" in c.text for c in machine.choices(state))

    machine, state = _play(_SEATS_SEALED)
    assert state.scene == "act3/seats"
    assert machine.value(state, "hatch.zarya") == "sealed"
    assert machine.value(state, "where.gordon") == "us"
    text = " ".join(machine.paragraphs(state))
    assert "Gordon is on the other side of the sealed hatch" in text
    assert "Gordon fills the hatch" not in text
    locked = {c.id for c in machine.choices(state) if not c.available}
    assert {"gordon", "christian"} <= locked
