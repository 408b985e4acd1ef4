"""read_yaml's own resolver and builder against the path they replaced: PyYAML's resolver
with the YAML 1.2 core schema's implicit resolvers, then PyYAML's safe constructor. On any
document without duplicate keys (which the old path refused too, by its own walk) both give
the same values, or both refuse it."""

from __future__ import annotations

import math
import re
from typing import Any, ClassVar

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from iss_adventure.engine.limits import MAX_INT
from iss_adventure.engine.yamlread import YamlProblem, locate, read_yaml


class _OldLoader(yaml.CSafeLoader):  # type: ignore[misc]
    """engine/yamlread.py's loader before its resolver was its own (commit 9235a29)."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        sign, digits = (-1, text[1:]) if text[:1] == "-" else (1, text.lstrip("+"))
        if len(digits.lstrip("0")) > 40:
            raise OverflowError("too big")
        if digits[:2] in ("0o", "0x"):
            value = sign * int(digits[2:], 8 if digits[1] == "o" else 16)
        else:
            value = sign * int(digits, 10)
        if abs(value) > MAX_INT:
            raise OverflowError("too big")
        return value

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> bool:
        return str(self.construct_scalar(node)).lower() == "true"


_OldLoader.add_implicit_resolver("tag:yaml.org,2002:bool",
                                 re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                 list("tTfF"))
_OldLoader.add_implicit_resolver("tag:yaml.org,2002:int",
                                 re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
                                 list("-+0123456789"))
_OldLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)
_OldLoader.add_implicit_resolver("tag:yaml.org,2002:null",
                                 re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_OldLoader.add_constructor("tag:yaml.org,2002:int", _OldLoader.construct_yaml_int)
_OldLoader.add_constructor("tag:yaml.org,2002:bool", _OldLoader.construct_yaml_bool)


def _outcome(read: Any, text: str) -> tuple[str, str]:
    """('ok', repr of the value) or ('refused', ''): repr tells True from 1 and nan from nan."""
    try:
        return "ok", repr(read(text))
    except (YamlProblem, yaml.YAMLError, ValueError, OverflowError):
        return "refused", ""


def _old(text: str) -> Any:
    return yaml.load(text, Loader=_OldLoader)


def _new(text: str) -> Any:
    return read_yaml(text)[0]


# Plain scalars that sit near a type's edge, and ones drawn from the characters that matter.
EDGES = ["No", "yes", "on", "off", "y", "true", "True", "TRUE", "tRue", "false", "FALSE",
         "6:12", "010", "0o17", "0o8", "0x1F", "0xg", "0b101", "+12", "-0", "1_000", "1e3",
         "1E+3", "1.", ".5", "+.5", "-.5e-2", ".", "..", ".inf", "-.Inf", "+.INF", ".NaN",
         ".nan", "-.nan", "~", "null", "Null", "NULL", "nULL", "2024-01-19", "12:30:00",
         "1" * 45, "-" + "9" * 20, "0x" + "f" * 30, "a b", "trust.a >= 3", "x += 1"]
PLAIN = st.one_of(st.sampled_from(EDGES),
                  st.from_regex(r"[-+.~0-9a-fnoxA-FNTe][-+.:_0-9a-fnoxA-FNTe]{0,6}",
                                fullmatch=True))
QUOTED = st.sampled_from(EDGES).map(lambda s: f'"{s}"')
TAGGED = st.sampled_from(["!!str 5", "!!int 0x1F", "!!int '12'", "!!float 1:30",
                          "!!float 1_0.5", "!!float .inf", "!!bool yes", "! 12", "!!null ''",
                          "!!float x"])
SCALAR = st.one_of(PLAIN, QUOTED, TAGGED)


def _document(tree: Any, indent: str = "") -> str:
    if isinstance(tree, dict):
        out = []
        for n, (key, value) in enumerate(tree.items()):
            head = f"{indent}k{n}_{key}:"
            out.append(head + (" " + value if isinstance(value, str) else "\n"
                               + _document(value, indent + "  ")))
        return "\n".join(out) if out else indent + "{}"
    if isinstance(tree, list):
        out = [f"{indent}- " + (item if isinstance(item, str) else "\n"
                                + _document(item, indent + "  ")) for item in tree]
        return "\n".join(out) if out else indent + "[]"
    return indent + str(tree)


TREES = st.recursive(
    SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.from_regex(r"[a-z]{1,3}", fullmatch=True), inner,
                                            max_size=4)),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(TREES)
def test_old_and_new_paths_agree_on_any_document(tree: Any) -> None:
    text = _document(tree) + "\n"
    assert _outcome(_new, text) == _outcome(_old, text), text


@settings(max_examples=300, deadline=None)
@given(SCALAR)
def test_old_and_new_paths_agree_on_every_scalar(scalar: str) -> None:
    for text in (f"a: {scalar}\n", f"- {scalar}\n", f"[{scalar}]\n", f"{{{scalar}: 1}}\n"):
        assert _outcome(_new, text) == _outcome(_old, text), text


@pytest.mark.parametrize(
    ("scalar", "value"),
    [("!!float 1:30", 90.0), ("!!int '0x1F'", 31), ("! 12", 12), ("!!str 5", "5"),
     ("!!bool yes", False), ("''", ""), ("", None), ("-.5e-2", -0.005), ("0o17", 15)],
)
def test_explicit_tags_and_edges(scalar: str, value: object) -> None:
    # `! 12` is 12, as before: libyaml hands a `!`-tagged plain scalar to the resolver
    assert read_yaml(f"a: {scalar}\n")[0] == {"a": value}


def test_nan_and_infinities() -> None:
    data = read_yaml("[.nan, -.Inf, +.inf]")[0]
    assert math.isnan(data[0]) and data[1:] == [-math.inf, math.inf]


def test_a_refused_value_still_points_at_its_place() -> None:
    with pytest.raises(YamlProblem) as err:
        read_yaml("a: 1\nb:\n  - x\n  - " + "9" * 50 + "\n")
    assert err.value.mark == (4, 5)
    with pytest.raises(YamlProblem) as err:
        read_yaml("a: 1\nb: {c: 2, c: 3}\n")
    assert err.value.mark == (2, 11) and "duplicate key 'c'" in err.value.message
    with pytest.raises(YamlProblem) as err:
        read_yaml("a: 1\n? [x]\n: 2\n")
    assert err.value.mark == (2, 3) and "plain value" in err.value.message


def test_locate_finds_keys_values_and_numbered_keys() -> None:
    _, node = read_yaml("acts:\n  1: One\nlist:\n  - a\n  - {b: 2}\n")
    assert locate(node, ["acts", 1]) == (2, 6)
    assert locate(node, ["acts", 1], key=True) == (2, 3)
    assert locate(node, ["list", 1, "b"]) == (5, 9)
    assert locate(node, ["list", 7, "b"]) == (4, 3)  # as deep as found: the list
    assert locate(node, []) == (1, 1)
