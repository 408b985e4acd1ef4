"""Reading YAML with libyaml, YAML 1.2 booleans, and the position of every value.

PyYAML composes the node tree in C; we turn nodes into plain dicts and lists ourselves,
keeping each value's line and column so that later problems point at the exact place.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import yaml

try:
    _BaseLoader: type[Any] = yaml.CSafeLoader
    HAVE_LIBYAML = True
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader
    HAVE_LIBYAML = False
    warnings.warn(
        "PyYAML was built without libyaml: loading scenes will be about ten times slower. "
        "Reinstall PyYAML from a wheel that includes the C extension.",
        RuntimeWarning,
        stacklevel=2,
    )


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader whose only booleans are true and false (YAML 1.2), so `No` stays text."""


_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

Mark = tuple[int, int]  # 1-based line and column


class MDict(dict[Any, Any]):
    """A mapping that remembers where it, each key and each value were written."""

    __slots__ = ("key_marks", "mark", "marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.marks: dict[Any, Mark] = {}
        self.key_marks: dict[Any, Mark] = {}


class MList(list[Any]):
    """A sequence that remembers where it and each item were written."""

    __slots__ = ("mark", "marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.marks: list[Mark] = []


class YamlProblem(Exception):
    def __init__(self, message: str, mark: Mark) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"


def _scalar(node: yaml.ScalarNode) -> Any:
    tag, value = node.tag, node.value
    if tag == _STR:
        return value
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _INT:
        text = value.replace("_", "")
        try:
            if text.lower().startswith(("0x", "-0x", "+0x")):
                return int(text, 16)
            if text.lower().startswith(("0o", "-0o", "+0o")):
                return int(text, 8)
            return int(text, 10)
        except ValueError:
            return value
    if tag == _NULL:
        return None
    if tag == _FLOAT:
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value


def _convert(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.MappingNode):
        out = MDict(_mark(node))
        for key_node, value_node in node.value:
            key = _convert(key_node)
            if isinstance(key, (MDict, MList)):
                raise YamlProblem("a key must be a plain value", _mark(key_node))
            if key in out:
                raise YamlProblem(f"duplicate key {key!r}", _mark(key_node))
            out[key] = _convert(value_node)
            out.key_marks[key] = _mark(key_node)
            out.marks[key] = _mark(value_node)
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = MList(_mark(node))
        for item in node.value:
            seq.append(_convert(item))
            seq.marks.append(_mark(item))
        return seq
    raise YamlProblem("unsupported YAML node", _mark(node))  # pragma: no cover


def read_yaml(text: str) -> Any:
    """Parse one YAML document into MDict/MList/scalars; problems raise YamlProblem."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem(f"YAML syntax: {err.problem or err.context}", (line, col)) from None
    except yaml.YAMLError as err:
        raise YamlProblem(f"YAML syntax: {err}", (1, 1)) from None
    finally:
        loader.dispose()
    if node is None:
        return None
    if node.tag not in (_STR, _INT, _FLOAT, _NULL, _BOOL) and isinstance(node, yaml.ScalarNode):
        raise YamlProblem(f"unsupported tag {node.tag}", _mark(node))
    return _convert(node)


def locate(data: Any, path: list[str | int]) -> Mark:
    """The position of the value at `path` (keys and indices), as deep as it can be found."""
    mark: Mark = getattr(data, "mark", (1, 1))
    node = data
    for step in path:
        if isinstance(node, MDict) and step in node:
            mark = node.marks[step]
            node = node[step]
        elif isinstance(node, MList) and isinstance(step, int) and 0 <= step < len(node):
            mark = node.marks[step]
            node = node[step]
        else:
            break
    return mark
