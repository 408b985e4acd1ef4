"""Seeded mutation for `make fuzz`: byte-level damage, structure-aware damage of YAML and
JSON documents, and dictionaries of the shapes hostile input takes (aliases, deep nesting,
huge numbers, control characters). Every function takes its `random.Random`, so an input is a
pure function of the campaign seed and its index."""

from __future__ import annotations

import json
import random
from typing import Any

MAX_NODES = 200_000
MAX_ITEMS = 5_000  # repeated mutation must not grow a document without end (the fuzzer's own hang)

YAML_TOKENS = [
    "&a ", "*a", "&b [*b]", "x: &a [*a]\n", "[" * 80, "{" * 80, "]" * 5, "- " * 70,
    "!!python/object:os.system ",
    "!!binary ", "<<: *a\n", ".inf", "-.inf", ".nan", "9" * 30, "9" * 5000, "0x" + "f" * 30,
    "0o777", "1e400", "? ", ": ", "---\n", "...\n", "%YAML 1.1\n", "|\n", ">-\n", "\t", "\ufeff",
    "\x00", "\x1b]0;owned\x07", '"\\e[2J"', '"\\x9b"', "\x9b", "\u202e", "~", "null", "''",
    "' '", '" "', "true", "No", "6:12", "010", "*emph*", "**", "__", "> quote", "\n" * 3,
    "x" * 200, "é", "\U0001f680", "\r\n", "if: ", "goto: ", "do: [", "timeout: {seconds: ",
    "choice: ", "ending: {id: x, title: t, tone: good, summary: s}\n", "once: true\n",
    "hide_locked: true\n", "trust.anna", "knows.secret", "mood", " and ", " or ", "not ",
    " >= ", " == ", " += ", " -= ", " = ", "name: ' '", "a/hatch", "a/module", "end/home",
]
EXPR_TOKENS = [
    "trust.anna", "trust.boris", "knows.secret", "mood", "true", "false", "'calm'", "'tense'",
    " and ", " or ", "not ", "(", ")", " + ", " - ", " * ", " ** ", " / ", " // ", " % ",
    " == ", " != ", " < ", " <= ", " > ", " >= ", " = ", " += ", " -= ", "-", "+", "~",
    "9" * 20, "9" * 400, "1e9", "0x10", "1_000", "[1]", "{}", "lambda: 0", "__import__('os')",
    "x if y else z", ":=", ";", "\n", "\x00", "\x1b[2J", "'\\x9b'", "'" + "a" * 300 + "'",
    "not " * 60, "-" * 120, "+n" * 60, "(" * 60, ")" * 60, "trust.anna.x", "a.b.c",
    "1 < 2 < 3 < 4", "True", "None", "...", "f'{x}'", "b'x'", "\\", "#",
]
JSON_VALUES: list[Any] = [
    10**30, -(10**18), 10**7, -1, 0, 2**63, 1.5, -0.0, 1e308, True, False, None, "", "x" * 5000,
    "\x1b]0;owned\x07", "\x9b", "made/up", "a/hatch", "a/module", "end/home", [], {}, [[]],
    ["a/hatch", "knock"], [["a/hatch", "knock"]] * 3, [["fake/" + str(n), "go"] for n in range(50)],
    {"format": 1}, "\u202e", "tense", "calm",
]


SCENE_VALUES: list[Any] = [
    "\x1b]0;owned\x07", "Title \x1b[2J\x9b", "\x1b[31mred\x1b[0m", "\x9b", "\u202e", " ", "",
    "x" * 5000, "word " * 2000, "*a " * 300, "> quote\n" * 50, "- item\n" * 50, "# h\n",
    "a/hatch", "a/module", "a/truss", "end/home", "end/quiet", "made/up", "knock", "leave",
    "trust.anna >= 2", "not knows.secret", "mood == 'tense'", "trust.anna = 3",
    "trust.anna += 1000000000000000", "trust.anna -= 1000000000000000",
    "trust.anna * trust.anna * 999999999999999 > 5", "trust.boris == " + "9" * 15,
    "knows.secret = true", "mood = 'calm'", "true", "false",
    10**15, -(10**15), 10**15 + 1, 0, -1, 1, 3, 100, 86400, 0.001, 1e-300, float("inf"),
    float("nan"), True, False, None, [], {}, ["trust.anna += 1"],
    [{"to": "end/home", "if": "knows.secret"}, {"to": "a/module"}],
    {"seconds": 0.01, "choice": "leave"}, {"seconds": float("inf"), "choice": "leave"},
    {"id": "x", "title": "\x1b]0;t\x07", "tone": "good", "summary": "\x9b"},
    {"if": "true", "text": "\x1b[2J always"},
    {"type": "int", "initial": 0}, {"type": "int", "initial": 5, "min": 0, "max": 3},
    {"type": "int", "initial": -5}, {"type": "string", "values": ["\x1b", "b"], "initial": "b"},
    {"id": "c", "name": "\x1b]0;n\x07 C", "role": "r", "agency": "a", "trust": "trust.anna"},
    {"id": "d", "name": "Dee", "role": "r", "agency": "a", "trust": "knows.secret"},
]


def mutate_tree(rng: random.Random, value: Any) -> Any:
    """Replace, delete or add one value somewhere in a scene's decoded YAML."""
    if isinstance(value, dict) and value and rng.random() < 0.92:
        copy = dict(value)
        key = rng.choice(list(copy))
        roll = rng.random()
        if roll < 0.08:
            del copy[key]
        elif roll < 0.16:
            copy[rng.choice(["timeout", "ending", "variants", "on_enter", "time", "crew",
                             "once", "hide_locked", "locked", "\x1b"])] = rng.choice(SCENE_VALUES)
        else:
            copy[key] = mutate_tree(rng, copy[key])
        return copy
    if isinstance(value, list) and value and rng.random() < 0.92:
        items = list(value)
        i = rng.randrange(len(items))
        roll = rng.random()
        if roll < 0.1:
            del items[i]
        elif roll < 0.2:
            items.append(rng.choice(SCENE_VALUES))
        elif roll < 0.25:
            items = (items * rng.choice((2, 20, 200)))[:MAX_ITEMS]
        else:
            items[i] = mutate_tree(rng, items[i])
        return items
    if rng.random() < 0.8:  # mostly a value of the same type, so the file still loads
        same = [v for v in SCENE_VALUES if type(v) is type(value)]
        if same:
            return rng.choice(same)
    return rng.choice(SCENE_VALUES)


def mutate_yaml(rng: random.Random, data: bytes) -> bytes:
    """Structural damage that mostly still loads: hostile values of the right shapes."""
    import yaml

    tree = yaml.safe_load(data)
    for _ in range(rng.choice((1, 1, 2, 3))):
        mutated = mutate_tree(rng, tree)
        if _nodes(mutated, MAX_NODES // 10) <= MAX_NODES // 10:
            tree = mutated
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode()


def mutate_file(rng: random.Random, data: bytes) -> bytes:
    if rng.random() < 0.6:
        return mutate_yaml(rng, data)
    return mutate_bytes(rng, data, YAML_TOKENS)


def mutate_bytes(rng: random.Random, data: bytes, tokens: list[str]) -> bytes:
    """A few random edits: flips, inserts, deletes, duplicates, dictionary tokens, truncation."""
    buf = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3, 5, 8))):
        op = rng.randrange(8)
        at = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(at, len(buf) - 1)] = rng.randrange(256)
        elif op == 1:
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        elif op == 2 and buf:
            del buf[at:at + rng.randrange(1, 64)]
        elif op == 3 and buf:
            start = rng.randrange(len(buf))
            chunk = buf[start:start + rng.randrange(1, 200)]
            buf[at:at] = chunk * rng.choice((1, 2, 10, 100))
        elif op == 4:
            buf[at:at] = rng.choice(tokens).encode("utf-8", "surrogatepass")
        elif op == 5:
            token = rng.choice(tokens).encode("utf-8", "surrogatepass")
            buf[at:at] = token * rng.choice((2, 10, 200, 1000))
        elif op == 6 and buf:
            del buf[at:]
        else:  # replace a line's value
            line_start = buf.rfind(b"\n", 0, at) + 1
            colon = buf.find(b": ", line_start)
            end = buf.find(b"\n", line_start)
            if 0 <= colon < (end if end >= 0 else len(buf)):
                buf[colon + 2:end if end >= 0 else len(buf)] = rng.choice(tokens).encode(
                    "utf-8", "surrogatepass")
    return bytes(buf[: 256 * 1024])


def mutate_json(rng: random.Random, value: Any, depth: int = 0) -> Any:
    """Replace, delete or add one value somewhere in a decoded JSON document."""
    if isinstance(value, dict) and value and rng.random() < 0.8:
        key = rng.choice(list(value))
        copy = dict(value)
        roll = rng.random()
        if roll < 0.1:
            del copy[key]
        elif roll < 0.15:
            copy[rng.choice(["\x1b[2J", "extra", "format", "log", "vars"])] = rng.choice(
                JSON_VALUES)
        else:
            copy[key] = mutate_json(rng, value[key], depth + 1)
        return copy
    if isinstance(value, list) and value and rng.random() < 0.8:
        copy_list = list(value)
        i = rng.randrange(len(copy_list))
        roll = rng.random()
        if roll < 0.1:
            del copy_list[i]
        elif roll < 0.2:
            copy_list.append(rng.choice(JSON_VALUES))
        elif roll < 0.25:
            copy_list = (copy_list * rng.choice((2, 100, 5000)))[:MAX_ITEMS]
        else:
            copy_list[i] = mutate_json(rng, copy_list[i], depth + 1)
        return copy_list
    roll = rng.random()
    if roll < 0.05:
        nested: Any = 0
        for _ in range(rng.choice((40, 1000, 20_000))):
            nested = [nested]
        return nested
    return rng.choice(JSON_VALUES)


def _nodes(value: Any, budget: int) -> int:
    """How many values `value` holds, counting no further than just past `budget`."""
    count, stack = 0, [value]
    while stack and count <= budget:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def json_bytes(rng: random.Random, document: Any) -> bytes:
    """A damaged rendering of `document`: structural, then sometimes byte-level damage."""
    for _ in range(rng.choice((1, 1, 2, 4))):
        mutated = mutate_json(rng, document)
        if _nodes(mutated, MAX_NODES) <= MAX_NODES:  # else the fuzzer itself would hang
            document = mutated
    try:
        data = json.dumps(document).encode()
    except (ValueError, RecursionError):
        data = b"[" * 100_000
    if rng.random() < 0.3:
        data = mutate_bytes(rng, data, ['[', ']', '{', '"', "\\", "1e999", "-", "\x1b"])
    if rng.random() < 0.02:
        data = b"[" * rng.choice((100, 100_000))
    return data


