"""What the player has seen across all runs (endings, scenes, choices), and their settings.

Both live beside the saves and are keyed by ids, never by positions, so they survive story
edits. Nothing here is ever fatal: a damaged profile is renamed aside and reported through
`Profile.problem`; damaged or unknown settings fall back to their defaults field by field.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Annotated

import msgspec

from .aside import set_aside
from .atomic import TooLarge, read_bounded, why_unreadable, write_atomic
from .jsonread import TooDeep, decode
from .limits import MAX_LOG_STEPS
from .machine import Machine
from .model import Story
from .settings import SETTINGS_FILE as SETTINGS_FILE  # re-exported: first defined here
from .settings import SETTINGS_FORMAT as SETTINGS_FORMAT
from .settings import Settings as Settings
from .settings import load_settings as load_settings
from .settings import load_settings_checked as load_settings_checked
from .settings import save_settings as save_settings
from .state import GameState, Step

PROFILE_FILE = "profile.json"
PROFILE_FORMAT = 1


class ProfileFile(msgspec.Struct):
    """The JSON document of profile.json (unknown keys are ignored, for forward compatibility)."""

    format: int = PROFILE_FORMAT
    endings: dict[str, Annotated[int, msgspec.Meta(ge=0)]] = msgspec.field(default_factory=dict)
    scenes_seen: list[str] = msgspec.field(default_factory=list)
    choices_seen: list[str] = msgspec.field(default_factory=list)
    paths: dict[str, list[Step]] = msgspec.field(default_factory=dict)  # absent in older files
    epilogues: dict[str, list[str]] = msgspec.field(default_factory=dict)  # ending id -> its
    #   prose as last reached (variants included); absent in older files
    # Fingerprints of the text read (a scene's text, each variant): absent (None) in files
    # from before it was kept; such a profile counts every scene seen as read (read_scenes).
    read: list[str] | None = None
    read_scenes: list[str] = msgspec.field(default_factory=list)


class _Version(msgspec.Struct):
    format: int | float | str | bool | None = PROFILE_FORMAT


_NEWER = ("Your profile was written by a newer version of ISS Adventure; it is shown as far "
          "as this version understands it, and not updated.")


def text_key(text: str) -> str:
    """A short fingerprint of a piece of story text, to know it was read without keeping it."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def choice_key(scene: str, choice: str) -> str:
    """The id of a choice across the story: "scene#choice", as Choice.key spells it."""
    return f"{scene}#{choice}"


class Profile:
    """Endings reached (with counts), scenes and choices seen; `save()` writes it atomically.

    `paths` holds, for each scene id, the choice log that first reached it: the flowchart
    replays it to jump back to that scene. `epilogues` holds, for each ending id, its prose as
    last reached (the gallery re-reads it; profiles from before it have none yet).
    """

    def __init__(self, directory: Path, endings: dict[str, int] | None = None,
                 scenes_seen: set[str] | None = None, choices_seen: set[str] | None = None,
                 problem: str | None = None, read_only: bool = False,
                 paths: dict[str, list[Step]] | None = None,
                 epilogues: dict[str, list[str]] | None = None, read: set[str] | None = None,
                 read_scenes: set[str] | None = None) -> None:
        self.directory = Path(directory)
        self.endings: dict[str, int] = dict(endings or {})
        self.scenes_seen: set[str] = set(scenes_seen or ())
        self.choices_seen: set[str] = set(choices_seen or ())
        self.paths: dict[str, list[Step]] = {k: list(v) for k, v in (paths or {}).items()}
        self.epilogues: dict[str, list[str]] = {k: list(v) for k, v in (epilogues or {}).items()}
        self.read: set[str] = set(read or ())  # text_key of every piece of text read
        self.read_scenes: set[str] = set(read_scenes or ())  # all their text counts as read
        self.problem = problem  # a message for the player, or None
        self.read_only = read_only  # set when writing would destroy something we cannot read
        self._dirty = False
        self._lock = threading.Lock()  # record() runs on the UI thread, save() in a worker

    @property
    def path(self) -> Path:
        return self.directory / PROFILE_FILE

    @classmethod
    def load(cls, directory: Path) -> Profile:
        """The profile in `directory`; a fresh one (with `.problem` set) if it is unusable."""
        path = Path(directory) / PROFILE_FILE
        try:
            data = read_bounded(path)
        except (FileNotFoundError, NotADirectoryError):
            return cls(directory)
        except TooLarge:  # certainly not a profile this game wrote
            return cls(directory, problem=_set_aside(path))
        except OSError as err:  # a folder, a FIFO, no permission: left alone, and not replaced
            return cls(directory, read_only=True, problem=(
                f"Your profile could not be read ({why_unreadable(err)}); endings you reach "
                f"now will not be remembered."))
        try:  # typed from the start: damage is refused at its first value, never built
            version = decode(data, _Version).format
        except (msgspec.DecodeError, TooDeep):
            return cls(directory, problem=_set_aside(path))
        newer = isinstance(version, int) and not isinstance(version, bool) \
            and version > PROFILE_FORMAT
        try:
            document = decode(data, ProfileFile)
        except msgspec.DecodeError:
            if newer:  # perhaps a shape this version does not know: never overwrite it
                return cls(directory, problem=_NEWER, read_only=True)
            return cls(directory, problem=_set_aside(path))
        read_scenes = set(document.read_scenes)
        if document.read is None:  # a profile from before text was marked read: what it saw
            read_scenes |= set(document.scenes_seen)  # was read, as far as anyone can tell
        return cls(directory, document.endings, set(document.scenes_seen),
                   set(document.choices_seen), paths=_bounded(document.paths),
                   epilogues=document.epilogues,
                   problem=_NEWER if newer else None, read_only=newer,
                   read=set(document.read or ()), read_scenes=read_scenes)

    def record(self, story: Story, before: GameState | None, after: GameState) -> None:
        """Mark what `after` shows as seen; count an ending when a choice from `before` reached it.

        Every step of `after.log` is marked (idempotent), so a loaded game or a flowchart jump
        is covered too. An ending counts only when `after` is further along than `before`, so
        loading a save that sits on an ending does not count it again.
        """
        scene = story.scenes.get(after.scene)
        scenes = story.scenes
        with self._lock:
            seen = len(self.scenes_seen) + len(self.choices_seen) + len(self.paths)
            for n, step in enumerate(after.log):
                # Only ids of this story: a save's log can name anything, and a path is kept
                # per scene, so made-up scene ids would each copy the log (quadratic).
                step_scene = scenes.get(step.scene)
                if step_scene is None or step_scene.choice(step.choice) is None:
                    continue
                self.scenes_seen.add(step.scene)
                self.choices_seen.add(choice_key(step.scene, step.choice))
                if step.scene not in self.paths:  # the log that first reached each scene
                    self.paths[step.scene] = list(after.log[:n])
            if scene is not None:
                self.scenes_seen.add(after.scene)
                if after.scene not in self.paths:
                    self.paths[after.scene] = list(after.log)
            if len(self.scenes_seen) + len(self.choices_seen) + len(self.paths) != seen:
                self._dirty = True
            if scene is not None and scene.ending is not None and before is not None \
                    and after.turn > before.turn:
                self.endings[scene.ending.id] = self.endings.get(scene.ending.id, 0) + 1
                self.epilogues[scene.ending.id] = Machine(story).paragraphs(after)
                self._dirty = True

    def read_flags(self, scene: str, texts: list[str]) -> list[bool]:
        """For each piece of a scene's text, whether it was read before (in any run)."""
        with self._lock:
            if scene in self.read_scenes:
                return [True] * len(texts)
            return [text_key(text) in self.read for text in texts]

    def mark_read(self, texts: list[str]) -> None:
        """Remember `texts` as read (the screen showed them)."""
        keys = {text_key(text) for text in texts}
        with self._lock:
            if not keys <= self.read:
                self.read |= keys
                self._dirty = True

    def times_reached(self, ending_id: str) -> int:
        return self.endings.get(ending_id, 0)

    def epilogue(self, ending_id: str) -> list[str] | None:
        """The ending's prose as last reached, or None (never reached, or reached before
        profiles kept epilogues)."""
        return self.epilogues.get(ending_id)

    def save(self) -> str | None:
        """Write the profile if it changed; returns a problem message instead of raising."""
        with self._lock:
            if self.read_only or not self._dirty:
                return None
            document = ProfileFile(PROFILE_FORMAT, dict(sorted(self.endings.items())),
                                   sorted(self.scenes_seen), sorted(self.choices_seen),
                                   dict(sorted(self.paths.items())),
                                   dict(sorted(self.epilogues.items())), read=sorted(self.read),
                                   read_scenes=sorted(self.read_scenes))
            self._dirty = False
        try:
            write_atomic(self.path, msgspec.json.encode(document) + b"\n")
        except OSError as err:
            with self._lock:
                self._dirty = True
            self.problem = f"Your profile could not be saved ({err.strerror or err})."
            return self.problem
        return None


def _bounded(paths: dict[str, list[Step]]) -> dict[str, list[Step]]:
    """Paths no longer than a save's log may be (the flowchart replays them)."""
    return {scene: steps for scene, steps in paths.items() if len(steps) <= MAX_LOG_STEPS}


def _set_aside(path: Path) -> str:
    """Rename a damaged profile to profile.json.corrupt-N and say so."""
    try:
        aside = set_aside(path, "corrupt")
    except OSError as err:
        return (f"Your profile was damaged and could not be set aside ({err.strerror or err}); "
                f"a new one was started.")
    return f"Your profile was damaged, so it was set aside as {aside.name} and a new one started."
