"""Reading YAML with libyaml under the YAML 1.2 core schema, keeping where things were written.

PyYAML's defaults are YAML 1.1: `No` is false, `6:12` is the integer 372, `010` is 8 and dates
become datetimes. Scene files want YAML 1.2 core: only true/false are booleans, integers are
decimal (or 0o/0x), and everything else is text. libyaml composes the node tree in C; the
ordinary constructor turns it into plain dicts and lists (so loading costs what a bare parse
costs), and the node tree is kept so a problem can be located by its path when one is found.
"""

from __future__ import annotations

import re
import warnings
from typing import Any, ClassVar

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

Mark = tuple[int, int]  # 1-based line and column
Path = list[str | int]

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"


class YamlProblem(Exception):
    def __init__(self, message: str, mark: Mark) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


class _Loader(_BaseLoader):  # type: ignore[misc]
    """A safe loader with the YAML 1.2 core schema."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        sign, digits = (-1, text[1:]) if text[:1] == "-" else (1, text.lstrip("+"))
        if digits[:2] in ("0o", "0x"):
            return sign * int(digits[2:], 8 if digits[1] == "o" else 16)
        return sign * int(digits, 10)

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> bool:
        return str(self.construct_scalar(node)).lower() == "true"

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise YamlProblem(f"unsupported tag {node.tag}", _mark(node))


_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_implicit_resolver(_INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
                              list("-+0123456789"))
_Loader.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)
_Loader.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"),
                              ["~", "n", "N", ""])
_Loader.add_constructor(_INT, _Loader.construct_yaml_int)
_Loader.add_constructor(_BOOL, _Loader.construct_yaml_bool)
_Loader.add_constructor(None, _Loader.construct_undefined)


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


def _build(node: yaml.Node, loader: _Loader) -> Any:
    """Nodes -> plain values. Scene files hold only scalars, lists and mappings, so this does
    what PyYAML's general constructor does without its per-node bookkeeping."""
    kind = node.__class__
    if kind is yaml.ScalarNode:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _NULL:
            return None
        if tag in (_INT, _BOOL, _FLOAT):
            return loader.construct_object(node)
        raise YamlProblem(f"unsupported tag {tag}", _mark(node))
    if kind is yaml.MappingNode:
        if node.tag != _MAP:
            raise YamlProblem(f"unsupported tag {node.tag}", _mark(node))
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _build(key_node, loader)
            try:
                duplicate = key in mapping
            except TypeError:
                raise YamlProblem("a key must be a plain value", _mark(key_node)) from None
            if duplicate:
                raise YamlProblem(f"duplicate key {key!r}", _mark(key_node))
            mapping[key] = _build(value_node, loader)
        return mapping
    if node.tag != _SEQ:
        raise YamlProblem(f"unsupported tag {node.tag}", _mark(node))
    return [_build(item, loader) for item in node.value]


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def read_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document; returns the data and its node tree (for `locate`)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else _build(node, loader)
    except yaml.MarkedYAMLError as err:
        raise YamlProblem(*_syntax(err)) from None
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + 1
        col = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        code = err.character if isinstance(err.character, int) else ord(str(err.character)[:1])
        raise YamlProblem(f"YAML syntax: control character U+{code:04X} is not allowed in a "
                          "YAML file (delete it, or write it as an escape inside double "
                          "quotes)", (line, col)) from None
    except yaml.YAMLError as err:
        raise YamlProblem(f"YAML syntax: {err}", (1, 1)) from None
    except (ValueError, OverflowError) as err:
        raise YamlProblem(f"cannot read a value: {err}", (1, 1)) from None
    finally:
        loader.dispose()
    return data, node


def _syntax(err: yaml.MarkedYAMLError) -> tuple[str, Mark]:
    """The parser's complaint at the line it noticed it, and where the construct it was
    reading opened, when that is elsewhere (an unclosed `[`, `{` or quote)."""
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = f"YAML syntax: {err.problem or err.context}"
    opened = err.context_mark
    if err.problem and err.context and opened is not None and opened.line + 1 != line:
        what = err.context.removeprefix("while ").replace("scanning ", "reading ")
        what = what.replace("parsing ", "reading ")
        message += (f" (while {what} that opened at line {opened.line + 1}, column "
                    f"{opened.column + 1}: is a bracket or quote left open there?)")
    return message, (line, col)


def file_at(node: yaml.Node | None, path: Path, default: str, grafts: dict[int, str]) -> str:
    """Which file the value at `path` was written in: a merged scene's nodes come from the
    base story and from mods; `grafts` maps a grafted node (by id) to its file."""
    if not grafts or node is None:
        return default
    file = grafts.get(id(node), default)
    for step in path:
        found = child_node(node, step)
        if found is None:
            break
        node = found
        file = grafts.get(id(node), file)
    return file


def child_node(node: yaml.Node, step: str | int, key: bool = False) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                return key_node if key else value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and (
        0 <= step < len(node.value)
    ):
        return node.value[step]  # type: ignore[no-any-return]
    return None


def locate(node: yaml.Node | None, path: Path, key: bool = False) -> Mark:
    """Where the value at `path` was written (or its key, with key=True), as deep as found."""
    if node is None:
        return (1, 1)
    mark = _mark(node)
    for n, step in enumerate(path):
        found = child_node(node, step, key=key and n == len(path) - 1)
        if found is None:
            break
        node, mark = found, _mark(found)
    return mark
