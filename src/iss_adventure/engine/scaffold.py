"""`iss-adventure new story|mod DIR`: a small story or mod that checks clean, to start from.

Each new folder gets its own copy of the JSON Schemas in `schemas/`, and every YAML file a
modeline pointing at it by a relative path, so completion works in any editor with the YAML
language server, outside a checkout and after the folder is moved.
"""

from __future__ import annotations

import re
from pathlib import Path

from .schema import write as write_schemas

SCHEMA_DIR = "schemas"


class ScaffoldError(Exception):
    """The folder cannot be made; str() says why."""


def folder_id(directory: Path) -> str:
    """An id from a folder's name: lowercase letters, digits, '-' and '_'."""
    name = re.sub(r"[^a-z0-9_-]+", "-", directory.resolve().name.lower()).strip("-_")[:64]
    return name or "my-story"


def _modeline(file: str, schema: str) -> str:
    depth = file.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{schema}.schema.json\n"


def _write(directory: Path, files: dict[str, tuple[str, str]]) -> list[Path]:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScaffoldError(f"{directory} already exists and is not an empty folder: "
                            "choose a new name")
    written = []
    try:
        for name, (schema, body) in files.items():
            path = directory / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_modeline(name, schema) + body, encoding="utf-8")
            written.append(path)
        (directory / SCHEMA_DIR).mkdir(exist_ok=True)
        write_schemas(directory / SCHEMA_DIR)
    except OSError as err:
        raise ScaffoldError(f"cannot write {directory}: {err.strerror or err}") from None
    return written


def new_story(directory: Path) -> list[Path]:
    """A start, two scenes and two endings; one variable that matters."""
    sid = folder_id(directory)
    return _write(directory, {
        "story.yaml": ("story", STORY.replace("{id}", sid)),
        "start.yaml": ("scene", START),
        "hatch.yaml": ("scene", HATCH),
        "window.yaml": ("scene", WINDOW),
        "endings/together.yaml": ("scene", TOGETHER),
        "endings/alone.yaml": ("scene", ALONE),
    })


def new_mod(directory: Path, story_id: str = "iss") -> list[Path]:
    """A mod of the shipped story: one patch of the first scene and one new scene."""
    mid = folder_id(directory)
    return _write(directory, {
        "mod.yaml": ("mod", MOD.replace("{id}", mid).replace("{story}", story_id)),
        "patches/docking.yaml": ("patch", PATCH.replace("{id}", mid)),
        f"{mid}/hum.yaml": ("scene", HUM),
    })


STORY = """\
# The story's declarations. Every other .yaml file in this folder is a scene; its id is its
# path without .yaml (endings/alone). See docs/scene-format.md of ISS Adventure.
id: {id}
title: Night Shift
tagline: "Two people, one leak, and the whole night ahead."
start: start
format: 1

acts:
  1: The Leak

locations:
  Zvezda: russian
  Unity: us

variables:
  trust.olga: {type: int, min: 0, max: 5, initial: 2, label: "Olga's trust"}
  knows.leak: {type: bool, initial: false, label: "You found the leak"}

crew:
  - id: olga
    name: Olga Petrova
    role: Flight engineer
    agency: Roscosmos
    trust: trust.olga
"""

START = """\
title: The Alarm
act: 1
location: Zvezda
time: "Day 3, 02:14 GMT"
text: |
  The master alarm pulls you out of your sleeping bag. Olga is already at the panel, one sock
  on, reading pressure numbers aloud in Russian.
choices:
  - id: hatch
    text: Check the hatch seals with her.
    do: [trust.olga += 1]
    goto: hatch
  - id: window
    text: Go and look at the window in Unity.
    goto: window
"""

HATCH = """\
title: The Seals
act: 1
location: Zvezda
text: |
  You work down the hatch seal with the back of your hand, feeling for cold. Olga holds the
  flashlight and says nothing, which from her is a compliment.
choices:
  - id: found
    text: There, a thread of cold air. Show her.
    do: [knows.leak = true]
    goto: endings/together
  - id: window
    text: Nothing here. Try the window.
    goto: window
"""

WINDOW = """\
title: The Window
act: 1
location: Unity
text: |
  The window is frosted at one corner, a white fern growing in the dark.
variants:
  - if: trust.olga >= 3
    text: Olga has followed you. She sees the frost before you do.
choices:
  - id: call
    text: Call Olga over.
    goto:
      - if: trust.olga >= 3
        to: endings/together
      - to: endings/alone
  - id: tape
    text: Patch it yourself with tape.
    goto: endings/alone
"""

TOGETHER = """\
title: Patched
act: 1
location: Zvezda
text: |
  Kapton tape, a sock and a prayer. The pressure holds, and Olga makes tea for two.
variants:
  - if: knows.leak
    text: She taps the patch over the seal you found and raises her cup to you.
ending:
  id: together
  title: Patched Together
  tone: hopeful
  summary: The leak is found and the station breathes.
  hint: Work beside her before you work alone.
"""

ALONE = """\
title: Alone with the Gauge
act: 1
location: Unity
text: |
  You watch the needle all night. It holds, mostly. Nobody thanks you.
ending:
  id: alone
  title: Alone with the Gauge
  tone: bittersweet
  summary: The station survives the night; you are not sure you did.
  hint: Some jobs are lighter shared.
"""

MOD = """\
# A mod: laid over the story whose id is `story`. Scene files here add scenes (a new id) or
# replace them (an id the story has); files with `patch:` change one scene. See
# docs/modding.md of ISS Adventure.
id: {id}
title: My First Mod
version: "0.1"
author: You
description: One more thing to do before the hatch opens.
story: {story}

# A mod may also declare variables, acts, locations and crew, as story.yaml does:
# variables:
#   kira.hummed: {type: bool, initial: false, label: "You hummed the launch song"}
"""

PATCH = """\
# Changes one shipped scene without copying it: add, replace or remove choices by id, add
# variants, or replace the text.
patch: act1/docking
add_choices:
  - id: hum
    text: "Hum the song the launch crew played at the pad."
    goto: {id}/hum
"""

HUM = """\
title: The Launch Song
act: 1
location: Soyuz
time: "Day 1, 09:20 GMT"
text: |
  You hum it badly, the song from the pad, and after the second line Christian joins in,
  worse. The bear turns on its string as if it knows the words.
choices:
  - id: hatch
    text: "Stop when the docking probe catches."
    do: [trust.christian += 1]
    goto: act1/hatch
"""
