"""JSON Schemas for scene files and story.yaml, generated from the spec Structs.

`make schema` writes docs/scene.schema.json and docs/story.schema.json; a test keeps the
committed copies in step with the model, so editors with a YAML language server complete and
check scene files exactly as the loader does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from .model import SceneSpec, StorySpec


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


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write(docs: Path) -> None:
    (docs / "scene.schema.json").write_text(render(scene_schema()))
    (docs / "story.schema.json").write_text(render(story_schema()))


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs"))
