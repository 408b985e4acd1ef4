"""The modder's commands (`new story|mod DIR`, `schema DIR`) and the mods a player enabled.

Kept apart from cli.py so the play/check commands stay short; cli.py registers these.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .engine.terminal import visible

if TYPE_CHECKING:
    from .engine.model import Story

P = TypeVar("P", bound=argparse.ArgumentParser)  # cli.py's parser class (visible errors)


def add_tool_commands(sub: argparse._SubParsersAction[P]) -> None:
    new = sub.add_parser("new", help="start a new story or mod from a small working example")
    new.add_argument("kind", choices=("story", "mod"), help="what to make")
    new.add_argument("directory", type=Path, help="the folder to create (new or empty)")
    schema = sub.add_parser("schema", help="write the JSON Schemas (scene, story, mod, patch) "
                            "for editors with a YAML language server")
    schema.add_argument("directory", type=Path, help="the folder to write them into")


def cmd_new(args: argparse.Namespace) -> int:
    from .engine.scaffold import ScaffoldError, new_mod, new_story

    try:
        written = (new_story if args.kind == "story" else new_mod)(args.directory)
    except ScaffoldError as err:
        print(f"iss-adventure new: {visible(str(err))}", file=sys.stderr)
        return 2
    where = visible(str(args.directory))
    print(f"Made a new {args.kind} in {where} ({len(written)} files, schemas in "
          f"{where}/schemas).")
    if args.kind == "story":
        print(f"Try it:  iss-adventure check {where}\n"
              f"         iss-adventure play --story {where}")
    else:
        print(f"Try it:  iss-adventure check --mod {where}\n"
              f"         iss-adventure play --mod {where}")
    print("The format is in docs/scene-format.md and docs/modding.md.")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .engine.schema import write

    try:
        args.directory.mkdir(parents=True, exist_ok=True)
        written = write(args.directory)
    except OSError as err:
        print(f"iss-adventure schema: cannot write {visible(str(args.directory))}: "
              f"{err.strerror or err}", file=sys.stderr)
        return 2
    for path in written:
        print(visible(str(path)))
    return 0


TOOL_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "new": cmd_new, "schema": cmd_schema}


def load_with_enabled_mods(root: Path, no_mods: bool = False) -> tuple[Story, str | None]:
    """The story with the player's enabled mods (imported late: start-up stays lean)."""
    from .engine.installed import load_with_enabled_mods as load

    return load(root, no_mods)
