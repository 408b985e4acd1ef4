"""What one load of a story can reuse from the load before: watch mode's reloads.

`play --watch` and `check --watch` load the same story again after each save, and a save
changes one file. A `LoadCache` kept by the watch (never a global: a fresh `load_story` always
does all its work) holds, from the last load,

- each file's parse (data and node tree) by its name and exact text: a file whose text is
  the same parses to the same values, so it is not parsed again;
- the compiled expressions, by the declared variables they were compiled against (names,
  types, ranges, values, labels and words: what the compiler reads): while those stay the
  same, a condition or effect compiled before is the same function.

Mods are merged by grafting nodes from one tree onto copies of another, so a load with mods
uses no cache (it is the slow path of an uncommon case, not a different answer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from .expr import Compiler
    from .model import Variable

Parsed = tuple[Any, yaml.Node | None]
MAX_EXPRESSIONS = 50_000  # compiled expressions kept; past it the cache starts again


@dataclass
class LoadCache:
    last: dict[str, tuple[str, Parsed]] = field(default_factory=dict)  # the last load's files
    now: dict[str, tuple[str, Parsed]] = field(default_factory=dict)  # this load's so far
    variables: tuple[object, ...] | None = None  # what `compiled` was compiled against
    compiled: dict[tuple[str, str], Any] = field(default_factory=dict)
    parsed: int = 0  # files parsed (not reused) by the last load: for tests and figures

    def parse(self, name: str, text: str, read: Callable[[str], Parsed]) -> Parsed:
        """`read(text)`, or the last load's result when this file's text is the same."""
        hit = self.last.get(name)
        if hit is not None and hit[0] == text:
            parsed = hit[1]
        else:
            parsed = read(text)  # a YamlProblem propagates and nothing is kept
            self.parsed += 1
        self.now[name] = (text, parsed)
        return parsed

    def share(self, compiler: Compiler, variables: tuple[Variable, ...]) -> None:
        """Let `compiler` start from the expressions compiled against the same variables."""
        # the label and words too: a locked reason compiled from a condition quotes them
        key = tuple((v.name, v.type, v.min, v.max, v.values, v.label, v.words)
                    for v in variables)
        if key != self.variables or len(self.compiled) > MAX_EXPRESSIONS:
            self.variables, self.compiled = key, {}
        compiler.adopt(self.compiled)

    def start(self) -> None:
        self.now, self.parsed = {}, 0

    def finish(self) -> None:
        """The load is over (with or without errors): its files are the ones to reuse."""
        self.last, self.now = self.now, {}
