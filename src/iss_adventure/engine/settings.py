"""The player's settings: theme, typewriter and its speed, timers, enabled mods.

Its own small module (msgspec, the atomic writer, the depth-checked JSON reader and the
set-aside rename only) because the theme is needed for the title's first frame, before the
heavier engine modules are imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from .aside import set_aside
from .atomic import NotRegular, TooLarge, read_bounded, write_atomic
from .jsonread import TooDeep, decode

SETTINGS_FILE = "settings.json"
SETTINGS_FORMAT = 1
SETTINGS_LIMIT = 1024 * 1024  # settings.json holds a handful of fields


# The typing speeds offered, in characters a second (the last is the game's first speed).
SPEEDS: tuple[tuple[str, int], ...] = (("Slow", 40), ("Relaxed", 120), ("Quick", 300),
                                       ("Fast", 900))


class Settings(msgspec.Struct):
    """The player's settings; every field has a default so any damage degrades gracefully."""

    theme: str = "textual-dark"
    typewriter: bool = True
    timers: bool = True
    mods: list[str] = msgspec.field(default_factory=list)  # enabled mod folders, load order
    typing_speed: int = 900  # characters a second while the typewriter runs (see SPEEDS)


def load_settings(directory: Path) -> Settings:
    """Settings from settings.json; a missing, damaged, unknown or invalid field is its default."""
    return load_settings_checked(directory)[0]


def load_settings_checked(directory: Path) -> tuple[Settings, str | None]:
    """The settings, and a message when settings.json could not be read at all.

    Such a file (not JSON, far too large, nested absurdly, not a regular file) is renamed to
    settings.json.corrupt-N, so saving the settings later never replaces it unseen.
    """
    path = Path(directory) / SETTINGS_FILE
    try:
        raw: Any = decode(read_bounded(path, SETTINGS_LIMIT))
    except (FileNotFoundError, NotADirectoryError):
        return Settings(), None
    except (NotRegular, TooLarge, TooDeep, msgspec.DecodeError):
        raw = None
    except OSError as err:
        return Settings(), f"Settings could not be read ({err.strerror or err})."
    if not isinstance(raw, dict):
        try:
            aside = set_aside(path, "corrupt")
        except OSError as err:
            return Settings(), (f"Settings were damaged and could not be set aside "
                                f"({err.strerror or err}); the defaults are used.")
        return Settings(), (f"Settings were damaged, so they were set aside as {aside.name}; "
                            f"the defaults are used.")
    return _settings_from(raw), None


def _settings_from(raw: dict[str, Any]) -> Settings:
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
    if not 1 <= values.get("typing_speed", 900) <= 100_000:
        del values["typing_speed"]
    return Settings(**values)


def save_settings(directory: Path, settings: Settings) -> str | None:
    """Write settings.json atomically; returns a problem message instead of raising."""
    document: dict[str, Any] = {"format": SETTINGS_FORMAT}
    try:  # keep what a newer version wrote there (its format and fields this one ignores)
        kept = decode(read_bounded(Path(directory) / SETTINGS_FILE, SETTINGS_LIMIT))
    except (OSError, ValueError):
        kept = None
    if isinstance(kept, dict):
        document.update(kept)
    document.update(msgspec.structs.asdict(settings))
    try:
        write_atomic(Path(directory) / SETTINGS_FILE, msgspec.json.encode(document) + b"\n")
    except OSError as err:
        return f"Settings could not be saved ({err.strerror or err})."
    return None
