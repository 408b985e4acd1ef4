"""Mods installed in the player's data folder (`mods/`), and which of them are enabled.

Settings keep the enabled mods' folder names in load order (`Settings.mods`); a mod applies
only to the story its mod.yaml names, so one list serves every story.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .modspec import MOD_FILE, ModSpec

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
