"""Save slots: versioned JSON files holding a choice log, with a state snapshot for speed.

The log is the truth: the engine is deterministic, so (story, seed, log) rebuilds the state
exactly. The snapshot only spares the replay while the story is unchanged (same fingerprint);
after an edit the log is replayed as far as it still fits and the player is told where it
stopped. Every problem a player can meet becomes a SaveError or BrokenSave with a message fit
for the screen, never a traceback; one bad file never hides the other slots.
"""

from __future__ import annotations

import contextlib
import math
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import msgspec
import platformdirs

from .aside import set_aside
from .atomic import NotRegular, TooLarge, read_bounded, write_atomic
from .jsonread import TooDeep, decode
from .limits import MAX_INT, MAX_LOG_STEPS
from .machine import Machine
from .model import Story
from .state import GameState, Step

FORMAT = 1
HOME_ENV = "ISS_ADVENTURE_HOME"
# "jump": the run a flowchart jump left, kept so that nothing is lost without a way back.
SLOTS: tuple[str, ...] = ("quick", "auto", "jump", *(str(n) for n in range(1, 10)))
KEPT_SLOTS = ("quick", "auto", "jump")  # written by the game, never chosen to save into


def data_dir() -> Path:
    """Where saves, profile and settings live: $ISS_ADVENTURE_HOME (tests) or the user data dir."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("iss-adventure", appauthor=False))


def slot_label(slot: str) -> str:
    """How a slot is named on screen."""
    return {"quick": "Quicksave", "auto": "Autosave", "jump": "Before the jump"}.get(
        slot, f"Slot {slot}")


def slot_name(slot: str) -> str:
    """How a slot is named in a sentence: "Saved to the quick slot", "Loaded slot 3"."""
    return {"quick": "the quick slot", "auto": "the autosave",
            "jump": "the save before the jump"}.get(slot, f"slot {slot}")


class SaveError(Exception):
    """A save that cannot be written or loaded; str() is a message fit for the player."""


class SaveInfo(msgspec.Struct, frozen=True):
    """What a slot list shows without loading the game."""

    slot: str
    scene_title: str
    act: int
    act_title: str
    played_seconds: float
    saved_at: str  # ISO date-time as the caller gave it (local time)
    turn: int
    dev: bool = False  # the developer console was used in this playthrough
    mods: tuple[str, ...] = ()  # "id@version" of the mods it was played with (= SaveFile.mods)
    ending: str = ""  # the ending's title when the game had ended (absent in older saves)


def ended_note(info: SaveInfo) -> str:
    """ "ended: Lifeboat" for a save whose game has reached an ending, else "": the one
    wording the title's Continue, the saves screen and plain mode (`--continue`, `saves`)
    share."""
    return "ended: " + " ".join(info.ending.split()) if info.ending else ""


def save_place(info: SaveInfo, between: str = " · ") -> str:
    """Where a save stands, for a list of saves: the scene's title, or for a game that has
    ended `ended_note` (after the scene's title, when the ending is titled otherwise)."""
    if not info.ending:
        return info.scene_title
    if " ".join(info.scene_title.split()) == " ".join(info.ending.split()):
        return ended_note(info)
    return f"{info.scene_title}{between}{ended_note(info)}"


class BrokenSave(msgspec.Struct, frozen=True):
    """A slot whose file cannot be used; `message` says why, for the player."""

    slot: str
    message: str


@dataclass(frozen=True, slots=True)
class Loaded:
    """A loaded game; `stopped` says where an edited story stopped fitting the log.

    `stopped` reads on after "replayed as far as it still fits: ", for example
    'after 2 of 4 choices, at “The Module” (step 3: a/module has no choice 'talk' ...)'.
    """

    state: GameState
    info: SaveInfo
    stopped: str | None
    mods_changed: str | None = None  # how the mods differ from the save's, for the player


class SaveFile(msgspec.Struct, frozen=True):
    """The JSON document of one slot (format 1)."""

    format: int
    story: str  # fingerprint of the story the log was played on
    seed: int
    log: tuple[Step, ...]
    snapshot: GameState | None
    info: SaveInfo
    story_id: str = ""  # absent in saves made before stories had ids
    mods: tuple[str, ...] = ()  # "id@version" of the mods it was played with, in load order


class SaveStore:
    """The save slots in one directory (normally `data_dir()`)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.notices: list[str] = []  # files set aside since last asked: `take_notices()`
        self._readable: dict[str, tuple[int, int, int]] = {}  # slot -> stat of a good file

    def take_notices(self) -> list[str]:
        """Messages for the player about save files set aside (then forgotten)."""
        notices, self.notices = self.notices, []
        return notices

    def path(self, slot: str) -> Path:
        _check_slot(slot)
        return self.directory / f"save-{slot}.json"

    def save(self, slot: str, story: Story, state: GameState, played_seconds: float,
             saved_at: datetime, dev: bool = False) -> SaveInfo:
        """Write `state` to `slot` atomically; the previous save survives any failure or crash."""
        path = self.path(slot)
        scene = story.scenes.get(state.scene)
        if scene is None:
            raise SaveError(f"Cannot save: scene {state.scene!r} is not in this story.")
        seconds = played_seconds if math.isfinite(played_seconds) else 0.0
        info = SaveInfo(slot=slot, scene_title=scene.title, act=scene.act,
                        act_title=story.act_title(scene.act), played_seconds=max(0.0, seconds),
                        saved_at=saved_at.isoformat(), turn=state.turn, dev=dev,
                        mods=tuple(story.mods),
                        ending=scene.ending.title if scene.ending is not None else "")
        document = SaveFile(FORMAT, story.fingerprint, state.seed, state.log, state, info,
                            story.id, story.mods)
        self._keep_unreadable(slot)
        try:
            write_atomic(path, msgspec.json.encode(document) + b"\n")
        except OSError as err:
            raise SaveError(f"Could not save to {slot_label(slot)}: "
                            f"{err.strerror or err}.") from None
        self._remember(slot)
        return info

    def _keep_unreadable(self, slot: str) -> None:
        """Before a slot is written: a file there that this game cannot read (damaged, from a
        newer version, far too large, a FIFO) is renamed aside and reported, never replaced."""
        path = self.path(slot)
        try:
            now = _identity(path)
        except (FileNotFoundError, NotADirectoryError):
            return
        except OSError:
            now = None
        if now is not None and self._readable.get(slot) == now:
            return  # the file this store last wrote or read: nothing to keep
        try:
            self._read(slot)
        except _Missing:
            return
        except _Broken as err:
            why = str(err)
        else:
            return
        try:
            aside = set_aside(path, "unreadable")
        except OSError as err:
            raise SaveError(f"Did not save to {slot_label(slot)}: the file there cannot be read "
                            f"and could not be set aside ({err.strerror or err}).") from None
        self.notices.append(f"{slot_label(slot)} could not be read, so it was kept as "
                            f"{aside.name} rather than replaced: {why[:1].lower()}{why[1:]}")

    def _remember(self, slot: str) -> None:
        try:
            self._readable[slot] = _identity(self.path(slot))
        except OSError:
            self._readable.pop(slot, None)

    def load(self, slot: str, story: Story) -> Loaded:
        """The game in `slot`: the snapshot if the story is unchanged, else the replayed log."""
        try:
            document = self._read(slot)
        except _Broken as err:
            message = str(err)
            raise SaveError(f"Cannot load {slot_label(slot)}: "
                            f"{message[:1].lower()}{message[1:]}") from None
        changed = mods_difference(document.mods, story.mods)
        if document.story == story.fingerprint and snapshot_fits(story, document):
            assert document.snapshot is not None
            return Loaded(document.snapshot, document.info, None, changed)
        result = Machine(story).replay(document.log, document.seed)
        return Loaded(result.state, document.info, result.describe(), changed)

    def entries(self) -> list[SaveInfo | BrokenSave]:
        """Every slot that has a file, in SLOTS order; unusable files as BrokenSave."""
        out: list[SaveInfo | BrokenSave] = []
        for slot in SLOTS:
            if not self.path(slot).exists():
                continue
            try:
                out.append(self._read(slot).info)
            except _Broken as err:
                out.append(BrokenSave(slot, str(err)))
        return out

    def latest(self) -> SaveInfo | None:
        """The most recently saved usable slot (for Continue), or None."""
        infos = [e for e in self.entries() if isinstance(e, SaveInfo)]
        if not infos:
            return None
        return max(infos, key=lambda info: (_sort_time(info.saved_at), info.turn))

    def delete(self, slot: str) -> None:
        """Remove a slot's file (broken or not); deleting an empty slot is not an error."""
        try:
            self.path(slot).unlink(missing_ok=True)
        except OSError as err:
            raise SaveError(f"Could not delete {slot_label(slot)}: "
                            f"{err.strerror or err}.") from None

    def _read(self, slot: str) -> SaveFile:
        path = self.path(slot)
        try:
            data = read_bounded(path)
        except (FileNotFoundError, NotADirectoryError):
            raise _Missing("There is no save in this slot.") from None
        except TooLarge:
            raise _Broken("The file is far too large to be a save.") from None
        except NotRegular:
            raise _Broken("The file cannot be read (it is not a regular file but a folder, "
                          "FIFO or device).") from None
        except OSError as err:
            raise _Broken(f"The file cannot be read ({err.strerror or err}).") from None
        document = decode_save(data)
        self._remember(slot)
        if document.info.slot != slot or document.info.mods != document.mods:
            # a file copied from another slot: trust its name; the mods are the document's
            # (saves made before the slot list showed them had them there only)
            document = msgspec.structs.replace(document, info=msgspec.structs.replace(
                document.info, slot=slot, mods=document.mods))
        return document


class _Broken(Exception):
    """Internal: why a save file cannot be used."""


class _Missing(_Broken):
    """Internal: no file in the slot."""


def _identity(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _check_slot(slot: str) -> None:
    if slot not in SLOTS:
        raise SaveError(f"There is no save slot {slot!r} (slots: {', '.join(SLOTS)}).")


class _Header(msgspec.Struct):
    """The one field read before the rest: other fields are skipped, not built."""

    format: int | float | str | bool | None = None


def decode_save(data: bytes) -> SaveFile:
    """Parse a save file's bytes; raises _Broken with a message for the player.

    Decoding is typed from the start (first the format alone, then the whole document), so a
    16 MB file of `[[],[],...]` is refused at its first value instead of becoming millions of
    Python lists; and the depth is checked before either decoder sees the bytes.
    """
    if not data.strip():
        raise _Broken("The file is empty (it may have been damaged).")
    try:
        header = decode(data, _Header)
    except TooDeep:
        raise _Broken("The file is damaged: it is nested far too deeply to be a save.") from None
    except msgspec.ValidationError:
        raise _Broken("This file is not an ISS Adventure save.") from None
    except msgspec.DecodeError as err:
        raise _Broken(_why_not_json(data, err)) from None
    version = header.format
    if not isinstance(version, int) or isinstance(version, bool):
        raise _Broken("This file is not an ISS Adventure save.")
    if version > FORMAT:
        raise _Broken(f"This save was made by a newer version of ISS Adventure (save format "
                      f"{version}; this version reads format {FORMAT}). Update the game to "
                      f"load it.")
    if version < 1:
        raise _Broken(f"The file is damaged (unknown save format {version}).")
    try:
        document = decode(data, SaveFile)
    except msgspec.DecodeError as err:  # a ValidationError: valid JSON, wrong shape
        raise _Broken(f"The file is damaged ({err}).") from None
    if len(document.log) > MAX_LOG_STEPS:
        raise _Broken(f"The file is damaged: its log holds more than {MAX_LOG_STEPS:,} choices.")
    info = document.info
    if not math.isfinite(info.played_seconds) or info.played_seconds < 0 \
            or info.played_seconds > 1e9:
        document = msgspec.structs.replace(
            document, info=msgspec.structs.replace(info, played_seconds=0.0))
    return document


def _why_not_json(data: bytes, err: msgspec.DecodeError) -> str:
    if b"\0" in data:
        return "The file holds binary data, not a save."
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "The file holds binary data, not a save."
    if "truncated" in str(err).lower():
        return "The file is cut short: it was damaged."
    return f"The file is damaged: it is not valid JSON ({err})."


def mods_difference(saved: tuple[str, ...], now: tuple[str, ...],
                    what: str = "save") -> str | None:
    """How the mods a save (or log) was made with differ from the ones loaded now, or None."""
    if tuple(saved) == tuple(now):
        return None
    def names(mods: tuple[str, ...]) -> str:
        return ", ".join(mods) if mods else "no mods"
    return f"This {what} was made with {names(saved)}; the game now runs with {names(now)}."


def snapshot_fits(story: Story, document: SaveFile) -> bool:
    """Whether the snapshot can stand in for the replay: every value checked against the story
    (types, ranges, allowed strings, scene and choice ids), since a save file can say anything.
    A snapshot that fails is ignored and the log replayed, which only ever makes states the
    story allows."""
    snap = document.snapshot
    if snap is None or snap.scene not in story.scenes:
        return False
    if snap.seed != document.seed or snap.log != document.log:
        return False
    if len(snap.vars) != len(story.variables):
        return False
    for value, var in zip(snap.vars, story.variables, strict=True):
        if var.type == "int":
            if type(value) is not int or abs(value) > MAX_INT:
                return False
            if (var.min is not None and value < var.min) or (
                var.max is not None and value > var.max
            ):
                return False
        elif var.type == "bool":
            if type(value) is not bool:
                return False
        elif type(value) is not str or value not in (var.values or ()):
            return False
    once_keys = {c.key for scene in story.scenes.values() for c in scene.choices if c.once}
    if not snap.once <= once_keys:
        return False
    for step in snap.log:
        scene = story.scenes.get(step.scene)
        if scene is None or scene.choice(step.choice) is None:
            return False
    return True


def _sort_time(saved_at: str) -> float:
    """Seconds since the epoch for ordering saves; unreadable dates sort first."""
    with contextlib.suppress(ValueError, OverflowError, OSError):
        return datetime.fromisoformat(saved_at).timestamp()
    return float("-inf")
