"""What a mod's files say: `mod.yaml` and patch files, as msgspec Structs.

Like the scene specs in model.py they mirror the YAML one to one; the loader validates parsed
files against them and `iss-adventure schema` turns them into JSON Schemas for editors.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from .model import MAPPING_OF, NESTED, ChoiceSpec, CrewSpec, VariantSpec, VarSpec

MOD_FILE = "mod.yaml"
ModId = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]


class ModSpec(msgspec.Struct, forbid_unknown_fields=True):
    """mod.yaml at the root of a mod folder: who made it, which story it changes, and what it
    adds to that story's declarations."""

    id: ModId
    title: str
    version: str
    story: str  # the id of the story this mod applies to
    author: str = ""
    description: str = ""
    after: list[str] = msgspec.field(default_factory=list)  # mods to load before this one
    variables: dict[str, VarSpec] = msgspec.field(default_factory=dict)
    acts: dict[int, str] = msgspec.field(default_factory=dict)
    locations: dict[str, str] = msgspec.field(default_factory=dict)
    crew: list[CrewSpec] = msgspec.field(default_factory=list)


class PatchSpec(msgspec.Struct, forbid_unknown_fields=True):
    """A file that changes one scene of the story instead of replacing it."""

    patch: str  # the id of the scene to change
    text: str | None = None  # replaces the scene's text
    add_variants: list[VariantSpec] = msgspec.field(default_factory=list)
    add_choices: list[ChoiceSpec] = msgspec.field(default_factory=list)
    replace_choices: list[ChoiceSpec] = msgspec.field(default_factory=list)
    remove_choices: list[str] = msgspec.field(default_factory=list)


NESTED[ModSpec] = {"crew": CrewSpec}
MAPPING_OF[ModSpec] = {"variables": VarSpec}
NESTED[PatchSpec] = {"add_variants": VariantSpec, "add_choices": ChoiceSpec,
                     "replace_choices": ChoiceSpec}
