"""Seeded random playthroughs for balancing: how often each ending is reached, which choices
no one takes, and where the crew's trust stands at each ending."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .machine import Machine
from .model import Story

TURN_LIMIT = 10_000  # a playthrough this long is stuck in a loop; counted, not followed


@dataclass
class EndingStats:
    id: str
    title: str
    count: int = 0
    trust: dict[str, list[int]] = field(default_factory=dict)  # trust variable -> values

    def summary(self) -> dict[str, dict[str, float]]:
        return {name: {"min": min(v), "mean": round(sum(v) / len(v), 2), "max": max(v)}
                for name, v in self.trust.items() if v}


@dataclass
class Coverage:
    runs: int
    endings: list[EndingStats]
    never_taken: list[str]  # "scene#choice" keys no playthrough took
    stuck: int  # playthroughs cut off at the turn limit or in a soft lock

    def as_json(self) -> dict[str, object]:
        return {
            "runs": self.runs,
            "endings": [{"id": e.id, "title": e.title, "count": e.count,
                         "share": round(e.count / self.runs, 4) if self.runs else 0.0,
                         "trust": e.summary()} for e in self.endings],
            "never_taken": self.never_taken,
            "stuck": self.stuck,
        }

    def as_table(self) -> str:
        crew_vars = sorted({name for e in self.endings for name in e.trust})
        short = [name.split(".")[-1][:9] for name in crew_vars]
        head = f"{'ending':22} {'reached':>8} {'share':>6}  " + " ".join(f"{s:>9}" for s in short)
        lines = [f"Coverage: {self.runs} seeded random playthroughs (mean trust at each ending)",
                 head, "-" * len(head)]
        for e in sorted(self.endings, key=lambda e: -e.count):
            stats = e.summary()
            cells = " ".join(f"{stats[n]['mean']:>9.1f}" if n in stats else f"{'-':>9}"
                             for n in crew_vars)
            share = e.count / self.runs if self.runs else 0.0
            lines.append(f"{e.id[:22]:22} {e.count:>8} {share:>6.1%}  {cells}")
        if self.stuck:
            lines.append(f"{self.stuck} playthrough(s) got stuck (soft lock or over "
                         f"{TURN_LIMIT} turns)")
        lines.append(f"choices never taken: {len(self.never_taken)}")
        lines += [f"  {key}" for key in self.never_taken[:40]]
        if len(self.never_taken) > 40:
            lines.append(f"  ... and {len(self.never_taken) - 40} more")
        return "\n".join(lines)


def run_coverage(story: Story, runs: int, first_seed: int = 0) -> Coverage:
    """Play `runs` random playthroughs, seeds first_seed.. first_seed+runs-1."""
    machine = Machine(story)
    trust_vars = [m.trust for m in story.crew]
    stats = {s.id: EndingStats(s.ending.id, s.ending.title,
                               trust={name: [] for name in trust_vars})
             for s in story.endings if s.ending is not None}
    taken: set[str] = set()
    stuck = 0
    for seed in range(first_seed, first_seed + runs):
        rng = random.Random(seed)
        state = machine.new_game(seed)
        for _ in range(TURN_LIMIT):
            options = machine.available(state)
            if not options:
                break
            choice = rng.choice(options)
            taken.add(choice.key)
            state = machine.choose(state, choice.id)
        ending = stats.get(state.scene)
        if ending is None:
            stuck += 1
            continue
        ending.count += 1
        for name in trust_vars:
            value = machine.value(state, name)
            assert isinstance(value, int)
            ending.trust[name].append(value)
    never = [c.key for s in story.scenes.values() for c in s.choices if c.key not in taken]
    return Coverage(runs, list(stats.values()), never, stuck)
