"""The committed JSON Schemas match the model, and accept the shipped scene files."""

from __future__ import annotations

from pathlib import Path

from iss_adventure.engine.schema import render, scene_schema, story_schema

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_committed_schemas_are_current() -> None:
    assert (DOCS / "scene.schema.json").read_text() == render(scene_schema()), \
        "docs/scene.schema.json is stale: run `make schema`"
    assert (DOCS / "story.schema.json").read_text() == render(story_schema()), \
        "docs/story.schema.json is stale: run `make schema`"


def test_schema_refuses_unknown_keys_and_names_if() -> None:
    schema = scene_schema()
    scene = schema["$defs"]["SceneSpec"]
    assert scene["additionalProperties"] is False
    assert {"title", "act", "location", "text"} <= set(scene["required"])
    assert "if" in schema["$defs"]["ChoiceSpec"]["properties"]
