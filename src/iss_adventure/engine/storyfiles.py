"""Reading a story's (or a mod's) folder of scene files, and the story's id.

Split from loader.py: the rules for which files are scenes, what their ids may be, and which
id a story has when story.yaml does not say.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from .atomic import read_bounded
from .limits import MAX_FILE_BYTES, MAX_STORY_BYTES, MAX_STORY_FILES
from .model import SceneSpec, StorySpec
from .reading import Node, Reader, printable_name, read_text, shown_name
from .startcache import STORY_FILE, story_files
from .yamlread import YamlProblem, locate


def read_scene_files(reader: Reader, root: Path, label: str,
                     scenes: dict[str, tuple[SceneSpec, Node, str]], failed: set[str],
                     digest: Any, skip: frozenset[str] = frozenset(),
                     patches: list[tuple[str, Any, Node]] | None = None) -> None:
    """Parse every scene file under `root` into `scenes` (id -> spec, nodes, file name as
    shown: `label` + its path under `root`); ids of files that did not parse go to `failed`.
    With a `patches` list (a mod), files with a `patch:` key are collected there instead."""
    paths = story_files(root)
    if len(paths) > MAX_STORY_FILES:
        reader.add(label + STORY_FILE, (1, 1), f"{len(paths):,} scene files; at most "
                   f"{MAX_STORY_FILES:,} are read")
        paths = paths[:MAX_STORY_FILES]
    prefix = os.path.join(str(root), "")
    for path in paths:
        if reader.total > MAX_STORY_BYTES:
            reader.add(label + STORY_FILE, (1, 1), f"the files hold more than "
                       f"{MAX_STORY_BYTES // (1024 * 1024)} MiB in all; the rest were not read")
            break
        rel = _relative(path, root, prefix)
        if rel in skip:
            continue
        name = label + rel
        if not printable_name(name):
            reader.add(shown_name(name), (1, 1), "the file name is not UTF-8: rename the file "
                       "(it was skipped)")
            continue
        sid = rel.rsplit(".", 1)[0]
        text = read_text(reader, path, name, digest)
        if text is None:
            if name not in reader.skipped:
                failed.add(sid)
            continue
        try:
            data, node = reader.read_yaml(name, text)
        except YamlProblem as err:
            reader.add(name, err.mark, err.message)
            failed.add(sid)
            continue
        if patches is not None and isinstance(data, dict) and "patch" in data:
            patches.append((name, data, node))
            continue
        bad_id = scene_id_problem(sid)
        if bad_id or sid in scenes or sid in failed:
            reader.add(name, (1, 1), bad_id or f"another file already gives the scene id "
                       f"{sid!r} (.yaml and .yml files of one name clash): keep one")
            failed.add(sid)
            continue
        parsed = reader.convert(name, data, node, SceneSpec)
        if parsed is not None:
            scenes[sid] = (parsed, node, name)
        else:
            failed.add(sid)


def _relative(path: Path, root: Path, prefix: str) -> str:
    """`path` under `root`, with / between folders. story_files() joins each name to the
    root as given, so cutting the prefix is enough; os.path.relpath (which makes both
    paths absolute first, a third of a second on 5,000 files) is left for anything else."""
    text = str(path)
    rel = text[len(prefix):] if text.startswith(prefix) else os.path.relpath(path, root)
    return rel.replace("\\", "/")


ID_PART = re.compile(r"[a-z0-9_-]+")


def scene_id_problem(sid: str) -> str | None:
    """Why a file's path cannot be a scene id, or None. The one rule for ids: lowercase
    letters, digits, '_' and '-' (and '/' between the folders of a scene id)."""
    if all(ID_PART.fullmatch(part) for part in sid.split("/")):
        return None
    return (f"the scene id {sid!r} (the file's path) may only use lowercase letters, digits, "
            "'_' and '-', with '/' between folders: rename the file")


def peek_story_id(root: Path) -> str:
    """The id of the story in `root` without loading it (the folder's name when unknown)."""
    reader = Reader()
    try:
        text = read_bounded(root / STORY_FILE, MAX_FILE_BYTES).decode("utf-8")
        spec, _ = reader.parse(STORY_FILE, text, StorySpec)
    except (OSError, UnicodeDecodeError):
        spec = None
    if spec is None:
        return re.sub(r"[^a-z0-9_-]+", "-", root.resolve().name.lower()).strip("-_") or "story"
    return story_id_of(reader, spec, None, root)


STORY_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def story_id_of(reader: Reader, spec: StorySpec, data: Node, root: Path) -> str:
    """story.yaml's id, or (with a warning) one derived from the folder's name."""
    if spec.id:
        if not STORY_ID.fullmatch(spec.id):
            reader.add(STORY_FILE, locate(data, ["id"]), f"story id {spec.id!r} must be "
                       "lowercase letters, digits, '-' and '_' (at most 64, starting with a "
                       "letter or digit)")
        return spec.id
    derived = re.sub(r"[^a-z0-9_-]+", "-", root.resolve().name.lower()).strip("-_")[:64]
    derived = derived or "story"
    reader.add(STORY_FILE, (1, 1), f"{STORY_FILE} has no `id`: using {derived!r} (from the "
               f"folder's name) to keep this story's saves apart; add `id: {derived}` to "
               "choose it yourself", warn=True)
    return derived
