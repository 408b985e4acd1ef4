"""Mods installed in the player's data folder (`mods/`), and which of them are enabled.

Settings keep the enabled mods' folder names in load order (`Settings.mods`); a mod applies
only to the story its mod.yaml names, so one list serves every story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import Story
from .modspec import MOD_FILE, ModSpec
from .problems import Problem, StoryError

MODS_DIR = "mods"


@dataclass(frozen=True)
class InstalledMod:
    folder: str  # its name under mods/: what settings record
    path: Path
    spec: ModSpec | None  # None: its mod.yaml cannot be used (see problems)
    problems: tuple[str, ...]
    enabled: bool

    @property
    def title(self) -> str:
        return self.spec.title if self.spec is not None else self.folder


def mods_dir(home: Path) -> Path:
    return home / MODS_DIR


def installed_mods(home: Path, enabled: list[str]) -> list[InstalledMod]:
    """Every folder under mods/: enabled ones first in load order, then the rest by name."""
    from .mods import mod_info

    root = mods_dir(home)
    try:
        folders = sorted(p.name for p in root.iterdir()
                         if p.is_dir() and not p.name.startswith("."))
    except OSError:
        folders = []
    order = [f for f in enabled if f in folders] + [f for f in folders if f not in enabled]
    out = []
    for folder in order:
        spec, problems = mod_info(root / folder)
        out.append(InstalledMod(folder, root / folder, spec, tuple(problems),
                                folder in enabled))
    return out


def enabled_mod_dirs(home: Path, story_id: str, enabled: list[str] | None = None) -> list[Path]:
    """The enabled mods of `story_id`, in load order (settings are read when not given)."""
    if enabled is None:
        from .profile import load_settings

        enabled = load_settings(home).mods
    root = mods_dir(home)
    out = []
    for folder in enabled:
        if (root / folder / MOD_FILE).is_file() and _applies(root / folder, story_id):
            out.append(root / folder)
    return out


def _applies(directory: Path, story_id: str) -> bool:
    from .mods import mod_info

    spec, _ = mod_info(directory)
    return spec is None or spec.story == story_id  # a broken manifest: let loading say why


def load_with_enabled_mods(root: Path, no_mods: bool = False,
                           home: Path | None = None,
                           enabled: list[str] | None = None,
                           extra: Sequence[Path] = ()) -> tuple[Story, str | None]:
    """The story with the mods the player enabled (Mods screen) laid over it, then the `extra`
    mod folders (`--mod` on the command line: kept when the Mods screen reloads). If the
    enabled ones do not load, the story with `extra` alone and a notice saying why; errors of
    the story itself (or of `extra`, which loaded at start) raise."""
    from .loader import load_story
    from .saves import data_dir
    from .storyfiles import peek_story_id

    home = data_dir() if home is None else home
    extra = list(extra)
    dirs = [] if no_mods else enabled_mod_dirs(home, peek_story_id(root), enabled)
    given = {d.resolve() for d in extra}
    dirs = [d for d in dirs if d.resolve() not in given]  # a --mod folder that is installed too
    if not dirs:
        return load_story(root, extra), None
    try:
        return load_story(root, [*dirs, *extra]), None
    except StoryError as err:
        story = load_story(root, extra)
        first = "\n".join(str(p) for p in err.problems[:5])
        more = len(err.problems) - 5
        return story, ("The mods you enabled do not load with this story, so it runs "
                       "without them (turn them off in the Mods screen):\n"
                       f"{first}{f'{chr(10)}... and {more} more' if more > 0 else ''}")


def mod_label(directory: Path) -> str:
    """A mod folder as the Mods screen names it: "Title version (folder)"."""
    from .mods import mod_info

    spec, _ = mod_info(directory)
    return f"{spec.title} {spec.version} ({directory})" if spec is not None else str(directory)


def conflicts(story: Story) -> list[Problem]:
    """The warnings of two loaded mods changing the same thing (engine/mods.py words them
    "conflict: ..."), for the game to show: the checker prints them, the player sees them."""
    return [p for p in story.warnings if p.message.startswith("conflict: ")]


def mod_problems(story_root: Path, mod: Path) -> list[str]:
    """What goes wrong loading `mod` alone over the story (for the Mods screen)."""
    from .loader import load_story

    try:
        story = load_story(story_root, [mod])
    except StoryError as err:
        return [str(p) for p in err.problems]
    return [str(p) for p in story.warnings if p.file.startswith(str(mod))]
