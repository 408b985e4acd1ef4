"""Crash-safe file replacement and bounded reads, shared by saves, the profile and settings.

A reader (or a crash at any instant) sees either the old file or the new one, never a mix:
the data goes to a temporary file in the same directory, is flushed and fsynced, then renamed
over the target with `os.replace`, and the directory is fsynced so the rename itself is durable.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

MAX_BYTES = 16 * 1024 * 1024  # far above any real save; guards against reading a huge stray file
TEMP_SUFFIX = ".tmp"


class TooLarge(OSError):
    """A file bigger than MAX_BYTES: certainly not one of ours."""


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically and durably; raises OSError, leaving the old file."""
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_directory(directory)
    remove_stale_temps(path)


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable; a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(path: Path) -> None:
    """Delete temporary files a crashed writer of `path` left behind (they are never read)."""
    for stale in path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            stale.unlink()


def read_bounded(path: Path) -> bytes:
    """The file's bytes; raises FileNotFoundError, TooLarge or another OSError."""
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise TooLarge(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    return data
