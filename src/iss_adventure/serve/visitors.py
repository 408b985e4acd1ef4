"""Visitors: a random token in a cookie, and the data folder it stands for.

The folder is named after a hash of the token, so a listing of the data folder never shows
a token that could be replayed as a cookie. Folders are made only when a game starts, and
their number and size are capped so that strangers cannot fill the disk. At the cap, the
visitor seen longest ago makes room, but only if unseen for months: a flood of new visitors
can be turned away, never erase the saves of people who play.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("iss-adventure.serve")

COOKIE = "iss_visitor"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie (RFC 6265bis)
TOKEN_BYTES = 32
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
_PREFIX = "v-"
_GUEST = "guest-"
DEFAULT_FORGET_DAYS = 90.0  # at the cap, a visitor unseen this long makes room
_MAX_WALK = 10_000  # entries looked at when measuring one folder


class VisitorRefused(Exception):
    """This visitor cannot start a game; str() is the reason, fit for the page."""


def new_token() -> str:
    """A fresh visitor token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def valid_token(value: str | None) -> str | None:
    """The token if `value` has the shape of one we issue, else None."""
    if value is not None and _TOKEN.fullmatch(value):
        return value
    return None


def folder_name(token: str) -> str:
    """The folder of a token: a hash, never the token itself."""
    return _PREFIX + hashlib.sha256(token.encode("ascii")).hexdigest()[:40]


def folder_bytes(folder: Path) -> int:
    """Bytes in the files under `folder` (links not followed), looking at a bounded number."""
    total = 0
    seen = 0
    stack = [folder]
    while stack and seen < _MAX_WALK:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
            except OSError:
                continue
    return total


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1_000_000 else f"{size / 1000:.0f} kB"


@dataclass(frozen=True, slots=True)
class Visit:
    """Where one game keeps its data; a guest's folder is removed when the game ends."""

    folder: Path
    guest: bool

    def end(self) -> None:
        if self.guest:
            shutil.rmtree(self.folder, ignore_errors=True)


class VisitorFolders:
    """The data folders of every visitor, under one root."""

    def __init__(self, root: Path, max_visitors: int, max_bytes: int,
                 forget_after_days: float = DEFAULT_FORGET_DAYS) -> None:
        self.root = root
        self.max_visitors = max_visitors
        self.max_bytes = max_bytes
        self.forget_after = forget_after_days * 86400

    def prepare(self) -> None:
        """Make the root (private to this user) and clear guests left by a crash."""
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        for entry in self.root.glob(_GUEST + "*"):
            shutil.rmtree(entry, ignore_errors=True)

    def count(self) -> int:
        """How many visitor folders exist."""
        try:
            return sum(1 for entry in os.scandir(self.root) if entry.name.startswith(_PREFIX))
        except OSError:
            return 0

    def visit(self, token: str | None) -> Visit:
        """The folder for a game of this visitor; without a token, a guest folder."""
        if token is None:
            return Visit(Path(tempfile.mkdtemp(prefix=_GUEST, dir=self.root)), guest=True)
        folder = self.root / folder_name(token)
        if folder.is_dir():
            size = folder_bytes(folder)
            if size > self.max_bytes:
                raise VisitorRefused(
                    f"Your saves take {_size(size)}, more than this server keeps "
                    f"({_size(self.max_bytes)}). Ask its keeper to make room.")
            with contextlib.suppress(OSError):
                os.utime(folder)  # played now: the last folder to be forgotten
            return Visit(folder, guest=False)
        if self.count() >= self.max_visitors and not self._forget_one():
            raise VisitorRefused("This server keeps saves for as many crew members as it can "
                                 "hold. New crew cannot board for now: try again later.")
        folder.mkdir(mode=0o700, exist_ok=True)
        return Visit(folder, guest=False)

    def _forget_one(self) -> bool:
        """Make room by removing the folder of the visitor seen longest ago, if that was
        longer ago than `forget_after`; False when every visitor has been seen since."""
        oldest: tuple[float, str] | None = None
        try:
            for entry in os.scandir(self.root):
                if entry.name.startswith(_PREFIX):
                    with contextlib.suppress(OSError):
                        seen = entry.stat(follow_symlinks=False).st_mtime
                        if oldest is None or seen < oldest[0]:
                            oldest = (seen, entry.path)
        except OSError:
            return False
        if oldest is None or time.time() - oldest[0] < self.forget_after:
            return False
        log.info("forgot the visitor folder %s, unused for %.0f days", Path(oldest[1]).name,
                 (time.time() - oldest[0]) / 86400)
        shutil.rmtree(oldest[1], ignore_errors=True)
        return not Path(oldest[1]).exists()
