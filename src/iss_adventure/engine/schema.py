"""JSON Schemas for scene files and story.yaml, generated from the spec Structs.

`make schema` (or `iss-adventure schema DIR`) writes the scene, story, mod and patch schemas;
a test keeps the committed copies in step with the model, so editors with a YAML language
server complete and check scene files exactly as the loader does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from .model import SceneSpec, StorySpec
from .modspec import ModSpec, PatchSpec


def _schema(spec: type[msgspec.Struct], title: str, description: str) -> dict[str, Any]:
    schema: dict[str, Any] = msgspec.json.schema(spec)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    schema["description"] = description
    return schema


def scene_schema() -> dict[str, Any]:
    return _schema(SceneSpec, "ISS Adventure scene file",
                   "One scene of an ISS Adventure story (format 1). See docs/scene-format.md.")


def story_schema() -> dict[str, Any]:
    return _schema(StorySpec, "ISS Adventure story.yaml",
                   "The declarations of an ISS Adventure story (format 1).")


def mod_schema() -> dict[str, Any]:
    return _schema(ModSpec, "ISS Adventure mod.yaml",
                   "The manifest of an ISS Adventure mod. See docs/modding.md.")


def patch_schema() -> dict[str, Any]:
    return _schema(PatchSpec, "ISS Adventure patch file",
                   "A mod file that changes one scene of the story. See docs/modding.md.")


SCHEMAS = {"scene": scene_schema, "story": story_schema, "mod": mod_schema,
           "patch": patch_schema}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write(docs: Path) -> list[Path]:
    """Write scene, story, mod and patch schemas into `docs`; returns the files written."""
    written = []
    for name, make in SCHEMAS.items():
        path = docs / f"{name}.schema.json"
        path.write_text(render(make()))
        written.append(path)
    return written


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs"))
