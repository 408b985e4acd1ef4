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

from .limits import MAX_ALIASES, MAX_EXPANDED, MAX_INT, MAX_LINE_CHARS, MAX_NESTING

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


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_TOO_BIG = f"a whole number may be at most {MAX_INT:,} either side of zero"

# The YAML 1.2 core schema's plain scalars, one alternative per tag, tried in this order (as
# PyYAML tries implicit resolvers: bool, int, float, null); everything else is text. One
# match per plain scalar, instead of PyYAML's lookup of resolvers by first character.
_PLAIN = re.compile(
    r"(?:(true|True|TRUE|false|False|FALSE)"
    r"|([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)"
    r"|([-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))"
    r"|(~|null|Null|NULL|))$"
)
_PLAIN_TAGS = (_STR, _BOOL, _INT, _FLOAT, _NULL)  # by the number of the group that matched
_MAYBE_TYPED = frozenset("tTfF-+0123456789.~nN")  # first characters of the typed scalars


class _Loader(_BaseLoader):  # type: ignore[misc]
    """A safe loader with the YAML 1.2 core schema.

    libyaml's composer (in C) asks `resolve` for the tag of every node it builds: a plain
    scalar is matched once against `_PLAIN`; a quoted one is text. There are no path
    resolvers, so the composer's calls to descend and ascend do nothing.
    """

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}

    def resolve(self, kind: type[yaml.Node], value: str | None,
                implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0] and (not value or value[0] in _MAYBE_TYPED):
                found = _PLAIN.match(value or "")
                if found is not None:
                    return _PLAIN_TAGS[found.lastindex or 0]
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


def _int(node: yaml.Node) -> int:
    text: str = node.value
    sign, digits = (-1, text[1:]) if text[:1] == "-" else (1, text.lstrip("+"))
    if len(digits.lstrip("0")) > 40:  # never convert a 5,000-digit number just to refuse it
        raise YamlProblem(_TOO_BIG, _mark(node))
    if digits[:2] in ("0o", "0x"):
        value = sign * int(digits[2:], 8 if digits[1] == "o" else 16)
    else:
        value = sign * int(digits, 10)
    if abs(value) > MAX_INT:
        raise YamlProblem(_TOO_BIG, _mark(node))
    return value


def _float(node: yaml.Node) -> float:
    """As PyYAML reads a float (with an explicit `!!float` tag, `1:30` is sexagesimal)."""
    text: str = node.value.replace("_", "").lower()
    sign = -1.0 if text[:1] == "-" else 1.0
    if text[:1] in ("+", "-"):
        text = text[1:]
    if text == ".inf":
        return sign * float("inf")
    if text == ".nan":
        return float("nan")
    if ":" in text:
        value, base = 0.0, 1.0
        for part in reversed(text.split(":")):
            value += float(part) * base
            base *= 60
        return sign * value
    return sign * float(text)


def _scalar(node: yaml.Node) -> Any:
    """A scalar node -> its value, by the tag `resolve` gave it (or an explicit one)."""
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _NULL:
        return None
    if tag == _INT:
        return _int(node)
    if tag == _BOOL:
        return node.value.lower() == "true"
    if tag == _FLOAT:
        return _float(node)
    raise YamlProblem(f"unsupported tag {tag}", _mark(node))


def _build(node: yaml.Node, depth: int = 0) -> Any:
    """Nodes -> plain values. Scene files hold only scalars, lists and mappings, so this does
    what PyYAML's general constructor does without its per-node bookkeeping. `depth` is
    checked before each level is entered; aliases are handled by `_Aliases`."""
    kind = node.__class__
    if kind is _ScalarNode:
        return node.value if node.tag == _STR else _scalar(node)
    if depth >= MAX_NESTING:
        raise YamlProblem(f"nested more than {MAX_NESTING} levels deep", _mark(node))
    depth += 1
    if kind is _MappingNode:
        if node.tag != _MAP:
            raise YamlProblem(f"unsupported tag {node.tag}", _mark(node))
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is _ScalarNode and key_node.tag == _STR:
                key = key_node.value  # the usual key: text
            else:
                key = _build(key_node, depth)
                try:
                    hash(key)
                except TypeError:
                    raise YamlProblem("a key must be a plain value",
                                      _mark(key_node)) from None
            if key in mapping:
                raise YamlProblem(f"duplicate key {key!r}", _mark(key_node))
            if value_node.__class__ is _ScalarNode and value_node.tag == _STR:
                mapping[key] = value_node.value  # the usual value: text
            else:
                mapping[key] = _build(value_node, depth)
        return mapping
    if node.tag != _SEQ:
        raise YamlProblem(f"unsupported tag {node.tag}", _mark(node))
    return [_build(item, depth) for item in node.value]


_ScalarNode = yaml.ScalarNode
_MappingNode = yaml.MappingNode


class _Aliases:
    """Builds a node graph that has anchors and aliases, where one node can appear many times.

    Each node is built once and its value shared, so an alias bomb (nine levels of ten aliases)
    costs nothing to build; but code after the reader walks the value as a tree, so the size of
    that tree (every alias expanded) is counted, and uses of aliases, and both are limited. An
    alias inside the node it names (`x: &a [*a]`) is refused.
    """

    def __init__(self) -> None:
        self.done: dict[int, tuple[Any, int]] = {}  # id(node) -> (value, expanded size)
        self.open: set[int] = set()
        self.uses = 0

    def build(self, node: yaml.Node, depth: int = 0) -> tuple[Any, int]:
        key = id(node)
        hit = self.done.get(key)
        if hit is not None:
            self.uses += 1
            if self.uses > MAX_ALIASES:
                raise YamlProblem(f"more than {MAX_ALIASES} aliases in one file", _mark(node))
            return hit
        if key in self.open:
            raise YamlProblem("an alias refers to the value that holds it", _mark(node))
        kind = node.__class__
        if kind is yaml.ScalarNode:
            result = (_build(node), 1)
        else:
            if depth >= MAX_NESTING:
                raise YamlProblem(f"nested more than {MAX_NESTING} levels deep", _mark(node))
            self.open.add(key)
            result = self._collection(node, depth)
            self.open.discard(key)
        if result[1] > MAX_EXPANDED:
            raise YamlProblem(f"with its aliases expanded this file holds more than "
                              f"{MAX_EXPANDED:,} values", _mark(node))
        self.done[key] = result
        return result

    def _collection(self, node: yaml.Node, depth: int) -> tuple[Any, int]:
        size = 1
        if node.__class__ is yaml.MappingNode:
            if node.tag != _MAP:
                raise YamlProblem(f"unsupported tag {node.tag}", _mark(node))
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key, key_size = self.build(key_node, depth + 1)
                try:
                    duplicate = key in mapping
                except TypeError:
                    raise YamlProblem("a key must be a plain value", _mark(key_node)) from None
                if duplicate:
                    raise YamlProblem(f"duplicate key {key!r}", _mark(key_node))
                mapping[key], value_size = self.build(value_node, depth + 1)
                size += key_size + value_size
                if size > MAX_EXPANDED:
                    break
            return mapping, size
        if node.tag != _SEQ:
            raise YamlProblem(f"unsupported tag {node.tag}", _mark(node))
        items = []
        for item in node.value:
            value, item_size = self.build(item, depth + 1)
            items.append(value)
            size += item_size
            if size > MAX_EXPANDED:
                break
        return items, size


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


_LONG_LINE = re.compile(f"^[^\n]{{{MAX_LINE_CHARS + 1}}}", re.MULTILINE)


def read_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document; returns the data and its node tree (for `locate`)."""
    long_line = _LONG_LINE.search(text)
    if long_line is not None:
        line = text.count("\n", 0, long_line.start()) + 1
        raise YamlProblem(f"a line longer than {MAX_LINE_CHARS:,} characters", (line, 1))
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            data = None
        elif "&" in text:  # anchors, so perhaps aliases: one node may appear many times
            data = _Aliases().build(node)[0]
        else:
            data = _build(node)
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
        want = step if isinstance(step, str) else str(step)
        for key_node, value_node in node.value:
            if key_node.value == want and isinstance(key_node, yaml.ScalarNode):
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
    last = len(path) - 1
    for n, step in enumerate(path):
        found = child_node(node, step, key=key and n == last)
        if found is None:
            break
        node = found
    return _mark(node)
