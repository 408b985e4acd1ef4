"""Choice logs as JSON files: what `replay` reads and what a finished plain game can write."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import msgspec

from .atomic import read_bounded, why_unreadable
from .jsonread import TooDeep, decode
from .limits import MAX_LOG_STEPS
from .state import GameState, Step

LOG_VERSION = 1


class ChoiceLog(msgspec.Struct, forbid_unknown_fields=False):
    version: int
    seed: int
    steps: list[Step]
    story: str = ""  # fingerprint of the story the log was made with
    mods: list[str] = msgspec.field(default_factory=list)  # "id@version" of its mods


class LogError(ValueError):
    """A log file that cannot be read: missing, not JSON, or not a choice log."""


def log_of(state: GameState, fingerprint: str, mods: tuple[str, ...] = ()) -> ChoiceLog:
    return ChoiceLog(LOG_VERSION, state.seed, list(state.log), fingerprint, list(mods))


def write_log(path: Path, log: ChoiceLog) -> None:
    """Write the log; raises OSError (a missing folder, a directory, a full disk, a FIFO
    nobody reads) for the caller to report. Never blocks on a FIFO without a reader."""
    data = msgspec.json.format(msgspec.json.encode(log), indent=2) + b"\n"
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags, 0o666)
    with contextlib.suppress(OSError, AttributeError):  # blocking again once open, so a
        os.set_blocking(fd, True)  # slow reader of a pipe still gets every byte
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def read_log(path: Path) -> ChoiceLog:
    try:
        raw = read_bounded(path)
    except OSError as err:
        raise LogError(f"{path}: cannot read: {why_unreadable(err)}") from None
    try:
        log = decode(raw, ChoiceLog)
    except TooDeep as err:
        raise LogError(f"{path}: not a choice log: {err}") from None
    except msgspec.DecodeError as err:
        raise LogError(f"{path}: not a choice log: {err}") from None
    if len(log.steps) > MAX_LOG_STEPS:
        raise LogError(f"{path}: the log holds more than {MAX_LOG_STEPS:,} choices")
    if log.version > LOG_VERSION:
        raise LogError(f"{path}: log version {log.version} is newer than this game "
                       f"({LOG_VERSION}); update ISS Adventure to replay it")
    return log
