"""What the title screen needs before the story is loaded, kept by what it depends on.

Loading a story (libyaml, msgspec, compiling every condition) costs about as much CPU as
Textual's whole start-up. The title screen needs only a `TitleCard` (title, tagline, station
map or not, the mods laid over it), so after a story has once loaded cleanly its card is kept
here under a key: the story's content fingerprint, the settings file and the installed mods'
files, hashed (reading them costs a millisecond or two). The next start computes the key,
paints the title from the card and loads the story right after the first frame, then checks
the loaded story's card against the one shown (and shows the right one if they differ). A
story, a mod or settings changed in any byte give a new key: the story is loaded (and checked)
before anything is shown, as on a first start.

Light on purpose: hashlib, json, os and the bounded reader only, so nothing heavy is imported
before the frame. Files are read as the loader reads them (regular files only, size-limited),
so a FIFO or a huge file named like a scene never blocks the start: the fingerprint is then
None and the story is loaded (and its problems reported) as on a first start.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import time
from pathlib import Path
from typing import NamedTuple, Protocol

from .atomic import read_bounded
from .limits import MAX_FILE_BYTES, MAX_JSON_DEPTH

STORY_FILE = "story.yaml"
CACHE_FILE = "start-cache.json"
STALE_FILES = ("title-cache.json",)  # held titles only (before version 2): removed
TEMP_AGE = 600.0  # seconds: a cache temp file this old was left by a crash, not being written
CACHE_VERSION = 2
MAX_ENTRIES = 16
MAX_MOD_FILES = 2000  # more installed mod files than this: no fast start, the story loads
SETTINGS_FILE = "settings.json"  # = engine.settings.SETTINGS_FILE (a test keeps them equal)
MODS_DIR = "mods"  # = engine.installed.MODS_DIR
DEFAULT_THEME = "textual-dark"  # = engine.settings.Settings().theme
SETTINGS_LIMIT = 1024 * 1024  # = engine.settings.SETTINGS_LIMIT


class _Titled(Protocol):  # a Story, without importing the model before the first frame
    @property
    def title(self) -> str: ...
    @property
    def tagline(self) -> str: ...
    @property
    def station_map(self) -> bool: ...
    @property
    def mods(self) -> tuple[str, ...]: ...


def cache_home() -> Path:
    """The player's data folder, as `saves.data_dir()` finds it, without importing the saves
    machinery (msgspec, the models) before the first frame; a test keeps the two equal."""
    override = os.environ.get("ISS_ADVENTURE_HOME")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("iss-adventure", appauthor=False))


def story_files(root: Path) -> list[Path]:
    """Every scene file under a story directory, sorted; hidden folders and files skipped
    (only below the root: a story installed under .venv/ or ~/.local/ must still load)."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for file in files:
            if file.endswith((".yaml", ".yml")) and not file.startswith("."):
                found.append(os.path.join(folder, file))
    top = os.path.join(str(root), STORY_FILE)
    return [Path(f) for f in sorted(found) if f != top]


def digest_file(digest: hashlib._Hash, name: str, raw: bytes) -> None:
    """One file's part of a story's fingerprint (the loader hashes the same way)."""
    digest.update(name.encode() + b"\0" + raw + b"\0")


def fingerprint(root: Path) -> str | None:
    """The story's content fingerprint, as `load_story` computes it; None if unreadable."""
    digest = hashlib.sha256()
    prefix = len(str(root)) + 1
    try:
        digest_file(digest, STORY_FILE, read_bounded(root / STORY_FILE, MAX_FILE_BYTES))
        for path in story_files(root):
            digest_file(digest, str(path)[prefix:].replace("\\", "/"),
                        read_bounded(path, MAX_FILE_BYTES))
    except OSError:  # also NotRegular, TooLarge
        return None
    return digest.hexdigest()[:16]


class TitleCard(NamedTuple):
    """What the title screen shows of a story: its title and tagline, whether it has the
    station map, and the mods laid over it ("id@version", in load order). A named tuple:
    a frozen dataclass is made with generated code, ~1 ms of the start before the title's
    first frame."""

    title: str
    tagline: str = ""
    station_map: bool = False
    mods: tuple[str, ...] = ()


def card_of(story: _Titled) -> TitleCard:
    return TitleCard(story.title, story.tagline, story.station_map, tuple(story.mods))


def start_key(root: Path, home: Path, no_mods: bool = False) -> str | None:
    """What the title card depends on, hashed: the story's content fingerprint, and (unless
    `no_mods`) the player's settings and every installed mod's files, which decide the mods
    laid over it. None when any of it cannot be read cheaply: then the story loads first."""
    story = fingerprint(root)
    if story is None:
        return None
    digest = hashlib.sha256(f"{CACHE_VERSION}\0{os.path.abspath(root)}\0{story}\0"
                            f"{int(no_mods)}\0".encode())
    if not no_mods:
        try:
            with contextlib.suppress(FileNotFoundError, NotADirectoryError):
                digest_file(digest, SETTINGS_FILE,
                            read_bounded(home / SETTINGS_FILE, MAX_FILE_BYTES))
            mods = home / MODS_DIR
            files = _mod_files(mods) if mods.is_dir() else []
            if len(files) > MAX_MOD_FILES:
                return None
            prefix = len(str(mods)) + 1
            for path in files:
                digest_file(digest, path[prefix:], read_bounded(Path(path), MAX_FILE_BYTES))
        except OSError:  # also NotRegular, TooLarge
            return None
    return digest.hexdigest()[:32]


def saved_theme(home: Path) -> str | None:
    """The theme in the player's settings, read without msgspec (the title's first frame
    needs only the theme): what `engine.settings` reads for a sound file, the default when
    there is no file; None when only the full read can say (a damaged or odd file: it is
    then read, set aside and reported as before)."""
    try:
        data = read_bounded(home / SETTINGS_FILE, SETTINGS_LIMIT)
    except (FileNotFoundError, NotADirectoryError):
        return DEFAULT_THEME
    except OSError:  # also NotRegular, TooLarge
        return None
    if data.count(b"[") + data.count(b"{") > MAX_JSON_DEPTH or b"\\u" in data:
        return None  # maybe too deep, or a lone surrogate escaped: left to jsonread
    try:
        raw = json.loads(data.decode("utf-8"), parse_constant=_not_json, parse_float=_finite)
    except (ValueError, RecursionError):  # also UnicodeDecodeError; NaN, 1e999: not JSON
        return None
    if not isinstance(raw, dict):
        return None
    theme = raw.get("theme")
    return theme if isinstance(theme, str) and theme else DEFAULT_THEME


def _not_json(constant: str) -> object:
    raise ValueError(f"{constant} is not JSON")


def _finite(text: str) -> float:
    value = float(text)
    if value in (math.inf, -math.inf):  # msgspec calls this out of range
        raise ValueError(f"{text} is out of range")
    return value


def cached_card(root: Path, home: Path, no_mods: bool = False) -> tuple[str, TitleCard] | None:
    """The key and title card of the story in `root` with the player's mods, if it loaded
    cleanly before and nothing it depends on changed since; None otherwise (or if damaged)."""
    key = start_key(root, home, no_mods)
    if key is None:
        return None
    entry = _read(home).get(key)
    if not isinstance(entry, dict):
        return None
    title, tagline = entry.get("title"), entry.get("tagline")
    station_map, mods = entry.get("station_map"), entry.get("mods")
    if not (isinstance(title, str) and isinstance(tagline, str)
            and isinstance(station_map, bool) and isinstance(mods, list)
            and all(isinstance(m, str) for m in mods)):
        return None
    return key, TitleCard(title, tagline, station_map, tuple(mods))


def remember(key: str, card: TitleCard | None, home: Path) -> None:
    """Keep (or, with None, forget) a cleanly loaded story's title card; a cache that cannot
    be written is no problem: the next start loads the story first."""
    entries = _read(home)
    entries.pop(key, None)
    if card is not None:
        entries[key] = {"title": card.title, "tagline": card.tagline,
                        "station_map": card.station_map, "mods": list(card.mods)}
    kept = dict(list(entries.items())[-MAX_ENTRIES:])
    with contextlib.suppress(OSError):
        home.mkdir(parents=True, exist_ok=True)
        temp = home / f".{CACHE_FILE}.{os.getpid()}"
        temp.write_text(json.dumps(kept), encoding="utf-8")
        os.replace(temp, home / CACHE_FILE)
    prune_stale(home)


def prune_stale(home: Path, now: float | None = None) -> list[str]:
    """Remove the cache files older versions or a crash left in `home`: the superseded
    `title-cache.json`, and temp files of either cache (`.start-cache.json.<pid>`) older
    than TEMP_AGE (a younger one may be another game's write in progress). Only regular
    files with exactly these names, never a link's target or a folder; a file that cannot
    be removed is left for next time. Returns the names removed."""
    now = time.time() if now is None else now
    temps = tuple(f".{name}." for name in (CACHE_FILE, *STALE_FILES))
    removed = []
    try:
        entries = list(os.scandir(home))
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        stale = name in STALE_FILES
        temp = name.startswith(temps) and name.rsplit(".", 1)[-1].isdigit()
        if not (stale or temp):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not entry.is_file(follow_symlinks=False):
                continue
            if temp and now - info.st_mtime < TEMP_AGE:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(name)
    return removed


def _mod_files(root: Path) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(folder, f) for f in files if not f.startswith(".")]
        if len(found) > MAX_MOD_FILES:
            break
    return sorted(found)


def _read(home: Path) -> dict[str, object]:
    try:
        data = json.loads(read_bounded(home / CACHE_FILE, 1 << 20))
    except (OSError, ValueError, RecursionError):  # a FIFO, a huge or absurdly nested file
        return {}
    return data if isinstance(data, dict) else {}
