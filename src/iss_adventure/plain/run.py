"""`iss-adventure play --plain`: line mode on the process's own streams."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TextIO

from ..engine.model import Story
from .game import CONTINUE_HINT, PlainGame
from .keep import Keeper


def lenient(stream: TextIO) -> TextIO:
    """A text stream that never raises on bad bytes: invalid UTF-8 typed or piped in reads as
    U+FFFD (then "type a number"), and text the terminal cannot show is replaced."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="replace")
    return stream


def play_plain(story: Story, seed: int = 0, log_path: Path | None = None,
               resume: bool = False, home: Path | None = None) -> int:
    """Play in line mode; `resume` continues the newest save (as Continue does)."""
    game = PlainGame(story, lenient(sys.stdout), lenient(sys.stdin), keeper=Keeper(story, home))
    if log_path is not None:
        game.warn_log(log_path)
    try:
        state, played, fresh = game.machine.new_game(seed), 0.0, True
        if resume:
            assert game.keeper is not None
            loaded = game.keeper.resume()
            if loaded is not None:
                state, played, fresh = loaded.state, loaded.info.played_seconds, False
        game.run(state, log_path, played, fresh)
    except KeyboardInterrupt:
        game.say("\nYou leave the station for now.")
        if game.timeline is not None and game.keeper is not None:
            game.keeper.autosave(game.state)  # while holding, the last game stays
            game.say(CONTINUE_HINT)
    except BrokenPipeError:
        return 0
    return 0
