"""Crash-safe file replacement and bounded reads, shared by saves, the profile and settings.

A reader (or a crash at any instant) sees either the old file or the new one, never a mix:
the data goes to a temporary file in the same directory, is flushed and fsynced, then renamed
over the target with `os.replace`, and the directory is fsynced so the rename itself is durable.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .limits import MAX_JSON_BYTES

MAX_BYTES = MAX_JSON_BYTES  # far above any real save; guards against reading a huge stray file
TEMP_SUFFIX = ".tmp"


class TooLarge(OSError):
    """A file bigger than the limit: certainly not one of ours."""


class NotRegular(OSError):
    """A FIFO, a device, a socket or a directory where a file was expected: never read, since
    reading one could block for ever (a FIFO) or never end (/dev/zero)."""


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


_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def read_bounded(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (symlinks followed).

    Raises FileNotFoundError, NotRegular, TooLarge or another OSError. Never blocks: the file
    is opened without waiting for a writer (a FIFO) and read only if fstat says it is regular;
    a file that grows while it is read is still cut off at the limit.
    """
    limit = MAX_BYTES if limit is None else limit
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(f"{path} is not a regular file")
        if info.st_size > limit:
            raise TooLarge(f"larger than {_size(limit)}")
        chunks = [os.read(fd, info.st_size + 1)]
        size = len(chunks[0])
        while chunks[-1] and size <= limit and size > info.st_size:
            chunks.append(os.read(fd, limit + 1 - size))
            size += len(chunks[-1])
    finally:
        os.close(fd)
    if size > limit:
        raise TooLarge(f"larger than {_size(limit)}")
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit // 1024} KiB"


def why_unreadable(err: OSError) -> str:
    """An OSError from `read_bounded` in a few words, for a message."""
    if isinstance(err, NotRegular):
        return "it is not a regular file"
    if isinstance(err, TooLarge):
        return f"it is far too large ({err})"
    return str(err.strerror or err)
