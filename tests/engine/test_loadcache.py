"""Watch mode's reloads reuse the last load's parses and compiled expressions
(engine/loadcache.py): only what changed is read again, and a reloaded story is the story a
fresh load gives, in every text, position and transition."""

from __future__ import annotations

import dataclasses
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from iss_adventure.engine.loadcache import LoadCache
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.machine import Machine
from iss_adventure.engine.model import Story
from iss_adventure.engine.problems import StoryError
from iss_adventure.engine.resources import default_story_dir
from iss_adventure.engine.watch import StoryWatch

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEMO, tmp_path / "draft"))


def _shape(value: Any) -> Any:
    """A story as plain values, compiled functions left out (they compare by identity)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple(_shape(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return tuple(_shape(v) for v in value)
    if isinstance(value, frozenset):
        return value
    return None if callable(value) else value


def _plays(story: Story, games: int = 30) -> list[Any]:
    """Seeded random playthroughs: every state they pass through."""
    machine, out = Machine(story), []
    for seed in range(games):
        rng, state = random.Random(seed), machine.new_game(seed)
        for _ in range(60):
            out.append((state.scene, state.vars, state.once))
            options = machine.available(state)
            if not options:
                break
            state = machine.choose(state, rng.choice(options).id)
    return out


def _same_as_fresh(story: Story, root: Path) -> None:
    fresh = load_story(root)
    assert _shape(story) == _shape(fresh)
    assert _plays(story) == _plays(fresh)


def test_a_save_reparses_only_the_saved_file_and_gives_the_fresh_story(draft: Path) -> None:
    watch = StoryWatch(draft)
    assert watch.reload().ok and watch.cache.parsed == len(list(draft.rglob("*.yaml")))
    truss = draft / "a" / "truss.yaml"
    truss.write_text(truss.read_text().replace("title:", "title: Edited", 1))
    done = watch.reload()
    assert done.ok and done.story is not None and watch.cache.parsed == 1
    assert done.story.scenes["a/truss"].title.startswith("Edited")
    _same_as_fresh(done.story, draft)
    again = watch.reload()  # nothing saved: nothing parsed
    assert again.story is not None and watch.cache.parsed == 0
    _same_as_fresh(again.story, draft)


def test_a_new_range_recompiles_what_depends_on_it(draft: Path) -> None:
    watch = StoryWatch(draft)
    first = watch.reload().story
    assert first is not None
    story_yaml = draft / "story.yaml"
    text = story_yaml.read_text()
    variable = next(v for v in first.variables if v.type == "int" and v.max is not None)
    assert f"max: {variable.max}" in text
    story_yaml.write_text(text.replace(f"max: {variable.max}", f"max: {variable.max + 3}", 1))
    done = watch.reload()
    assert done.story is not None and done.story.variable(variable.name).max == variable.max + 3
    _same_as_fresh(done.story, draft)


def test_a_new_label_rewords_the_locked_reasons_compiled_before(draft: Path) -> None:
    """A locked reason quotes the variable's label (and a value's words): a reload after
    either changed recompiles, or the reason would keep the old wording."""
    watch = StoryWatch(draft)
    first = watch.reload().story
    assert first is not None
    story_yaml = draft / "story.yaml"
    story_yaml.write_text(story_yaml.read_text().replace('"Boris\'s trust"', '"Boris\'s faith"'))
    done = watch.reload()
    assert done.story is not None
    boris = next(c for c in done.story.scenes["a/hatch"].choices if c.id == "boris")
    assert boris.reason is not None and boris.reason(first.initial_vars) \
        .startswith("Needs Boris's faith 1")
    _same_as_fresh(done.story, draft)


def test_a_broken_save_is_reported_as_a_fresh_load_reports_it_then_fixed(draft: Path) -> None:
    watch = StoryWatch(draft)
    watch.reload()
    truss = draft / "a" / "truss.yaml"
    good = truss.read_text()
    truss.write_text(good + "title: twice\n")
    broken = watch.reload()
    with pytest.raises(StoryError) as err:
        load_story(draft)
    assert not broken.ok and broken.problems == tuple(err.value.problems)
    assert [(p.file, p.line) for p in broken.problems] == [
        ("a/truss.yaml", good.count("\n") + 1)]
    truss.write_text(good)
    fixed = watch.reload()
    assert fixed.ok and fixed.story is not None and watch.cache.parsed == 1
    _same_as_fresh(fixed.story, draft)


def test_an_expression_edited_is_compiled_anew_and_one_broken_is_found(draft: Path) -> None:
    watch = StoryWatch(draft)
    watch.reload()
    path = next(p for p in sorted(draft.rglob("*.yaml")) if "if: " in p.read_text())
    text = path.read_text()
    start = text.index("if: ") + 4
    condition = text[start:text.index("\n", start)]
    path.write_text(text.replace(f"if: {condition}", f"if: not ({condition})", 1))
    done = watch.reload()
    assert done.story is not None
    _same_as_fresh(done.story, draft)
    path.write_text(text.replace(f"if: {condition}", "if: nosuch.variable >= 1", 1))
    broken = watch.reload()
    assert not broken.ok and any("unknown variable 'nosuch.variable'" in p.message
                                 for p in broken.problems)


def test_a_load_with_mods_uses_no_cache() -> None:
    cache = LoadCache()
    mod = Path(__file__).parent.parent.parent / "mods" / "ham-radio"
    story = load_story(default_story_dir(), [mod], cache=cache)
    assert story.mods and cache.last == {} and cache.variables is None
