"""A synthetic story of any size, for benchmarks and scale tests.

Scenes form layers; each scene has three choices into the next layer, some gated on trust,
some changing it, some once-only loops, with variants, so the loader, the machine and the
explorer all do representative work. Prose is filler sized to about a kilobyte a scene.
"""

from __future__ import annotations

import random
from pathlib import Path

STORY = """title: Generated
start: s/0000
acts: {1: Only}
locations: {Unity: us, Zvezda: russian}
variables:
  trust.a: {type: int, min: 0, max: 5, initial: 2, label: "A's trust"}
  trust.b: {type: int, min: 0, max: 5, initial: 2, label: "B's trust"}
  flag.x: {type: bool, initial: false, label: "X happened"}
  mood: {type: string, values: [calm, tense], initial: calm, label: "Mood"}
crew:
  - {id: a, name: Ann A, role: Engineer, agency: NASA, trust: trust.a}
  - {id: b, name: Bob B, role: Pilot, agency: Roscosmos, trust: trust.b}
"""

WORDS = [
    "orbit", "module", "hatch", "truss", "panel", "fan", "laptop", "window", "earth", "night",
    "crew", "sleeve", "tether", "handrail", "cable", "light", "dust", "water", "coffee",
    "radio", "signal", "voice", "static",
]


def write_story(root: Path, scenes: int = 5000, width: int = 50, seed: int = 7,
                endings: int = 4) -> Path:
    """Write a story of `scenes` scenes (plus `endings` endings) into root; return root."""
    rng = random.Random(seed)
    (root / "s").mkdir(parents=True, exist_ok=True)
    (root / "end").mkdir(exist_ok=True)
    (root / "story.yaml").write_text(STORY)
    prose = " ".join(rng.choice(WORDS) for _ in range(140))
    for n in range(scenes):
        layer_start = (n // width + 1) * width
        if layer_start >= scenes:
            targets = [f"end/e{rng.randrange(endings)}" for _ in range(3)]
        else:
            targets = [f"s/{min(layer_start + rng.randrange(width), scenes - 1):04d}"
                       for _ in range(3)]
        who = rng.choice("ab")
        text = f"""title: Scene {n}
act: 1
location: {rng.choice(["Unity", "Zvezda"])}
time: "Day 1, 06:{n % 60:02d} GMT"
text: |
  {prose}
variants:
  - if: trust.{who} >= 3
    text: Someone nods at you.
  - if: flag.x and mood == "tense"
    text: The air is thick.
choices:
  - id: help
    text: Help them.
    do: [trust.{who} += 1]
    goto: {targets[0]}
  - id: doubt
    text: Doubt them.
    if: trust.{who} >= 2
    locked: They have not earned it.
    do:
      - trust.{who} -= 1
      - mood = "tense"
    goto: {targets[1]}
  - id: look
    text: Look around.
    once: true
    do: [flag.x = true]
    goto:
      - if: trust.a + trust.b >= 7
        to: {targets[2]}
      - to: s/{n:04d}
"""
        (root / "s" / f"{n:04d}.yaml").write_text(text)
    for e in range(endings):
        (root / "end" / f"e{e}.yaml").write_text(
            f"title: End {e}\nact: 1\nlocation: Unity\ntext: The end, {e}.\n"
            f"ending: {{id: e{e}, title: End {e}, tone: calm, summary: End {e}.}}\n"
        )
    return root
