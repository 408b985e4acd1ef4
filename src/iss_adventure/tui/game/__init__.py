"""The controller between the screens and the engine (`Game`), one job a module:

data.py    the story (loaded on first use), data folder, save store, profile, settings, notices
saving.py  save slots, the autosave and `flush()`, the run a flowchart jump leaves behind
mods.py    the story swapped under a running game (other mods enabled)
moves.py   `Game`: new, choose, undo, redo, load, jump; each records and autosaves itself
"""

from .moves import Game
from .saving import AUTO_SLOT, JUMP_SLOT, QUICK_SLOT

__all__ = ["AUTO_SLOT", "JUMP_SLOT", "QUICK_SLOT", "Game"]
