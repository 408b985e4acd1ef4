"""The story issue's figures, printed for writers: `.venv/bin/python tests/story/figures.py`.

Scenes, words, endings, the share of each ending and of playthroughs that end with somebody
dead over seeded random playthroughs (uniform choice, as the coverage runs), the median words a
playthrough reads, and the film path's words. A dial to steer by while writing; test_story.py
holds the thresholds with the same functions.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from iss_adventure.engine.choicelog import read_log
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.resources import default_story_dir

HERE = Path(__file__).parent
KIRA_DIES = {"lost_eva"}  # endings in which Kira herself is dead: "somebody dead" counts her
TURN_LIMIT = 2_000


def words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*", text))


def prose_words(story: Story) -> int:
    """Words of prose: every scene's text, its variants and its return text."""
    return sum(words(s.text) + sum(words(v.text) for v in s.variants)
               + sum(words(a) for a in s.again) for s in story.scenes.values())


@dataclass
class Playthroughs:
    runs: int
    shares: Counter[str] = field(default_factory=Counter)  # ending id -> playthroughs
    dead: int = 0  # playthroughs that end with somebody dead (Kira counts)
    read: list[int] = field(default_factory=list)  # words each finished playthrough read
    stuck: int = 0
    # paragraphs shown again, word for word, later in the same playthrough: scene -> the start
    repeated: dict[str, str] = field(default_factory=dict)

    @property
    def median_words(self) -> float:
        return statistics.median(self.read) if self.read else 0.0


def playthroughs(story: Story, runs: int = 2_000) -> Playthroughs:
    """Seeded random playthroughs (uniform choice among the available ones, seeds 0..runs-1)."""
    machine = Machine(story)
    status_vars = [m.status for m in story.crew if m.status is not None]
    out = Playthroughs(runs)
    for seed in range(runs):
        rng = random.Random(seed)
        state = machine.new_game(seed)
        shown = machine.paragraphs(state)
        n = words(" ".join(shown))
        seen = set(shown)
        for _ in range(TURN_LIMIT):
            options = machine.available(state)
            if not options:
                break
            state = machine.choose(state, rng.choice(options).id)
            shown = machine.paragraphs(state)
            n += words(" ".join(shown))
            for paragraph in shown:
                if paragraph in seen:
                    out.repeated.setdefault(state.scene, paragraph[:60])
            seen.update(shown)
        scene = machine.scene(state)
        if scene.ending is None:
            out.stuck += 1
            continue
        out.shares[scene.ending.id] += 1
        out.read.append(n)
        if scene.ending.id in KIRA_DIES or any(machine.value(state, v) == "dead"
                                               for v in status_vars):
            out.dead += 1
    return out


def film_path(story: Story) -> tuple[int, int, str, str]:
    """The committed film path replayed: (choices, words read, the scene it ends at, "fits" or
    where the log stops fitting)."""
    machine = Machine(story)
    log = read_log(HERE / "film_path.json")
    state = machine.new_game(log.seed)
    film = words(" ".join(machine.paragraphs(state)))
    where = "fits"
    for step in log.steps:
        if step.scene != state.scene or step.choice not in {c.id for c in machine.available(state)}:
            where = f"STOPS FITTING at {step.scene}#{step.choice}"
            break
        state = machine.choose(state, step.choice)
        film += words(" ".join(machine.paragraphs(state)))
    return len(log.steps), film, state.scene, where


def main(runs: int = 2_000) -> None:
    story = load_story(default_story_dir())
    endings = [s for s in story.scenes.values() if s.ending is not None]
    print(f"scenes {len(story.scenes)} (>= 110), words {prose_words(story)} (>= 60000), "
          f"endings {len(endings)} (>= 12)")
    for act in sorted(story.acts):
        scenes = [s for s in story.scenes.values() if s.act == act]
        act_words = sum(words(s.text) + sum(words(v.text) for v in s.variants)
                        for s in scenes)
        print(f"  act {act}: {len(scenes)} scenes, {act_words} words")
    p = playthroughs(story, runs)
    print(f"{runs} seeded random playthroughs: median words read "
          f"{p.median_words:.0f} (>= 15000), somebody dead "
          f"{p.dead / runs:.1%} (>= 30%), stuck {p.stuck}, paragraphs shown twice "
          f"{len(p.repeated)} (0)")
    for e in endings:
        assert e.ending is not None
        share = p.shares[e.ending.id] / runs
        flag = "" if 0.01 <= share <= 0.25 else "   <-- outside 1%..25%"
        print(f"  {e.ending.id:16} {share:6.1%}{flag}")
    steps, film, end, where = film_path(story)
    print(f"film path: {steps} choices, {film} words (>= 18000), ends at {end}, log {where}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000)
