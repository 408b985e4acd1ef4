"""story.yaml's declarations checked and compiled: its variables and its crew.

Split from loader.py. Every problem is reported in the file (story.yaml or a mod's) that
declared the variable or crew member, through the load's `Reader`.
"""

from __future__ import annotations

import keyword
import re
from typing import TYPE_CHECKING

from .model import CrewMember, Position, StorySpec, Variable, VarSpec
from .suggest import did_you_mean

if TYPE_CHECKING:
    from .mods import Layers
    from .reading import Reader


RESERVED_WORDS = frozenset(keyword.kwlist) | {"true", "false", "null", "none"}


def variables_of(reader: Reader, spec: StorySpec, layers: Layers) -> tuple[Variable, ...]:
    out: list[Variable] = []
    for name, var in spec.variables.items():
        file, where = layers.variable_at(name)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", name):
            reader.add(file, where, f"{name!r} is not a valid variable name "
                       "(letters, digits, underscores, dots between parts)")
            continue
        reserved = [part for part in name.split(".") if part.lower() in RESERVED_WORDS]
        if reserved:
            reader.add(file, where, f"{name!r} is not a valid variable name: {reserved[0]!r} "
                       "is a word of the expression language (true, false, and, or, not...) "
                       "or of Python; pick another word")
            continue
        initial = var.initial
        if var.type == "int":
            if isinstance(initial, bool) or not isinstance(initial, int):
                reader.add(file, where, f"{name}: initial must be a whole number")
                continue
            if var.min is not None and var.max is not None and var.min > var.max:
                reader.add(file, where, f"{name}: min {var.min} is above max {var.max}")
            if (var.min is not None and initial < var.min) or (
                var.max is not None and initial > var.max
            ):
                reader.add(file, where, f"{name}: initial {initial} is outside its range")
        elif var.type == "bool":
            if not isinstance(initial, bool):
                reader.add(file, where, f"{name}: initial must be true or false")
                continue
        else:
            if not var.values:
                reader.add(file, where, f"{name}: a string variable needs `values`")
                continue
            if initial not in var.values:
                reader.add(file, where, f"{name}: initial {initial!r} is not one of "
                           f"{var.values}")
                continue
        out.append(Variable(name, var.type, initial, var.label or name, var.min, var.max,
                            tuple(var.values) if var.values else None,
                            Position(file, *where), words_of(reader, name, var, layers)))
    return tuple(out)


def words_of(
    reader: Reader, name: str, var: VarSpec, layers: Layers
) -> tuple[tuple[str, str], ...]:
    """A string variable's `words`: how the player reads each value in the relationships
    view and in locked reasons ("in the Russian segment" rather than "ru"). Each key must be
    one of its `values` and each word a line of text; a value left out reads as written."""
    if not var.words:
        return ()
    if var.type != "string":
        reader.add(*layers.variable_at(name, "words", key=True),
                   f"{name}: `words` name how each of a string variable's `values` reads; "
                   f"{'an' if var.type == 'int' else 'a'} {var.type} variable has none")
        return ()
    values = var.values or []
    out = []
    for value, word in var.words.items():
        if value not in values:
            hint = did_you_mean(value, values)
            reader.add(*layers.variable_at(name, "words", value, key=True),
                       f"{name}: `words` names {value!r}, which is not one of its values "
                       f"{values}{hint}")
        elif not word.strip() or "\n" in word:
            reader.add(*layers.variable_at(name, "words", value),
                       f"{name}: the words for {value!r} must be one line of text")
        else:
            out.append((value, word.strip()))
    return tuple(out)


def crew_of(
    reader: Reader, spec: StorySpec, layers: Layers, variables: tuple[Variable, ...]
) -> tuple[CrewMember, ...]:
    types = {v.name: v.type for v in variables}
    crew = []
    for i, member in enumerate(spec.crew):
        for key in ("id", "name"):
            if not getattr(member, key).strip():
                reader.add(*layers.crew_at(i, key), f"the crew member's {key} is blank")
        for key, want in (("trust", "int"), ("status", "string")):
            name = getattr(member, key)
            if name is None:
                continue
            if types.get(name) != want:
                hint = did_you_mean(name, types)
                reader.add(*layers.crew_at(i, key),
                           f"{key} of {member.id} must name a declared {want} variable{hint}")
        crew.append(CrewMember(member.id, member.name, member.role, member.agency,
                               member.trust, member.status))
    return tuple(crew)
