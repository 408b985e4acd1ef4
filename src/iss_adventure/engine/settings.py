"""The player's settings: theme, typewriter, timers, enabled mods. Kept in the data folder.

Its own small module (msgspec and the atomic writer only) because the theme is needed for
the title's first frame, before the heavier engine modules are imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from .atomic import read_bounded, write_atomic

SETTINGS_FILE = "settings.json"
SETTINGS_FORMAT = 1


class Settings(msgspec.Struct):
    """The player's settings; every field has a default so any damage degrades gracefully."""

    theme: str = "textual-dark"
    typewriter: bool = True
    timers: bool = True
    mods: list[str] = msgspec.field(default_factory=list)  # enabled mod folders, load order


def load_settings(directory: Path) -> Settings:
    """Settings from settings.json; a missing, damaged, unknown or invalid field is its default."""
    try:
        raw: Any = msgspec.json.decode(read_bounded(Path(directory) / SETTINGS_FILE))
    except (OSError, msgspec.DecodeError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    values: dict[str, Any] = {}
    for field in msgspec.structs.fields(Settings):
        if field.encode_name not in raw:
            continue
        try:
            values[field.name] = msgspec.convert(raw[field.encode_name], field.type)
        except msgspec.ValidationError:
            continue
    if not values.get("theme", "x"):
        del values["theme"]
    return Settings(**values)


def save_settings(directory: Path, settings: Settings) -> str | None:
    """Write settings.json atomically; returns a problem message instead of raising."""
    document = {"format": SETTINGS_FORMAT, **msgspec.structs.asdict(settings)}
    try:
        write_atomic(Path(directory) / SETTINGS_FILE, msgspec.json.encode(document) + b"\n")
    except OSError as err:
        return f"Settings could not be saved ({err.strerror or err})."
    return None
