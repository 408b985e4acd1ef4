"""Choice logs as JSON files: what `replay` reads and what a finished plain game can write."""

from __future__ import annotations

from pathlib import Path

import msgspec

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
    path.write_bytes(msgspec.json.format(msgspec.json.encode(log), indent=2) + b"\n")


def read_log(path: Path) -> ChoiceLog:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise LogError(f"{path}: cannot read: {err.strerror}") from None
    try:
        log = msgspec.json.decode(raw, type=ChoiceLog)
    except msgspec.DecodeError as err:
        raise LogError(f"{path}: not a choice log: {err}") from None
    if log.version > LOG_VERSION:
        raise LogError(f"{path}: log version {log.version} is newer than this game "
                       f"({LOG_VERSION}); update ISS Adventure to replay it")
    return log
