"""The checker: exhaustive exploration, witnesses, lint findings with positions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iss_adventure.engine.analysis import check, explore
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_demo_is_sound(demo: Machine) -> None:
    report = check(demo.story)
    assert report.ok and not report.warnings, report.problems
    assert report.complete
    endings = {e.id: e for e in report.endings}
    assert all(e.reachable for e in endings.values())
    assert endings["quiet"].witness == ["knock", "leave"]  # shortest, in choices


def test_witness_paths_replay_to_their_endings(demo: Machine) -> None:
    for ending in check(demo.story).endings:
        state = demo.new_game()
        for choice in ending.witness or []:
            state = demo.choose(state, choice)
        assert state.scene == ending.scene


def test_lint_faults_are_reported_with_positions() -> None:
    report = check(load_story(FIXTURES / "lint"))
    found = "\n".join(str(p) for p in report.problems)
    expected = [
        "x/dead.yaml:1:1: error: x/dead has no choices and is not an ending: a dead end",
        "x/locked.yaml:1:1: error: soft lock: every choice in x/locked can be locked; "
        "reached by to_lock",
        "x/middle.yaml:1:1: warning: x/middle is unreachable",
        "x/secret.yaml:1:1: error: ending 'secret' can never be reached",
        "x/start.yaml:15:5: warning: choice 'never' is never available",
        "story.yaml:8:17: warning: variable unused.thing is never used",
    ]
    for line in expected:
        assert line in found, f"missing: {line}\n---\n{found}"
    assert not report.ok


def test_budget_makes_exploration_incomplete(demo: Machine) -> None:
    result = explore(demo.story, budget=3)
    assert not result.complete
    report = check(demo.story, budget=3)
    assert not report.complete
    assert any("budget" in p.message for p in report.warnings)


def _verdicts(story, reduce: bool):  # type: ignore[no-untyped-def]
    result = explore(story, reduce=reduce)
    return (result.complete, result.scenes_reached, result.choices_available,
            {sid: len(w[0]) for sid, w in result.endings.items()},
            {sid: len(w[0]) for sid, w in result.soft_locks.items()})


def test_state_merging_changes_no_verdict(tmp_path: Path, write_story: Any) -> None:
    stories = [load_story(FIXTURES / name) for name in ("demo", "lint")]
    stories += [load_story(path) for path in sorted((FIXTURES / "proofs").iterdir())]
    stories += [load_story(write_story(tmp_path / f"g{seed}", 30, width=5, seed=seed))
                for seed in range(4)]
    for story in stories:
        reduced, plain = explore(story), explore(story, reduce=False)
        assert plain.complete
        assert reduced.states <= plain.states
        assert _verdicts(story, True) == _verdicts(story, False)
        merged, plain_findings = _findings(story, True), _findings(story, False)
        assert merged[0] == plain_findings[0], story.root
        assert merged[1] == plain_findings[1], story.root
        # Variants reading variables the merged search drops are judged from the values
        # those can have per scene: every warning is right, a coupled one may be missed.
        assert merged[2] <= plain_findings[2], story.root


def _findings(story, reduce: bool):  # type: ignore[no-untyped-def]
    """Every problem the checker reports (soft locks, routes, timeouts, assertions, the
    clock...) with the length of its path; the agency figures; the variant findings."""
    report = check(story, reduce=reduce)
    problems, variants = [], set()
    for p in report.problems:
        message, _, path = p.message.partition("; reached by ")
        found = (p.file, p.line, p.col, p.severity, message, len(path.split(" > ")))
        if message.startswith(("never shown", "always shown")):
            variants.add(found)
        else:
            problems.append(found)
    return sorted(problems), [a.as_json() for a in report.agency], variants


def _live_names(story, scene: str) -> set[str]:  # type: ignore[no-untyped-def]
    t = explore(story, budget=1).table
    return {v.name for x, v in enumerate(story.variables) if t.live[t.index[scene]] >> x & 1}


def test_merging_drops_variables_overwritten_before_any_read() -> None:
    story = load_story(FIXTURES / "proofs" / "kills")
    # `lean` is overwritten on entering x/orders and by x/loop's `out` before its route reads
    # it; `stance` is set by every choice of x/orders before x/loop's assertion reads it.
    assert _live_names(story, "x/hub") == {"laps", "heard", "score"}
    # `heard` is written on one path only (x/alarm's heed): it stays live through the hub.
    assert "heard" in _live_names(story, "x/orders")
    # `laps = 0` kills it on both ways out of x/orders; `laps += 1` in the loop reads it.
    assert _live_names(story, "x/loop") == {"stance", "laps", "heard"}
    # An assertion reads at its scene: what it reads is kept there, and only there.
    assert _live_names(story, "x/heard") == {"stance"}
    assert explore(story).states < explore(story, reduce=False).states


def _random_story(root: Path, seed: int) -> Path:
    """A small story with hubs, loops, on_enter effects, once-choices, conditional routes,
    assertions and variants, where variables are overwritten on some paths and not others."""
    import random

    rng = random.Random(seed)
    names = [f"s{i}" for i in range(rng.randint(4, 8))]
    ints, flags = ["a", "b", "c"], ["f", "g"]
    (root / "x").mkdir(parents=True)
    (root / "story.yaml").write_text(
        "title: R\nstart: x/s0\nacts: {1: One}\nlocations: {Unity: us}\nvariables:\n"
        + "".join(f"  {v}: {{type: int, min: 0, max: 3, initial: 0, label: {v}}}\n"
                  for v in ints)
        + "".join(f"  {v}: {{type: bool, initial: false, label: {v}}}\n" for v in flags))

    def cond() -> str:
        if rng.random() < 0.4:
            return f"{rng.choice(flags)}" if rng.random() < 0.5 else f"not {rng.choice(flags)}"
        return f"{rng.choice(ints)} {rng.choice(['>=', '<', '=='])} {rng.randint(0, 3)}"

    def effect() -> str:
        kind = rng.random()
        if kind < 0.3:
            return f"{rng.choice(ints)} = {rng.randint(0, 3)}"
        if kind < 0.5:
            return f"{rng.choice(ints)} {rng.choice(['+=', '-='])} 1"
        if kind < 0.65:
            return f"{rng.choice(ints)} = {rng.choice(ints)}"
        return f"{rng.choice(flags)} = {rng.choice(['true', 'false'])}"

    def effects(most: int) -> str:
        return "[" + ", ".join(effect() for _ in range(rng.randint(0, most))) + "]"

    for i, name in enumerate(names):
        lines = [f"title: {name}", "act: 1", "location: Unity", "text: Here."]
        if rng.random() < 0.3:
            lines.append(f"on_enter: {effects(2)}")
        if rng.random() < 0.3:
            lines += ["variants:", f"  - {{if: '{cond()}', text: More.}}"]
        if rng.random() < 0.25:
            lines += ["assert:", f"  - '{cond()}'"]
        if i == len(names) - 1:
            lines.append("ending: {id: end, title: End, tone: calm, summary: It ends.}")
        else:
            lines.append("choices:")
            for k in range(rng.randint(1, 3)):
                lines += [f"  - id: c{k}", "    text: Go."]
                if rng.random() < 0.4:
                    lines.append(f"    if: '{cond()}'")
                if rng.random() < 0.2:
                    lines.append("    once: true")
                lines.append(f"    do: {effects(3)}")
                if rng.random() < 0.4:
                    lines += ["    goto:",
                              f"      - {{to: x/{rng.choice(names)}, if: '{cond()}'}}",
                              f"      - {{to: x/{rng.choice(names)}}}"]
                else:  # forwards mostly, so the ending stays in reach; back to a hub too
                    target = rng.choice(names[i + 1:] if rng.random() < 0.6 else names)
                    lines.append(f"    goto: x/{target}")
            lines += ["  - id: on", "    text: On.", f"    do: {effects(2)}",
                      f"    goto: x/{names[i + 1]}"]
        (root / "x" / f"{name}.yaml").write_text("\n".join(lines) + "\n")
    return root


def test_kill_aware_merging_changes_no_verdict_on_random_stories(tmp_path: Path) -> None:
    merged_somewhere = 0
    for seed in range(40):
        story = load_story(_random_story(tmp_path / f"r{seed}", seed))
        reduced, plain = explore(story), explore(story, reduce=False)
        assert plain.complete
        merged_somewhere += reduced.states < plain.states
        assert _verdicts(story, True) == _verdicts(story, False), seed
        merged, plain_findings = _findings(story, True), _findings(story, False)
        assert merged[0] == plain_findings[0], seed
        assert merged[1] == plain_findings[1], seed
        assert merged[2] <= plain_findings[2], seed
    assert merged_somewhere > 20


def _fingerprint(story, reduce: bool = True) -> str:  # type: ignore[no-untyped-def]
    """The whole explored graph in a line: states, complete, transitions, and a digest of
    every state's key and every transition, in the order the search numbered them."""
    import hashlib

    ex = explore(story, reduce=reduce)
    graph = repr((ex.keys, list(ex.starts), list(ex.dst), ex.parent, ex.via)).encode()
    return (f"{ex.states} {'complete' if ex.complete else 'incomplete'} {len(ex.dst)} "
            f"{hashlib.sha256(graph).hexdigest()[:16]}")


# Taken before the search was made faster: a speed-up must find the same states, numbered
# the same way, with the same transitions (the checker's every verdict follows from those).
PINNED = {  # story: (merged search, plain search)
    "demo": ("15 complete 24 749412cf64ac6b8f", "25 complete 27 558a57b88b6ba1f8"),
    "lint": ("4 complete 3 2e6255ef2acbb66f", "4 complete 3 2e6255ef2acbb66f"),
    "proofs/assert": ("3 complete 2 c3c75e62cf70d587", "3 complete 2 c3c75e62cf70d587"),
    "proofs/chance": ("23 complete 69 9538ecb0a029ae8e", "46 complete 69 25df68de367a7c0f"),
    "proofs/clock": ("6 complete 5 25f5e88ac212ecd2", "6 complete 5 25f5e88ac212ecd2"),
    "proofs/kills": ("42 complete 77 ec1cc26572da22fd", "244 complete 282 ebd8364be548d444"),
    "proofs/text": ("3 complete 3 dd6ff19463d0545d", "4 complete 3 72d43caa37dbeed5"),
    "proofs/trap": ("4 complete 4 01bb843a69c1dfc5", "4 complete 4 01bb843a69c1dfc5"),
    "generated": ("149 complete 355 c8596c28718da305", "25850 complete 27203 47d30e490eb00f26"),
    "random0": ("167 complete 363 aa4823f53f6d84b2", "270 complete 417 6fe3ad7dbbf1ca12"),
    "random3": ("8 complete 20 a3dd386d3f40533a", "24 complete 46 a87351afa9a44f53"),
    "random6": ("33 complete 77 6624a1fce30b47a5", "67 complete 103 647d38b8a6eb8619"),
    "random9": ("18 complete 41 90afabd2df8579db", "62 complete 83 7b7bb41be74d0d84"),
    "random12": ("9 complete 16 ae0520fb091a7ad6", "19 complete 24 f1a731ad6cd6a1b4"),
    "random15": ("7 complete 15 a93a7bbcfce68068", "8 complete 15 b6e50c573fcfa128"),
    "random18": ("12 complete 29 3430fcec7977cb01", "77 complete 130 4a098684a92eb91d"),
    "random21": ("8 complete 19 b607687d48c1f7d1", "16 complete 19 4364da70e699dedd"),
    "random24": ("28 complete 78 53ad959e952ee8e3", "44 complete 87 ea9288afed48cb9b"),
    "random27": ("278 complete 604 5770de6151381c42", "566 complete 1102 8d0e63f7def4edd2"),
    "random30": ("2921 complete 8699 933fde02bdd90e54", "3697 complete 8699 9cc63a553e61755e"),
    "random33": ("1124 complete 3163 1ca6324bce226d31", "1481 complete 3419 905f96516849b28b"),
    "random36": ("9 complete 13 d729870e732f6d36", "14 complete 14 b232fb25b9a94169"),
    "random39": ("11 complete 24 2e6a29f316d0eabc", "20 complete 28 f960296781bd2bf4"),
}


def test_the_search_finds_the_same_graph_as_before(tmp_path: Path, write_story: Any) -> None:
    stories = {name: load_story(FIXTURES / name) for name in ("demo", "lint")}
    stories |= {f"proofs/{p.name}": load_story(p)
                for p in sorted((FIXTURES / "proofs").iterdir())}
    stories["generated"] = load_story(write_story(tmp_path / "g", 24, width=3, seed=3))
    for seed in range(0, 40, 3):
        stories[f"random{seed}"] = load_story(_random_story(tmp_path / f"r{seed}", seed))
    found = {name: (_fingerprint(story), _fingerprint(story, reduce=False))
             for name, story in stories.items()}
    assert found == PINNED


def test_every_state_found_has_its_dead_variables_at_their_initial_values(
        tmp_path: Path) -> None:
    """The search resets, on each route, only the variables that can have moved since the
    last scene: it relies on every state it finds being already reset where it stands."""
    for seed in range(40):
        story = load_story(_random_story(tmp_path / f"r{seed}", seed))
        ex = explore(story)
        canon = ex.table.canon
        assert all(canon[si] is None or canon[si](v) == v for si, v, _ in ex.keys), seed
