"""Line mode for pipes and screen readers (`iss-adventure play --plain`)."""

from .game import PlainGame, lenient, play_plain
from .keep import Keeper
from .text import prose_lines

__all__ = ["Keeper", "PlainGame", "lenient", "play_plain", "prose_lines"]
