"""Scene files -> a compiled Story. Every problem becomes `file:line:col: message`.

Loading runs in three passes: read each file (YAML syntax, unknown keys, schema: reading.py,
storyfiles.py), then check the story as a whole (ids, targets, locations, acts; the
declarations in declared.py), then compile expressions (compiling.py). All problems of all
passes are collected; only a story without errors is returned. Mods are laid over the
story's specs between reading and compiling (mods.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .collector import collector_paused
from .compiling import compile_scenes
from .declared import crew_of, variables_of
from .expr import Compiler
from .model import SceneSpec, Story, StorySpec
from .problems import Problem, StoryError
from .reading import Node, Reader, read_text
from .startcache import STORY_FILE as STORY_FILE
from .startcache import story_files as story_files
from .suggest import did_you_mean
from .yamlread import locate

if TYPE_CHECKING:
    from .loadcache import LoadCache

SUPPORTED_FORMAT = 1


def load_story(root: str | Path, mods: Sequence[str | Path] = (),
               cache: LoadCache | None = None) -> Story:
    """Load, check and compile the story in `root` with the mod folders `mods` merged in (in
    load order); raise StoryError listing every problem, each in the file it came from.
    `cache`: watch mode's reloads reuse what the last load parsed and compiled (loadcache.py);
    it is not used with mods."""
    cache = cache if not mods else None
    if cache is not None:
        cache.start()
    try:
        with collector_paused():
            return _load_story(Path(root), [Path(m) for m in mods], cache)
    finally:
        if cache is not None:
            cache.finish()


def _load_story(root: Path, mod_dirs: list[Path], cache: LoadCache | None = None) -> Story:
    from .mods import Layers, merge_mods
    from .storyfiles import read_scene_files, story_id_of

    reader = Reader(cache=cache)
    story_path = root / STORY_FILE
    if not root.is_dir():
        raise StoryError([Problem(str(root), 1, 1, "no such story directory")])
    if not story_path.exists():
        raise StoryError([Problem(STORY_FILE, 1, 1, f"{STORY_FILE} is missing from {root}")])
    digest = hashlib.sha256()
    story_text = read_text(reader, story_path, STORY_FILE, digest)
    if story_text is None:
        raise StoryError(reader.problems)
    spec, story_data = reader.parse(STORY_FILE, story_text, StorySpec)

    scenes: dict[str, tuple[SceneSpec, Node, str]] = {}
    failed: set[str] = set()  # scenes that exist but did not parse: links to them are fine
    read_scene_files(reader, root, "", scenes, failed, digest)
    if spec is None:
        raise StoryError(reader.problems)
    story_id = story_id_of(reader, spec, story_data, root)
    layers = Layers(spec, story_data)
    merged = merge_mods(reader, story_id, layers, scenes, failed, mod_dirs, digest)
    variables = variables_of(reader, layers.spec, layers)
    compiler = Compiler(variables)
    if cache is not None:
        cache.share(compiler, variables)
    compiled = compile_scenes(reader, layers.spec, scenes, compiler, failed, layers.grafts)
    crew = crew_of(reader, layers.spec, layers, variables)
    spec = layers.spec
    if spec.start not in scenes and spec.start not in failed:
        hint = did_you_mean(spec.start, scenes)
        reader.add(STORY_FILE, locate(story_data, ["start"]), f"start scene {spec.start!r} "
                   f"does not exist{hint}")
    if spec.format > SUPPORTED_FORMAT:
        reader.add(STORY_FILE, locate(story_data, ["format"]), f"format {spec.format} is newer "
                   f"than this engine understands ({SUPPORTED_FORMAT})")
    errors = [p for p in reader.problems if p.severity == "error"]
    if errors:
        raise StoryError(reader.problems)
    return Story(
        title=spec.title,
        start=spec.start,
        acts=dict(spec.acts),
        locations=dict(spec.locations),
        variables=variables,
        index={v.name: i for i, v in enumerate(variables)},
        crew=crew,
        scenes=compiled,
        fingerprint=digest.hexdigest()[:16],
        root=str(root),
        reads=frozenset(compiler.read),
        writes=frozenset(compiler.written),
        id=story_id,
        tagline=spec.tagline,
        player=spec.player,
        station_map=spec.station_map,
        mods=merged.refs,
        from_mod=merged.scene_mods,
        warnings=tuple(sorted(p for p in reader.problems if p.severity == "warning")),
    )
