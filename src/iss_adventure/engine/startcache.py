"""What the title screen needs before the story is loaded, kept by the story's fingerprint.

Loading a story (libyaml, msgspec, compiling every condition) costs about as much CPU as
Textual's whole start-up. The title screen needs only the story's title, so after a story
has once loaded cleanly its title is kept here under its content fingerprint; the next start
checks the fingerprint (reading the files, a millisecond or two), paints the title, and loads
the story right after the first frame. A story that changed in any byte has a new fingerprint
and is loaded (and checked) before anything is shown, as on a first start.

Light on purpose: hashlib, json, os and the bounded reader only, so nothing heavy is imported
before the frame. Files are read as the loader reads them (regular files only, size-limited),
so a FIFO or a huge file named like a scene never blocks the start: the fingerprint is then
None and the story is loaded (and its problems reported) as on a first start.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from .atomic import read_bounded
from .limits import MAX_FILE_BYTES

STORY_FILE = "story.yaml"
CACHE_FILE = "title-cache.json"
MAX_ENTRIES = 16


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


def cached_title(root: Path, home: Path) -> str | None:
    """The title of the story in `root` if it loaded cleanly before, unchanged since."""
    key = fingerprint(root)
    if key is None:
        return None
    title = _read(home).get(key)
    return title if isinstance(title, str) else None


def remember(fingerprint_: str, title: str, home: Path) -> None:
    """Keep a cleanly loaded story's title; a cache that cannot be written is no problem."""
    entries = _read(home)
    entries.pop(fingerprint_, None)
    entries[fingerprint_] = title
    kept = dict(list(entries.items())[-MAX_ENTRIES:])
    with contextlib.suppress(OSError):
        home.mkdir(parents=True, exist_ok=True)
        temp = home / f".{CACHE_FILE}.{os.getpid()}"
        temp.write_text(json.dumps(kept), encoding="utf-8")
        os.replace(temp, home / CACHE_FILE)


def _read(home: Path) -> dict[str, object]:
    try:
        data = json.loads(read_bounded(home / CACHE_FILE, 1 << 20))
    except (OSError, ValueError, RecursionError):  # a FIFO, a huge or absurdly nested file
        return {}
    return data if isinstance(data, dict) else {}
