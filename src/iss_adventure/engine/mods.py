"""Mods: folders laid over a story, merged before anything is compiled.

A mod folder holds `mod.yaml` and scene files laid out like a story's. A scene file whose id
is a scene of the story replaces it; a new id adds one; a file with a `patch:` key changes one
scene (its text, variants and choices, by choice id). The merge works on the parsed specs and
their YAML node trees, so every node keeps the file it was written in (`Layers.grafts`) and a
problem in the merged story points into the file it came from, base or mod. Two layers
touching one scene or choice is a conflict: a warning naming both files and the winner.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
import yaml

from .atomic import read_bounded, why_unreadable
from .limits import MAX_FILE_BYTES
from .model import SceneSpec, StorySpec
from .modspec import MOD_FILE, ModSpec, PatchSpec
from .startcache import STORY_FILE
from .storyfiles import read_scene_files
from .suggest import did_you_mean
from .yamlread import Mark, child_node, locate

if TYPE_CHECKING:
    from .reading import Reader

Node = yaml.Node | None
Scenes = dict[str, tuple[SceneSpec, Node, str]]


@dataclass
class Layers:
    """The story's declarations as merged so far, and where each part was written."""

    spec: StorySpec
    node: Node
    grafts: dict[int, str] = field(default_factory=dict)  # id(node) -> file, for mod nodes
    keep: list[Node] = field(default_factory=list)  # grafted trees, so their ids stay unique
    variables: dict[str, tuple[str, Node]] = field(default_factory=dict)
    crew: list[tuple[str, Node, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.variables = {name: (STORY_FILE, self.node) for name in self.spec.variables}
        self.crew = [(STORY_FILE, self.node, i) for i in range(len(self.spec.crew))]

    def variable_at(self, name: str, *inner: str, key: bool = False) -> tuple[str, Mark]:
        """Where a variable's declaration (or a key inside it: `words`, `us`) was written."""
        file, node = self.variables.get(name, (STORY_FILE, self.node))
        return file, locate(node, ["variables", name, *inner], key=key)

    def crew_at(self, i: int, key: str) -> tuple[str, Mark]:
        file, node, j = self.crew[i] if i < len(self.crew) else (STORY_FILE, self.node, i)
        return file, locate(node, ["crew", j, key])


@dataclass
class Mod:
    """One mod folder, read: its declarations, scenes and patches."""

    directory: Path
    label: str  # how its files are named in problems: the folder as given, then '/'
    spec: ModSpec
    node: Node
    scenes: Scenes
    failed: set[str]
    patches: list[tuple[str, Any, Node]]

    @property
    def manifest(self) -> str:
        return self.label + MOD_FILE


@dataclass
class Merged:
    refs: tuple[str, ...] = ()  # "id@version" in load order
    scene_mods: dict[str, str] = field(default_factory=dict)  # scene id -> mod id


def mod_label(directory: Path) -> str:
    return os.path.normpath(str(directory)).replace("\\", "/") + "/"


def read_manifest(reader: Reader, directory: Path) -> tuple[ModSpec | None, Node]:
    """A mod folder's mod.yaml, or None after reporting why it cannot be used."""
    label = mod_label(directory)
    path = directory / MOD_FILE
    if not directory.is_dir():
        reader.add(str(directory), (1, 1), "no such mod folder")
        return None, None
    if not path.is_file():
        reader.add(label + MOD_FILE, (1, 1), f"not a mod folder: {MOD_FILE} is missing")
        return None, None
    try:  # bounded and regular files only, like scene files (issue 15)
        text = read_bounded(path, MAX_FILE_BYTES).decode("utf-8")
    except OSError as err:
        reader.add(label + MOD_FILE, (1, 1), f"cannot read the file: {why_unreadable(err)}")
        return None, None
    except UnicodeDecodeError:
        reader.add(label + MOD_FILE, (1, 1), "the file is not UTF-8 text")
        return None, None
    return reader.parse(label + MOD_FILE, text, ModSpec)


def read_mod(reader: Reader, directory: Path, digest: Any) -> Mod | None:
    spec, node = read_manifest(reader, directory)
    if spec is None:
        return None
    label = mod_label(directory)
    scenes: Scenes = {}
    failed: set[str] = set()
    patches: list[tuple[str, Any, Node]] = []
    read_scene_files(reader, directory, label, scenes, failed, digest,
                     skip=frozenset({MOD_FILE}), patches=patches)
    return Mod(directory, label, spec, node, scenes, failed, patches)


def load_order(reader: Reader, mods: list[Mod]) -> list[Mod]:
    """The order given, except that a mod moves after the mods its `after` names."""
    by_id = {m.spec.id: m for m in mods}
    placed: list[Mod] = []
    visiting: set[str] = set()

    def place(mod: Mod) -> None:
        if mod in placed:
            return
        if mod.spec.id in visiting:
            reader.add(mod.manifest, locate(mod.node, ["after"]), f"mod {mod.spec.id!r} is part "
                       "of a loop of `after` lists: no order satisfies them")
            return
        visiting.add(mod.spec.id)
        for other in mod.spec.after:
            if other in by_id:
                place(by_id[other])
        visiting.discard(mod.spec.id)
        if mod not in placed:
            placed.append(mod)

    for mod in mods:
        place(mod)
    return placed


def merge_mods(reader: Reader, story_id: str, layers: Layers, scenes: Scenes,
               failed: set[str], directories: list[Path], digest: Any) -> Merged:
    """Read the mod folders and lay them over `layers` and `scenes`, in load order."""
    if not directories:
        return Merged()
    mods: list[Mod] = []
    seen: dict[str, Mod] = {}
    for directory in directories:
        mod = read_mod(reader, directory, digest)
        if mod is None:
            continue
        if mod.spec.story != story_id:
            reader.add(mod.manifest, locate(mod.node, ["story"]), f"this mod is for the story "
                       f"{mod.spec.story!r}, not {story_id!r}: it cannot be loaded with it")
            continue
        if mod.spec.id in seen:
            reader.add(mod.manifest, locate(mod.node, ["id"]), f"mod id {mod.spec.id!r} is "
                       f"already used by {seen[mod.spec.id].manifest}: load only one of them")
            continue
        seen[mod.spec.id] = mod
        mods.append(mod)
    merger = _Merger(reader, layers, scenes, failed)
    ordered = load_order(reader, mods)
    for mod in ordered:
        merger.declarations(mod)
        merger.scenes_of(mod)
        for name, data, node in mod.patches:
            merger.patch(mod, name, data, node)
    return Merged(tuple(f"{m.spec.id}@{m.spec.version}" for m in ordered), merger.scene_mods)


class _Merger:
    """Applies one mod after another, remembering who touched what to report conflicts."""

    def __init__(self, reader: Reader, layers: Layers, scenes: Scenes,
                 failed: set[str]) -> None:
        self.reader = reader
        self.layers = layers
        self.scenes = scenes
        self.failed = failed
        self.scene_mods: dict[str, str] = {}
        self.touched: dict[tuple[str, str], tuple[str, str]] = {}  # what -> (file, mod id)

    def _claim(self, key: tuple[str, str], what: str, file: str, mark: Mark,
               mod: Mod) -> None:
        """Note that `mod` changes `what`; warn when another mod changed it before."""
        before = self.touched.get(key)
        if before is not None and before[1] != mod.spec.id:
            self.reader.add(file, mark, f"conflict: {what} is also changed by mod "
                            f"{before[1]!r} ({before[0]}); this mod loads later, so its "
                            "version wins", warn=True)
        self.touched[key] = (file, mod.spec.id)

    def declarations(self, mod: Mod) -> None:
        spec, layers, file = mod.spec, self.layers, mod.manifest
        variables = dict(layers.spec.variables)
        for name, var in spec.variables.items():
            if name in variables:
                other, (line, col) = layers.variable_at(name)
                self.reader.add(file, locate(mod.node, ["variables", name], key=True),
                                f"variable {name!r} is already declared at {other}:{line}:"
                                f"{col}: pick a new name")
                continue
            variables[name] = var
            layers.variables[name] = (file, mod.node)
        acts = dict(layers.spec.acts)
        for number, title in spec.acts.items():
            if acts.get(number, title) != title:
                self._claim(("act", str(number)), f"act {number}", file,
                            locate(mod.node, ["acts", number]), mod)
            acts[number] = title
        locations = dict(layers.spec.locations)
        for name, segment in spec.locations.items():
            if locations.get(name, segment) != segment:
                self._claim(("location", name), f"location {name!r}", file,
                            locate(mod.node, ["locations", name]), mod)
            locations[name] = segment
        crew = list(layers.spec.crew)
        for i, member in enumerate(spec.crew):
            same = [n for n, m in enumerate(crew) if m.id == member.id]
            if same:
                self._claim(("crew", member.id), f"crew member {member.id!r}", file,
                            locate(mod.node, ["crew", i]), mod)
                crew[same[0]] = member
                layers.crew[same[0]] = (file, mod.node, i)
            else:
                crew.append(member)
                layers.crew.append((file, mod.node, i))
        layers.spec = msgspec.structs.replace(layers.spec, variables=variables, acts=acts,
                                              locations=locations, crew=crew)

    def scenes_of(self, mod: Mod) -> None:
        """Whole scene files: a new id adds a scene, a known one replaces it."""
        for sid, entry in mod.scenes.items():
            self._claim(("scene", sid), f"scene {sid!r}", entry[2], (1, 1), mod)
            patched = self.touched.get(("patched", sid))
            if patched is not None and patched[1] != mod.spec.id:
                self.reader.add(entry[2], (1, 1), f"conflict: mod {patched[1]!r} patched "
                                f"{sid!r} ({patched[0]}); this mod replaces the whole scene "
                                "and loads later, so its version wins", warn=True)
            self.scenes[sid] = entry
            self.failed.discard(sid)
            self.scene_mods[sid] = mod.spec.id
        self.failed |= mod.failed

    def patch(self, mod: Mod, name: str, data: Any, node: Node) -> None:
        """Apply one patch file to the scene it names."""
        reader = self.reader
        spec = reader.convert(name, data, node, PatchSpec)
        if spec is None:
            return
        assert node is not None  # it converted, so there is a tree
        self.layers.keep.append(node)
        sid = spec.patch
        if sid not in self.scenes:
            if sid not in self.failed:
                reader.add(name, locate(node, ["patch"]), f"patch target {sid!r}: no such "
                           f"scene in the story{did_you_mean(sid, self.scenes)}")
            return
        scene, base, file = self.scenes[sid]
        replaced = self.touched.get(("scene", sid))
        if replaced is not None and replaced[1] != mod.spec.id:
            reader.add(name, locate(node, ["patch"]), f"conflict: mod {replaced[1]!r} replaced "
                       f"{sid!r} ({replaced[0]}); this patch loads later and applies to that "
                       "version", warn=True)
        self.touched[("patched", sid)] = (name, mod.spec.id)
        merged = _copy_mapping(base)
        choices = list(scene.choices)
        choice_nodes = _items(merged, "choices")
        ids = [c.id for c in choices]
        changes: dict[str, Any] = {}
        if spec.text is not None:
            self._claim(("text", sid), f"the text of {sid!r}", name, locate(node, ["text"]), mod)
            self._graft(merged, "text", child_node(node, "text"), name)
            changes["text"] = spec.text
        for i, cid in enumerate(spec.remove_choices):
            where = locate(node, ["remove_choices", i])
            if cid not in ids:
                reader.add(name, where, f"remove_choices: {sid!r} has no choice {cid!r}"
                           f"{did_you_mean(cid, ids)}")
                continue
            self._claim(("choice", f"{sid}#{cid}"), f"choice {cid!r} of {sid!r}", name, where,
                        mod)
            k = ids.index(cid)
            del choices[k], choice_nodes[k], ids[k]
        for i, choice in enumerate(spec.replace_choices):
            item = _nth(node, "replace_choices", i)
            where = locate(node, ["replace_choices", i, "id"])
            if choice.id not in ids:
                reader.add(name, where, f"replace_choices: {sid!r} has no choice {choice.id!r}"
                           f"{did_you_mean(choice.id, ids)} (use add_choices for a new one)")
                continue
            self._claim(("choice", f"{sid}#{choice.id}"), f"choice {choice.id!r} of {sid!r}",
                        name, where, mod)
            k = ids.index(choice.id)
            choices[k], choice_nodes[k] = choice, self._mark(item, name)
        for i, choice in enumerate(spec.add_choices):
            item = _nth(node, "add_choices", i)
            key = ("choice", f"{sid}#{choice.id}")
            earlier = self.touched.get(key)
            if choice.id in ids and (earlier is None or earlier[1] == mod.spec.id):
                reader.add(name, locate(node, ["add_choices", i, "id"]), f"add_choices: "
                           f"{sid!r} already has a choice {choice.id!r} (use replace_choices "
                           "to change it)")
                continue
            self._claim(key, f"choice {choice.id!r} of {sid!r}", name,
                        locate(node, ["add_choices", i, "id"]), mod)
            if choice.id in ids:  # another mod added it: the later one wins
                k = ids.index(choice.id)
                choices[k], choice_nodes[k] = choice, self._mark(item, name)
                continue
            choices.append(choice)
            choice_nodes.append(self._mark(item, name))
            ids.append(choice.id)
        variants = list(scene.variants)
        variant_nodes = _items(merged, "variants")
        for i, variant in enumerate(spec.add_variants):
            variants.append(variant)
            variant_nodes.append(self._mark(_nth(node, "add_variants", i), name))
        for list_key, items in (("choices", choice_nodes), ("variants", variant_nodes)):
            added = _set_items(merged, list_key, items)
            if added is not None:  # the scene had no such list: it is the patch's own
                self.layers.grafts[id(added)] = name
        changes.update(choices=choices, variants=variants)
        self.scenes[sid] = (msgspec.structs.replace(scene, **changes), merged, file)
        self.scene_mods[sid] = mod.spec.id

    def _mark(self, item: Node, file: str) -> yaml.Node:
        assert item is not None
        self.layers.grafts[id(item)] = file
        return item

    def _graft(self, mapping: yaml.MappingNode, key: str, value: Node, file: str) -> None:
        if value is None:
            return
        self.layers.grafts[id(value)] = file
        for n, (key_node, _) in enumerate(mapping.value):
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                mapping.value[n] = (key_node, value)
                return
        mapping.value.append((yaml.ScalarNode("tag:yaml.org,2002:str", key,
                                              value.start_mark, value.end_mark), value))


def _copy_mapping(node: Node) -> yaml.MappingNode:
    """A shallow copy of a scene's mapping node: the base tree is never changed."""
    assert isinstance(node, yaml.MappingNode)
    return yaml.MappingNode(node.tag, list(node.value), node.start_mark, node.end_mark)


def _items(mapping: yaml.MappingNode, key: str) -> list[yaml.Node]:
    """The items of the sequence at `key` (a new list: the base tree stays as it is)."""
    found = child_node(mapping, key)
    return list(found.value) if isinstance(found, yaml.SequenceNode) else []


def _nth(node: Node, key: str, i: int) -> yaml.Node:
    found = child_node(node, key) if node is not None else None
    item = child_node(found, i) if found is not None else None
    assert item is not None  # the spec converted, so the node is there
    return item


def _set_items(mapping: yaml.MappingNode, key: str,
               items: list[yaml.Node]) -> yaml.SequenceNode | None:
    """Put `items` at `key`; returns the new list node when the key was not there before."""
    for n, (key_node, value) in enumerate(mapping.value):
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            mapping.value[n] = (key_node, yaml.SequenceNode(
                "tag:yaml.org,2002:seq", items, value.start_mark, value.end_mark))
            return None
    if not items:
        return None
    mark = items[0].start_mark
    sequence = yaml.SequenceNode("tag:yaml.org,2002:seq", items, mark, mark)
    mapping.value.append((yaml.ScalarNode("tag:yaml.org,2002:str", key, mark, mark), sequence))
    return sequence


def mod_info(directory: Path) -> tuple[ModSpec | None, list[str]]:
    """A mod folder's manifest and the problems reading it (for lists of mods)."""
    from .reading import Reader

    reader = Reader()
    spec, _ = read_manifest(reader, directory)
    return spec, [str(p) for p in reader.problems]

