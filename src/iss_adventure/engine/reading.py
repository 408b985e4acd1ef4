"""Reading a story's files, every problem collected as `file:line:col: message`.

Split from loader.py: the `Reader` that collects the problems of one load (and parses YAML
through watch mode's cache), converts parsed YAML to its spec (refusing unknown keys, each
with a did-you-mean), and reads one file, bounded, as UTF-8, into the story's fingerprint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
import yaml

from .atomic import NotRegular, read_bounded, why_unreadable
from .limits import MAX_FILE_BYTES
from .model import MAPPING_OF, NESTED, StorySpec, field_names
from .problems import Problem
from .startcache import STORY_FILE, digest_file
from .suggest import did_you_mean
from .yamlread import Path as KeyPath
from .yamlread import YamlProblem, locate, read_yaml

if TYPE_CHECKING:
    from .loadcache import LoadCache

S = TypeVar("S", bound=msgspec.Struct)
Node = yaml.Node | None
_PATH_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[\"?'?([^\]\"']*)")


@dataclass
class Reader:
    """Collects problems while reading one story directory."""

    problems: list[Problem] = field(default_factory=list)
    total: int = 0  # bytes read so far
    skipped: set[str] = field(default_factory=set)  # names that are not regular files
    cache: LoadCache | None = None  # watch mode: what the last load can lend this one

    def read_yaml(self, name: str, text: str) -> tuple[Any, Node]:
        """read_yaml, or the last load's parse of the same text (see loadcache.py)."""
        if self.cache is None:
            return read_yaml(text)
        return self.cache.parse(name, text, read_yaml)

    def add(self, file: str, mark: tuple[int, int], message: str, warn: bool = False) -> None:
        self.problems.append(
            Problem(file, mark[0], mark[1], message, "warning" if warn else "error")
        )

    def parse(self, name: str, text: str, spec: type[S]) -> tuple[S | None, Node]:
        """One file -> its spec, or None after reporting why; also the node tree."""
        try:
            data, node = self.read_yaml(name, text)
        except YamlProblem as err:
            self.add(name, err.mark, err.message)
            return None, None
        return self.convert(name, data, node, spec), node

    def convert(self, name: str, data: Any, node: Node, spec: type[S]) -> S | None:
        """Parsed YAML -> its spec, or None after reporting why."""
        if not isinstance(data, dict):
            what = "empty" if data is None else "not a mapping of keys"
            need = ("story.yaml needs at least title, id, start and variables"
                    if spec is StorySpec else "a scene needs at least title, act, location "
                    "and text")
            self.add(name, locate(node, []), f"the file is {what}: {need}")
            return None
        if not self._check_keys(name, data, spec, node, []):
            return None
        try:
            return msgspec.convert(data, spec, strict=True)
        except msgspec.ValidationError as err:
            message, path_steps = _split_validation(str(err))
            at_of = [s for s in path_steps if isinstance(s, str)][-2:]
            if path_steps[-1:] == ["at"] and at_of[0] in ("time", "again_time"):
                message = (f'{at_of[0]} `at` must be "HH:MM" on a 24-hour clock, '
                           'like "09:41"')
            self.add(name, locate(node, path_steps), message)
            return None

    def _check_keys(self, name: str, data: dict[Any, Any], spec: type[msgspec.Struct],
                    node: Node, path: KeyPath) -> bool:
        """Refuse unknown keys at every level, each with a did-you-mean."""
        ok = True
        allowed = field_names(spec)
        for key in data:
            if key not in allowed:
                hint = did_you_mean(str(key), allowed) or (
                    f" (expected one of: {', '.join(allowed)})")
                self.add(name, locate(node, [*path, key], key=True), f"unknown key {key!r}{hint}")
                ok = False
        for key, inner in NESTED.get(spec, {}).items():
            value = data.get(key)
            if isinstance(value, dict):
                ok = self._check_keys(name, value, inner, node, [*path, key]) and ok
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        ok = self._check_keys(name, item, inner, node, [*path, key, i]) and ok
        for key, inner in MAPPING_OF.get(spec, {}).items():
            value = data.get(key)
            if isinstance(value, dict):
                for item_key, item in value.items():
                    if isinstance(item, dict):
                        ok = self._check_keys(name, item, inner, node,
                                              [*path, key, item_key]) and ok
        return ok


def _split_validation(text: str) -> tuple[str, list[str | int]]:
    """msgspec's 'Expected `str`, got `int` - at `$.choices[0].text`' -> message and path."""
    message, _, where = text.partition(" - at `")
    steps: list[str | int] = []
    for attr, index, key in _PATH_STEP.findall(where.rstrip("`").removeprefix("$")):
        if attr:
            steps.append(attr)
        elif index:
            steps.append(int(index))
        elif key:
            steps.append(key)
    message = message.replace("`", "'").replace("Object missing", "missing")
    message = message.replace("Object contains", "contains")
    return message[:1].lower() + message[1:], steps


def printable_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes in the name, kept as surrogates by os
        return False
    return True


def shown_name(name: str) -> str:
    """A file name that can be printed: undecodable bytes shown as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_text(reader: Reader, path: Path, name: str, digest: Any) -> str | None:
    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
    except NotRegular:  # a FIFO or a device: not a scene, and reading it could block
        reader.add(name, (1, 1), "not a regular file (a FIFO, device or socket): skipped",
                   warn=name != STORY_FILE)
        reader.skipped.add(name)  # not a scene at all: links to it are errors
        return None
    except OSError as err:
        reader.add(name, (1, 1), f"cannot read the file: {why_unreadable(err)}")
        return None
    reader.total += len(raw)
    digest_file(digest, name, raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        reader.add(name, (line, 1), "the file is not UTF-8 text")
        return None
