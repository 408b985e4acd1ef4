"""The shipped story, proven sound: the checker's verdict, its size, its shape, its beats."""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from iss_adventure.engine.analysis import Report, check
from iss_adventure.engine.choicelog import read_log
from iss_adventure.engine.loader import load_story, story_files
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.resources import default_story_dir

SCENES = default_story_dir()
HERE = Path(__file__).parent


def _figures() -> Any:
    """tests/story/figures.py (the writers' dial), imported by path: tests are not a package."""
    spec = importlib.util.spec_from_file_location("story_figures", HERE / "figures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


FIGURES = _figures()


@cache
def story() -> Story:
    return load_story(SCENES)


@cache
def report() -> Report:
    return check(story())


@cache
def raw_scenes() -> dict[str, dict[str, Any]]:
    return {p.relative_to(SCENES).with_suffix("").as_posix(): yaml.safe_load(p.read_text())
            for p in story_files(SCENES)}


def words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*", text))


def test_checker_finds_no_errors_and_no_warnings() -> None:
    assert not report().problems, "\n".join(str(p) for p in report().problems)


def test_exploration_is_complete_and_every_ending_reachable() -> None:
    assert report().complete, f"only {report().states_explored} states explored"
    unreachable = [e.id for e in report().endings if not e.reachable]
    assert not unreachable


def test_at_least_twelve_endings_each_at_least_eighteen_choices_away() -> None:
    endings = report().endings
    assert len(endings) >= 12
    short = {e.id: len(e.witness or []) for e in endings if len(e.witness or []) < 18}
    assert not short, f"endings reachable in fewer than 18 choices: {short}"


def test_size_scenes_and_words() -> None:
    assert len(story().scenes) >= 110
    total = FIGURES.prose_words(story())
    assert total >= 60_000, f"{total} words of prose"


def test_choices_that_change_nothing_and_one_way_scenes() -> None:
    """Under 3% of all choices change nothing; at most a quarter of each act's scenes send
    every choice to the same next scene."""
    acts = report().agency
    choices = sum(a.choices for a in acts)
    nothing = [key for a in acts for key in a.change_nothing]
    assert len(nothing) * 100 < 3 * choices, nothing
    for a in acts:
        scenes = [s for s in story().scenes.values() if s.act == a.act]
        assert len(a.same_next_scene) * 4 <= len(scenes), (a.act, a.same_next_scene)


def test_three_acts_and_the_films_beats() -> None:
    assert {s.act for s in story().scenes.values()} == {1, 2, 3}
    prose = "\n".join(s.text + "\n".join(v.text for v in s.variants)
                      for s in story().scenes.values()).lower()
    beats = {
        "docking": r"dock", "the mice": r"\bmice\b", "the flashes": r"flash",
        "comms fail": r"s-band|ku-band|static|dead air", "the coded order":
        r"by any means necessary", "the robotic arm": r"canadarm|robotic arm|the arm",
        "the solar panel": r"solar (panel|array)", "the research": r"radiation sickness",
        "the Soyuz": r"soyuz", "confirmation requests": r"confirm", "the Cupola": r"cupola",
        "spacesuits": r"orlan|emu", "the orbit": r"ninety-two|92",
    }
    missing = [beat for beat, pattern in beats.items() if not re.search(pattern, prose)]
    assert not missing


def test_a_third_of_choices_are_about_trust() -> None:
    choices = [c for s in raw_scenes().values() for c in s.get("choices") or []]
    about_trust = [c for c in choices
                   if "trust." in str(c.get("if", "")) + " ".join(c.get("do") or [])
                   + str(c.get("goto"))]
    assert len(about_trust) * 3 >= len(choices), f"{len(about_trust)} of {len(choices)}"


FILM_LOG = HERE / "film_path.json"


def test_the_films_path_replays_to_the_soyuz() -> None:
    log = read_log(FILM_LOG)
    machine = Machine(story())
    result = machine.replay(log.steps, log.seed)
    assert result.stopped is None, result.stopped
    scene = machine.scene(result.state)
    assert scene.ending is not None and scene.ending.id == "soyuz"
    assert machine.value(result.state, "has.research") is True
    assert machine.value(result.state, "status.alexey") in ("present", "injured")


def test_the_film_path_reads_at_least_18000_words() -> None:
    steps, read, end, fits = FIGURES.film_path(story())
    assert fits == "fits" and end == "endings/soyuz", (fits, end)
    assert read >= 18_000, f"the film's path reads {read} words in {steps} choices"


@cache
def seeded() -> Any:
    return FIGURES.playthroughs(story(), 2_000)


def test_every_ending_takes_1_to_25_percent_of_seeded_playthroughs() -> None:
    p = seeded()
    assert p.stuck == 0
    shares = {e.ending.id: p.shares[e.ending.id] / p.runs
              for e in story().endings if e.ending is not None}
    outside = {e: f"{s:.1%}" for e, s in shares.items() if not 0.01 <= s <= 0.25}
    assert not outside, outside


def test_no_paragraph_is_shown_twice_in_a_playthrough() -> None:
    """Repeated text on a revisit: a hub's return texts are read one a visit (act2/midmorning
    has three), and nothing else prints itself a second time, word for word."""
    assert not seeded().repeated, seeded().repeated


def test_at_least_30_percent_of_playthroughs_end_with_somebody_dead() -> None:
    p = seeded()
    assert p.dead * 10 >= p.runs * 3, f"{p.dead / p.runs:.1%}"


# The figure: a random playthrough reads at least 15,000 words at the median (the first
# draft read 11,900; the second, after its prose pass, 15,273).
MEDIAN_WORDS = 15_000


def test_a_random_playthrough_reads_the_median_words() -> None:
    assert seeded().median_words >= MEDIAN_WORDS, seeded().median_words


PLACEHOLDERS = re.compile(r"\b(TODO|TBD|FIXME|XXX|lorem|ipsum|placeholder)\b|\{\{|\[\[",
                          re.IGNORECASE)


def _prose(scene: dict[str, Any]) -> str:
    again = scene.get("again") or []
    parts = [scene.get("title", ""), scene.get("text", ""), *([again] if isinstance(again, str)
                                                            else again)]
    parts += [v.get("text", "") for v in scene.get("variants") or []]
    for choice in scene.get("choices") or []:
        parts += [choice.get("text", ""), choice.get("locked") or ""]
    ending = scene.get("ending") or {}
    parts += [ending.get(k, "") for k in ("title", "summary", "hint")]
    return "\n".join(parts)


@pytest.mark.parametrize("sid", sorted(raw_scenes()))
def test_no_placeholder_text(sid: str) -> None:
    found = PLACEHOLDERS.search(_prose(raw_scenes()[sid]))
    assert found is None, f"{sid}: {found.group(0)!r}"


def test_spelling() -> None:
    from spellchecker import SpellChecker

    known = {w.strip().lower() for w in (HERE / "wordlist.txt").read_text().splitlines()
             if w.strip() and not w.startswith("#")}
    checker = SpellChecker()
    where: dict[str, str] = {}
    for sid, scene in raw_scenes().items():
        for word in re.findall(r"[A-Za-z]+(?:['’][A-Za-z]+)*", _prose(scene)):
            word = re.sub(r"['’]s$", "", word).lower()
            if word not in known:
                where.setdefault(word, sid)
    unknown = sorted(checker.unknown(where))
    assert not unknown, "unknown words: " + ", ".join(f"{w} ({where[w]})" for w in unknown)


def test_a_first_draft_game_resumes_in_the_second_draft_where_its_log_stops_fitting() -> None:
    """The first draft's film path (a player's log from before the second draft landed, same
    story id, so their saves are found): every scene id it names still exists, and the replay
    resumes where the stories part, saying where and why."""
    log = read_log(HERE / "first_draft_film_path.json")
    assert {step.scene for step in log.steps} <= set(story().scenes)
    result = Machine(story()).replay(log.steps, log.seed)
    assert result.state.scene == "act1/nika"  # the meal now comes after Weronika's talk
    assert result.describe() == (
        "after 8 of 37 choices, at \u201cIf Anything\u201d (step 9: the log expects scene "
        "'act1/meal' but the story is at 'act1/nika')")
