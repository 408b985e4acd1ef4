"""Line mode for pipes and screen readers (`iss-adventure play --plain`)."""

from .game import PlainGame
from .keep import Keeper
from .run import lenient, play_plain
from .text import prose_lines

__all__ = ["Keeper", "PlainGame", "lenient", "play_plain", "prose_lines"]
